// Wires the views to the URL state: every filter change rewrites the URL, then reloads each view from
// the API. Responses to an older state are dropped, so quick changes cannot draw stale data.

import { getJson, withParams } from "./api.js";
import { drawArticle, selectEvent } from "./article.js";
import { download, fetchSelection, MAX_ROWS, toCsv } from "./csv.js";
import { buildPloverBoxes, fillForm, onFiltersChange } from "./filters.js";
import { drawMap } from "./map.js";
import { drawNetwork } from "./network.js";
import { setTypes } from "./palette.js";
import { filterParams, readState, writeState } from "./state.js";
import { drawTableHead, drawTableRows } from "./table.js";
import { drawTimeline, wantsDays } from "./timeline.js";

const PAGE_SIZE = 50;
// How often the page asks whether the server switched to a newer snapshot of the store.
const POLL_MS = 10000;
const $ = (id) => document.getElementById(id);

let state = readState();
let round = 0;
let simulation = null;
// The snapshot the views show: undefined before the first answer, null while the server has none.
let generation;

function showError(error) {
  const box = $("error");
  box.hidden = !error;
  box.textContent = error ? `Could not load: ${error.message}` : "";
}

function count(number, noun) {
  return `${number.toLocaleString("en")} ${noun}${number === 1 ? "" : "s"}`;
}

async function loadStats() {
  const stats = await getJson("stats");
  const parts = [count(stats.articles, "article"), count(stats.countable_events, "countable event"),
    count(stats.events, "event"), count(stats.quotes, "quote")];
  if (stats.first_date) parts.push(`${stats.first_date} – ${stats.last_date}`);
  if (stats.generation?.name) parts.push(`snapshot ${stats.generation.name}`);
  $("stats").textContent = parts.join(" · ");
  return stats.generation?.name ?? null;
}

async function loadTypes() {
  // Every type in the store, not only the filtered ones, so a box can be ticked back on.
  const series = await getJson("timeseries", new URLSearchParams({ modality: "all", bucket: "year" }));
  const types = [...new Set([...series.items.map((item) => item.plover).filter(Boolean),
    ...state.plover])].sort();
  setTypes(types);
  buildPloverBoxes(types);
}

function sortedParams() {
  const params = filterParams(state);
  if (state.sort) params.set("sort", state.sort);
  if (state.order) params.set("order", state.order);
  return params;
}

async function loadTable(mine) {
  const params = withParams(sortedParams(), { limit: PAGE_SIZE, offset: state.offset });
  const page = await getJson("events", params);
  if (mine !== round) return;
  drawTableHead($("table"), state, { onSort });
  drawTableRows($("table"), page, { onOpen: openArticle });
}

async function loadSeries(params) {
  const months = await getJson("timeseries", withParams(params, { bucket: "month" }));
  if (!wantsDays(months.items)) return { bucket: "month", items: months.items };
  const days = await getJson("timeseries", withParams(params, { bucket: "day" }));
  return { bucket: "day", items: days.items };
}

async function loadCharts(mine) {
  const params = filterParams(state);
  const [series, places, graph] = await Promise.all([
    loadSeries(params),
    getJson("places", params),
    getJson("network", params),
  ]);
  if (mine !== round) return;
  drawTimeline($("timeline"), series, { onPick: (dates) => applyFilters({ ...dates }) });
  await drawMap($("map"), places.items, { onPick: (country) => applyFilters({ country }) });
  if (simulation) simulation.stop();
  simulation = drawNetwork($("network"), graph, { onPick: (actor) => applyFilters({ actor }) });
}

async function refresh({ charts = true } = {}) {
  round += 1;
  const mine = round;
  document.body.setAttribute("aria-busy", "true");
  try {
    await Promise.all([loadTable(mine), charts ? loadCharts(mine) : null]);
    if (mine === round) showError(null);
  } catch (error) {
    if (mine === round) showError(error);
  } finally {
    if (mine === round) document.body.setAttribute("aria-busy", "false");
  }
}

function applyFilters(extra) {
  state.filters = { ...state.filters, ...extra };
  fillForm(state);
  state.offset = 0;
  writeState(state, { push: true });
  refresh();
}

function onSort(sort, order) {
  Object.assign(state, { sort, order, offset: 0 });
  writeState(state, { push: true });
  refresh({ charts: false });
}

async function openArticle(articleId, eventId, { push = true } = {}) {
  Object.assign(state, { open: articleId, event: eventId || null });
  writeState(state, { push });
  const panel = $("article");
  try {
    const data = await getJson(`articles/${encodeURIComponent(articleId)}`);
    if (state.open !== articleId) return;
    const choose = (event) => {
      state.event = event.id;
      writeState(state);
      selectEvent(panel, event);
    };
    drawArticle(panel, data, { onSelect: choose });
    selectEvent(panel, (data.events || []).find((event) => event.id === eventId) || null);
    if (!eventId) panel.scrollTop = 0;
    showError(null);
  } catch (error) {
    showError(error);
  }
}

function closeArticle() {
  Object.assign(state, { open: null, event: null });
  writeState(state, { push: true });
  $("article").hidden = true;
}

async function downloadCsv() {
  const button = $("download");
  button.disabled = true;
  try {
    const { rows, total } = await fetchSelection(sortedParams());
    if (total > MAX_ROWS) showError(new Error(`the CSV holds the first ${MAX_ROWS} of ${total} events`));
    download("tidings-events.csv", toCsv(rows));
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

async function pollGeneration() {
  try {
    const name = await loadStats();
    if (generation !== undefined && name !== generation) {
      await loadTypes();
      fillForm(state);
      refresh();
    }
    generation = name;
  } catch (error) {
    if (generation === undefined) generation = null;
    showError(error);
  }
}

async function start() {
  // Rewritten from the state alone: a ?token= the server has put in a cookie leaves the address bar
  // (and any link copied from it).
  writeState(state);
  onFiltersChange((chosen) => {
    Object.assign(state, chosen, { offset: 0 });
    writeState(state, { push: true });
    refresh();
  });
  $("table").querySelector('[data-page="prev"]').addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    writeState(state, { push: true });
    refresh({ charts: false });
  });
  $("table").querySelector('[data-page="next"]').addEventListener("click", () => {
    state.offset += PAGE_SIZE;
    writeState(state, { push: true });
    refresh({ charts: false });
  });
  $("article-close").addEventListener("click", closeArticle);
  $("download").addEventListener("click", downloadCsv);
  window.addEventListener("popstate", () => {
    state = readState();
    fillForm(state);
    refresh();
    if (state.open) openArticle(state.open, state.event, { push: false });
    else $("article").hidden = true;
  });

  try {
    await Promise.all([pollGeneration(), loadTypes()]);
  } catch (error) {
    showError(error);
  }
  fillForm(state);
  await refresh();
  if (state.open) await openArticle(state.open, state.event, { push: false });
  setInterval(pollGeneration, POLL_MS);
}

start();
