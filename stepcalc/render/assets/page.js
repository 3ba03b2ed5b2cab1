// Steps through a stepcalc solution page: renders the math with KaTeX, then Previous / Next / Play
// and the arrow keys move the highlight over the step lines (elements id="step-ID") in page order,
// lighting the diagram elements whose data-steps list that step (and, less brightly, those whose
// data-uses list it: the values its formula reads). Clicking a unit or an edge lists
// its steps beside the diagram. The URL fragment #step-ID opens the page at that step.
(function () {
  "use strict";

  var maths = document.querySelectorAll(".math");
  for (var m = 0; m < maths.length; m++) {
    var el = maths[m];
    var display = el.classList.contains("display");
    // Inline mode with display styling: KaTeX may break a long line of numbers at = and + (phones).
    katex.render((display ? "\\displaystyle " : "") + el.textContent, el, {throwOnError: false});
  }

  var drawings = document.querySelectorAll("figure svg");
  for (var d = 0; d < drawings.length; d++) {
    drawings[d].style.maxWidth = Math.round(1.6 * drawings[d].width.baseVal.value) + "px";
  }

  var steps = Array.prototype.slice.call(document.querySelectorAll(".step[id^='step-']"));
  var shown = document.querySelectorAll("[data-steps]");

  // Step id → the diagram elements whose `attribute` lists it.
  function index(attribute) {
    var table = {};
    for (var s = 0; s < shown.length; s++) {
      var ids = (shown[s].getAttribute(attribute) || "").split(" ");
      for (var k = 0; k < ids.length; k++) {
        if (ids[k]) (table[ids[k]] = table[ids[k]] || []).push(shown[s]);
      }
    }
    return table;
  }
  var byStep = index("data-steps");
  var byUse = index("data-uses");
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure.network"));
  var position = document.getElementById("position");
  var detail = document.getElementById("detail");
  var playButton = document.getElementById("play");
  var current = -1;
  var lit = [];
  var used = [];
  var timer = null;

  function stepId(element) { return element.id.slice("step-".length); }

  function activeFigure(figure) {
    for (var f = 0; f < figures.length; f++) figures[f].classList.toggle("active", figures[f] === figure);
  }

  function go(index, scroll) {
    if (current >= 0) {
      steps[current].classList.remove("current");
      steps[current].removeAttribute("aria-current");
    }
    for (var i = 0; i < lit.length; i++) lit[i].classList.remove("lit");
    for (var u = 0; u < used.length; u++) used[u].classList.remove("used");
    current = Math.max(-1, Math.min(index, steps.length - 1));
    if (current < 0) {
      lit = [];
      used = [];
      position.textContent = steps.length + " steps";
      return;
    }
    var line = steps[current];
    line.classList.add("current");
    line.setAttribute("aria-current", "step");
    lit = byStep[stepId(line)] || [];
    for (var j = 0; j < lit.length; j++) lit[j].classList.add("lit");
    used = byUse[stepId(line)] || [];
    for (var v = 0; v < used.length; v++) used[v].classList.add("used");
    if (lit.length) activeFigure(lit[0].closest("figure"));
    position.textContent = "Step " + (current + 1) + " of " + steps.length;
    try { history.replaceState(null, "", "#" + line.id); } catch (e) { /* some file: URLs refuse it */ }
    if (scroll) line.scrollIntoView({block: "center"});
  }

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    playButton.textContent = "Play";
    playButton.setAttribute("aria-pressed", "false");
  }

  function next() {
    if (current >= steps.length - 1) { stop(); return; }
    go(current + 1, true);
  }

  function previous() { go(current - 1, true); }

  function play() {
    if (timer !== null) { stop(); return; }
    if (current >= steps.length - 1) go(-1, false);
    playButton.textContent = "Pause";
    playButton.setAttribute("aria-pressed", "true");
    next();
    timer = setInterval(next, 1200);
  }

  function describe(element) {
    var unit = element.getAttribute("data-unit");
    var name = unit !== null ? "Unit " + unit : "Weight " + element.getAttribute("data-weight");
    while (detail.firstChild) detail.removeChild(detail.firstChild);
    var heading = document.createElement("h2");
    heading.textContent = name;
    detail.appendChild(heading);
    var ids = element.getAttribute("data-steps").split(" ");
    for (var i = 0; i < ids.length; i++) {
      var line = document.getElementById("step-" + ids[i]);
      if (!line) continue;
      var item = document.createElement("div");
      item.className = "detail-step";
      item.setAttribute("data-step", ids[i]);
      item.appendChild(line.firstElementChild.cloneNode(true));
      item.addEventListener("click", (function (target) {
        return function () { go(steps.indexOf(target), true); };
      })(line));
      detail.appendChild(item);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "Close";
    close.addEventListener("click", function () { detail.hidden = true; });
    detail.appendChild(close);
    detail.hidden = false;
    detail.scrollIntoView({block: "nearest"});
  }

  for (var e = 0; e < shown.length; e++) {
    shown[e].addEventListener("click", function (event) { describe(event.currentTarget); });
  }
  for (var t = 0; t < steps.length; t++) {
    steps[t].addEventListener("click", function (event) { stop(); go(steps.indexOf(event.currentTarget), false); });
  }
  document.getElementById("next").addEventListener("click", function () { stop(); next(); });
  document.getElementById("previous").addEventListener("click", function () { stop(); previous(); });
  playButton.addEventListener("click", play);
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowRight") { stop(); next(); event.preventDefault(); }
    if (event.key === "ArrowLeft") { stop(); previous(); event.preventDefault(); }
  });

  function fromFragment() {
    var target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var index = target ? steps.indexOf(target) : -1;
    if (index >= 0 && index !== current) go(index, true);
  }
  window.addEventListener("hashchange", fromFragment);
  activeFigure(figures[0]);
  go(-1, false);
  fromFragment();
  document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));
})();
