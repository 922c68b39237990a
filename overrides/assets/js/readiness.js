/*
 * Księga Kooperacji — the readiness check (tools/readiness): "Czy jesteśmy gotowi na start?".
 *
 * Enhances a page that already works without JavaScript: the printable list below the tool
 * shows every question and, for every answer, what to do. With JavaScript the questions appear
 * as radio buttons; on submit the script lists "what to do first": blocking steps, then next
 * steps, then what is ready. Each step's advice is copied from the printable list.
 *
 * The rule arrives as JSON embedded at build time from data/readiness.yml; `evaluate` mirrors
 * ksiega/features/readiness/rules.py and the tests compare the two on every combination of
 * answers. Nothing is sent anywhere and nothing is stored: no requests, no cookies, no storage.
 */
(function () {
  "use strict";

  // --- The rule (mirror of ksiega.features.readiness.rules.evaluate) -----------------------

  function evaluate(rules, answers) {
    var steps = [];
    rules.questions.forEach(function (question, position) {
      var chosen = answers[question.id];
      var answer = question.answers.filter(function (a) { return a.id === chosen; })[0];
      var priority = answer.priority;
      var raised = answer.blocking_if.some(function (c) { return answers[c.question] === c.answer; });
      if (raised) priority = "blocking";
      steps.push({ rank: rules.priorities.indexOf(priority), position: position,
                   question: question.id, answer: chosen, priority: priority });
    });
    steps.sort(function (a, b) { return a.rank - b.rank || a.position - b.position; });
    return steps.map(function (s) { return [s.question, s.answer, s.priority]; });
  }

  function fill(template, values) {
    return template.replace(/\{([a-z_]+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  // --- The tool ----------------------------------------------------------------------------

  function Check(root) {
    this.root = root;
    this.config = JSON.parse(root.querySelector("[data-kk-readiness-config]").textContent);
    this.form = root.querySelector("[data-kk-readiness-form]");
    this.result = root.querySelector("[data-kk-result]");
    this.steps = root.querySelector("[data-kk-steps]");
    this.summary = root.querySelector("[data-kk-error-summary]");
  }

  Check.prototype.answers = function () {
    var answers = {};
    var form = this.form;
    this.config.rules.questions.forEach(function (q) {
      var checked = form.querySelector('input[name="' + q.id + '"]:checked');
      if (checked) answers[q.id] = checked.value;
    });
    return answers;
  };

  Check.prototype.clearErrors = function () {
    this.summary.hidden = true;
    this.summary.querySelector("[data-kk-error-list]").textContent = "";
    Array.prototype.forEach.call(this.form.querySelectorAll("[data-kk-group]"), function (group) {
      group.classList.remove("kk-form-group--error");
      var message = group.querySelector("[data-kk-error]");
      message.hidden = true;
      message.textContent = "";
      group.querySelector("fieldset").setAttribute("aria-describedby", "kk-readiness-" + group.getAttribute("data-kk-group") + "-hint");
    });
  };

  Check.prototype.showErrors = function (missing) {
    var texts = this.config.texts;
    var list = this.summary.querySelector("[data-kk-error-list]");
    var form = this.form;
    missing.forEach(function (id) {
      var text = fill(texts.error_missing, { question: texts.legends[id] });
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#kk-readiness-" + id + "-" + form.querySelector('input[name="' + id + '"]').value;
      link.textContent = text;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        form.querySelector('input[name="' + id + '"]').focus();
      });
      item.appendChild(link);
      list.appendChild(item);
      var group = form.querySelector('[data-kk-group="' + id + '"]');
      group.classList.add("kk-form-group--error");
      var message = group.querySelector("[data-kk-error]");
      message.textContent = text;
      message.hidden = false;
      group.querySelector("fieldset").setAttribute("aria-describedby", message.id + " kk-readiness-" + id + "-hint");
    });
    this.result.hidden = true;
    this.summary.hidden = false;
    this.summary.focus();
  };

  Check.prototype.step = function (step) {
    var texts = this.config.texts;
    var item = document.createElement("li");
    item.className = "kk-readiness__step kk-readiness__step--" + step[2];
    item.setAttribute("data-kk-step", step[0] + ":" + step[1]);
    item.setAttribute("data-kk-priority", step[2]);
    var head = document.createElement("p");
    head.className = "kk-readiness__step-head";
    var tag = document.createElement("span");
    tag.className = "kk-readiness__tag";
    tag.textContent = texts.priorities[step[2]];
    var legend = document.createElement("strong");
    legend.textContent = texts.legends[step[0]];
    head.appendChild(tag);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(legend);
    item.appendChild(head);
    var source = document.querySelector('[data-kk-answer="' + step[0] + ":" + step[1] + '"]');
    if (source) {
      Array.prototype.forEach.call(source.children, function (child) {
        var copy = child.cloneNode(true);
        // The priority printed in the list is the answer's usual one; the step shows its own.
        Array.prototype.forEach.call(copy.querySelectorAll(".kk-readiness__priority, .kk-readiness__when"), function (node) {
          node.parentNode.removeChild(node);
        });
        Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (node) { node.removeAttribute("id"); });
        item.appendChild(copy);
      });
    }
    return item;
  };

  Check.prototype.show = function (answers) {
    var self = this;
    this.steps.textContent = "";
    evaluate(this.config.rules, answers).forEach(function (step) {
      self.steps.appendChild(self.step(step));
    });
    this.result.hidden = false;
    this.root.setAttribute("data-kk-state", "result");
    this.result.querySelector("#kk-readiness-result-heading").focus();
  };

  Check.prototype.submit = function () {
    var answers = this.answers();
    var missing = this.config.rules.questions
      .map(function (q) { return q.id; })
      .filter(function (id) { return !Object.prototype.hasOwnProperty.call(answers, id); });
    this.clearErrors();
    if (missing.length) {
      this.root.removeAttribute("data-kk-state");
      this.showErrors(missing);
      return;
    }
    this.show(answers);
  };

  Check.prototype.start = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    this.root.querySelector("[data-kk-print]").addEventListener("click", function () {
      window.print();
    });
    this.root.querySelector("[data-kk-restart]").addEventListener("click", function (event) {
      event.preventDefault();
      self.result.hidden = true;
      self.root.removeAttribute("data-kk-state");
      var first = self.form.querySelector("input:checked") || self.form.querySelector("input");
      first.focus();
    });
    this.root.hidden = false;
  };

  function start() {
    var root = document.querySelector("[data-kk-readiness]");
    if (!root || root.getAttribute("data-kk-started")) return;
    root.setAttribute("data-kk-started", "");
    new Check(root).start();
  }

  window.KK = window.KK || {};
  window.KK.readiness = { evaluate: evaluate };

  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
