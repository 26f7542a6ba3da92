// Article pages: a video or podcast player is loaded only when the reader presses Play
// (no request reaches the media host before that), and "Copy link" copies the page's address.
(function () {
  "use strict";

  document.querySelectorAll(".media-consent[data-embed-src]").forEach(function (box) {
    var button = box.querySelector(".media-play");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-embed-src");
      frame.title = box.getAttribute("data-embed-title") || "Media player";
      frame.className = "media-frame";
      frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      frame.setAttribute("allowfullscreen", "");
      box.replaceWith(frame);
      frame.focus();
    });
  });

  document.querySelectorAll(".copy-link[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = button.closest(".share").querySelector(".copy-status");
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        if (status) { status.textContent = "Link copied."; }
      }, function () {
        if (status) { status.textContent = "Could not copy; copy the address from your browser instead."; }
      });
    });
  });
}());
