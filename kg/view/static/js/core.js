// paperkg graph view: the data, the state and small helpers. Every text from the lists reaches
// the page through textContent or a canvas label, never as HTML; only http(s) addresses become
// links; the URL fragment is parsed, never evaluated.

// `nodes`, `edges` and `options` are the pyvis Network's (kg/view/page.py), nodes and edges as
// columns (one array per key); node and edge ids are their positions.
const data = JSON.parse(document.getElementById("kg-data").textContent);
const kinds = data.kinds;
const info = data.info;
const options = data.options;
const relNames = data.relations;

// A column is a list of values (null: none), {all: value} or {at: {position: value}}; `#`
// holds the number of items.
function decode(columns) {
  const n = columns["#"];
  const out = [];
  for (let i = 0; i < n; i++) out.push({ id: i });
  for (const key of Object.keys(columns)) {
    if (key === "#") continue;
    const column = columns[key];
    const dot = key.indexOf(".");
    const outer = dot < 0 ? key : key.slice(0, dot);
    const inner = dot < 0 ? null : key.slice(dot + 1);
    const put = (i, value) => {
      if (inner === null) out[i][outer] = value;
      else (out[i][outer] || (out[i][outer] = {}))[inner] = value;
    };
    if (Array.isArray(column)) {
      for (let i = 0; i < column.length; i++) if (column[i] !== null) put(i, column[i]);
    } else if ("all" in column) for (let i = 0; i < n; i++) put(i, column.all);
    else for (const [i, value] of Object.entries(column.at)) put(Number(i), value);
  }
  return out;
}
const items = decode(data.nodes); // {id, label, shape, group, x, y, size, font: {size}, labelPx?, leaf?, ...}
const links = decode(data.edges); // {id, from, to, rel}
const count = items.length;

const DARK = Boolean(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
const THEME = DARK
  ? { ink: "#e6edf3", bg: "#0d1117", panel: "#161b22", halo: "rgba(13,17,23,0.92)", edge: "#4a5361", near: "#aab4c0", veil: "rgba(13,17,23,0.84)", hull: 0.16 }
  : { ink: "#1f2328", bg: "#fbfbfc", panel: "#ffffff", halo: "rgba(251,251,252,0.92)", edge: "#b9bfc9", near: "#5b6370", veil: "rgba(251,251,252,0.84)", hull: 0.09 };
options.nodes.font.color = THEME.ink;
options.nodes.font.strokeColor = THEME.halo;
options.edges.color.color = THEME.edge;
options.interaction.dragNodes = false; // the layout is the build's; the overlay draws at its positions
const FONT_FACE = options.nodes.font.face;

const kindIndex = new Map(kinds.map((k, i) => [k.key, i]));
const kindOf = items.map((n) => kindIndex.get(n.group));
const ENTRY_KEYS = new Set(["Paper", "Entry"]);
const isEntry = items.map((_, i) => ENTRY_KEYS.has(kinds[kindOf[i]].key));
const palette = kinds.map((k) => options.groups[k.key].color); // a kind's colours (its group's)
const relSets = relNames.map((name) => new Set(name.split(" ")));
const lighter = new Set(data.lighter);

const adjacency = items.map(() => []);
const outEdges = items.map(() => []);
const inEdges = items.map(() => []);
const edgeAt = new Map(); // a * count + b (a < b) -> edge index
links.forEach((e, j) => {
  adjacency[e.from].push(e.to);
  adjacency[e.to].push(e.from);
  outEdges[e.from].push(j);
  inEdges[e.to].push(j);
  edgeAt.set(Math.min(e.from, e.to) * count + Math.max(e.from, e.to), j);
});
const degree = adjacency.map((a) => a.length);
const idIndex = new Map(data.ids.map((id, i) => [id, i]));
const yearOf = info.map((item) => (item.y && /^\d{4}$/.test(item.y) ? Number(item.y) : null));

// What the reader is looking at; the URL fragment holds it (walk.js).
const state = {
  sel: null, // the selected node
  to: null, // the other end of a path from `sel`
  depth: 1, // hops lit around the selection
  years: null, // [from, to] or null
  facets: {}, // facet name -> node index (or list index for "list")
  hidden: new Set(), // kind keys unticked in the legend
  leaves: !data.hideLeaves, // entities linked to a single entry shown
  q: "",
  view: null, // {scale, x, y} once the reader has zoomed or panned, else null (the view fits)
};
const container = document.getElementById("graph");
let network = null; // the vis.Network (main.js): the canvas, panning, zooming, pointer events
let visible = new Uint8Array(count).fill(1); // filters.js keeps it
let near = null; // Set of lit nodes, or null (walk.js)
let pathNodes = null; // the shortest path from `sel` to `to`, or null

// ---- building text safely ----------------------------------------------------------------
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function webHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (err) {
    return null;
  }
}

function byName(a, b) {
  return info[a].n.localeCompare(info[b].n) || a - b;
}

// A count with thousands separators, as toLocaleString("en") writes it, without Intl: its first
// use costs tens of milliseconds before the first frame.
function digits(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function plural(n, one, many) {
  return digits(n) + " " + (n === 1 ? one : many);
}

function hasRel(edge, name) {
  return relSets[links[edge].rel].has(name);
}
