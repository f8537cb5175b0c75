// ---- walking the graph: selection, hops, paths, and the state in the URL fragment ------------
let picking = false; // the next selection is the other end of a path
let ownHash = null; // the fragment this page just wrote (its hashchange is not a navigation)

function neighbourhood(start, depth) {
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next = [];
    for (const a of frontier) {
      for (const b of adjacency[a]) {
        if (visible[b] && !seen.has(b)) {
          seen.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

// The shortest path between two nodes through shown nodes (edges in either direction), or null.
function shortestPath(from, to) {
  const parent = new Map([[from, -1]]);
  const queue = [from];
  for (let head = 0; head < queue.length && !parent.has(to); head++) {
    for (const b of adjacency[queue[head]]) {
      if (visible[b] && !parent.has(b)) {
        parent.set(b, queue[head]);
        queue.push(b);
      }
    }
  }
  if (!parent.has(to)) return null;
  const path = [];
  for (let i = to; i !== -1; i = parent.get(i)) path.push(i);
  return path.reverse();
}

function light() {
  if (state.sel === null) {
    near = null;
    pathNodes = null;
  } else if (state.to !== null) {
    pathNodes = shortestPath(state.sel, state.to);
    near = new Set(pathNodes || [state.sel, state.to]);
  } else {
    pathNodes = null;
    near = neighbourhood(state.sel, state.depth);
  }
  showDetails();
  describeExport();
  redraw();
}

function pathSection() {
  const box = el("div", "path");
  if (pathNodes === null) {
    box.appendChild(el("p", "hint", "No path between " + info[state.sel].n + " and " + info[state.to].n + " among the shown nodes."));
    return box;
  }
  box.appendChild(el("h4", null, "Shortest path (" + plural(pathNodes.length - 1, "hop", "hops") + ")"));
  const ol = el("ol");
  pathNodes.forEach((i, k) => {
    const li = el("li");
    li.appendChild(nodeButton(i, true));
    if (k + 1 < pathNodes.length) {
      const j = edgeAt.get(Math.min(i, pathNodes[k + 1]) * count + Math.max(i, pathNodes[k + 1]));
      const arrow = links[j].from === i ? " \u2192 " : " \u2190 ";
      li.appendChild(el("span", "meta", arrow + relNames[links[j].rel]));
    }
    ol.appendChild(li);
  });
  box.appendChild(ol);
  return box;
}

const details = document.getElementById("details");
const cardBox = document.getElementById("card");
function showDetails() {
  if (state.sel === null) {
    details.hidden = true;
    cardBox.replaceChildren();
    return;
  }
  const parts = [card(state.sel, true)];
  if (state.to !== null) parts.unshift(pathSection());
  cardBox.replaceChildren(...parts);
  document.getElementById("depth").value = String(state.depth);
  document.getElementById("picking").hidden = !picking;
  document.getElementById("path-from").setAttribute("aria-pressed", picking ? "true" : "false");
  details.hidden = false;
}

// Make a node visible: show its kind, leaves, or drop the filters that hide it.
function reveal(i) {
  if (visible[i]) return;
  state.hidden.delete(kinds[kindOf[i]].key);
  if (items[i].leaf) state.leaves = true;
  const before = computeVisible();
  if (!before[i]) {
    state.years = null;
    state.facets = {};
  }
  applyVisibility();
}

function frame() {
  const lit = [...(pathNodes || near || [])].filter((i) => visible[i]);
  if (!lit.length) return;
  fitTo(lit, 1.6);
  state.view = null;
}

function select(i, how) {
  hideTip();
  if (picking && state.sel !== null && i !== state.sel) state.to = i;
  else {
    state.sel = i;
    state.to = null;
  }
  picking = false;
  reveal(i);
  if (state.to !== null) reveal(state.sel);
  light();
  if (how.frame) frame();
  writeHash(how.push);
}

function clearSelection(push) {
  picking = false;
  state.sel = null;
  state.to = null;
  light();
  writeHash(push);
}

// ---- the URL fragment: node=...&to=...&hops=2&years=2014-2017&venue=...&q=...&zoom=...&at=x,y
function encodeValue(value) {
  return encodeURIComponent(value).replace(/%2F/g, "/").replace(/%2C/g, ",").replace(/%3A/g, ":");
}

function serialize() {
  const parts = [];
  const put = (key, value) => parts.push(key + "=" + encodeValue(String(value)));
  if (state.sel !== null) put("node", data.ids[state.sel]);
  if (state.to !== null) put("to", data.ids[state.to]);
  if (state.depth !== 1) put("hops", state.depth);
  if (state.years) put("years", state.years[0] + "-" + state.years[1]);
  for (const [facet, value] of Object.entries(state.facets).sort()) {
    put(facet, facet === "list" ? data.lists[value] : data.ids[value]);
  }
  if (state.hidden.size) put("hide", [...state.hidden].sort().join(","));
  if (state.leaves === Boolean(data.hideLeaves)) put("leaves", state.leaves ? 1 : 0);
  if (state.q) put("q", state.q);
  if (state.view) {
    put("zoom", state.view.scale.toFixed(4));
    put("at", Math.round(state.view.x) + "," + Math.round(state.view.y));
  }
  return parts.join("&");
}

function writeHash(push) {
  const hash = "#" + serialize();
  if (hash === (location.hash || "#")) return;
  if (push) {
    ownHash = hash;
    location.hash = hash;
  } else {
    history.replaceState(null, "", hash);
  }
}

function nodeId(value) {
  return value !== null && idIndex.has(value) ? idIndex.get(value) : null;
}

// The state a fragment describes; anything it does not name stays at its default. A fragment
// without `=` (`#DeepLab`) is a search: the best match is selected.
function parseHash(hash) {
  const text = hash.replace(/^#/, "");
  const next = { sel: null, to: null, depth: 1, years: null, facets: {}, hidden: new Set(), leaves: !data.hideLeaves, q: "", view: null };
  if (text && !text.includes("=")) {
    let query = text;
    try {
      query = decodeURIComponent(text);
    } catch (err) {
      query = text;
    }
    next.q = query;
    const best = find(query)[0];
    if (best) next.sel = best[0];
    return next;
  }
  const params = new URLSearchParams(text);
  next.sel = nodeId(params.get("node"));
  next.to = next.sel !== null ? nodeId(params.get("to")) : null;
  const hops = Number(params.get("hops"));
  if (hops >= 1 && hops <= 3) next.depth = Math.floor(hops);
  const range = /^(\d{4})-(\d{4})$/.exec(params.get("years") || "");
  if (range) next.years = [Number(range[1]), Number(range[2])];
  for (const [kind] of facetKinds) {
    const value = nodeId(params.get(kind.facet));
    if (value !== null && kindOf[value] === kindIndex.get(kind.key)) next.facets[kind.facet] = value;
  }
  const list = data.lists.indexOf(params.get("list"));
  if (list >= 0) next.facets.list = list;
  for (const key of (params.get("hide") || "").split(",")) if (kindIndex.has(key)) next.hidden.add(key);
  if (params.has("leaves")) next.leaves = params.get("leaves") === "1";
  next.q = params.get("q") || "";
  const zoom = Number(params.get("zoom"));
  const at = /^(-?\d+),(-?\d+)$/.exec(params.get("at") || "");
  if (zoom > 0 && zoom < 100 && at) next.view = { scale: zoom, x: Number(at[1]), y: Number(at[2]) };
  return next;
}

function applyHash() {
  Object.assign(state, parseHash(location.hash));
  picking = false;
  search.value = state.q;
  applyVisibility();
  if (state.sel !== null) {
    reveal(state.sel);
    if (state.to !== null) reveal(state.to);
  }
  light();
  if (state.view) {
    network.moveTo({ scale: state.view.scale, position: { x: state.view.x, y: state.view.y }, animation: false });
  } else if (state.sel !== null) {
    frame();
  } else {
    fitTo([]);
  }
}
