// Small enhancements on top of pages that work without JavaScript.
"use strict";

// A click on a suggested topic adds it to the topics field of the ask form.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.suggestion[data-topic]");
  if (!button) return;
  const field = document.getElementById("id_topics");
  if (!field) return;
  const parts = field.value.split(",");
  parts.pop(); // the partly typed name after the last comma, which the suggestion replaces
  const names = parts.map((name) => name.trim()).filter(Boolean);
  if (!names.includes(button.dataset.topic)) names.push(button.dataset.topic);
  field.value = names.join(", ") + ", ";
  field.focus();
});

// On a phone the search filters start folded, unless one is on, so the results come first.
// Without JavaScript they stay open, as on a wide screen.
for (const filters of document.querySelectorAll("details[data-close-on-phone]")) {
  if (window.matchMedia("(max-width: 720px)").matches && !filters.querySelector(".filters-on")) {
    filters.open = false;
  }
}
