#!/usr/bin/env bash
# Install the outside tools the test suite checks paperkg's output with (issue 5), on a fresh
# Debian 12 machine, as root. Idempotent: a second run installs nothing and prints little.
#
#   Debian  raptor2-utils        rapper (Raptor 2.0.15)
#           libapache-jena-java  Jena 4.5 jars in /usr/share/java (no launcher scripts; the tests
#                                build the classpath themselves, see tests/rdf_tools.py)
#           default-jre-headless a Java runtime: libapache-jena-java does not depend on one
#           chromium             headless browser for the graph.html tests
#           libowlapi-java       the OWL API (5.1), whose OWL 2 DL profile checker tests/java/OwlProfile.java runs
#           default-jdk-headless a JDK: `java File.java` compiles that checker at run time
#   npm     n3 (N3.js)           into .ci/node/ (gitignored); the tests put it on NODE_PATH
#   PyPI    oxigraph             the Oxigraph server/CLI: comes with `pip install -e '.[test]'`
#
# Debian's Jena 4.5 dies at start-up (ExceptionInInitializerError in
# XSSimpleTypeDecl.applyFacets1): jena-core.jar relocates its shaded Xerces classes to package
# `xerces.*` but leaves their message bundles under `org/apache/jena/ext/xerces/`. This script
# does not patch system files: tests/rdf_tools.py copies the bundles out of jena-core.jar into
# a temporary folder and puts that folder first on the classpath of every Jena run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N3_VERSION="2"  # major version of N3.js; `npm install` picks the newest 2.x
say() { printf 'install-tools: %s\n' "$*"; }

# ---------------------------------------------------------------- Debian packages
PKGS=(chromium raptor2-utils libapache-jena-java default-jre-headless libowlapi-java default-jdk-headless)
missing=()
for pkg in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------- N3.js (npm)
NODE_DIR="$ROOT/.ci/node"
have_n3() {
  node -e "const v = require('$NODE_DIR/node_modules/n3/package.json').version;
           process.exit(v.split('.')[0] === '$N3_VERSION' ? 0 : 1)" 2>/dev/null
}
if ! have_n3; then
  say "npm install n3@$N3_VERSION into .ci/node"
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error "n3@$N3_VERSION" >/dev/null
fi

# ---------------------------------------------------------------- check
for cmd in rapper java javac node chromium; do
  command -v "$cmd" >/dev/null || { say "$cmd not found after installing" >&2; exit 1; }
done
for jar in jena-arq jena-core jena-cmds slf4j-simple owlapi-distribution; do
  [ -f "/usr/share/java/$jar.jar" ] || { say "/usr/share/java/$jar.jar not found" >&2; exit 1; }
done
have_n3 || { say "N3.js $N3_VERSION.x not found in $NODE_DIR" >&2; exit 1; }
command -v oxigraph >/dev/null || say "note: no oxigraph command yet; it comes with pip install -e '.[test]'"
say "rapper $(rapper --version), N3.js $(node -p "require('$NODE_DIR/node_modules/n3/package.json').version"), $(dpkg-query -W -f='Jena ${Version}' libapache-jena-java)"
