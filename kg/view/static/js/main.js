// ---- the network, its events, and the page's controls -----------------------------------------
// vis-network draws the nodes (without labels), pans, zooms and finds what the pointer is on;
// overlay.js draws the edges, the labels, the communities and the highlight.
function nodeItem(n, i) {
  return { id: i, shape: "custom", ctxRenderer: invisibleNode, group: n.group, x: n.x, y: n.y, size: n.size, physics: false, hidden: !visible[i] };
}

// ---- tooltip on hover ---------------------------------------------------------------------
const tip = document.getElementById("tip");
let hideTimer = 0;
function hideTip() {
  clearTimeout(hideTimer);
  tip.hidden = true;
}
function showTip(params) {
  clearTimeout(hideTimer);
  tip.replaceChildren(card(params.node, false));
  tip.hidden = false;
  const frameBox = container.getBoundingClientRect();
  const x = frameBox.left + params.pointer.DOM.x + 14;
  const y = frameBox.top + params.pointer.DOM.y + 14;
  tip.style.left = Math.max(4, Math.min(x, window.innerWidth - tip.offsetWidth - 8)) + "px";
  tip.style.top = Math.max(4, y + tip.offsetHeight > window.innerHeight - 8 ? y - tip.offsetHeight - 28 : y) + "px";
}

// ---- keyboard: arrows pan, + and - zoom, 0 fits, Escape clears ----------------------------
function onKey(event) {
  const scale = network.getScale();
  const at = network.getViewPosition();
  const step = 80 / scale;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (moves[event.key]) {
    const [dx, dy] = moves[event.key];
    network.moveTo({ position: { x: at.x + dx, y: at.y + dy }, scale: scale });
  } else if (event.key === "+" || event.key === "=") {
    network.moveTo({ position: at, scale: scale * 1.25 });
  } else if (event.key === "-" || event.key === "_") {
    network.moveTo({ position: at, scale: scale / 1.25 });
  } else if (event.key === "0") {
    network.fit({ animation: false });
  } else if (event.key === "Escape") {
    clearSelection(true);
    return;
  } else {
    return;
  }
  event.preventDefault();
  viewMoved();
}

let viewTimer = 0;
function viewMoved() {
  clearTimeout(viewTimer);
  viewTimer = setTimeout(() => {
    const at = network.getViewPosition();
    state.view = { scale: network.getScale(), x: at.x, y: at.y };
    writeHash(false);
  }, 250);
}

function wireControls() {
  buildLegend(() => {
    applyVisibility();
    if (state.sel !== null) light();
    describeExport();
    writeHash(false);
  });
  buildFacets(() => {
    applyVisibility();
    if (state.sel !== null) light();
    describeExport();
    writeHash(false);
  });
  wireSearch();
  wireExport();
  cardBox.addEventListener("click", (event) => {
    const button = event.target.closest("button.node");
    if (button) select(Number(button.dataset.node), { frame: true, push: true });
  });
  document.getElementById("depth").addEventListener("change", (event) => {
    state.depth = Number(event.target.value);
    light();
    writeHash(false);
  });
  document.getElementById("path-from").addEventListener("click", () => {
    picking = !picking;
    showDetails();
  });
  document.getElementById("clear").addEventListener("click", () => clearSelection(true));
  document.getElementById("drawer").addEventListener("click", (event) => {
    const open = document.body.classList.toggle("drawer-open");
    event.target.setAttribute("aria-expanded", open ? "true" : "false");
  });
  container.addEventListener("keydown", onKey);
  window.addEventListener("hashchange", () => {
    const own = location.hash === ownHash;
    ownHash = null;
    if (!own) applyHash();
  });
}

function start() {
  state.leaves = !data.hideLeaves;
  visible = computeVisible();
  const vis = window.vis;
  nodes = new vis.DataSet(items.map(nodeItem));
  edges = new vis.DataSet([]); // drawn by overlay.js
  network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  network.on("beforeDrawing", drawBehind);
  network.on("afterDrawing", drawOverlay);
  network.once("afterDrawing", () => {
    window.paperkgFirstFrame = performance.now();
    document.documentElement.setAttribute("data-drawn", "1");
  });
  let still = 0;
  network.on("zoom", () => {
    hideTip();
    moving = true;
    clearTimeout(still);
    still = setTimeout(() => {
      moving = false;
      redraw();
    }, 200);
    viewMoved();
  });
  network.on("dragStart", () => {
    hideTip();
    moving = true;
  });
  network.on("dragEnd", () => {
    moving = false;
    viewMoved();
    redraw();
  });
  network.on("hoverNode", (params) => {
    hovered = params.node;
    showTip(params);
    redraw();
  });
  network.on("blurNode", () => {
    hovered = null;
    redraw();
    hideTimer = setTimeout(hideTip, 350);
  });
  tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  tip.addEventListener("mouseleave", () => {
    hideTimer = setTimeout(hideTip, 200);
  });
  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0], { frame: false, push: true });
    else if (state.sel !== null) clearSelection(true);
  });
  wireControls();
  if (location.hash.length > 1) applyHash();
  else {
    syncFilterControls();
    describeExport();
  }
  window.paperkgReady = performance.now();
}

start();

// For tests and the benchmark (bench/bench_html.py).
window.paperkg = {
  network: network,
  nodes: nodes,
  edges: links,
  find: (query) => find(query).map((entry) => entry[0]),
  select: (i) => select(i, { frame: true, push: true }),
  click: (i) => select(i, { frame: false, push: true }),
  degree: (i) => degree[i],
  selected: () => network.getSelectedNodes(),
  nameOf: (i) => info[i].n,
  idOf: (i) => data.ids[i],
  indexOf: (id) => (idIndex.has(id) ? idIndex.get(id) : null),
  lit: () => (near === null ? [] : [...near].sort((a, b) => a - b)),
  path: () => pathNodes,
  visible: () => Array.from(visible),
  labelBoxes: () => labelBoxes.map((b) => b.slice()),
  state: () => JSON.parse(JSON.stringify({ ...state, hidden: [...state.hidden] })),
  exportCsv: () => toCsv(exported()),
  exportMarkdown: () => toMarkdown(exported()),
};
