/* qasid dashboard: the only script, served by qasid itself. Pages work without it; it adds
   highlighting of the span an anchor (#ev-N, #q-N, #m-N) points at, and the noise toggle. */
(function () {
  "use strict";
  var ATTR = { ev: "data-ev", q: "data-q", m: "data-m" };

  function highlight() {
    var old = document.querySelectorAll(".hl");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("hl");
    var m = /^#(ev|q|m)-(\d+)$/.exec(window.location.hash);
    if (!m) return;
    var marks = document.querySelectorAll("[" + ATTR[m[1]] + '~="' + m[2] + '"]');
    for (var j = 0; j < marks.length; j++) marks[j].classList.add("hl");
    var card = document.getElementById("card-" + m[1] + "-" + m[2]);
    if (card) card.classList.add("hl");
    centre();
  }

  function centre() {
    var mark = document.querySelector("span.hl");
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  function noiseToggle() {
    var btn = document.querySelector(".toggle-noise");
    if (!btn) return;
    btn.addEventListener("click", function () {
      var hidden = document.body.classList.toggle("hide-noise");
      btn.setAttribute("aria-pressed", hidden ? "true" : "false");
      btn.textContent = hidden ? "Show noise" : "Hide noise";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    noiseToggle();
    highlight();
  });
  window.addEventListener("hashchange", highlight);
  // On a fresh load the browser scrolls the #fragment's anchor to the top after
  // DOMContentLoaded; centre the highlighted span again once loading is done.
  window.addEventListener("load", centre);
})();
