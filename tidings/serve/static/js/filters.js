// The filter form: filled from the state, read back into it. PLOVER types are checkboxes built from
// the types present in the store.

import { FILTERS } from "./state.js";

const form = () => document.getElementById("filters");

export function buildPloverBoxes(types) {
  const box = document.getElementById("plover");
  for (const label of box.querySelectorAll("label")) label.remove();
  for (const type of types) {
    const label = document.createElement("label");
    label.className = "chip";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = "plover";
    input.value = type;
    label.append(input, document.createTextNode(type));
    box.append(label);
  }
}

export function fillForm(state) {
  const elements = form().elements;
  for (const name of FILTERS) elements.namedItem(name).value = state.filters[name] || "";
  for (const box of form().querySelectorAll('input[name="plover"]')) {
    box.checked = state.plover.includes(box.value);
  }
}

export function readForm() {
  const data = new FormData(form());
  const filters = {};
  for (const name of FILTERS) {
    const value = String(data.get(name) || "").trim();
    if (value) filters[name] = value;
  }
  return { filters, plover: data.getAll("plover").map(String) };
}

export function onFiltersChange(handler) {
  const element = form();
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    handler(readForm());
  });
  element.addEventListener("change", (event) => {
    // Text boxes apply on Enter (submit); boxes, menus and dates apply at once.
    if (event.target.type !== "text" && event.target.type !== "search") handler(readForm());
  });
  document.getElementById("clear").addEventListener("click", () => {
    element.reset();
    for (const box of element.querySelectorAll("input")) {
      if (box.type === "checkbox") box.checked = false;
      else box.value = "";
    }
    handler(readForm());
  });
}
