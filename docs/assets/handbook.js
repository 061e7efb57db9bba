/* Copy buttons of the support e-mail templates. No external dependency. */
(function () {
  "use strict";

  function status(button, text) {
    var box = button.parentElement.querySelector(".hb-copie-etat");
    if (box) {
      box.textContent = text;
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-hb-copier]");
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-hb-copier"));
    if (!source) {
      return;
    }
    var text = source.textContent;
    var done = function () {
      status(button, "Copié dans le presse-papiers.");
    };
    var failed = function () {
      if (fallbackCopy(text)) {
        done();
      } else {
        status(button, "Copie impossible : sélectionnez le texte et copiez-le.");
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  });
})();
