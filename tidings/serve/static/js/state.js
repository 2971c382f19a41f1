// The dashboard's state lives in the URL query string, so a view can be shared and survives a reload.
// Filter names are the API's own; the table's page and sort and the open article ("open", not the
// API's "article" filter, which would narrow every view to one article) ride along.

export const FILTERS = [
  "actor", "source", "target", "cameo", "since", "until", "country", "place", "q", "modality",
];
export const REPEATED = ["plover"];
const VIEW = ["sort", "order", "offset", "open", "event"];

export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const state = { filters: {}, plover: params.getAll("plover").filter(Boolean) };
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) state.filters[name] = value;
  }
  for (const name of VIEW) state[name] = params.get(name) || null;
  state.offset = Number(state.offset) || 0;
  return state;
}

export function filterParams(state) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(state.filters)) {
    if (value) params.set(name, value);
  }
  for (const type of state.plover) params.append("plover", type);
  return params;
}

export function writeState(state, { push = false } = {}) {
  const params = filterParams(state);
  if (state.sort) params.set("sort", state.sort);
  if (state.order) params.set("order", state.order);
  if (state.offset) params.set("offset", String(state.offset));
  if (state.open) params.set("open", state.open);
  if (state.event) params.set("event", state.event);
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}
