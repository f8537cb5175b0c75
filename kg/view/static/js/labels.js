// ---- labels and the highlight: the communities' names, every label that fits, and a
// selection's lit neighbourhood (or path) drawn above a veil with labels that never overlap.
// The communities' names, while the view is zoomed out; returns where they went (screen pixels).
let communityNames = []; // the communities named in the last frame: [label, left, top, right, bottom]
function drawCommunityNames(ctx) {
  const scale = network.getScale();
  const boxes = [];
  communityNames = [];
  if (near !== null || filtering() || !data.large || scale > 2.5 * Math.max(data.scale, 0.02)) return [];
  ctx.save();
  ctx.font = "600 " + 13 / scale + "px " + FONT_FACE;
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  data.communities.forEach((community, k) => {
    const hull = community.hull;
    if (!hull) return;
    let top = Infinity, left = Infinity, right = -Infinity;
    for (let p = 0; p < hull.length; p += 2) {
      top = Math.min(top, hull[p + 1]);
      left = Math.min(left, hull[p]);
      right = Math.max(right, hull[p]);
    }
    if ((right - left) * scale < 50) return;
    const x = (left + right) / 2;
    const width = ctx.measureText(community.label).width;
    const box = [x - width / 2, top - 16 / scale, x + width / 2, top];
    if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) return;
    boxes.push(box);
    communityNames.push(community.label);
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = THEME.halo;
    ctx.strokeText(community.label, x, top);
    ctx.fillStyle = COMMUNITY_COLOURS[k % COMMUNITY_COLOURS.length];
    ctx.fillText(community.label, x, top);
  });
  ctx.restore();
  const view = network.getViewPosition();
  const frame = container.getBoundingClientRect();
  const screen = boxes.map((b) => [
    (b[0] - view.x) * scale + frame.width / 2,
    (b[1] - view.y) * scale + frame.height / 2,
    (b[2] - view.x) * scale + frame.width / 2,
    (b[3] - view.y) * scale + frame.height / 2,
  ]);
  communityNames = communityNames.map((label, k) => [label, ...screen[k]]);
  return screen;
}

function litEdges() {
  const found = [];
  if (pathNodes !== null) {
    for (let k = 1; k < pathNodes.length; k++) {
      const a = pathNodes[k - 1], b = pathNodes[k];
      found.push([a, b, true]);
    }
    return found;
  }
  for (const i of near) {
    if (!visible[i]) continue;
    for (const j of adjacency[i]) if (i < j && near.has(j) && visible[j]) found.push([i, j, i === state.sel || j === state.sel]);
  }
  return found;
}

// Label priority: the selection and the path first, then entities by connections, then entries.
function labelOrder(lit) {
  const rank = (i) => (i === state.sel || i === state.to ? 0 : pathNodes !== null ? 1 : isEntry[i] ? 3 : 2);
  return lit.sort((a, b) => rank(a) - rank(b) || degree[b] - degree[a] || a - b);
}

function drawLabels(ctx, lit, scale) {
  const view = network.getViewPosition();
  const frame = container.getBoundingClientRect();
  const toScreen = (x, y) => [(x - view.x) * scale + frame.width / 2, (y - view.y) * scale + frame.height / 2];
  const font = LABEL_PX / scale;
  ctx.save();
  ctx.font = font + "px " + FONT_FACE;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  labelBoxes = [];
  for (const i of labelOrder(lit).slice(0, 400)) {
    const n = items[i];
    const width = ctx.measureText(n.label).width * scale;
    const [x, y] = toScreen(n.x, n.y + n.size);
    const box = [x - width / 2 - 2, y + 2, x + width / 2 + 2, y + 4 + LABEL_PX * 1.2, i];
    if (box[2] < 0 || box[0] > frame.width || box[3] < 0 || box[1] > frame.height) continue;
    if (labelBoxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    labelBoxes.push(box);
    const gy = n.y + n.size + 3 / scale;
    ctx.lineWidth = 3 / scale;
    ctx.strokeStyle = THEME.halo;
    ctx.strokeText(n.label, n.x, gy);
    ctx.fillStyle = THEME.ink;
    ctx.fillText(n.label, n.x, gy);
  }
  ctx.restore();
}

function drawLit(ctx) {
  const scale = network.getScale();
  // edges in four paths: strong or not, dashed (lighter relations) or not
  const paths = [new Path2D(), new Path2D(), new Path2D(), new Path2D()];
  for (const [a, b, strong] of litEdges()) {
    const j = edgeAt.get(Math.min(a, b) * count + Math.max(a, b));
    const path = paths[(strong ? 2 : 0) + (j !== undefined && lighter.has(links[j].rel) ? 1 : 0)];
    path.moveTo(items[a].x, items[a].y);
    path.lineTo(items[b].x, items[b].y);
  }
  ctx.save();
  ctx.strokeStyle = pathNodes !== null ? "#e15759" : THEME.near;
  paths.forEach((path, k) => {
    ctx.lineWidth = (k >= 2 ? (pathNodes !== null ? 3 : 1.6) : 1) / scale;
    ctx.setLineDash(k % 2 ? [4 / scale, 4 / scale] : []);
    ctx.stroke(path);
  });
  ctx.setLineDash([]);
  const lit = [...(pathNodes !== null ? pathNodes : near)].filter((i) => visible[i]);
  const base = ctx.getTransform();
  for (const i of lit) drawShape(ctx, base, i, scale, i === state.sel || i === state.to);
  ctx.restore();
  drawLabels(ctx, lit, scale);
}

// ---- labels, drawn here rather than by vis-network (which measures every label of a large
// graph before its first frame): those on screen, big enough to read, and free of overlap,
// placed greedily in order of connections through a grid of screen cells.
const LABEL_MIN_PX = 7; // below this a label is not drawn
const LABEL_MAX_PX = 18;
const CELL = 8;
const labelOrderAll = items.map((_, i) => i).sort((a, b) => (items[b].labelPx || 0) - (items[a].labelPx || 0) || isEntry[a] - isEntry[b] || degree[b] - degree[a] || a - b);

function labelPixels(i, scale) {
  const n = items[i];
  const px = n.font.size * scale;
  if (n.labelPx > 0) return Math.max(px, n.labelPx);
  return px < LABEL_MIN_PX ? 0 : Math.min(px, LABEL_MAX_PX);
}

function drawAllLabels(ctx, reserved) {
  const scale = network.getScale();
  const view = network.getViewPosition();
  const frame = container.getBoundingClientRect();
  const columns = Math.ceil(frame.width / CELL) + 1;
  const rows = Math.ceil(frame.height / CELL) + 1;
  const taken = new Uint8Array(columns * rows);
  for (const [left, top, right, bottom] of reserved) {
    const c0 = Math.max(0, Math.floor(left / CELL)), c1 = Math.min(columns - 1, Math.floor(right / CELL));
    for (let r = Math.max(0, Math.floor(top / CELL)); r <= Math.min(rows - 1, Math.floor(bottom / CELL)); r++) {
      if (c0 <= c1) taken.fill(1, r * columns + c0, r * columns + c1 + 1);
    }
  }
  ctx.save();
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.strokeStyle = THEME.halo;
  ctx.fillStyle = THEME.ink;
  ctx.lineJoin = "round";
  let font = 0;
  labelBoxes = [];
  for (const i of labelOrderAll) {
    if (!visible[i]) continue;
    const px = labelPixels(i, scale);
    if (!px) continue;
    const n = items[i];
    const sx = (n.x - view.x) * scale + frame.width / 2;
    const sy = (n.y + n.size - view.y) * scale + frame.height / 2 + 2;
    if (sx < -200 || sx > frame.width + 200 || sy < -40 || sy > frame.height) continue;
    if (px !== font) {
      font = px;
      ctx.font = px / scale + "px " + FONT_FACE;
    }
    const half = (ctx.measureText(n.label).width * scale) / 2;
    const c0 = Math.max(0, Math.floor((sx - half) / CELL)), c1 = Math.min(columns - 1, Math.floor((sx + half) / CELL));
    const r0 = Math.max(0, Math.floor(sy / CELL)), r1 = Math.min(taken.length / columns - 1, Math.floor((sy + px * 1.2) / CELL));
    let free = true;
    for (let r = r0; r <= r1 && free; r++) for (let c = c0; c <= c1; c++) if (taken[r * columns + c]) { free = false; break; }
    if (!free) continue;
    for (let r = r0; r <= r1; r++) taken.fill(1, r * columns + c0, r * columns + c1 + 1);
    ctx.lineWidth = 3 / scale;
    ctx.strokeText(n.label, n.x, n.y + n.size + 2 / scale);
    ctx.fillText(n.label, n.x, n.y + n.size + 2 / scale);
  }
  ctx.restore();
}

