// Event places on the shipped world basemap (world-atlas, 1:110m): one circle per place, its area
// proportional to the events there. Clicking a circle filters on the place's country.

const d3 = window.d3;
const topojson = window.topojson;
let basemap = null;

async function loadBasemap() {
  if (!basemap) {
    const response = await fetch("static/vendor/countries-110m.json");
    const world = await response.json();
    basemap = topojson.feature(world, world.objects.countries);
  }
  return basemap;
}

export async function drawMap(section, places, { onPick }) {
  const countries = await loadBasemap();
  const svg = d3.select(section).select("svg");
  svg.selectAll("*").remove();
  const width = Math.max(section.clientWidth - 24, 320);
  const height = Math.round(width * 0.52);
  svg.attr("viewBox", `0 0 ${width} ${height}`);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);

  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  svg.append("g").attr("class", "countries").selectAll("path").data(countries.features).join("path")
    .attr("d", path)
    .append("title").text((feature) => feature.properties.name);

  const located = places.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  const radius = d3.scaleSqrt([0, d3.max(located, (p) => p.events) || 1], [0, 18]);
  svg.append("g").attr("class", "places").selectAll("circle")
    .data(located.sort((a, b) => b.events - a.events))
    .join("circle")
    .attr("transform", (p) => `translate(${projection([p.lon, p.lat])})`)
    .attr("r", (p) => Math.max(radius(p.events), 2.5))
    .on("click", (_, p) => {
      if (p.country) onPick(p.country);
    })
    .append("title")
    .text((p) => `${p.name}${p.country ? `, ${p.country}` : ""}: ${p.events} events`);
  if (!located.length) {
    svg.append("text").attr("x", 10).attr("y", 24).text("No located events match the filters.");
  }
}
