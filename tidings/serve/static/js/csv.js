// The current selection as CSV, built here from the same /api/events pages the table reads, so the
// file holds exactly the filtered rows in the table's order.

import { getJson, withParams } from "./api.js";

const PAGE = 1000;
export const MAX_ROWS = 100000;

function cell(value) {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows) {
  if (!rows.length) return "";
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [columns.map(cell).join(",")];
  for (const row of rows) lines.push(columns.map((column) => cell(row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

export async function fetchSelection(params) {
  const rows = [];
  let total = Infinity;
  while (rows.length < Math.min(total, MAX_ROWS)) {
    const page = await getJson("events", withParams(params, { limit: PAGE, offset: rows.length }));
    total = page.total;
    rows.push(...page.items);
    if (!page.items.length) break;
  }
  return { rows, total };
}

export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
