// One colour per PLOVER type, the same in every view: types are sorted so a type keeps its colour
// whatever subset a filter leaves.

const d3 = window.d3;
const COLOURS = [...d3.schemeTableau10, ...d3.schemeSet3];
let scale = d3.scaleOrdinal(COLOURS);

export function setTypes(types) {
  scale = d3.scaleOrdinal([...new Set(types)].sort(), COLOURS).unknown("#999");
}

export function colour(type) {
  return scale(type || "");
}
