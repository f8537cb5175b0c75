"""Running the outside RDF tools that the interop and push tests check paperkg's output with:
Oxigraph (CLI and server), Apache Jena RIOT, Raptor `rapper` and N3.js.

Each `*_count` function parses one file and returns a `ToolRun`: the number of triples the tool
counted, and every line of its output that is not the expected report (a warning, an error),
plus a note when it exited non-zero. A strict check asserts `run.problems == []`.

`.ci/install-tools.sh` installs the tools; here they are only found, never installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
N3COUNT = Path(__file__).resolve().parent / "node" / "n3count.mjs"
NODE_MODULES = REPO / ".ci" / "node" / "node_modules"
JAVA_LIB = Path("/usr/share/java")
TOOL_TIMEOUT = 120  # seconds any one tool run may take

# Debian's libapache-jena-java ships jars without a Class-Path manifest: RIOT needs these
# Jena modules and libraries listed one by one. slf4j-simple makes warnings visible at all.
JENA_JARS = (
    "jena-arq", "jena-base", "jena-cmds", "jena-core", "jena-iri", "jena-shacl", "jena-shex",
    "jena-tdb", "jena-tdb2", "jena-dboe-base", "jena-dboe-index", "jena-dboe-storage",
    "jena-dboe-trans-data", "jena-dboe-transaction", "jena-rdfconnection",
    "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
    "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-annotations",
    "jackson-core", "jackson-databind", "jakarta.json-api", "jsonld-java", "protobuf", "slf4j-api",
    "slf4j-simple", "thrift", "titanium-json-ld",
)  # fmt: skip


@dataclass
class ToolRun:
    """What one tool said about one file."""

    tool: str
    count: int | None = None
    problems: list[str] = field(default_factory=list)


def _run(command: list[str], *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, encoding="utf-8", errors="replace", timeout=TOOL_TIMEOUT, env=env, check=False
    )


def _judge(tool: str, proc: subprocess.CompletedProcess[str], expected: re.Pattern[str]) -> ToolRun:
    """Every output line must match `expected`; the one with a `count` group gives the count."""
    run = ToolRun(tool)
    for line in (proc.stdout + proc.stderr).splitlines():
        m = expected.fullmatch(line.strip())
        if m is None:
            if line.strip():
                run.problems.append(line.strip())
        elif m.groupdict().get("count"):
            run.count = int(re.sub(r"\D", "", m["count"]))
    if proc.returncode != 0:
        run.problems.append(f"{tool} exited with status {proc.returncode}")
    return run


# -- Raptor ------------------------------------------------------------------------------------
def rapper_count(path: Path) -> ToolRun:
    """`rapper -c`: Raptor counts the triples; any line but its two progress lines is a problem."""
    syntax = {".ttl": "turtle", ".nt": "ntriples"}[path.suffix]
    proc = _run(["rapper", "-i", syntax, "-c", str(path)])
    expected = re.compile(r"rapper: Parsing URI \S+ with parser \w+|rapper: Parsing returned (?P<count>\d+) triples?")
    return _judge("rapper", proc, expected)


# -- Jena RIOT ---------------------------------------------------------------------------------
def jena_fix(folder: Path) -> Path:
    """Debian's jena-core.jar moved its shaded Xerces classes to the package `xerces.*` but left
    their message bundles under `org/apache/jena/ext/xerces/`; without them Jena dies at
    start-up (ExceptionInInitializerError in XSSimpleTypeDecl.applyFacets1). Copy the bundles
    into `folder` where the classes look for them; `folder` goes first on the classpath."""
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JAVA_LIB / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = folder / "xerces" / name[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return folder


def riot_command(work: Path) -> list[str] | None:
    """The command that runs Jena RIOT here, or None: Apache Jena's own `riot` script when it is
    on PATH, else `java` with Debian's jars (libapache-jena-java) and the start-up fix built in
    `work`. Messages are kept in English so the count line reads the same everywhere."""
    if shutil.which("riot"):
        return ["riot"]
    jars = [JAVA_LIB / f"{name}.jar" for name in JENA_JARS]
    if shutil.which("java") is None or not all(jar.is_file() for jar in jars):
        return None
    classpath = os.pathsep.join(map(str, [jena_fix(work), *jars]))
    return ["java", "-Duser.language=en", "-Duser.country=US", "-cp", classpath, "riotcmd.riot"]


def riot_count(riot: list[str], path: Path) -> ToolRun:
    """`riot --validate --count` (strict mode, term checks): RIOT counts the triples; any WARN
    or ERROR line (an ill-typed literal, a bad IRI) is a problem."""
    syntax = {".ttl": "Turtle", ".nt": "N-Triples"}[path.suffix]
    proc = _run([*riot, "--validate", "--count", f"--syntax={syntax}", str(path)])
    return _judge("riot", proc, re.compile(r"\S+ : Triples = (?P<count>[\d,. \u00a0\u202f]+)"))


# -- N3.js -------------------------------------------------------------------------------------
def _node_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NODE_PATH"] = os.pathsep.join(p for p in (str(NODE_MODULES), env.get("NODE_PATH", "")) if p)
    return env


def n3_available() -> bool:
    """True when `node` runs and finds the `n3` package (in .ci/node or on NODE_PATH)."""
    if shutil.which("node") is None:
        return False
    proc = _run(["node", "-e", "require.resolve('n3')"], env=_node_env())
    return proc.returncode == 0


def n3_count(path: Path) -> ToolRun:
    """tests/node/n3count.mjs: N3.js parses strictly and prints the count; anything on stderr
    is a problem."""
    proc = _run(["node", str(N3COUNT), str(path)], env=_node_env())
    return _judge("N3.js", proc, re.compile(r"(?P<count>\d+)"))


# -- Oxigraph ----------------------------------------------------------------------------------
def oxigraph_bin() -> str | None:
    """The `oxigraph` command of the PyPI package `oxigraph`: on PATH, or beside this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    return shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)


def oxigraph_load(location: Path, path: Path, *, graph: str) -> ToolRun:
    """`oxigraph load` (strict, the default) of one file into the named graph `graph` of the
    store at `location`. Its advice lines are fine; a line naming an error or warning is not."""
    oxigraph = oxigraph_bin()
    assert oxigraph is not None
    proc = _run([oxigraph, "load", "--location", str(location), "--file", str(path), "--graph", graph])
    run = ToolRun("oxigraph load")
    run.problems = [line for line in (proc.stdout + proc.stderr).splitlines() if re.search(r"error|warn", line, re.I)]
    if proc.returncode != 0:
        run.problems.append(f"oxigraph load exited with status {proc.returncode}")
    return run


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the time of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OxigraphServer:
    """`oxigraph serve` on 127.0.0.1 and a free port, for a `with` block: started and waited for
    (bounded), and always stopped on leaving the block.

    `location` None: an in-memory store. `url` is the server's root, `store` its Graph Store
    endpoint."""

    START_TIMEOUT = 30.0

    def __init__(self, log: Path, location: Path | None = None) -> None:
        self.log = log
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store = f"{self.url}/store"
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OxigraphServer:
        oxigraph = oxigraph_bin()
        assert oxigraph is not None
        command = [oxigraph, "serve", "--bind", f"127.0.0.1:{self.port}"]
        if self.location is not None:
            command += ["--location", str(self.location)]
        with self.log.open("wb") as log:
            self._proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            self._wait_until_listening()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_listening(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with status {self._proc.returncode}: {self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"oxigraph serve did not listen on port {self.port} within {self.START_TIMEOUT:g} s")

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 10 s) and reap it."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._proc.wait()
        self._proc = None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def select(self, query: str) -> list[dict[str, str]]:
        """The solutions of a SPARQL SELECT query sent over HTTP, as {variable: value}."""
        request = urllib.request.Request(
            f"{self.url}/query?{urlencode({'query': query})}",
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            results = json.load(response)
        return [{name: term["value"] for name, term in row.items()} for row in results["results"]["bindings"]]

    def count(self, graph: str | None = None) -> int:
        """`SELECT (COUNT(*) AS ?n)` over the triples of the named graph `graph`, or of the
        default graph when `graph` is None."""
        pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])
