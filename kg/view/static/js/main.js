// ---- the network, its events, and the page's controls -----------------------------------------
// vis-network pans, zooms and reports clicks; overlay.js draws the edges, the nodes, the labels,
// the communities and the highlight, and finds the node under the pointer.

// ---- tooltip on hover ---------------------------------------------------------------------
const tip = document.getElementById("tip");
let hideTimer = 0;
function hideTip() {
  clearTimeout(hideTimer);
  tip.hidden = true;
}
function showTip(i, pointer) {
  clearTimeout(hideTimer);
  tip.replaceChildren(card(i, false));
  tip.hidden = false;
  const frameBox = container.getBoundingClientRect();
  const x = frameBox.left + pointer.x + 14;
  const y = frameBox.top + pointer.y + 14;
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
    fitTo([]);
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

// Hovering: the node under the pointer (looked up once per frame) gets its tooltip.
let pointerAt = null;
function onPointerMove(event) {
  const frameBox = container.getBoundingClientRect();
  const first = pointerAt === null;
  pointerAt = { x: event.clientX - frameBox.left, y: event.clientY - frameBox.top };
  if (!first) return;
  requestAnimationFrame(() => {
    const at = pointerAt;
    pointerAt = null;
    if (moving) return;
    const i = nodeAt(network.DOMtoCanvas(at), network.getScale());
    if (i === hovered) return;
    hovered = i;
    container.style.cursor = i === null ? "" : "pointer";
    if (i === null) hideTimer = setTimeout(hideTip, 350);
    else showTip(i, at);
    redraw();
  });
}

function start() {
  state.leaves = !data.hideLeaves;
  visible = computeVisible();
  const vis = window.vis;
  // vis-network holds no nodes or edges (the overlay draws them), so it gets only the options it
  // acts on: checking the node, edge and group options would cost it time before the first frame.
  const own = { autoResize: options.autoResize, physics: options.physics, layout: options.layout, interaction: options.interaction };
  network = new vis.Network(container, { nodes: new vis.DataSet([]), edges: new vis.DataSet([]) }, own);
  network.on("beforeDrawing", drawBehind);
  network.on("afterDrawing", drawOverlay);
  network.once("afterDrawing", () => {
    window.paperkgFirstFrame = performance.now();
    document.documentElement.setAttribute("data-drawn", "1");
    (window.requestIdleCallback || setTimeout)(fillFacets);
  });
  let still = 0;
  network.on("zoom", () => {
    hideTip();
    moving = "zoom";
    clearTimeout(still);
    still = setTimeout(() => {
      moving = null;
      redraw();
    }, 200);
    viewMoved();
  });
  network.on("dragStart", () => {
    hideTip();
    moving = "drag";
  });
  network.on("dragEnd", () => {
    moving = null;
    viewMoved();
    redraw();
  });
  container.addEventListener("mousemove", onPointerMove);
  container.addEventListener("mouseleave", () => {
    if (hovered === null) return;
    hovered = null;
    hideTimer = setTimeout(hideTip, 350);
    redraw();
  });
  tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  tip.addEventListener("mouseleave", () => {
    hideTimer = setTimeout(hideTip, 200);
  });
  network.on("click", (params) => {
    const i = nodeAt(params.pointer.canvas, network.getScale());
    if (i !== null) select(i, { frame: false, push: true });
    else if (state.sel !== null) clearSelection(true);
  });
  const hashed = location.hash.length > 1;
  // Fitting before the panel is filled reads the frame's size from a layout that is still clean
  // (vis-network's own); after, it would force a layout of the whole panel.
  if (!hashed) fitTo([]);
  wireControls();
  if (hashed) applyHash();
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
  nodes: items,
  edges: links,
  position: (i) => ({ x: items[i].x, y: items[i].y }),
  kindOf: (i) => kinds[kindOf[i]].key,
  find: (query) => find(query).map((entry) => entry[0]),
  select: (i) => select(i, { frame: true, push: true }),
  click: (i) => select(i, { frame: false, push: true }),
  degree: (i) => degree[i],
  selected: () => (state.sel === null ? [] : [state.sel]),
  nameOf: (i) => info[i].n,
  idOf: (i) => data.ids[i],
  indexOf: (id) => (idIndex.has(id) ? idIndex.get(id) : null),
  lit: () => (near === null ? [] : [...near].sort((a, b) => a - b)),
  path: () => pathNodes,
  visible: () => Array.from(visible),
  labelBoxes: () => labelBoxes.map((b) => b.slice()),
  communityNames: () => communityNames.map((c) => c.slice()),
  state: () => JSON.parse(JSON.stringify({ ...state, hidden: [...state.hidden] })),
  exportCsv: () => toCsv(exported()),
  exportMarkdown: () => toMarkdown(exported()),
};
