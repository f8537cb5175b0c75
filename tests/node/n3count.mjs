// Parse one Turtle (.ttl) or N-Triples (.nt) file with N3.js as strictly as it allows, and
// print the number of triples on stdout. Exit 1 with one line on stderr on the first problem.
//
//   node tests/node/n3count.mjs graph.ttl
//
// Strict means: bytes must be UTF-8; Turtle is read as Turtle only (no N3 or TriG syntax),
// N-Triples in N3.js's line mode; no base IRI is given, so a relative IRI stays relative and
// is refused below, as is a named graph. `n3` is found the usual way (node_modules above this
// file) or on NODE_PATH, which the tests point at .ci/node/node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const N3 = createRequire(import.meta.url)('n3');
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
const FORMATS = { ttl: 'text/turtle', nt: 'application/n-triples' };

function fail(message) {
  process.stderr.write(`n3count: ${message}\n`);
  process.exit(1);
}

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  process.stderr.write('usage: node n3count.mjs FILE.ttl|FILE.nt\n');
  process.exit(2);
}
const format = FORMATS[file.split('.').pop().toLowerCase()];
if (!format) fail(`${file}: unknown extension (expected .ttl or .nt)`);

let text;
try {
  text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
} catch (error) {
  fail(`${file}: ${error.message}`);
}

let quads;
try {
  quads = new N3.Parser({ format }).parse(text);
} catch (error) {
  fail(`${file}: ${String(error.message).split('\n')[0]}`);
}
for (const quad of quads) {
  for (const term of [quad.subject, quad.predicate, quad.object, quad.object.datatype]) {
    if (term && term.termType === 'NamedNode' && !ABSOLUTE.test(term.value)) {
      fail(`${file}: relative IRI <${term.value}>`);
    }
  }
  if (quad.graph.termType !== 'DefaultGraph') fail(`${file}: a triple in a named graph`);
}
process.stdout.write(`${quads.length}\n`);
