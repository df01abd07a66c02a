// Progressive enhancement only: without this file the stylesheet already shows the
// filters on wide screens (details::details-content). Opening the disclosure there
// also makes its state right for assistive technology and older browsers.
(function () {
  "use strict";
  var wide = window.matchMedia && window.matchMedia("(min-width: 761px)");
  var refine = document.querySelector("details.refine");
  if (!wide || !refine) return;
  function follow() { refine.open = wide.matches; }
  follow();
  if (wide.addEventListener) wide.addEventListener("change", follow);
})();
