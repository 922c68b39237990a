// Abbreviation tooltips for keyboard users. Material shows an abbreviation's expansion on
// hover, on tap and on focus, but an <abbr> cannot take focus. Make the first use of each
// abbreviation on the page focusable: one tab stop per abbreviation, not one per use.
// Without JavaScript the expansion is still in the title attribute and in the glossary.
document$.subscribe(function () {
  var seen = {};
  document.querySelectorAll("article abbr").forEach(function (abbr) {
    var name = abbr.textContent;
    if (seen[name] || abbr.closest("a, button")) {
      return;
    }
    seen[name] = true;
    abbr.setAttribute("tabindex", "0");
  });
});
