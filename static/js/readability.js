// The answering aid, progressive enhancement only: a live word count, the reading grade
// from the server (debounced), and answer templates that fill the textarea. Without this
// file the "Use template" and "Check readability" buttons do the same through the server.
document.addEventListener("DOMContentLoaded", () => {
  const meter = document.getElementById("readability");
  if (!meter) return;
  const textarea = document.getElementById(meter.dataset.source);
  const form = textarea && textarea.form;
  if (!textarea || !form) return;
  const words = meter.querySelector("[data-words]");
  const grade = meter.querySelector("[data-grade]");
  const verdict = meter.querySelector("[data-verdict]");
  const target = Number(meter.dataset.target || 8);
  let timer = null;
  let latest = 0;

  const countWords = (text) => (text.trim() ? text.trim().split(/\s+/).length : 0);

  const check = async () => {
    const request = ++latest;
    const body = new FormData();
    body.append("body", textarea.value);
    const token = form.querySelector("input[name='csrf_token']");
    if (token) body.append("csrf_token", token.value);
    try {
      const response = await fetch(meter.dataset.url, { method: "POST", body, credentials: "same-origin" });
      if (!response.ok || request !== latest) return;
      const result = await response.json();
      words.textContent = String(result.words);
      grade.textContent = result.grade === null ? "—" : String(result.grade);
      if (verdict) {
        verdict.textContent = result.grade === null ? "" :
          (result.grade <= target ? ": plain language" : ": harder than grade " + target + "; try shorter sentences and everyday words");
      }
    } catch (error) {
      // The meter is advice only; a failed check changes nothing.
    }
  };

  textarea.addEventListener("input", () => {
    words.textContent = String(countWords(textarea.value));
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 700);
  });

  const picker = document.querySelector("select[data-fills]");
  if (picker) {
    const fill = () => {
      const option = picker.selectedOptions[0];
      if (!option || !option.dataset.body) return;
      if (textarea.value.trim() && !window.confirm("Replace your draft with this template?")) return;
      textarea.value = option.dataset.body;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      textarea.focus();
    };
    picker.addEventListener("change", fill);
    // A template chosen while the page was still loading (before this deferred file ran)
    // fired its change event unheard: apply it now into an empty box. If the box already holds
    // text (a draft drafts.js restored, or the browser's own restore on Back), keep the text
    // and clear the choice, so choosing the template again asks "replace your draft?".
    if (picker.value) {
      if (textarea.value.trim()) picker.value = "";
      else fill();
    }
  }
});
