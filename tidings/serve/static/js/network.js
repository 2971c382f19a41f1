// Actors linked by the events between them: node area grows with an actor's events, edge width with
// the events between two actors. Clicking a node filters on that actor; nodes can be dragged.

const d3 = window.d3;

export function drawNetwork(section, graph, { onPick }) {
  const svg = d3.select(section).select("svg");
  svg.selectAll("*").remove();
  const width = Math.max(section.clientWidth - 24, 320);
  const height = 420;
  svg.attr("viewBox", `0 0 ${width} ${height}`);
  if (!graph.nodes.length) {
    svg.append("text").attr("x", 10).attr("y", 24).text("No actors match the filters.");
    return null;
  }
  const nodes = graph.nodes.map((node) => ({ ...node }));
  const known = new Set(nodes.map((node) => node.id));
  const links = graph.edges
    .filter((edge) => known.has(edge.source) && known.has(edge.target))
    .map((edge) => ({ ...edge }));
  const radius = d3.scaleSqrt([0, d3.max(nodes, (node) => node.events) || 1], [3, 16]);
  const stroke = d3.scaleLinear([1, d3.max(links, (link) => link.weight) || 1], [1, 6]);

  const countries = [...new Set(nodes.map((node) => node.country || ""))].sort();
  const fill = d3.scaleOrdinal(countries, d3.schemeTableau10);

  const link = svg.append("g").attr("class", "links").selectAll("line").data(links).join("line")
    .attr("stroke-width", (edge) => stroke(edge.weight));
  link.append("title").text((edge) => `${edge.source} → ${edge.target}: ${edge.weight}` +
    (edge.cameo ? ` (mostly CAMEO ${edge.cameo})` : ""));

  const node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
    .attr("class", "node");
  node.append("circle").attr("r", (d) => radius(d.events)).attr("fill", (d) => fill(d.country || ""));
  node.append("text").attr("x", (d) => radius(d.events) + 2).attr("dy", "0.35em").text((d) => d.id);
  node.append("title").text((d) => `${d.id}${d.label ? ` ${d.label}` : ""}: ${d.events} events`);
  node.on("click", (event, d) => {
    if (!event.defaultPrevented) onPick(d.id);
  });

  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(45))
    .force("charge", d3.forceManyBody().strength(-70))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("x", d3.forceX(width / 2).strength(0.1))
    .force("y", d3.forceY(height / 2).strength(0.14))
    .force("collide", d3.forceCollide((d) => radius(d.events) + 2));

  const clampX = (value) => Math.max(12, Math.min(width - 12, value));
  const clampY = (value) => Math.max(12, Math.min(height - 12, value));
  simulation.on("tick", () => {
    for (const d of nodes) {
      d.x = clampX(d.x);
      d.y = clampY(d.y);
    }
    link.attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y)
      .attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y);
    node.attr("transform", (d) => `translate(${d.x},${d.y})`);
  });

  node.call(d3.drag()
    .on("start", (event, d) => {
      if (!event.active) simulation.alphaTarget(0.3).restart();
      d.fx = d.x;
      d.fy = d.y;
    })
    .on("drag", (event, d) => {
      d.fx = event.x;
      d.fy = event.y;
    })
    .on("end", (event, d) => {
      if (!event.active) simulation.alphaTarget(0);
      d.fx = null;
      d.fy = null;
    }));
  return simulation;
}
