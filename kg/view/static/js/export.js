// ---- export: the selected entries (the lit neighbourhood or path) or, with nothing selected,
// every shown entry, as CSV or as Markdown in the lists' own style; the view as PNG ------------
function exportPool() {
  const pool = pathNodes ? new Set(pathNodes) : near;
  const chosen = [];
  for (let i = 0; i < count; i++) if (isEntry[i] && visible[i] && (pool === null || pool.has(i))) chosen.push(i);
  return chosen;
}
function exported() {
  return exportPool().sort((a, b) => (yearOf[a] || 9999) - (yearOf[b] || 9999) || byName(a, b));
}

// Counts only: sorting by name (localeCompare) waits for an export.
function describeExport() {
  const what = poolName();
  document.getElementById("export-what").textContent = plural(exportPool().length, "entry", "entries") + ": " + what + ".";
}
function poolName() {
  if (pathNodes) return "the path";
  if (near) return "the lit neighbourhood";
  return filtering() ? "every entry the filters show" : "every shown entry";
}

function neighbourNames(i, key) {
  return adjacency[i].filter((j) => kinds[kindOf[j]].key === key).map((j) => info[j].n).sort();
}

const CSV_COLUMNS = ["title", "kind", "year", "venue", "institutions", "method families", "datasets", "frameworks", "topics", "arXiv", "code", "links", "lists"];
function csvRow(i) {
  const item = info[i];
  const join = (list) => list.join("; ");
  const code = (item.l || []).filter(([text]) => text.startsWith("code")).map(([, url]) => url);
  const other = (item.l || []).filter(([text]) => !text.startsWith("code")).map(([, url]) => url);
  const lists = (item.L || []).map(([l, line]) => (data.lists[l] || "") + (line ? ":" + line : ""));
  return [item.n, item.c, item.y || "", join(neighbourNames(i, "Venue")), join(neighbourNames(i, "Institution")),
    join(neighbourNames(i, "MethodFamily")), join(neighbourNames(i, "Dataset")),
    join([...neighbourNames(i, "Framework"), ...neighbourNames(i, "Library")]), join(neighbourNames(i, "Topic")),
    item.a || "", join(code), join(other), join(lists)];
}

// A field as CSV (RFC 4180) that no spreadsheet runs as a formula.
function csvField(value) {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function toCsv(chosen) {
  return [CSV_COLUMNS, ...chosen.map(csvRow)].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function markdownLink(url) {
  return webHref(url) ? "[" + url + "](" + url + ")" : url;
}

// An entry as the lists write one: **title**, then `- intro:`, `- arxiv:`, `- github:`, ...
function toMarkdown(chosen) {
  const blocks = chosen.map((i) => {
    const item = info[i];
    const lines = ["**" + item.n.replace(/\*\*/g, "* *") + "**", ""];
    let intro = item.i;
    if (!intro) {
      const venue = neighbourNames(i, "Venue")[0];
      intro = [venue && item.y && !item.yf ? venue + " " + item.y : "", neighbourNames(i, "Institution").join(", ")].filter(Boolean).join(". ");
    }
    if (intro) lines.push("- intro: " + intro.replace(/\s+/g, " "));
    if (item.a) lines.push("- arxiv: " + markdownLink("https://arxiv.org/abs/" + item.a));
    for (const [text, url] of item.l || []) {
      if (item.a && /arxiv\.org\/(abs|pdf)\//.test(url)) continue;
      const key = text.startsWith("code") ? (/gitlab\.com/.test(url) ? "gitlab" : /bitbucket\.org/.test(url) ? "bitbucket" : "github") : text;
      lines.push("- " + key + ": " + markdownLink(url));
    }
    return lines.join("\n");
  });
  return blocks.join("\n\n") + "\n";
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function wireExport() {
  document.getElementById("export-csv").addEventListener("click", () => {
    download("paperkg-entries.csv", new Blob([toCsv(exported())], { type: "text/csv;charset=utf-8" }));
  });
  document.getElementById("export-md").addEventListener("click", () => {
    download("paperkg-entries.md", new Blob([toMarkdown(exported())], { type: "text/markdown;charset=utf-8" }));
  });
  document.getElementById("export-png").addEventListener("click", () => {
    const canvas = container.querySelector("canvas");
    const out = document.createElement("canvas"); // the drawing on the page's background
    out.width = canvas.width;
    out.height = canvas.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = THEME.bg;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    out.toBlob((blob) => blob && download("paperkg-graph.png", blob), "image/png");
  });
}
