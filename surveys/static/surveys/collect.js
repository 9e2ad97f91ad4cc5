/* Koshi surveys: live skip logic, constraints, choice filters and calculations.
   The rules are evaluated by the server's engine (the same code that checks a submission): this script only
   sends the answers as they change and applies the answer. No library, nothing fetched from elsewhere. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-evaluate]");
  if (!form) { return; }
  var timer = null, pending = null, submitted = form.hasAttribute("data-submitted");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");

  function byPath(path) {
    return form.querySelector('[data-path="' + (window.CSS && CSS.escape ? CSS.escape(path) : path) + '"]');
  }
  function own(el, selector) {
    /* the inputs of this question itself, not of a nested group or repeat */
    return Array.prototype.filter.call(el.querySelectorAll(selector), function (input) {
      return input.closest("[data-path]") === el || input.closest(".sv-q") === el;
    });
  }
  function apply(state) {
    Object.keys(state.slots).forEach(function (path) {
      var s = state.slots[path], el = byPath(path);
      if (!el) { return; }
      if (!el.classList.contains("sv-calc")) { el.hidden = !s.relevant; }
      if (el.classList.contains("sv-q")) {
        own(el, "input, select, textarea").forEach(function (input) { input.disabled = !s.relevant; });
        var message = el.querySelector(".sv-error");
        if (message) { message.textContent = (submitted || el.hasAttribute("data-touched")) ? (s.error || "") : ""; }
        el.classList.toggle("sv-invalid", !!s.error && (submitted || el.hasAttribute("data-touched")));
      }
      if (s.allowed) {
        el.querySelectorAll("[data-choice]").forEach(function (choice) {
          var off = s.allowed.indexOf(choice.getAttribute("data-choice")) < 0;
          choice.hidden = off;
          if (choice.tagName === "OPTION") { choice.disabled = off; if (off && choice.selected) { choice.selected = false; } }
          var box = choice.querySelector("input");
          if (box && off && box.checked) { box.checked = false; schedule(); }
        });
      }
      if (el.classList.contains("sv-calc")) { el.textContent = s.value || ""; }
    });
  }
  function evaluate() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    var body = new FormData(form);
    fetch(form.getAttribute("data-evaluate"), {
      method: "POST", body: body, credentials: "same-origin", signal: pending.signal,
      headers: {"X-CSRFToken": csrf ? csrf.value : "", "Accept": "application/json"}
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) { apply(state); form.setAttribute("data-evaluated", String(Date.now())); } })
      .catch(function () { /* offline or superseded: the server checks again on submit */ });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(evaluate, 200); }
  function touched(target) {
    var q = target.closest(".sv-q");
    if (q) { q.setAttribute("data-touched", ""); }
  }
  function renumber(repeat) {
    repeat.querySelectorAll(":scope > .sv-instances > .sv-instance .sv-number").forEach(function (n, i) {
      n.textContent = String(i + 1);
    });
  }
  form.addEventListener("input", function (e) { touched(e.target); schedule(); });
  form.addEventListener("change", function (e) { touched(e.target); schedule(); });
  form.addEventListener("click", function (e) {
    var add = e.target.closest("[data-add]");
    if (add) {
      var repeat = add.closest(".sv-repeat"), name = add.getAttribute("data-add");
      var list = repeat.querySelector(":scope > .sv-instances");
      var next = 0;
      list.querySelectorAll(":scope > .sv-instance").forEach(function (inst) {
        var m = /\[(\d+)\]$/.exec(inst.getAttribute("data-path"));
        if (m) { next = Math.max(next, Number(m[1]) + 1); }
      });
      var html = repeat.querySelector(":scope > template").innerHTML.split("[__" + name + "__]").join("[" + next + "]")
        .split("-__" + name + "__").join("-" + next);
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var inst = holder.firstElementChild;
      list.appendChild(inst);
      renumber(repeat);
      var first = inst.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
      schedule();
    }
    var remove = e.target.closest("[data-remove]");
    if (remove) {
      var instance = remove.closest(".sv-instance"), owner = instance.closest(".sv-repeat");
      instance.remove();
      renumber(owner);
      schedule();
    }
  });
  form.addEventListener("submit", function () { submitted = true; });
  evaluate();
})();
