// ---- drawing on vis-network's canvas --------------------------------------------------------
// Before vis-network draws: the communities' outlines. After: with a selection, a veil over the
// whole graph and, on top of it, the lit neighbourhood (or path) with labels that do not
// overlap; without one, the communities' names while the view is zoomed out. Nothing here
// changes vis-network's nodes, so zooming never undoes a highlight.

const SHAPES = {
  dot: "M8 2a6 6 0 1 0 0.01 0Z",
  square: "M2.5 2.5h11v11h-11Z",
  diamond: "M8 1.5 14.5 8 8 14.5 1.5 8Z",
  triangle: "M8 2 14.5 13.5h-13Z",
  triangleDown: "M1.5 2.5h13L8 14Z",
  star: "M8 1.2l1.9 4.3 4.6.4-3.5 3 1.1 4.6L8 11.1l-4.1 2.4 1.1-4.6-3.5-3 4.6-.4Z",
  hexagon: "M4.5 2h7L15 8l-3.5 6h-7L1 8Z",
  ring: "M8 2.5a5.5 5.5 0 1 0 0.01 0Z",
  frame: "M3 3h10v10h-10Z",
};
const HOLLOW = new Set(["ring", "frame"]);
const COMMUNITY_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#8c6bb1"];
const LABEL_PX = 12; // lit labels, in screen pixels
let labelBoxes = []; // the lit labels drawn last, in screen pixels: [left, top, right, bottom, node]
const shapePaths = {};
function shapePath(shape) {
  if (!shapePaths[shape]) shapePaths[shape] = new Path2D(SHAPES[shape] || SHAPES.dot);
  return shapePaths[shape];
}

// Edges are drawn here, not by vis-network: two paths (plain and lighter relations) of every
// edge between shown nodes, rebuilt when the shown nodes change, cost one stroke each per frame
// where vis-network's edge objects took most of a large page's start-up.
let edgePaths = null; // [plain Path2D, lighter Path2D], or null when the shown nodes changed
let moving = null; // "drag" or "zoom" while the view moves (a large graph hides its edges then)
let hovered = null;

function buildEdgePaths() {
  const plain = new Path2D();
  const light = new Path2D();
  for (const e of links) {
    if (!visible[e.from] || !visible[e.to]) continue;
    const path = lighter.has(e.rel) ? light : plain;
    path.moveTo(items[e.from].x, items[e.from].y);
    path.lineTo(items[e.to].x, items[e.to].y);
  }
  return [plain, light];
}

// Nodes too: vis-network keeps them (for hovering, clicking and culling) with a shape that
// draws nothing, and here each kind is one cached path of all its shown nodes, filled and
// stroked once per frame (vis-network drew them one by one, most of a large graph's frame).
let nodePaths = null; // per kind [shape path, inner path of hollow shapes], or null when stale

function nodeMatrix(n, factor) {
  const s = (n.size / 6) * factor;
  return new DOMMatrix([s, 0, 0, s, n.x - 8 * s, n.y - 8 * s]);
}

function buildNodePaths() {
  const found = kinds.map(() => [new Path2D(), new Path2D()]);
  for (let i = 0; i < count; i++) {
    if (!visible[i]) continue;
    const n = items[i];
    const path = shapePath(kinds[kindOf[i]].shape);
    found[kindOf[i]][0].addPath(path, nodeMatrix(n, 1));
    if (HOLLOW.has(kinds[kindOf[i]].shape)) found[kindOf[i]][1].addPath(path, nodeMatrix(n, 0.55));
  }
  return found;
}

function drawNodes(ctx, withHovered) {
  if (nodePaths === null) nodePaths = buildNodePaths();
  const scale = network.getScale();
  ctx.save();
  kinds.forEach((kind, k) => {
    const [shape, inner] = nodePaths[k];
    if (HOLLOW.has(kind.shape)) {
      ctx.fillStyle = kind.colour;
      ctx.fill(shape);
      ctx.fillStyle = THEME.panel;
      ctx.fill(inner);
    } else {
      ctx.fillStyle = palette[k].background;
      ctx.fill(shape);
      ctx.lineWidth = Math.min(1 / scale, 1.5);
      ctx.strokeStyle = palette[k].border;
      ctx.stroke(shape);
    }
  });
  if (withHovered && hovered !== null && visible[hovered]) {
    const base = ctx.getTransform();
    drawShape(ctx, base, hovered, scale, true);
  }
  ctx.restore();
}

// ---- where the nodes are: a grid of cells for finding the node under the pointer, and the
// view that frames a set of nodes (vis-network holds no nodes: it pans, zooms and reports
// pointer events; this script draws and finds the nodes itself).
const HIT_CELL = 48;
const hitGrid = new Map();
items.forEach((n, i) => {
  const key = Math.floor(n.x / HIT_CELL) + "," + Math.floor(n.y / HIT_CELL);
  if (!hitGrid.has(key)) hitGrid.set(key, []);
  hitGrid.get(key).push(i);
});

// The shown node under a point of the graph (the one drawn on top), or null.
function nodeAt(point, scale) {
  const cx = Math.floor(point.x / HIT_CELL), cy = Math.floor(point.y / HIT_CELL);
  const slack = 3 / scale;
  let best = null;
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (const i of hitGrid.get(cx + dx + "," + (cy + dy)) || []) {
        if (!visible[i]) continue;
        const n = items[i];
        if (Math.hypot(point.x - n.x, point.y - n.y) > n.size + slack) continue;
        if (best === null || kindOf[i] > kindOf[best] || (kindOf[i] === kindOf[best] && i > best)) best = i;
      }
    }
  }
  return best;
}

// Move the view to show `indices` whole (all shown nodes when empty), zoomed in at most `most`.
function fitTo(indices, most) {
  let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
  const all = indices.length ? indices : items.map((_, i) => i).filter((i) => visible[i]);
  for (const i of all) {
    const n = items[i];
    left = Math.min(left, n.x - n.size);
    right = Math.max(right, n.x + n.size);
    top = Math.min(top, n.y - n.size);
    bottom = Math.max(bottom, n.y + n.size);
  }
  if (!all.length) return;
  const frame = container.getBoundingClientRect();
  const scale = Math.min(most || 2, (0.92 * frame.width) / Math.max(right - left, 1), (0.92 * frame.height) / Math.max(bottom - top, 1));
  network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale: scale, animation: false });
}

function drawEdges(ctx) {
  if ((moving === "drag" && options.interaction.hideEdgesOnDrag) || (moving === "zoom" && options.interaction.hideEdgesOnZoom)) return;
  if (edgePaths === null) edgePaths = buildEdgePaths();
  const scale = network.getScale();
  ctx.save();
  ctx.lineWidth = Math.max(0.7, 0.3 / scale);
  ctx.strokeStyle = THEME.edge;
  ctx.globalAlpha = 0.75;
  ctx.stroke(edgePaths[0]);
  ctx.globalAlpha = 0.45;
  ctx.setLineDash([4, 4]);
  ctx.stroke(edgePaths[1]);
  if (hovered !== null && near === null) {
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = THEME.near;
    ctx.lineWidth = Math.max(1.2, 0.6 / scale);
    ctx.beginPath();
    for (const j of adjacency[hovered]) {
      if (!visible[j]) continue;
      ctx.moveTo(items[hovered].x, items[hovered].y);
      ctx.lineTo(items[j].x, items[j].y);
    }
    ctx.stroke();
  }
  ctx.restore();
}

function drawBehind(ctx) {
  veiledFrame = near !== null && moving === null && drawPicture(ctx);
  if (veiledFrame) return;
  drawHulls(ctx);
  drawEdges(ctx);
}

// ---- the graph under the veil, kept as a picture ---------------------------------------------
// With a selection, everything but the lit nodes is the same picture (every shown edge and node
// under the veil) until the view, the canvas or the shown nodes change. The frame that draws it
// copies it aside, and later frames (another click, a hover, another depth) copy it back and draw
// only what is lit: stroking every edge and filling every node took most of a large graph's
// frame. While the view moves the graph is drawn directly (the picture would not be reused).
let veiled = null; // {canvas, key, edges, nodes} or null
let veiledFrame = false; // this frame copied the picture back (drawOverlay draws what is lit)

function pictureKey(ctx) {
  const m = ctx.getTransform();
  return [m.a, m.b, m.c, m.d, m.e, m.f, ctx.canvas.width, ctx.canvas.height];
}

// Whether the kept picture shows the graph as `ctx` would draw it now.
function pictureKept(ctx) {
  if (veiled === null || veiled.edges !== edgePaths || veiled.nodes !== nodePaths) return false;
  const key = pictureKey(ctx);
  return veiled.key.every((v, k) => v === key[k]);
}

function drawPicture(ctx) {
  if (!pictureKept(ctx)) return false;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(veiled.canvas, 0, 0);
  ctx.restore();
  return true;
}

// Called once the graph and the veil are drawn, before anything lit.
function keepPicture(ctx) {
  const canvas = veiled !== null ? veiled.canvas : document.createElement("canvas");
  if (canvas.width !== ctx.canvas.width || canvas.height !== ctx.canvas.height) {
    canvas.width = ctx.canvas.width;
    canvas.height = ctx.canvas.height;
  }
  const own = canvas.getContext("2d");
  own.setTransform(1, 0, 0, 1, 0, 0);
  own.globalCompositeOperation = "copy";
  own.drawImage(ctx.canvas, 0, 0);
  veiled = { canvas: canvas, key: pictureKey(ctx), edges: edgePaths, nodes: nodePaths };
}

// While the overview stays still for a moment, the picture a click on it needs is drawn ahead,
// when the page is idle, so the first click redraws only what is lit too.
let frames = 0;
let prepareTimer = 0;
function prepareLater(ctx) {
  if (pictureKept(ctx) || moving !== null || edgePaths === null || nodePaths === null) return;
  const key = pictureKey(ctx);
  const m = ctx.getTransform();
  const frame = frames;
  prepareTimer = setTimeout(() => {
    (window.requestIdleCallback || setTimeout)(() => {
      if (frame === frames && near === null && moving === null) paintPicture(m, key);
    });
  }, 400);
}

function paintPicture(m, key) {
  const canvas = veiled !== null ? veiled.canvas : document.createElement("canvas");
  [canvas.width, canvas.height] = [key[6], key[7]];
  const own = canvas.getContext("2d"); // its state was reset with its size
  own.setTransform(m);
  drawEdges(own);
  drawNodes(own, false);
  drawVeil(own);
  own.getImageData(0, 0, 1, 1); // drawn now, while idle, rather than on the click
  veiled = { canvas: canvas, key: key, edges: edgePaths, nodes: nodePaths };
}

function drawVeil(ctx) {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = THEME.veil;
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.restore();
}

function drawHulls(ctx) {
  if (near !== null || filtering() || !data.large) return;
  const scale = network.getScale();
  ctx.save();
  ctx.lineJoin = "round";
  data.communities.forEach((community, k) => {
    const hull = community.hull;
    if (!hull) return;
    const colour = COMMUNITY_COLOURS[k % COMMUNITY_COLOURS.length];
    ctx.beginPath();
    ctx.moveTo(hull[0], hull[1]);
    for (let p = 2; p < hull.length; p += 2) ctx.lineTo(hull[p], hull[p + 1]);
    ctx.closePath();
    ctx.globalAlpha = THEME.hull;
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.globalAlpha = 2 * THEME.hull;
    ctx.lineWidth = 6 / scale;
    ctx.strokeStyle = colour;
    ctx.stroke();
  });
  ctx.restore();
}

// A node's shape at its place: the legend's 16-unit path, scaled to the node's size. The
// transform is set directly (no save/restore per node: a hub's neighbourhood has thousands).
function drawShape(ctx, base, i, scale, ring) {
  const n = items[i];
  const kind = kinds[kindOf[i]];
  const s = n.size / 6;
  ctx.setTransform(base.a * s, base.b * s, base.c * s, base.d * s, base.a * (n.x - 8 * s) + base.c * (n.y - 8 * s) + base.e, base.b * (n.x - 8 * s) + base.d * (n.y - 8 * s) + base.f);
  const path = shapePath(kind.shape);
  if (HOLLOW.has(kind.shape)) {
    ctx.fillStyle = THEME.panel;
    ctx.fill(path);
    ctx.lineWidth = 2.4;
    ctx.strokeStyle = kind.colour;
  } else {
    ctx.fillStyle = palette[kindOf[i]].background;
    ctx.fill(path);
    ctx.lineWidth = 1 / s;
    ctx.strokeStyle = palette[kindOf[i]].border;
  }
  ctx.stroke(path);
  if (ring) {
    ctx.lineWidth = 3 / (s * scale);
    ctx.strokeStyle = THEME.ink;
    ctx.stroke(path);
  }
}

function drawOverlay(ctx) {
  frames++;
  clearTimeout(prepareTimer);
  if (near === null) {
    drawNodes(ctx, true);
    drawAllLabels(ctx, drawCommunityNames(ctx));
    prepareLater(ctx);
    return;
  }
  if (!veiledFrame) {
    drawNodes(ctx, false);
    drawVeil(ctx);
    if (moving === null) keepPicture(ctx);
  }
  if (hovered !== null && visible[hovered]) {
    ctx.save();
    drawShape(ctx, ctx.getTransform(), hovered, network.getScale(), true);
    ctx.restore();
  }
  communityNames = [];
  drawLit(ctx);
}
