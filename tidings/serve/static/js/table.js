// The event table: one page of /api/events at a time, sorted by the server. Clicking a header sorts
// (again: reverses); clicking a row opens the event's article at its sentence.

import { colour } from "./palette.js";

const COLUMNS = [
  { key: "date_start", label: "Date", text: (e) => e.date_start || e.date_text || "" },
  { key: "source_code", label: "Source", text: (e) => actor(e.source_code, e.source_name, e.source_text) },
  { key: "cameo", label: "Event", text: (e) => `${e.cameo || ""} ${e.cameo_label || ""}`.trim() },
  { key: "trigger_text", label: "Trigger", text: (e) => e.trigger_text || "" },
  { key: "target_code", label: "Target", text: (e) => actor(e.target_code, e.target_name, e.target_text) },
  { key: "plover", label: "PLOVER", text: (e) => e.plover || "" },
  { key: "modality", label: "Modality", text: (e) => e.modality || "" },
  { key: "place_name", label: "Place", text: (e) => place(e) },
  { key: "goldstein", label: "Goldstein", text: (e) => (e.goldstein ?? "").toString() },
];

function actor(code, name, text) {
  if (!code) return text || "";
  return name ? `${code} (${name})` : code;
}

function place(event) {
  if (!event.place_name) return event.place_country || "";
  return event.place_country ? `${event.place_name}, ${event.place_country}` : event.place_name;
}

export function drawTableHead(section, state, { onSort }) {
  const row = section.querySelector("thead tr");
  row.replaceChildren();
  for (const column of COLUMNS) {
    const th = document.createElement("th");
    th.scope = "col";
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.sort = column.key;
    const active = state.sort === column.key;
    const order = active ? state.order || "desc" : null;
    button.textContent = column.label + (order === "asc" ? " ▲" : order === "desc" ? " ▼" : "");
    if (order) th.setAttribute("aria-sort", order === "asc" ? "ascending" : "descending");
    button.addEventListener("click", () => {
      const next = active && order === "desc" ? "asc" : "desc";
      onSort(column.key, next);
    });
    th.append(button);
    row.append(th);
  }
}

export function drawTableRows(section, page, { onOpen }) {
  const body = section.querySelector("tbody");
  body.replaceChildren();
  for (const event of page.items) {
    const tr = document.createElement("tr");
    tr.dataset.article = event.article_id;
    tr.dataset.event = event.id;
    tr.tabIndex = 0;
    for (const column of COLUMNS) {
      const td = document.createElement("td");
      td.dataset.column = column.key;
      td.textContent = column.text(event);
      if (column.key === "plover" && event.plover) td.style.borderLeft = `4px solid ${colour(event.plover)}`;
      tr.append(td);
    }
    const open = () => onOpen(event.article_id, event.id);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (key) => {
      if (key.key === "Enter") open();
    });
    body.append(tr);
  }
  const total = section.querySelector("#table-total");
  total.textContent = `${page.total.toLocaleString("en")} matching`;
  total.dataset.total = String(page.total);
  const first = page.total ? page.offset + 1 : 0;
  const last = page.offset + page.items.length;
  section.querySelector(".page-info").textContent = `${first}–${last} of ${page.total.toLocaleString("en")}`;
  section.querySelector('[data-page="prev"]').disabled = page.offset <= 0;
  section.querySelector('[data-page="next"]').disabled = last >= page.total;
}
