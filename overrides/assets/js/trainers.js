// Trainer pack: print buttons on a module page. Without JavaScript the buttons stay hidden and
// the browser's own Print prints the whole module (agenda on one page, handout on its own page).
(function () {
  "use strict";

  var HANDOUT_ONLY = "kk-print-handout";

  function setUp() {
    var bar = document.querySelector(".kk-trainer-print");
    if (!bar || bar.dataset.kkReady) return;
    bar.dataset.kkReady = "1";
    bar.hidden = false;
    bar.querySelectorAll("button[data-kk-trainer-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        // Only the handout: print CSS hides everything else while this class is set.
        document.documentElement.classList.toggle(HANDOUT_ONLY, button.dataset.kkTrainerPrint === "handout");
        window.print();
      });
    });
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove(HANDOUT_ONLY);
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
