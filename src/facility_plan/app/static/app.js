/* facility_plan app: a click on a candidate in the what-if map (same-origin frame) fills the what-if form. */
(function () {
  "use strict";
  function addTo(input, site) {
    var sites = input.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    if (sites.indexOf(site) < 0) { sites.push(site); }
    input.value = sites.join(", ");
  }
  function removeFrom(input, site) {
    input.value = input.value.split(",").map(function (s) { return s.trim(); })
      .filter(function (s) { return s && s !== site; }).join(", ");
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !event.data || typeof event.data.fpSite !== "string") { return; }
    var required = document.getElementById("required-sites");
    var excluded = document.getElementById("excluded-sites");
    if (!required || !excluded) { return; }
    var site = event.data.fpSite;
    if (event.data.fpAction === "in") { addTo(required, site); removeFrom(excluded, site); }
    else if (event.data.fpAction === "out") { addTo(excluded, site); removeFrom(required, site); }
    var form = document.getElementById("whatif-form");
    if (form) { form.scrollIntoView({behavior: "smooth", block: "center"}); }
  });
})();
