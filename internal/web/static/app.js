// Giao Ban: small progressive enhancement. Every page works without it.
(function () {
  "use strict";
  // Add the CSRF token to fetch() calls made by later scripts.
  var meta = document.querySelector('input[name="csrf"]');
  window.giaoban = { csrf: meta ? meta.value : "" };
  // Tree rows: a keyboard user can move with arrow keys between units.
  var tree = document.getElementById("cay-don-vi");
  if (tree) {
    tree.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var row = e.target.closest("tr");
      if (!row) return;
      var next = e.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
      var link = next && next.querySelector("a");
      if (link) { link.focus(); e.preventDefault(); }
    });
  }
})();
