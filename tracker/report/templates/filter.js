// Filter a week's items by name and status. The page is complete without it, and the
// status filter works without it too (style.css hides rows by the selected option).
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var table = document.getElementById("items");
  if (!form || !table) return;
  var name = document.getElementById("filter-name");
  var status = document.getElementById("filter-status");
  var count = document.getElementById("filter-count");
  var items = table.querySelectorAll("tbody.item");
  function apply() {
    var text = name.value.trim().toLowerCase();
    var wanted = status.value;
    var shown = 0;
    items.forEach(function (item) {
      var match = item.dataset.name.indexOf(text) !== -1 &&
        (!wanted || (" " + item.dataset.statuses + " ").indexOf(" " + wanted + " ") !== -1);
      item.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = shown + " of " + items.length + " items";
  }
  document.getElementById("filter-name-label").hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  name.addEventListener("input", apply);
  status.addEventListener("change", apply);
  apply();
})();
