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

// Wide tables sit in Material's scrolling wrapper (.md-typeset__scrollwrap). A region that
// scrolls must be reachable by keyboard (WCAG 2.1.1; axe rule scrollable-region-focusable):
// make each wrapper that actually scrolls focusable and name it as a region.
(function () {
  var name = document.documentElement.lang === "nl" ? "Tabel, horizontaal scrollbaar" : "Table, scrolls horizontally";
  function focusable() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name);
      }
    }
  }
  new MutationObserver(focusable).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", focusable);
  window.addEventListener("resize", focusable);
})();

// The search results (Material's .md-search-result) quote page text, code blocks included.
// extra.css wraps their lines; a snippet that still scrolls is made focusable and named as
// a region, like the wide tables above (axe rule scrollable-region-focusable).
(function () {
  var name = document.documentElement.lang === "nl" ? "Codefragment in zoekresultaat" : "Code snippet in search result";
  function focusable() {
    var codes = document.querySelectorAll(".md-search-result pre > code");
    for (var i = 0; i < codes.length; i++) {
      var code = codes[i];
      var scrolls = code.scrollWidth > code.clientWidth || code.scrollHeight > code.clientHeight;
      if (scrolls && !code.hasAttribute("tabindex")) {
        code.setAttribute("tabindex", "0");
        code.setAttribute("role", "region");
        code.setAttribute("aria-label", name);
      }
    }
  }
  new MutationObserver(focusable).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", focusable);
  window.addEventListener("resize", focusable);
})();
