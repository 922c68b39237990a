/* A filterable catalogue: the good practices (good-practices/index.md) and a local edition's
 * basket of services (local/basket.md). Its URL parameters come from the root's data-kk-params
 * attribute, written from each feature's PARAMS in Python.
 *
 * Without JavaScript the page lists every practice and the filter form stays hidden. This
 * script shows the form, hides the cards that do not match, updates the count per option and
 * the result count (a live region), and keeps the filters in the address:
 * ?typ=<variant slug>&grupa=<target group>&sektor=<sector>&woj=<TERYT code>.
 * A card matches when, for every filter that is set, the card lists the chosen value.
 */
(function () {
  "use strict";

  var PARAMS; // the catalogue's URL parameters, from its data-kk-params attribute (set per root)
  var each = Array.prototype.forEach;

  function values(card, param) {
    var raw = card.getAttribute("data-" + param) || "";
    return raw ? raw.split(" ") : [];
  }

  function matches(card, state) {
    return PARAMS.every(function (param) {
      return !state[param] || values(card, param).indexOf(state[param]) !== -1;
    });
  }

  function setup(root) {
    if (root.hasAttribute("data-kk-ready")) {
      return;
    }
    root.setAttribute("data-kk-ready", "");
    var form = root.querySelector("[data-kk-filters]");
    var count = root.querySelector("[data-kk-count]");
    var empty = root.querySelector("[data-kk-empty]");
    var clear = root.querySelector("[data-kk-clear]");
    var cards = Array.prototype.slice.call(root.querySelectorAll("[data-kk-card]"));
    var selects = {};
    PARAMS.forEach(function (param) {
      selects[param] = form.querySelector('[data-kk-filter="' + param + '"]');
    });

    function state() {
      var current = {};
      PARAMS.forEach(function (param) {
        current[param] = selects[param].value;
      });
      return current;
    }

    // Values from the address; an unknown value (e.g. typ=nie-wiem from the variant picker)
    // leaves that filter open.
    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      PARAMS.forEach(function (param) {
        var wanted = params.get(param) || "";
        var known = Array.prototype.some.call(selects[param].options, function (option) {
          return option.value === wanted;
        });
        selects[param].value = known ? wanted : "";
      });
    }

    function writeAddress(current) {
      var params = new URLSearchParams(window.location.search);
      PARAMS.forEach(function (param) {
        if (current[param]) {
          params.set(param, current[param]);
        } else {
          params.delete(param);
        }
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    // Each option says how many practices the reader would see after choosing it.
    function updateOptionCounts(current) {
      PARAMS.forEach(function (param) {
        each.call(selects[param].options, function (option) {
          var trial = {};
          PARAMS.forEach(function (other) {
            trial[other] = current[other];
          });
          trial[param] = option.value;
          var n = cards.filter(function (card) {
            return matches(card, trial);
          }).length;
          var text = option.getAttribute("data-label") + " (" + n + ")";
          if (option.textContent !== text) {
            option.textContent = text;
          }
        });
      });
    }

    function apply() {
      var current = state();
      var shown = 0;
      cards.forEach(function (card) {
        var visible = matches(card, current);
        card.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      empty.hidden = shown !== 0;
      updateOptionCounts(current);
      var text = count
        .getAttribute("data-template")
        .replace("{shown}", String(shown))
        .replace("{total}", String(cards.length));
      // Only a real change is announced by the live region.
      if (count.textContent !== text) {
        count.textContent = text;
      }
      return current;
    }

    form.hidden = false;
    readAddress();
    apply();
    form.addEventListener("change", function () {
      writeAddress(apply());
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      writeAddress(apply());
    });
    clear.addEventListener("click", function () {
      PARAMS.forEach(function (param) {
        selects[param].value = "";
      });
      writeAddress(apply());
    });
  }

  function init() {
    each.call(document.querySelectorAll("[data-kk-params]"), function (root) {
      PARAMS = root.getAttribute("data-kk-params").split(" ");
      setup(root);
    });
  }

  // Material's document$ fires on every page view (also with instant navigation).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
