// Events over time, stacked by PLOVER type, in bars of a day, a month or a year, whichever keeps
// their number readable. The page asks the API for months (a small answer even over decades) and
// again for days when those months are few. Clicking a bar narrows the dates.

import { colour } from "./palette.js";

const d3 = window.d3;
const MARGIN = { top: 8, right: 12, bottom: 28, left: 40 };
const MAX_BINS = 120;

function chooseInterval(first, last, bucket) {
  if (bucket === "day" && d3.utcDay.count(first, last) < MAX_BINS) {
    return { utc: d3.utcDay, unit: "day", format: d3.utcFormat("%Y-%m-%d") };
  }
  if (d3.utcMonth.count(first, last) < MAX_BINS) {
    return { utc: d3.utcMonth, unit: "month", format: d3.utcFormat("%Y-%m") };
  }
  return { utc: d3.utcYear, unit: "year", format: d3.utcFormat("%Y") };
}

export function wantsDays(items) {
  const dates = items.map((item) => parseDay(item.date)).filter(Boolean);
  if (!dates.length) return false;
  const [first, last] = d3.extent(dates);
  return d3.utcDay.count(first, d3.utcMonth.offset(last, 1)) <= MAX_BINS;
}

function parseDay(text) {
  return d3.utcParse("%Y-%m-%d")(String(text).slice(0, 10));
}

function bin(items, bucket) {
  const rows = items
    .map((item) => ({ date: parseDay(item.date), plover: item.plover || "", count: item.count }))
    .filter((row) => row.date);
  if (!rows.length) return null;
  const [first, last] = d3.extent(rows, (row) => row.date);
  const scheme = chooseInterval(first, last, bucket);
  const { utc } = scheme;
  const starts = utc.range(utc.floor(first), utc.offset(utc.floor(last), 1));
  const types = [...new Set(rows.map((row) => row.plover))].sort();
  const byStart = new Map(starts.map((start) => [+start, { start, total: 0 }]));
  for (const row of rows) {
    const slot = byStart.get(+utc.floor(row.date));
    slot[row.plover] = (slot[row.plover] || 0) + row.count;
    slot.total += row.count;
  }
  return { bins: [...byStart.values()], types, ...scheme };
}

export function drawTimeline(section, series, { onPick }) {
  const svg = d3.select(section).select("svg");
  svg.selectAll("*").remove();
  const title = section.querySelector("h2");
  const legend = d3.select(section).select(".legend");
  legend.selectAll("*").remove();
  const data = bin(series.items, series.bucket);
  if (!data) {
    title.textContent = "Events over time";
    svg.attr("viewBox", "0 0 600 40").append("text").attr("x", 10).attr("y", 24)
      .text("No dated events match the filters.");
    return;
  }
  title.textContent = `Events per ${data.unit} by PLOVER type`;
  const width = Math.max(section.clientWidth - 24, 320);
  const height = 220;
  svg.attr("viewBox", `0 0 ${width} ${height}`);

  const x = d3.scaleBand(data.bins.map((slot) => +slot.start), [MARGIN.left, width - MARGIN.right])
    .padding(0.15);
  const y = d3.scaleLinear([0, d3.max(data.bins, (slot) => slot.total) || 1],
    [height - MARGIN.bottom, MARGIN.top]).nice();
  const layers = d3.stack().keys(data.types).value((slot, key) => slot[key] || 0)(data.bins);

  svg.append("g").selectAll("g").data(layers).join("g")
    .attr("fill", (layer) => colour(layer.key))
    .attr("class", "layer")
    .selectAll("rect")
    .data((layer) => layer.filter((point) => point[1] > point[0])
      .map((point) => ({ point, type: layer.key })))
    .join("rect")
    .attr("class", "bar")
    .attr("x", (d) => x(+d.point.data.start))
    .attr("width", Math.max(x.bandwidth(), 1))
    .attr("y", (d) => y(d.point[1]))
    .attr("height", (d) => y(d.point[0]) - y(d.point[1]))
    .attr("data-count", (d) => d.point[1] - d.point[0])
    .on("click", (_, d) => {
      const start = d.point.data.start;
      const end = data.utc.offset(start, 1);
      onPick({ since: isoDay(start), until: isoDay(d3.utcDay.offset(end, -1)) });
    })
    .append("title")
    .text((d) => `${data.format(d.point.data.start)} ${d.type || "(no type)"}: ${d.point[1] - d.point[0]}`);

  const every = Math.ceil(data.bins.length / Math.max(Math.floor(width / 70), 1));
  svg.append("g").attr("transform", `translate(0,${height - MARGIN.bottom})`)
    .call(d3.axisBottom(x).tickValues(x.domain().filter((_, i) => i % every === 0))
      .tickFormat((value) => data.format(new Date(value))));
  svg.append("g").attr("transform", `translate(${MARGIN.left},0)`)
    .call(d3.axisLeft(y).ticks(5, "d"));

  const chips = legend.selectAll("span").data(data.types).join("span").attr("class", "key");
  chips.append("i").style("background", (type) => colour(type));
  chips.append("span").text((type) => type || "(no type)");
}

function isoDay(date) {
  return d3.utcFormat("%Y-%m-%d")(date);
}
