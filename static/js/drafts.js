// Drafts: what someone types into a form marked data-draft="KEY" is kept in this browser's
// localStorage, so a refusal, a gate, an expired session or a reload never loses it. The
// page after a successful submit names the drafts to forget in <body data-clear-drafts>;
// logging out forgets them all ("*"), since families share computers. No inline script: the
// CSP forbids it, so this file does everything from data attributes.
(() => {
  const PREFIX = "rounds-draft:";
  let store;
  try {
    store = window.localStorage;
    store.setItem(PREFIX + "probe", "1");
    store.removeItem(PREFIX + "probe");
  } catch (error) {
    return; // storage off (private mode, policy): forms still work, drafts are not kept
  }

  const forget = (keys) => {
    for (const key of keys) {
      if (key === "*") {
        Object.keys(store).filter((name) => name.startsWith(PREFIX)).forEach((name) => store.removeItem(name));
      } else {
        store.removeItem(PREFIX + key);
      }
    }
  };

  // Text the person typed, and the boxes they ticked among those named in data-draft-checks.
  const kept = (form) => {
    const checks = (form.dataset.draftChecks || "").split(" ").filter(Boolean);
    const fields = [...form.querySelectorAll("textarea[name], input[type=text][name], select[name]")];
    const boxes = [...form.querySelectorAll("input[type=checkbox][name]")].filter((box) => checks.includes(box.name));
    return { fields, boxes };
  };

  const save = (form, key) => {
    const { fields, boxes } = kept(form);
    const draft = { fields: {}, checked: boxes.filter((box) => box.checked).map((box) => `${box.name}=${box.value}`) };
    let typed = false;
    for (const field of fields) {
      if (field.value.trim()) {
        draft.fields[field.name] = field.value;
        typed = typed || field.tagName !== "SELECT";
      }
    }
    if (typed) store.setItem(key, JSON.stringify(draft));
    else store.removeItem(key);
  };

  const restore = (form, key) => {
    let draft;
    try {
      draft = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      draft = null;
    }
    if (!draft || !draft.fields) return false;
    const { fields, boxes } = kept(form);
    let restored = false;
    for (const field of fields) {
      const value = draft.fields[field.name];
      if (value === undefined || field.value.trim()) continue; // never overwrite what the page shows
      if (field.tagName === "SELECT" && ![...field.options].some((option) => option.value === value)) continue;
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      restored = restored || field.tagName !== "SELECT";
    }
    if (restored && !boxes.some((box) => box.checked)) {
      for (const box of boxes) box.checked = (draft.checked || []).includes(`${box.name}=${box.value}`);
    }
    return restored;
  };

  document.addEventListener("DOMContentLoaded", () => {
    forget((document.body.dataset.clearDrafts || "").split(" ").filter(Boolean));
    for (const form of document.querySelectorAll("form[data-draft]")) {
      const key = PREFIX + form.dataset.draft;
      if (restore(form, key)) {
        const note = document.createElement("p");
        note.className = "draft-note";
        note.setAttribute("role", "status");
        note.textContent = "We kept the text you had not sent yet; it is back in the form below.";
        form.before(note);
      }
      save(form, key); // a form shown again after a refusal holds the latest text
      form.addEventListener("input", () => save(form, key));
      form.addEventListener("change", () => save(form, key));
    }
  });
})();
