// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen readers announce what went wrong.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // Narrow screens: the header is one row, the menu folds behind the Menu button.
  const button = document.querySelector(".menu-button");
  const menu = document.getElementById("main-menu");
  if (button && menu) {
    document.documentElement.classList.add("js-menu");
    button.hidden = false;
    const setOpen = (open) => {
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("menu-open", open);
    };
    button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // A table wider than the screen scrolls sideways inside its .table-wrap: let the keyboard
  // reach it and name it after the table's caption (WCAG 2.1.1; axe scrollable-region-focusable).
  const markScrollableTables = () => {
    for (const wrap of document.querySelectorAll(".table-wrap")) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        const caption = wrap.querySelector("caption");
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", `${caption ? caption.textContent.trim() : "Table"} (scrolls sideways)`);
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  };
  markScrollableTables();
  window.addEventListener("resize", markScrollableTables);

  // Times the server wrote in the viewer's configured zone, shown in this browser's own local time.
  for (const time of document.querySelectorAll("time[data-local-time]")) {
    const moment = new Date(time.dateTime);
    if (!Number.isNaN(moment.getTime())) {
      time.textContent = moment.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
    }
  }

  // Character counters: "120 characters (at least 20)" under fields that have limits.
  for (const field of document.querySelectorAll("textarea[minlength], textarea[maxlength], input[type=text][minlength]")) {
    const min = Number(field.getAttribute("minlength") || 0);
    const max = Number(field.getAttribute("maxlength") || 0);
    const counter = document.createElement("p");
    counter.className = "hint char-count";
    counter.id = `${field.id}-count`;
    const update = () => {
      const length = field.value.trim().length;
      const limits = [min && `at least ${min}`, max && `at most ${max.toLocaleString()}`].filter(Boolean).join(", ");
      counter.textContent = `${length.toLocaleString()} character${length === 1 ? "" : "s"}${limits ? ` (${limits})` : ""}`;
      counter.classList.toggle("char-count-short", min > 0 && length > 0 && length < min);
    };
    field.after(counter);
    update();
    field.addEventListener("input", update);
  }
});
