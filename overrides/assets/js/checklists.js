/*
 * Księga Kooperacji — checklists (tools/checklists/).
 *
 * Enhances a list that already works without JavaScript (real checkboxes with labels):
 *   - keeps the ticks in localStorage under ONE key per list ("ksiega:checklist:<id>"),
 *     as a JSON array of item ids — never text, never anything about a person;
 *   - shows progress ("4 z 11 zrobione") and announces changes politely (aria-live);
 *   - a variant filter (?wariant=<slug>) that hides the items of other variants; in a local
 *     edition the list opens with the gmina's variant (config.defaultVariant) unless the
 *     address names one, and "all variants" is kept as ?wariant=wszystkie (config.allSlug);
 *   - a print button and a reset button that clears only this list (after a confirmation).
 * If the browser refuses storage (private mode, disabled, full), everything still works for
 * the visit and a message says the ticks will not be kept.
 * Plain ES5-compatible code for old browsers; no framework, no request to any server.
 */
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // localStorage, or null when the browser refuses it (reading the property can throw too).
  function openStorage() {
    try {
      var storage = window.localStorage;
      var probe = "ksiega:probe";
      storage.setItem(probe, probe);
      storage.removeItem(probe);
      return storage;
    } catch (error) {
      return null;
    }
  }

  // The stored ids of a list, keeping only ids of items that still exist.
  function readTicks(storage, key, known) {
    if (!storage) {
      return [];
    }
    try {
      var value = JSON.parse(storage.getItem(key) || "[]");
      if (!Array.isArray(value)) {
        return [];
      }
      return value.filter(function (id) {
        return typeof id === "string" && known.indexOf(id) !== -1;
      });
    } catch (error) {
      return [];
    }
  }

  function init(root) {
    if (root.getAttribute("data-ready") === "true") {
      return;
    }
    var configElement = document.getElementById("kk-checklist-config-" + root.getAttribute("data-checklist"));
    if (!configElement) {
      return;
    }
    var config = JSON.parse(configElement.textContent);
    var labels = config.labels;
    var storage = openStorage();
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox][data-item]"));
    var tasks = Array.prototype.slice.call(root.querySelectorAll("li[data-item]"));
    var sections = Array.prototype.slice.call(root.querySelectorAll("[data-role=section]"));
    var radios = Array.prototype.slice.call(root.querySelectorAll("input[data-role=variant]"));
    var tools = root.querySelector("[data-role=tools]");
    var progress = root.querySelector("[data-role=progress]");
    var shown = root.querySelector("[data-role=shown]");
    var announcer = root.querySelector("[data-role=announce]");
    var printNote = root.querySelector("[data-role=print-note]");
    var warning = root.querySelector("[data-role=storage-warning]");
    var variantBySlug = {};
    Object.keys(config.variantSlugs).forEach(function (variant) {
      variantBySlug[config.variantSlugs[variant]] = variant;
    });
    var currentVariant = null;

    function showWarning() {
      warning.hidden = false;
    }

    function save() {
      var ticked = boxes
        .filter(function (box) {
          return box.checked;
        })
        .map(function (box) {
          return box.getAttribute("data-item");
        });
      if (!storage) {
        return;
      }
      try {
        if (ticked.length) {
          storage.setItem(config.storageKey, JSON.stringify(ticked));
        } else {
          storage.removeItem(config.storageKey);
        }
      } catch (error) {
        storage = null;
        showWarning();
      }
    }

    function load() {
      var ticked = readTicks(storage, config.storageKey, config.items);
      boxes.forEach(function (box) {
        box.checked = ticked.indexOf(box.getAttribute("data-item")) !== -1;
      });
    }

    function visibleBoxes() {
      return boxes.filter(function (box) {
        return !box.closest("li[data-item]").hidden;
      });
    }

    function progressText() {
      var visible = visibleBoxes();
      var done = visible.filter(function (box) {
        return box.checked;
      }).length;
      return format(labels.progress, { done: done, total: visible.length });
    }

    function update() {
      progress.textContent = progressText();
      var visible = visibleBoxes().length;
      shown.hidden = visible === boxes.length;
      shown.textContent = format(labels.filtered, { shown: visible, total: boxes.length });
      printNote.hidden = !currentVariant;
      printNote.textContent = currentVariant
        ? format(labels.printNote, { variant: labels.variants[currentVariant], shown: visible, total: boxes.length })
        : "";
    }

    function announce(text) {
      // Clear first, so the same words said twice are still announced.
      announcer.textContent = "";
      window.setTimeout(function () {
        announcer.textContent = text;
      }, 50);
    }

    function applyVariant(variant) {
      currentVariant = variant;
      tasks.forEach(function (task) {
        var variants = (task.getAttribute("data-variants") || "").split(" ").filter(Boolean);
        task.hidden = Boolean(variant) && variants.length > 0 && variants.indexOf(variant) === -1;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("li[data-item]:not([hidden])");
      });
      radios.forEach(function (radio) {
        radio.checked = (variantBySlug[radio.value] || null) === variant;
      });
      update();
    }

    // Keep the choice in the address (?wariant=…), so the page can be shared or bookmarked.
    function rememberVariant(variant) {
      if (!window.history || !window.history.replaceState || !window.URL) {
        return;
      }
      var url = new URL(window.location.href);
      if (variant) {
        url.searchParams.set(config.parameter, config.variantSlugs[variant]);
      } else if (config.defaultVariant) {
        url.searchParams.set(config.parameter, config.allSlug);
      } else {
        url.searchParams.delete(config.parameter);
      }
      window.history.replaceState(window.history.state, "", url.toString());
    }

    // The variant the address names; without one, the local edition's variant (or none).
    function variantFromAddress() {
      var match = new RegExp("[?&]" + config.parameter + "=([^&#]*)").exec(window.location.search);
      if (!match) {
        return config.defaultVariant || null;
      }
      var slug = decodeURIComponent(match[1].replace(/\+/g, " "));
      return variantBySlug[slug] || null;
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        save();
        update();
        announce(progressText());
      });
    });

    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) {
          return;
        }
        var variant = variantBySlug[radio.value] || null;
        applyVariant(variant);
        rememberVariant(variant);
        announce(shown.hidden ? progressText() : shown.textContent + " " + progressText());
      });
    });

    root.querySelector("[data-action=print]").addEventListener("click", function () {
      window.print();
    });

    root.querySelector("[data-action=reset]").addEventListener("click", function () {
      if (!window.confirm(labels.resetConfirm)) {
        return;
      }
      boxes.forEach(function (box) {
        box.checked = false;
      });
      if (storage) {
        try {
          storage.removeItem(config.storageKey);
        } catch (error) {
          showWarning();
        }
      }
      update();
      announce(labels.resetDone + " " + progressText());
    });

    // Ticks made in another tab of the same browser show up here too.
    window.addEventListener("storage", function (event) {
      if (event.key === config.storageKey && document.body.contains(root)) {
        load();
        update();
      }
    });

    if (!storage) {
      showWarning();
    }
    load();
    applyVariant(variantFromAddress());
    tools.hidden = false;
    root.setAttribute("data-ready", "true");
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll(".kk-checklist[data-checklist]"), init);
  }

  // Material's document$ emits on every page load (also with instant navigation).
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
