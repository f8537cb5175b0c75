// ---- search: names, titles and aliases first; then venue and year ("CVPR 2017"), arXiv ids
// and code repositories ("wkentaro"); then the words of intros and keywords. Within a tier,
// entries (papers) come before entities of the same name, then the best connected.
let haystack = null;

function venueYears(i) {
  const out = [];
  if (!info[i].y) return out;
  for (const j of adjacency[i]) {
    if (kinds[kindOf[j]].key !== "Venue") continue;
    for (const name of [info[j].n, ...(info[j].k || [])]) out.push(name + " " + info[i].y);
  }
  return out;
}

function buildHaystack() {
  return info.map((item, i) => {
    const names = [items[i].label, item.n, ...(item.k || [])].join("\n").toLowerCase();
    const code = (item.l || []).filter(([text]) => text.startsWith("code")).map(([text, url]) => text + " " + url);
    const extra = [item.a || "", ...venueYears(i), ...code].join("\n").toLowerCase();
    const text = [item.i || "", item.w || ""].join("\n").toLowerCase();
    return [item.n.toLowerCase(), items[i].label.toLowerCase(), (item.k || []).map((k) => k.toLowerCase()), names, extra, text];
  });
}

const WHY = ["", "", "", "", "venue, arXiv or code", "intro"];
function tier(i, whole, terms) {
  const [name, label, aliases, names, extra, text] = haystack[i];
  if (name === whole || label === whole) return 0;
  if (name.startsWith(whole) || label.startsWith(whole)) return 1;
  if (aliases.some((a) => a.startsWith(whole))) return 2;
  if (terms.every((t) => names.includes(t))) return 3;
  if (terms.every((t) => names.includes(t) || extra.includes(t))) return 4;
  if (terms.every((t) => names.includes(t) || extra.includes(t) || text.includes(t))) return 5;
  return -1;
}

// [node, tier] of every match, best first.
function find(query) {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  if (haystack === null) haystack = buildHaystack();
  const whole = terms.join(" ");
  const found = [];
  for (let i = 0; i < count; i++) {
    const t = tier(i, whole, terms);
    if (t >= 0) found.push([i, t]);
  }
  return found.sort(
    (a, b) => a[1] - b[1] || isEntry[b[0]] - isEntry[a[0]] || degree[b[0]] - degree[a[0]] || byName(a[0], b[0])
  );
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
  if (!shown.length) results.appendChild(el("li", "empty", "nothing found"));
  shown.forEach(([i, t], position) => {
    const li = el("li", position === active ? "active" : null);
    li.appendChild(el("span", "kind", info[i].c));
    li.appendChild(el("span", null, info[i].n));
    if (WHY[t]) li.appendChild(el("span", "why", WHY[t]));
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
  state.q = search.value.trim();
  select(i, { frame: true, push: true });
}

function wireSearch() {
  search.addEventListener("input", () => {
    shown = find(search.value).slice(0, 12);
    active = 0;
    renderResults();
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      if (!shown.length) shown = find(search.value).slice(0, 12);
      if (shown.length) choose(shown[Math.min(active, shown.length - 1)][0]);
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
}
