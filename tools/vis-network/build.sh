#!/usr/bin/env bash
# Build kg/view/static/vis-network.min.js: vis-network's "esnext" build (no bundled core-js
# polyfills, unlike its standalone build) and the packages it takes as peers, bundled by esbuild
# into one script that sets the global `vis` (what the page's own script uses: `vis.Network`,
# `vis.DataSet`). Every version is pinned in package.json and package-lock.json (`npm ci`
# installs exactly those), so the same versions give the same bytes; the result's sha256 is in
# kg/view/static/README.md. Also writes kg/view/static/vis-network.LICENSE, their licences.
#
#   tools/vis-network/build.sh [DIR]   # needs node and npm; DIR is kg/view/static/ unless given
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="$(mkdir -p "${1:-$HERE/../../kg/view/static}" && cd "${1:-$HERE/../../kg/view/static}" && pwd)"
OUT="$DIR/vis-network.min.js"
cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error
VERSION="$(node -p "require('vis-network/package.json').version")"
node_modules/.bin/esbuild entry.mjs --bundle --format=iife --global-name=vis --platform=browser \
  --target=es2020 --minify --legal-comments=eof --charset=utf8 \
  --banner:js="/* vis-network $VERSION (esnext build) with vis-data, vis-util, @egjs/hammerjs, component-emitter, keycharm and uuid, bundled by tools/vis-network/build.sh. Licences: kg/view/static/vis-network.LICENSE. */" \
  --outfile="$OUT" --log-level=warning

# The licences of every package in the bundle, each under a line naming it, its version and its
# licence: vis-network.LICENSE beside the script.
LICENSE="$DIR/vis-network.LICENSE"
{
  echo "Licences of vis-network.min.js: the packages tools/vis-network/build.sh bundles into it."
  for pkg in vis-network vis-data vis-util @egjs/hammerjs component-emitter keycharm uuid; do
    for file in $(cd "node_modules/$pkg" && ls | grep -E '^LICEN[CS]E' | LC_ALL=C sort); do
      echo
      echo "==== $(node -p "const p = require('$pkg/package.json'); p.name + ' ' + p.version + ', licence ' + p.license"): $file"
      echo
      cat "node_modules/$pkg/$file"
    done
  done
} >"$LICENSE"
sha256sum "$OUT" "$LICENSE"
