#!/usr/bin/env bash
# Build kg/view/static/vis-network.min.js: vis-network's "esnext" build (no bundled core-js
# polyfills, unlike its standalone build) and the packages it takes as peers, bundled by esbuild
# into one script that sets the global `vis` (what the page's own script uses: `vis.Network`,
# `vis.DataSet`). Every version is pinned in package.json and package-lock.json (`npm ci`
# installs exactly those), so the same versions give the same bytes; the result's sha256 is in
# kg/view/static/README.md.
#
#   tools/vis-network/build.sh        # needs node and npm; writes kg/view/static/vis-network.min.js
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../../kg/view/static/vis-network.min.js"
cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error
VERSION="$(node -p "require('vis-network/package.json').version")"
node_modules/.bin/esbuild entry.mjs --bundle --format=iife --global-name=vis --platform=browser \
  --target=es2020 --minify --legal-comments=eof --charset=utf8 \
  --banner:js="/* vis-network $VERSION (esnext build) with vis-data, vis-util, @egjs/hammerjs, component-emitter, keycharm and uuid, bundled by tools/vis-network/build.sh. Licences: kg/view/static/vis-network.LICENSE. */" \
  --outfile="$OUT" --log-level=warning
sha256sum "$OUT"
