// ---- a node's details: in the tooltip as text, in the side panel with every name a button ---
const SHOWN = 12; // names per kind before "and N more"

function nodeButton(i, live) {
  if (!live) return el("span", null, info[i].n);
  const button = el("button", "node", info[i].n);
  button.type = "button";
  button.dataset.node = String(i);
  button.title = info[i].c;
  return button;
}

function nameList(list, live, ordered) {
  const dd = el("dd");
  const sorted = ordered ? list : list.slice().sort(byName);
  const add = (from, to) => {
    for (let k = from; k < to; k++) {
      if (k > 0 && !live) dd.appendChild(document.createTextNode("; "));
      dd.appendChild(nodeButton(sorted[k], live));
    }
  };
  add(0, Math.min(SHOWN, sorted.length));
  if (sorted.length > SHOWN) {
    const rest = sorted.length - SHOWN;
    if (live) {
      const more = el("button", "small", "and " + rest + " more");
      more.type = "button";
      more.addEventListener("click", () => {
        more.remove();
        add(SHOWN, sorted.length);
      });
      dd.appendChild(document.createTextNode(" "));
      dd.appendChild(more);
    } else {
      dd.appendChild(document.createTextNode(" \u2026 and " + rest + " more"));
    }
  }
  return dd;
}

function linkList(item) {
  const list = el("ul", "links");
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
    list.appendChild(li);
  }
  return list;
}

function yearText(item) {
  return item.y + (item.yf ? " (from the arXiv id)" : "");
}

function listingList(item) {
  const list = el("ul", "listings");
  for (const [index, line, path] of item.L) {
    let text = (data.lists[index] || "") + (line ? ":" + line : "");
    if (path) text += " \u2014 " + path;
    list.appendChild(el("li", null, text));
  }
  return list;
}

function card(i, live) {
  const box = el("div", "card");
  const item = info[i];
  box.appendChild(el("h3", null, item.n));
  let meta = item.c + " \u00b7 " + plural(degree[i], "connection", "connections");
  box.appendChild(el("p", "meta", meta));
  const list = el("dl");
  const add = (term, dd) => {
    list.appendChild(el("dt", null, term));
    list.appendChild(typeof dd === "string" ? el("dd", null, dd) : dd);
  };
  const groups = kinds.map(() => []);
  for (const j of adjacency[i]) groups[kindOf[j]].push(j);
  let venue = false;
  kinds.forEach((kind, k) => {
    if (!groups[k].length) return;
    const dd = nameList(groups[k], live);
    if (kind.key === "Venue" && item.y && !item.yf) {
      dd.appendChild(document.createTextNode(" " + yearText(item)));
      venue = true;
    }
    add(kind.label, dd);
  });
  if (item.y && !venue) add("Year", yearText(item));
  if (item.k && item.k.length) add("Also", item.k.join("; "));
  if (item.a) add("arXiv", item.a);
  if (list.childNodes.length) box.appendChild(list);
  if (item.i) box.appendChild(el("p", "intro", item.i));
  if (item.L && item.L.length) {
    box.appendChild(el("h4", null, item.L.length === 1 ? "Listed in" : "Listed " + item.L.length + " times"));
    box.appendChild(listingList(item));
  }
  if (item.l && item.l.length) box.appendChild(linkList(item));
  if (live && kinds[kindOf[i]].key === "MethodFamily") box.appendChild(lineage(i));
  return box;
}

// ---- a method family's lineage: skos:broader up and down, the papers of every version ------
function parents(i) {
  return outEdges[i].filter((j) => hasRel(j, "broader")).map((j) => links[j].to).filter((p) => kindOf[p] === kindOf[i]);
}
function children(i) {
  return inEdges[i].filter((j) => hasRel(j, "broader")).map((j) => links[j].from).filter((c) => kindOf[c] === kindOf[i]);
}

function descendants(i) {
  const seen = new Set([i]);
  const queue = [i];
  while (queue.length) {
    for (const c of children(queue.shift())) {
      if (!seen.has(c)) {
        seen.add(c);
        queue.push(c);
      }
    }
  }
  return seen;
}

function tree(i, here, seen) {
  const li = el("li");
  const button = nodeButton(i, true);
  if (i === here) button.classList.add("here");
  li.appendChild(button);
  const below = children(i).filter((c) => !seen.has(c)).sort(byName);
  if (below.length) {
    const ul = el("ul");
    for (const c of below) {
      seen.add(c);
      ul.appendChild(tree(c, here, seen));
    }
    li.appendChild(ul);
  }
  return li;
}

function entriesBy(family, relation) {
  const found = new Set();
  for (const f of descendants(family)) {
    for (const j of inEdges[f]) if (hasRel(j, relation) && isEntry[links[j].from]) found.add(links[j].from);
  }
  return [...found].sort((a, b) => (yearOf[a] || 9999) - (yearOf[b] || 9999) || byName(a, b));
}

function lineage(i) {
  const box = el("div", "lineage");
  let top = i;
  const up = new Set([i]);
  for (let p = parents(top); p.length && !up.has(p[0]); p = parents(top)) {
    top = p[0];
    up.add(top);
  }
  box.appendChild(el("h4", null, "Lineage"));
  const ul = el("ul", "tree");
  ul.appendChild(tree(top, i, new Set([top])));
  box.appendChild(ul);
  for (const [relation, title] of [["methodFamily", "Papers of this family and its versions"], ["usesMethod", "Papers using it"]]) {
    const found = entriesBy(i, relation);
    if (!found.length) continue;
    box.appendChild(el("h4", null, title + " (" + found.length + ")"));
    const dl = el("dl");
    dl.appendChild(nameList(found, true, true));
    box.appendChild(dl);
  }
  return box;
}
