// Give each code block's action bar (Material's <nav class="md-code__nav">, holding the
// copy button) a unique accessible name, so several code blocks on one page do not repeat
// the same unnamed navigation landmark (axe rule landmark-unique).
(function () {
  var name = document.documentElement.lang === "nl" ? "Codeblok" : "Code block";
  function label() {
    var navs = document.querySelectorAll(".md-code__nav");
    for (var i = 0; i < navs.length; i++) {
      if (!navs[i].hasAttribute("aria-label")) {
        navs[i].setAttribute("aria-label", name + " " + (i + 1));
      }
    }
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", label);
})();
