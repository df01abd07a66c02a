// Progressive enhancement only: the search form works without this file.
// While the user types, fill the <datalist> with numbers and titles from
// /api/v1/suggest, so the browser shows them as autocomplete choices.
(function () {
  "use strict";
  // A hook for styles (and proof, in the browser tests, that scripts run under the CSP).
  document.documentElement.setAttribute("data-enhanced", "suggest");
  var input = document.querySelector("input[name=q][list]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var typed = input.value.trim();
      if (typed.length < 2 || typed === last) return;
      last = typed;
      fetch("/api/v1/suggest?size=8&q=" + encodeURIComponent(typed))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          while (list.firstChild) list.removeChild(list.firstChild);
          data.suggestions.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.text;
            option.label = (s.doc_type ? s.doc_type + " " : "") + (s.number || "");
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }, 150);
  });
})();
