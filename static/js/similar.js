// "Already answered?": while the asker types a title, show similar answered questions.
// Without JavaScript the server shows the same list as a step after the first submit.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var live = document.getElementById("similar-live");
    var seen = document.getElementById("similar-seen");
    var title = document.querySelector("input[name='title']");
    if (!live || !seen || !title || !window.fetch) { return; }
    var timer = null;
    var lastQuery = "";
    function lookUp() {
      var query = title.value.trim();
      if (query.length < 10 || query === lastQuery) { return; }
      lastQuery = query;
      fetch(live.dataset.similarUrl + "?title=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          live.innerHTML = html;
          var shown = live.querySelectorAll("li").length;
          if (shown > Number(seen.value)) { seen.value = String(shown); }
        })
        .catch(function () { /* suggestions are a convenience; the form still works */ });
    }
    title.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 500);
    });
  });
})();
