/* Form templates: the "Print the form" button. The page prints without it (the browser's own
   print command gives the same A4 form); the button only appears when JavaScript runs. */
(function () {
  "use strict";

  function enhance() {
    document.querySelectorAll("button[data-kk-form-print]").forEach(function (button) {
      if (button.dataset.kkReady) {
        return;
      }
      button.dataset.kkReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
