// paperkg graph view. Every text from the lists reaches the page through textContent or a
// vis-network canvas label, never as HTML; only http(s) addresses become links.
(function () {
  "use strict";

  // `nodes`, `edges` and `options` are the pyvis Network's (kg.render.pyvis_network): vis-network
  // items and options. Node ids and edge ids are their indices in these lists.
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const kinds = data.kinds;
  const items = data.nodes; // {id, label, shape, group, x, y, size, font: {size}, physics, labelPx?, leaf?, ...}
  const links = data.edges; // {id, from, to, rel}
  const options = data.options;
  const info = data.info;
  const count = items.length;
  const INK = options.nodes.font.color;
  const copy = (value) => JSON.parse(JSON.stringify(value));
  const EDGE = copy(options.edges.color);
  const EDGE_FADED = { color: "#b9bfc9", highlight: "#5b6370", hover: "#7d8590", inherit: false, opacity: 0.12 };
  const EDGE_NEAR = { color: "#5b6370", highlight: "#5b6370", hover: "#5b6370", inherit: false, opacity: 1 };
  const FADED = {
    background: "#eceef1", border: "#dde0e5",
    highlight: { background: "#eceef1", border: "#dde0e5" },
    hover: { background: "#eceef1", border: "#dde0e5" },
  };

  const kindIndex = new Map(kinds.map((k, i) => [k.key, i]));
  const kindOf = items.map((n) => kindIndex.get(n.group));
  const palette = kinds.map((k) => copy(options.groups[k.key].color)); // a kind's colours (its group's)

  const adjacency = items.map(() => []);
  for (const e of links) {
    adjacency[e.from].push(e.to);
    adjacency[e.to].push(e.from);
  }
  const kindHidden = kinds.map(() => false);
  let leavesHidden = Boolean(data.hideLeaves);

  function isHidden(i) {
    return kindHidden[kindOf[i]] || (leavesHidden && items[i].leaf === true);
  }

  // Labels with a size in pixels (the best-connected nodes) keep that size at every zoom;
  // the others have a fixed size in graph units, so they appear as one zooms in.
  const labelled = [];
  items.forEach((n, i) => {
    if (n.labelPx > 0) labelled.push(i);
  });
  let zoom = data.scale;
  let near = null; // the highlighted node and its neighbours, or null
  function fontSize(i) {
    const n = items[i];
    return n.labelPx > 0 ? Math.max(n.font.size, n.labelPx / zoom) : n.font.size;
  }
  function font(i) {
    if (near === null) return { size: fontSize(i), color: INK };
    if (near.has(i)) return { size: Math.max(fontSize(i), 12 / zoom), color: INK };
    return { size: fontSize(i), color: "rgba(31,35,40,0.28)" };
  }

  // pyvis's node, with its label's size and colour for the current zoom and highlight, and
  // hidden if its kind (or leaves) are; colours and shapes come from the node's group.
  function nodeItem(i) {
    return Object.assign({}, items[i], { font: font(i), hidden: isHidden(i) });
  }

  const nodes = new vis.DataSet(items.map((_, i) => nodeItem(i)));
  const edges = new vis.DataSet(links.map((e) => Object.assign({}, e)));
  const container = document.getElementById("graph");
  // physics off: the positions come from the build (kg.layout)
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  network.once("afterDrawing", () => {
    window.paperkgFirstFrame = performance.now();
    document.documentElement.setAttribute("data-drawn", "1");
    rescaleLabels();
  });
  let rescaling = 0;
  function rescaleLabels() {
    rescaling = 0;
    const scale = network.getScale();
    if (Math.abs(scale - zoom) < zoom * 0.02) return;
    zoom = scale;
    const ids = near === null ? labelled : [...new Set([...labelled, ...near])];
    nodes.update(ids.map((i) => ({ id: i, font: font(i) })));
  }
  network.on("zoom", () => {
    if (!rescaling) rescaling = requestAnimationFrame(rescaleLabels);
  });
  network.on("animationFinished", rescaleLabels);

  // ---- building text safely ------------------------------------------------------------
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
    return info[a].n.localeCompare(info[b].n);
  }

  function card(i) {
    const box = el("div", "card");
    const item = info[i];
    box.appendChild(el("h3", null, item.n));
    let meta = item.c + " \u00b7 " + adjacency[i].length + (adjacency[i].length === 1 ? " connection" : " connections");
    if (item.s) meta += " \u00b7 " + item.s;
    box.appendChild(el("p", "meta", meta));
    const list = el("dl");
    const add = (term, text) => {
      list.appendChild(el("dt", null, term));
      list.appendChild(el("dd", null, text));
    };
    const groups = kinds.map(() => []);
    for (const j of adjacency[i]) groups[kindOf[j]].push(j);
    let venue = false;
    kinds.forEach((kind, k) => {
      if (!groups[k].length) return;
      const names = groups[k].sort(byName).map((j) => info[j].n);
      let text = names.slice(0, 6).join("; ");
      if (names.length > 6) text += " \u2026 and " + (names.length - 6) + " more";
      if (kind.key === "Venue" && item.y) {
        text += " " + item.y;
        venue = true;
      }
      add(kind.label, text);
    });
    if (item.y && !venue) add("Year", item.y);
    if (item.k && item.k.length) add("Also", item.k.join("; "));
    if (item.a) add("arXiv", item.a);
    if (list.childNodes.length) box.appendChild(list);
    if (item.i) box.appendChild(el("p", "intro", item.i));
    if (item.l && item.l.length) {
      const links = el("ul", "links");
      for (const [text, url] of item.l) {
        const li = el("li");
        const href = webHref(url);
        if (href) {
          const a = el("a", null, text);
          a.href = href;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          a.title = url;
          li.appendChild(a);
        } else {
          li.appendChild(el("span", null, text + ": "));
          li.appendChild(el("span", "url", url));
        }
        links.appendChild(li);
      }
      box.appendChild(links);
    }
    return box;
  }

  // ---- tooltip on hover -----------------------------------------------------------------
  const tip = document.getElementById("tip");
  let hideTimer = 0;
  function hideTip() {
    clearTimeout(hideTimer);
    tip.hidden = true;
  }
  network.on("hoverNode", (params) => {
    clearTimeout(hideTimer);
    tip.replaceChildren(card(params.node));
    tip.hidden = false;
    const frame = container.getBoundingClientRect();
    const x = frame.left + params.pointer.DOM.x + 14;
    const y = frame.top + params.pointer.DOM.y + 14;
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    tip.style.left = Math.max(4, Math.min(x, window.innerWidth - width - 8)) + "px";
    tip.style.top = Math.max(4, y + height > window.innerHeight - 8 ? y - height - 28 : y) + "px";
  });
  network.on("blurNode", () => {
    hideTimer = setTimeout(hideTip, 350);
  });
  tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  tip.addEventListener("mouseleave", () => {
    hideTimer = setTimeout(hideTip, 200);
  });
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ---- neighbourhood highlight ----------------------------------------------------------
  function highlight(i, scale) {
    zoom = scale;
    near = new Set(adjacency[i]);
    near.add(i);
    nodes.update(items.map((_, j) => ({ id: j, color: near.has(j) ? palette[kindOf[j]] : FADED, font: font(j) })));
    edges.update(links.map((e, j) => ({ id: j, color: e.from === i || e.to === i ? EDGE_NEAR : EDGE_FADED })));
  }
  function clearHighlight() {
    if (near === null) return;
    near = null;
    nodes.update(items.map((_, j) => ({ id: j, color: palette[kindOf[j]], font: font(j) })));
    edges.update(links.map((_, j) => ({ id: j, color: EDGE })));
  }

  const details = document.getElementById("details");
  function showDetails(i) {
    const heading = el("h2", null, "Selected");
    details.replaceChildren(heading, card(i));
    details.hidden = false;
  }

  function reveal(i) {
    const k = kindOf[i];
    if (kindHidden[k]) {
      kindHidden[k] = false;
      checkboxes[k].checked = true;
    }
    if (isHidden(i)) {
      leavesHidden = false;
      leafBox.checked = true;
    }
    applyVisibility();
  }

  function select(i, focus) {
    hideTip();
    reveal(i);
    const scale = focus ? Math.max(network.getScale(), 1.1) : network.getScale();
    network.selectNodes([i]);
    highlight(i, scale);
    showDetails(i);
    if (focus) {
      network.focus(i, { scale: scale, animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    }
  }

  network.on("click", (params) => {
    if (params.nodes.length) {
      select(params.nodes[0], false);
    } else {
      clearHighlight();
      network.unselectAll();
      details.hidden = true;
    }
  });

  // ---- filters by kind ------------------------------------------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  const SHAPES = {
    dot: "M8 2a6 6 0 1 0 0.01 0Z",
    square: "M2.5 2.5h11v11h-11Z",
    diamond: "M8 1.5 14.5 8 8 14.5 1.5 8Z",
    triangle: "M8 2 14.5 13.5h-13Z",
    triangleDown: "M1.5 2.5h13L8 14Z",
    star: "M8 1.2l1.9 4.3 4.6.4-3.5 3 1.1 4.6L8 11.1l-4.1 2.4 1.1-4.6-3.5-3 4.6-.4Z",
    hexagon: "M4.5 2h7L15 8l-3.5 6h-7L1 8Z",
    ring: "M8 2.5a5.5 5.5 0 1 0 0.01 0Z",
  };
  function swatch(kind, colours) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", SHAPES[kind.shape] || SHAPES.dot);
    if (kind.shape === "ring") {
      path.setAttribute("fill", "#ffffff");
      path.setAttribute("stroke", kind.colour);
      path.setAttribute("stroke-width", "3");
    } else {
      path.setAttribute("fill", colours.background);
      path.setAttribute("stroke", colours.border);
    }
    svg.appendChild(path);
    return svg;
  }

  function applyVisibility() {
    const changes = [];
    items.forEach((_, i) => {
      const hidden = isHidden(i);
      if (nodes.get(i).hidden !== hidden) changes.push({ id: i, hidden: hidden });
    });
    if (changes.length) nodes.update(changes);
  }

  const checkboxes = [];
  const kindList = document.getElementById("kinds");
  kinds.forEach((kind, k) => {
    const li = el("li");
    const label = el("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = kind.key;
    box.addEventListener("change", () => {
      kindHidden[k] = !box.checked;
      applyVisibility();
    });
    checkboxes.push(box);
    label.append(box, swatch(kind, palette[k]), el("span", null, kind.label), el("span", "count", kind.count.toLocaleString("en")));
    const only = el("button", "small", "only");
    only.type = "button";
    only.title = "Show only " + kind.label.toLowerCase();
    only.addEventListener("click", () => {
      kinds.forEach((_, m) => {
        kindHidden[m] = m !== k;
        checkboxes[m].checked = m === k;
      });
      applyVisibility();
    });
    li.append(label, only);
    kindList.appendChild(li);
  });
  document.getElementById("show-all").addEventListener("click", () => {
    kinds.forEach((_, m) => {
      kindHidden[m] = false;
      checkboxes[m].checked = true;
    });
    applyVisibility();
  });
  const leafBox = document.getElementById("show-leaves");
  if (data.leaves > 0 && data.large) {
    document.getElementById("leaves-text").textContent =
      "show " + data.leaves.toLocaleString("en") + " nodes linked to a single entry";
    document.getElementById("leaves").hidden = false;
    leafBox.checked = !leavesHidden;
    leafBox.addEventListener("change", () => {
      leavesHidden = !leafBox.checked;
      applyVisibility();
    });
  }

  // ---- search ---------------------------------------------------------------------------
  let haystack = null;
  function find(query) {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    if (haystack === null) {
      haystack = info.map((item, i) => [items[i].label, item.n, ...(item.k || []), item.a || ""].join("\n").toLowerCase());
    }
    const whole = terms.join(" ");
    const rank = (i) => {
      const name = info[i].n.toLowerCase();
      return name === whole ? 0 : name.startsWith(whole) ? 1 : items[i].label.toLowerCase().startsWith(whole) ? 2 : 3;
    };
    const found = [];
    for (let i = 0; i < count; i++) {
      if (terms.every((t) => haystack[i].includes(t))) found.push(i);
    }
    return found
      .map((i) => [rank(i), -adjacency[i].length, info[i].n, i])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]) || a[3] - b[3])
      .map((entry) => entry[3]);
  }

  const search = document.getElementById("search");
  const results = document.getElementById("results");
  let shown = [];
  let active = 0;
  function renderResults() {
    results.replaceChildren();
    if (!search.value.trim()) {
      results.hidden = true;
      return;
    }
    if (!shown.length) {
      results.appendChild(el("li", "empty", "nothing found"));
    }
    shown.forEach((i, position) => {
      const li = el("li", position === active ? "active" : null);
      li.appendChild(el("span", "kind", info[i].c));
      li.appendChild(el("span", null, info[i].n));
      li.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(i);
      });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function choose(i) {
    results.hidden = true;
    select(i, true);
  }
  search.addEventListener("input", () => {
    shown = find(search.value).slice(0, 12);
    active = 0;
    renderResults();
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      if (!shown.length) shown = find(search.value).slice(0, 12);
      if (shown.length) choose(shown[Math.min(active, shown.length - 1)]);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!shown.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      renderResults();
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });
  search.addEventListener("blur", () => {
    results.hidden = true;
  });
  search.addEventListener("focus", () => {
    if (shown.length) renderResults();
  });

  // For tests and the benchmark (bench/bench_html.py).
  window.paperkg = {
    network: network,
    nodes: nodes,
    edges: edges,
    find: find,
    select: (i) => select(i, true),
    selected: () => network.getSelectedNodes(),
    nameOf: (i) => info[i].n,
  };
})();
