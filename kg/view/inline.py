"""What `graph.html` inlines, made safe to inline: JSON data, the project's own script and style,
vendored vis-network, and the Content-Security-Policy that admits exactly those scripts."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE = re.compile("[<>&\u2028\u2029]")
# The page's own script, in this order, as one inline script (each part shares its scope).
SCRIPT_PARTS = (
    "core.js",
    "overlay.js",
    "labels.js",
    "card.js",
    "filters.js",
    "search.js",
    "walk.js",
    "export.js",
    "main.js",
)


def script_json(value: Any) -> str:
    """`value` as JSON that is safe inside a `<script>` element: no `<`, `>` or `&` (so no
    `</script>` or `<!--`), and no U+2028/U+2029."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def script_text(code: str) -> str:
    """JavaScript source made safe to inline: `</script` and `<!--` cannot occur in it."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def static(name: str) -> str:
    """A file of `kg/view/static/`."""
    return files("kg.view").joinpath("static", *name.split("/")).read_text(encoding="utf-8")


def _vis_network() -> str:
    """vis-network's standalone build, without its source-map comment."""
    code = static("vis-network.min.js")
    return re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", code)


def page_script() -> str:
    """The page's own script: the parts of `static/js/` in `SCRIPT_PARTS` order, in one closure."""
    parts = [f"// ---- {name}\n{static('js/' + name)}" for name in SCRIPT_PARTS]
    return '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n"


@cache
def scripts() -> tuple[str, ...]:
    """The page's inline scripts (vis-network, then the page's own), made safe to inline."""
    return script_text(_vis_network()), script_text(page_script())


@cache
def csp() -> str:
    """The page's Content-Security-Policy: its two inline scripts by hash, nothing from the network."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(code) for code in scripts()),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
