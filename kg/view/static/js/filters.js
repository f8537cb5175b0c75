// ---- what is shown: kinds (the legend), leaves, years and facets ------------------------------
// An entry is shown when its kind is, its year is in the range and it has every facet value
// chosen; with a year or facet filter on, an entity is shown when one of its entries is.
const facetKinds = kinds.map((k, i) => [k, i]).filter(([k]) => k.facet);
const entryLists = info.map((item) => new Set((item.L || []).map((l) => l[0])));
const years = yearOf.filter((y, i) => y !== null && isEntry[i]);
const yearRange = years.length ? [Math.min(...years), Math.max(...years)] : null;

function filtering() {
  return state.years !== null || Object.keys(state.facets).length > 0;
}

function entryPasses(i) {
  if (state.years !== null) {
    const y = yearOf[i];
    if (y === null || y < state.years[0] || y > state.years[1]) return false;
  }
  for (const [facet, value] of Object.entries(state.facets)) {
    if (facet === "list") {
      if (!entryLists[i].has(value)) return false;
    } else if (!adjacency[i].includes(value)) return false;
  }
  return true;
}

function computeVisible() {
  const next = new Uint8Array(count);
  const kindShown = kinds.map((k) => !state.hidden.has(k.key));
  const on = filtering();
  for (let i = 0; i < count; i++) {
    if (!kindShown[kindOf[i]]) continue;
    if (isEntry[i]) next[i] = on ? (entryPasses(i) ? 1 : 0) : 1;
  }
  const chosen = new Set(Object.entries(state.facets).filter(([f]) => f !== "list").map(([, v]) => v));
  for (let i = 0; i < count; i++) {
    if (!kindShown[kindOf[i]] || isEntry[i]) continue;
    if (!on) next[i] = state.leaves || items[i].leaf !== true ? 1 : 0;
    else next[i] = chosen.has(i) || adjacency[i].some((j) => isEntry[j] && next[j]) ? 1 : 0;
  }
  return next;
}

let redrawQueued = 0;
function redraw() {
  if (!redrawQueued && network) {
    redrawQueued = requestAnimationFrame(() => {
      redrawQueued = 0;
      network.redraw();
    });
  }
}

function applyVisibility() {
  const next = computeVisible();
  let changed = false;
  for (let i = 0; i < count && !changed; i++) changed = next[i] !== visible[i];
  visible = next;
  if (changed) {
    edgePaths = null;
    nodePaths = null;
  }
  syncFilterControls();
  redraw();
}

// ---- controls ---------------------------------------------------------------------------------
const SVG = "http://www.w3.org/2000/svg";
function swatch(kind, colours) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", SHAPES[kind.shape] || SHAPES.dot);
  if (HOLLOW.has(kind.shape)) {
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", kind.colour);
    path.setAttribute("stroke-width", "3");
  } else {
    path.setAttribute("fill", colours.background);
    path.setAttribute("stroke", colours.border);
  }
  svg.appendChild(path);
  return svg;
}

const checkboxes = [];
function buildLegend(changed) {
  const list = document.getElementById("kinds");
  kinds.forEach((kind, k) => {
    const li = el("li");
    const label = el("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.dataset.kind = kind.key;
    box.addEventListener("change", () => {
      if (box.checked) state.hidden.delete(kind.key);
      else state.hidden.add(kind.key);
      changed();
    });
    checkboxes.push(box);
    label.append(box, swatch(kind, palette[k]), el("span", null, kind.label), el("span", "count", digits(kind.count)));
    const only = el("button", "small", "only");
    only.type = "button";
    only.title = "Show only " + kind.label.toLowerCase();
    only.addEventListener("click", () => {
      state.hidden = new Set(kinds.filter((other) => other !== kind).map((other) => other.key));
      changed();
    });
    li.append(label, only);
    list.appendChild(li);
  });
  document.getElementById("show-all").addEventListener("click", () => {
    state.hidden = new Set();
    changed();
  });
  const leafBox = document.getElementById("show-leaves");
  if (data.leaves > 0 && data.large) {
    document.getElementById("leaves-text").textContent =
      "show " + digits(data.leaves) + " nodes linked to a single entry";
    document.getElementById("leaves").hidden = false;
    leafBox.addEventListener("change", () => {
      state.leaves = leafBox.checked;
      changed();
    });
  }
}

// Facet values: the entities of a kind (or the lists) with how many entries have each.
function facetValues(k) {
  const values = [];
  for (let i = 0; i < count; i++) {
    if (kindOf[i] !== k) continue;
    const n = adjacency[i].filter((j) => isEntry[j]).length;
    if (n) values.push([i, info[i].n, n]);
  }
  return values;
}
function listValues() {
  const counts = data.lists.map(() => 0);
  entryLists.forEach((lists) => lists.forEach((l) => l >= 0 && counts[l]++));
  return data.lists.map((name, l) => [l, name, counts[l]]).filter((v) => v[2]);
}

// A facet's options, most entries first, are made on first use or once the page is idle, not
// before the first frame: sorting them by name with localeCompare starts the collator, tens of
// milliseconds.
const facetFills = [];
function fillFacets() {
  while (facetFills.length) facetFills.pop()();
}
function fillOptions(select, values) {
  values.sort((a, b) => b[2] - a[2] || a[1].localeCompare(b[1]));
  const options = values.map(([value, name, n]) => {
    const option = el("option", null, name + " (" + n + ")");
    option.value = String(value);
    return option;
  });
  select.append(...options);
}

const facetSelects = {};
function buildFacets(changed) {
  const box = document.getElementById("facets");
  const specs = facetKinds.map(([kind, k]) => [kind.facet, kind.label, facetValues(k)]);
  if (data.lists.length > 1) specs.push(["list", "Lists", listValues()]);
  for (const [facet, label, values] of specs) {
    if (values.length < 2) continue;
    const id = "facet-" + facet;
    const title = el("label", null, label);
    title.htmlFor = id;
    const select = el("select");
    select.id = id;
    select.dataset.facet = facet;
    select.appendChild(el("option", null, "any"));
    select.firstChild.value = "";
    facetFills.push(() => fillOptions(select, values));
    for (const type of ["focus", "pointerdown", "keydown"]) select.addEventListener(type, fillFacets);
    select.addEventListener("change", () => {
      if (select.value === "") delete state.facets[facet];
      else state.facets[facet] = Number(select.value);
      changed();
    });
    facetSelects[facet] = select;
    box.append(title, select);
  }
  if (yearRange && yearRange[1] > yearRange[0]) {
    document.getElementById("years").hidden = false;
    for (const id of ["year-from", "year-to"]) {
      const input = document.getElementById(id);
      input.min = String(yearRange[0]);
      input.max = String(yearRange[1]);
      input.step = "1";
      input.addEventListener("input", () => {
        let lo = Number(document.getElementById("year-from").value);
        let hi = Number(document.getElementById("year-to").value);
        if (lo > hi) [lo, hi] = id === "year-from" ? [lo, lo] : [hi, hi];
        state.years = lo === yearRange[0] && hi === yearRange[1] ? null : [lo, hi];
        changed();
      });
    }
  }
  document.getElementById("reset").addEventListener("click", () => {
    state.years = null;
    state.facets = {};
    changed();
  });
}

function syncFilterControls() {
  kinds.forEach((kind, k) => {
    checkboxes[k].checked = !state.hidden.has(kind.key);
  });
  document.getElementById("show-leaves").checked = state.leaves;
  if (Object.keys(state.facets).length) fillFacets();
  for (const [facet, select] of Object.entries(facetSelects)) {
    select.value = facet in state.facets ? String(state.facets[facet]) : "";
  }
  if (yearRange) {
    const [lo, hi] = state.years || yearRange;
    document.getElementById("year-from").value = String(lo);
    document.getElementById("year-to").value = String(hi);
    document.getElementById("year-text").textContent = lo === hi ? String(lo) : lo + "\u2013" + hi;
  }
  let shown = 0, entries = 0;
  for (let i = 0; i < count; i++) {
    if (!visible[i]) continue;
    shown++;
    if (isEntry[i]) entries++;
  }
  document.getElementById("shown").textContent =
    "Showing " + plural(shown, "node", "nodes") + " (" + plural(entries, "entry", "entries") + ") of " + digits(count) + ".";
}
