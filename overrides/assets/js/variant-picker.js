/*
 * Księga Kooperacji — the variant picker (tools/variant-picker).
 *
 * Enhances a page that already works without JavaScript (it shows the decision table and
 * links to the result pages). With JavaScript it becomes the GOV.UK "check if a service is
 * suitable" tool: one question at a time, answers kept only in the page address
 * (?typ=wiejska&woj=18), a result that explains why, and a summary to change answers.
 *
 * The rules are not written here: they arrive as JSON embedded at build time from
 * data/variants.yml. `evaluate` and `describe` mirror ksiega/variants.py line for line, and the
 * test suite compares the two on every combination of answers. Nothing is sent anywhere and
 * nothing is stored: no requests, no cookies, no storage.
 */
(function () {
  "use strict";

  // --- The evaluator (mirror of ksiega.variants.evaluate) ---------------------------------

  var EDGE_SPACE = /^[ \t\n\r\u00a0]+|[ \t\n\r\u00a0]+$/g;
  var TERYT_SEPARATORS = /[ \t\n\r\u00a0-]/g;
  var DIGITS = /^[0-9]+$/;
  var PLACEHOLDER = /\{([a-z_]+)\}/g;

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function assign(target, source) {
    for (var key in source) {
      if (has(source, key)) target[key] = source[key];
    }
    return target;
  }

  function clean(kind, value) {
    value = String(value).replace(EDGE_SPACE, "");
    if (kind === "teryt") value = value.replace(TERYT_SEPARATORS, "");
    return value;
  }

  function applies(question, answers) {
    for (var param in question.ask_if) {
      if (has(question.ask_if, param)) {
        if (!has(answers, param) || question.ask_if[param].indexOf(answers[param]) < 0) return false;
      }
    }
    return true;
  }

  function error(question, code, params) {
    return { question: question, code: code, params: params };
  }

  function checkTeryt(rules, value) {
    var teryt = rules.teryt;
    if (value === "") return [error("teryt", "required", { value: value }), {}];
    if (!DIGITS.test(value)) return [error("teryt", "letters", { value: value }), {}];
    if (value.length !== 7) {
      return [error("teryt", "length", { value: value, count: String(value.length) }), {}];
    }
    var ww = value.slice(0, 2);
    var pp = value.slice(2, 4);
    var digit = value.charAt(6);
    if (rules.voivodeships.indexOf(ww) < 0) return [error("teryt", "voivodeship", { value: value, ww: ww }), {}];
    if (pp === "00") return [error("teryt", "powiat", { value: value }), {}];
    if (has(teryt.not_gmina, digit)) {
      return [error("teryt", teryt.not_gmina[digit], { value: value, suggestion: value.slice(0, 6) + "3" }), {}];
    }
    if (!has(teryt.types, digit)) return [error("teryt", "type", { value: value, type_digit: digit }), {}];
    var facts = assign({}, teryt.types[digit]);
    assign(facts, parseInt(pp, 10) >= teryt.city_powiat_from ? teryt.city : teryt.not_city);
    facts.woj = ww;
    return [null, facts];
  }

  function checkAnswer(rules, question, value) {
    var qid = question.id;
    if (question.kind === "teryt") return checkTeryt(rules, value);
    if (value === "") return [error(qid, "required", { value: value }), {}];
    if (question.kind === "voivodeship") {
      if (rules.voivodeships.indexOf(value) < 0) return [error(qid, "unknown", { value: value }), {}];
      return [null, { woj: value }];
    }
    for (var i = 0; i < question.options.length; i++) {
      if (question.options[i].value === value) return [null, assign({}, question.options[i].sets)];
    }
    return [error(qid, "unknown", { value: value }), {}];
  }

  function match(rules, facts) {
    for (var i = 0; i < rules.results.length; i++) {
      var rule = rules.results[i];
      var matches = true;
      for (var name in rule.when) {
        if (has(rule.when, name) && facts[name] !== rule.when[name]) matches = false;
      }
      if (!matches) continue;
      var woj = has(facts, "woj") ? facts.woj : null;
      var region = null;
      if (woj !== null) {
        var home = has(rules.region_of, woj) ? rules.region_of[woj] : null;
        var status = home === null ? "none" : home === rule.variant ? "same" : "other";
        region = { woj: woj, status: status, variant: home };
      }
      return { variant: rule.variant, "case": rule["case"], region: region };
    }
    return null;
  }

  function evaluate(rules, query) {
    var questions = rules.questions;
    var edit = rules.edit_param;
    var raw = {};
    var i;
    for (i = 0; i < questions.length; i++) {
      if (has(query, questions[i].id)) raw[questions[i].id] = clean(questions[i].kind, query[questions[i].id]);
    }
    for (i = 0; i < rules.implied.length; i++) {
      var implied = rules.implied[i];
      if (!has(raw, implied.param) && has(raw, implied.if_present)) raw[implied.param] = implied.value;
    }
    var answers = {};
    var facts = {};
    var notices = [];
    var skipped = [];
    var step = null;
    var problem = null;
    var byId = {};
    for (i = 0; i < questions.length; i++) byId[questions[i].id] = questions[i];
    for (i = 0; i < questions.length; i++) {
      var question = questions[i];
      var qid = question.id;
      var value = has(raw, qid) ? raw[qid] : null;
      if (!applies(question, answers)) {
        if (value !== null) skipped.push(qid);
        continue;
      }
      if (value === null) {
        step = qid;
        break;
      }
      var checked = checkAnswer(rules, question, value);
      if (checked[0] !== null) {
        step = qid;
        problem = checked[0];
        break;
      }
      answers[qid] = value;
      assign(facts, checked[1]);
    }
    // An answer to a question that was not asked passes quietly when it agrees with what the
    // other answers established; when it contradicts them, the reader is told it was left out.
    for (i = 0; i < skipped.length; i++) {
      if (!agrees(rules, byId[skipped[i]], raw[skipped[i]], facts)) {
        notices.push({ code: "ignored", question: skipped[i], value: raw[skipped[i]] });
      }
    }
    var editing = false;
    if (has(query, edit)) {
      var wanted = clean("choice", query[edit]);
      if (has(answers, wanted)) {
        step = wanted;
        problem = null;
        editing = true;
      } else if (wanted !== step) {
        notices.push({ code: "unknown-change", question: "", value: wanted });
      }
    }
    var result = null;
    if (step === null) {
      step = "result";
      result = match(rules, facts);
    }
    return {
      step: step,
      editing: editing,
      answers: answers,
      facts: facts,
      error: problem,
      notices: notices,
      skipped: skipped,
      result: result
    };
  }

  function agrees(rules, question, value, facts) {
    var checked = checkAnswer(rules, question, value);
    if (checked[0] !== null) return false;
    var found = checked[1];
    var name;
    var same = true;
    for (name in found) {
      if (has(found, name) && facts[name] !== found[name]) same = false;
    }
    if (same) return true;
    if (value !== question.skipped_value) return false;
    for (name in found) {
      if (has(found, name) && has(facts, name) && facts[name] !== found[name]) return false;
    }
    return true;
  }

  // --- The words for an evaluation (mirror of ksiega.variants.describe) --------------------

  function fill(template, params) {
    return template.replace(PLACEHOLDER, function (whole, name) {
      return has(params, name) ? String(params[name]) : whole;
    });
  }

  function answerLabel(texts, qid, value) {
    var question = texts.questions[qid];
    if (question.kind === "voivodeship") return has(texts.voivodeships, value) ? texts.voivodeships[value] : value;
    return has(question.options, value) ? question.options[value] : value;
  }

  function describe(evaluation, texts) {
    var questions = texts.questions;
    var problem = evaluation.error;
    var errorText = null;
    if (problem !== null) errorText = fill(questions[problem.question].errors[problem.code], problem.params);
    var notices = evaluation.notices.map(function (n) {
      return fill(texts.notices[n.code], {
        value: n.value,
        question: n.question ? questions[n.question].title : ""
      });
    });
    var answers = evaluation.answers;
    var summary = Object.keys(answers).map(function (qid) {
      return [questions[qid].title, answerLabel(texts, qid, answers[qid])];
    });
    var described = {
      step: evaluation.step,
      error: errorText,
      notices: notices,
      summary: summary,
      heading: null,
      reasons: [],
      region: null
    };
    var result = evaluation.result;
    if (result === null) return described;
    var variants = texts.variants;
    var variant = variants[result.variant];
    described.heading = variant.name;
    var facts = evaluation.facts;
    if (has(answers, "teryt")) {
      var code = answers.teryt;
      described.reasons = [
        fill(texts.teryt.reason, {
          code: code,
          type_digit: code.charAt(6),
          gmina: variants[facts.gmina].gmina_type,
          ww: code.slice(0, 2),
          woj: texts.voivodeships[code.slice(0, 2)],
          pp: code.slice(2, 4),
          city: texts.teryt[facts.npp === "tak" ? "city" : "not_city"]
        })
      ];
    } else if (has(facts, "gmina")) {
      described.reasons = [variants[facts.gmina].your_answer];
    }
    var region = result.region;
    if (region !== null) {
      var other = region.variant ? variants[region.variant].for_whom : "";
      described.region = fill(texts.region[region.status], { for_whom: variant.for_whom, other_for_whom: other });
    }
    return described;
  }

  // --- The page -------------------------------------------------------------------------

  function Picker(root) {
    this.root = root;
    var config = JSON.parse(root.querySelector("[data-kk-picker-config]").textContent);
    this.rules = config.rules;
    this.texts = config.texts;
    this.params = this.rules.questions.map(function (q) {
      return q.id;
    });
    this.params.push(this.rules.edit_param);
    this.parts = document.querySelector(".kk-picker-parts");
    this.remembered = {};
    this.title = document.title;
    this.depth = history.state && typeof history.state.kkPicker === "number" ? history.state.kkPicker : 0;
  }

  Picker.prototype.start = function () {
    var picker = this;
    var root = this.root;
    this.collectAbbreviations();
    Array.prototype.forEach.call(root.querySelectorAll("[data-kk-text]"), function (element) {
      picker.write(element, picker.lookup(element.getAttribute("data-kk-text")));
    });
    root.hidden = false;
    this.moveHelp();
    Array.prototype.forEach.call(root.querySelectorAll("[data-kk-question]"), function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        picker.answer(form);
      });
    });
    root.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-kk-nav]");
      if (link && root.contains(link)) {
        event.preventDefault();
        if (link.hasAttribute("data-kk-back") && picker.depth > 0) {
          history.back();
        } else {
          picker.go(link.getAttribute("href"));
        }
      }
    });
    root.querySelector("[data-kk-print]").addEventListener("click", function () {
      window.print();
    });
    root.querySelector("[data-kk-error-link]").addEventListener("click", function (event) {
      var target = document.getElementById(this.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.focus();
      }
    });
    window.addEventListener("popstate", function (event) {
      picker.depth = event.state && typeof event.state.kkPicker === "number" ? event.state.kkPicker : 0;
      picker.render(picker.query(), true);
    });
    var query = this.query();
    this.render(query, Object.keys(query).length > 0);
  };

  // --- Texts, with the glossary's tooltips on abbreviations ---------------------------------

  // The glossary marks every abbreviation in the page's Markdown as <abbr title="…">; the
  // tool's texts come from JSON, so the script marks them the same way, with the same titles.
  Picker.prototype.collectAbbreviations = function () {
    var titles = {};
    Array.prototype.forEach.call(document.querySelectorAll("abbr[title]"), function (abbr) {
      var token = abbr.textContent;
      if (!has(titles, token)) titles[token] = abbr.getAttribute("title");
    });
    var tokens = Object.keys(titles).sort(function (a, b) {
      return b.length - a.length;
    });
    // A token counts only as a whole word: not inside a longer word, number or hyphenated name.
    var edge = "[^0-9A-Za-z\u00c0-\u024f-]";
    this.abbreviations = titles;
    this.abbreviationPattern = tokens.length
      ? new RegExp("(^|" + edge + ")(" + tokens.map(escapeRegExp).join("|") + ")(?=$|" + edge + ")", "g")
      : null;
  };

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  Picker.prototype.lookup = function (path) {
    var value = this.texts;
    path.split(".").forEach(function (key) {
      value = value !== undefined && value !== null && has(value, key) ? value[key] : undefined;
    });
    return typeof value === "string" ? value : "";
  };

  // Replace an element's content with `text`, abbreviations marked with their tooltips.
  Picker.prototype.write = function (element, text) {
    while (element.firstChild) element.removeChild(element.firstChild);
    element.appendChild(this.marked(text));
  };

  Picker.prototype.marked = function (text) {
    var fragment = document.createDocumentFragment();
    var pattern = this.abbreviationPattern;
    var last = 0;
    var match;
    if (pattern) {
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        var start = match.index + match[1].length;
        fragment.appendChild(document.createTextNode(text.slice(last, start)));
        var abbr = document.createElement("abbr");
        abbr.setAttribute("title", this.abbreviations[match[2]]);
        abbr.textContent = match[2];
        fragment.appendChild(abbr);
        last = start + match[2].length;
      }
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  };

  // The TERYT help (with its citations) is rendered as Markdown among the hidden parts.
  Picker.prototype.moveHelp = function () {
    var slot = this.root.querySelector('[data-kk-slot="teryt-help"]');
    var help = this.part("teryt-help");
    if (slot && help) slot.appendChild(help);
  };

  Picker.prototype.query = function () {
    var search = new URLSearchParams(window.location.search);
    var query = {};
    this.params.forEach(function (param) {
      if (search.has(param)) query[param] = search.get(param);
    });
    return query;
  };

  Picker.prototype.href = function (query) {
    var search = new URLSearchParams();
    this.params.forEach(function (param) {
      if (has(query, param)) search.set(param, query[param]);
    });
    var text = search.toString();
    return window.location.pathname + (text ? "?" + text : "");
  };

  Picker.prototype.go = function (href) {
    this.depth += 1;
    history.pushState({ kkPicker: this.depth }, "", href);
    this.render(this.query(), true);
  };

  Picker.prototype.answer = function (form) {
    var qid = form.getAttribute("data-kk-question");
    var value = "";
    if (form.getAttribute("data-kk-kind") === "teryt") {
      value = form.querySelector("input").value;
    } else {
      var checked = form.querySelector("input:checked");
      value = checked ? checked.value : "";
    }
    var query = this.query();
    query[qid] = value;
    delete query[this.rules.edit_param];
    var evaluation = evaluate(this.rules, query);
    if (evaluation.error !== null && evaluation.error.question === qid) {
      this.render(query, true, value);
      return;
    }
    // Answers to questions that are no longer asked (a changed gmina type) leave the address.
    evaluation.skipped.forEach(function (qid) {
      delete query[qid];
    });
    this.go(this.href(query));
  };

  Picker.prototype.part = function (name) {
    if (!this.parts) return null;
    var part = this.parts.querySelector('[data-kk-part="' + name + '"]');
    if (!part) return null;
    var copy = part.cloneNode(true);
    copy.removeAttribute("data-kk-part");
    copy.setAttribute("data-kk-shown-part", name);
    // Sub-headings are paragraphs while hidden (so they stay out of the table of contents).
    Array.prototype.forEach.call(copy.querySelectorAll(".kk-picker__h"), function (p) {
      var heading = document.createElement("h" + (p.getAttribute("data-kk-level") || "3"));
      heading.className = "kk-picker__subheading";
      while (p.firstChild) heading.appendChild(p.firstChild);
      p.parentNode.replaceChild(heading, p);
    });
    return copy;
  };

  Picker.prototype.fillSlot = function (name, partName) {
    var slot = this.root.querySelector('[data-kk-slot="' + name + '"]');
    while (slot.firstChild) slot.removeChild(slot.firstChild);
    var part = partName ? this.part(partName) : null;
    if (part) slot.appendChild(part);
  };

  Picker.prototype.previous = function (evaluation) {
    var order = this.params.slice(0, -1);
    var answered = order.filter(function (qid) {
      return has(evaluation.answers, qid);
    });
    if (evaluation.step === "result") return answered[answered.length - 1] || null;
    var before = answered.filter(function (qid) {
      return order.indexOf(qid) < order.indexOf(evaluation.step);
    });
    return before[before.length - 1] || null;
  };

  Picker.prototype.editHref = function (answers, qid) {
    var query = assign({}, answers);
    query[this.rules.edit_param] = qid;
    return this.href(query);
  };

  Picker.prototype.render = function (query, moveFocus, typed) {
    var root = this.root;
    var ui = this.texts.ui;
    var evaluation = evaluate(this.rules, query);
    var described = describe(evaluation, this.texts);
    var picker = this;
    for (var qid in evaluation.answers) {
      if (has(evaluation.answers, qid)) this.remembered[qid] = evaluation.answers[qid];
    }
    root.setAttribute("data-kk-state", evaluation.step === "result" ? "result" : "question");
    root.setAttribute("data-kk-step", evaluation.step);

    // Back link: to the previous question, with its answer selected.
    var back = root.querySelector("[data-kk-back]");
    var previous = this.previous(evaluation);
    back.hidden = previous === null;
    back.setAttribute("data-kk-nav", "");
    if (previous !== null) back.setAttribute("href", this.editHref(evaluation.answers, previous));

    // Notices (answers in the address that were left out).
    var noticeBox = root.querySelector("[data-kk-notices]");
    var noticeList = root.querySelector("[data-kk-notice-list]");
    while (noticeList.firstChild) noticeList.removeChild(noticeList.firstChild);
    described.notices.forEach(function (text) {
      var item = document.createElement("li");
      item.appendChild(picker.marked(text));
      noticeList.appendChild(item);
    });
    noticeBox.hidden = described.notices.length === 0;

    // Questions: only the current one is shown.
    Array.prototype.forEach.call(root.querySelectorAll("[data-kk-question]"), function (form) {
      var id = form.getAttribute("data-kk-question");
      var current = id === evaluation.step;
      form.hidden = !current;
      if (current) picker.showQuestion(form, evaluation, described, typed);
    });

    // Error summary.
    var summary = root.querySelector("[data-kk-error-summary]");
    summary.hidden = described.error === null;
    if (described.error !== null) {
      var link = root.querySelector("[data-kk-error-link]");
      this.write(link, described.error);
      var form = root.querySelector('[data-kk-question="' + evaluation.error.question + '"]');
      link.setAttribute("href", "#" + form.querySelector("[data-kk-input]").id);
    }
    document.title = (described.error !== null ? ui.error_prefix + " " : "") + this.title;

    // Result.
    var resultBox = root.querySelector("[data-kk-result]");
    resultBox.hidden = evaluation.step !== "result";
    if (evaluation.step === "result") this.showResult(evaluation, described);

    if (moveFocus) {
      var target;
      if (described.error !== null) target = summary;
      else if (evaluation.step === "result") target = root.querySelector("[data-kk-result-heading]");
      else target = root.querySelector('[data-kk-question="' + evaluation.step + '"] [data-kk-heading]');
      if (target) target.focus();
    }
  };

  Picker.prototype.showQuestion = function (form, evaluation, described, typed) {
    var qid = evaluation.step;
    var problem = evaluation.error;
    var group = form.querySelector("[data-kk-group]");
    var message = form.querySelector("[data-kk-error]");
    var hintId = "kk-" + qid + "-hint";
    var describedBy = problem !== null ? hintId + " " + message.id : hintId;
    group.classList.toggle("kk-form-group--error", problem !== null);
    message.hidden = problem === null;
    message.textContent = "";
    if (problem !== null) {
      var prefix = document.createElement("span");
      prefix.className = "kk-visually-hidden";
      prefix.textContent = this.texts.ui.error_prefix + " ";
      message.appendChild(prefix);
      message.appendChild(this.marked(described.error));
    }
    Array.prototype.forEach.call(form.querySelectorAll("[data-kk-described]"), function (element) {
      element.setAttribute("aria-describedby", describedBy);
    });
    var value = has(evaluation.answers, qid) ? evaluation.answers[qid] : null;
    if (value === null && problem !== null) value = typed !== undefined ? typed : problem.params.value;
    if (value === null && has(this.remembered, qid)) value = this.remembered[qid];
    if (form.getAttribute("data-kk-kind") === "teryt") {
      var input = form.querySelector("input");
      input.value = value === null ? "" : value;
      input.classList.toggle("kk-input--error", problem !== null);
    } else {
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (radio) {
        radio.checked = radio.value === value;
      });
    }
  };

  Picker.prototype.showResult = function (evaluation, described) {
    var root = this.root;
    var result = evaluation.result;
    var picker = this;
    var variant = this.texts.variants[result.variant];
    var box = root.querySelector("[data-kk-result]");
    box.setAttribute("data-variant", result.variant);
    box.setAttribute("data-case", result["case"] || "");
    box.setAttribute("data-woj", result.region ? result.region.woj : "");
    this.write(root.querySelector("[data-kk-result-heading]"), described.heading);
    this.write(root.querySelector("[data-kk-result-team]"), variant.team);

    var reasons = root.querySelector("[data-kk-reasons]");
    while (reasons.firstChild) reasons.removeChild(reasons.firstChild);
    described.reasons.forEach(function (text) {
      var item = document.createElement("li");
      item.appendChild(picker.marked(text));
      // A reason from the TERYT code states what the register says: cite it.
      if (has(evaluation.answers, "teryt")) {
        var cite = picker.citation();
        if (cite) item.appendChild(cite);
      }
      reasons.appendChild(item);
    });

    this.fillSlot("why", "why-" + result.variant);
    this.fillSlot("case", result["case"] ? "case-" + result["case"] : null);
    this.fillSlot("woj", result.region ? "woj-" + result.region.woj : null);
    this.fillSlot("variant", "variant-" + result.variant);
    this.fillSlot("gaps", "gaps-" + result.variant);
    this.write(root.querySelector("[data-kk-region]"), described.region || "");

    var list = root.querySelector("[data-kk-summary]");
    while (list.firstChild) list.removeChild(list.firstChild);
    var qids = Object.keys(evaluation.answers);
    described.summary.forEach(function (row, index) {
      var wrap = document.createElement("div");
      wrap.className = "kk-summary__row";
      var term = document.createElement("dt");
      term.className = "kk-summary__key";
      term.appendChild(picker.marked(row[0]));
      var value = document.createElement("dd");
      value.className = "kk-summary__value";
      value.appendChild(picker.marked(row[1]));
      var action = document.createElement("dd");
      action.className = "kk-summary__action";
      var link = document.createElement("a");
      link.setAttribute("href", picker.editHref(evaluation.answers, qids[index]));
      link.setAttribute("data-kk-nav", "");
      link.appendChild(document.createTextNode(picker.texts.ui.change));
      var hidden = document.createElement("span");
      hidden.className = "kk-visually-hidden";
      hidden.textContent = " " + row[0].toLowerCase();
      link.appendChild(hidden);
      action.appendChild(link);
      wrap.appendChild(term);
      wrap.appendChild(value);
      wrap.appendChild(action);
      list.appendChild(wrap);
    });
    var restart = root.querySelector("[data-kk-restart]");
    restart.setAttribute("href", window.location.pathname);
    restart.setAttribute("data-kk-nav", "");
  };

  // The citation of the TERYT register, as rendered in the TERYT help.
  Picker.prototype.citation = function () {
    var cite = this.root.querySelector('[data-kk-shown-part="teryt-help"] .kk-cite');
    if (!cite) return null;
    var copy = cite.cloneNode(true);
    var wrap = document.createDocumentFragment();
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(copy);
    return wrap;
  };

  function start() {
    var root = document.querySelector("[data-kk-picker]");
    if (!root || root.getAttribute("data-kk-started")) return;
    root.setAttribute("data-kk-started", "");
    new Picker(root).start();
  }

  window.KK = window.KK || {};
  window.KK.variantPicker = { evaluate: evaluate, describe: describe, clean: clean, fill: fill };

  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
