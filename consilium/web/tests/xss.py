"""The XSS corpus, and a reader of rendered HTML that finds markup able to run script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import html5lib

CORPUS = Path(__file__).resolve().parent / "data" / "xss_payloads.txt"

# Attributes whose value a browser loads or follows as a URL.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "dynsrc", "lowsrc", "code", "codebase", "cite", "longdesc", "usemap", "ping", "to",
    "values", "from", "by",
}  # fmt: skip
RUNNING_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg", "livescript:")
# Elements that load or run something whatever their attributes, never in our pages' bodies.
LOADING_ELEMENTS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "bgsound",
    "layer", "ilayer", "meta", "link", "style", "template",
}  # fmt: skip
# The whitespace and control characters a browser skips inside a URL's scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def payloads() -> list[str]:
    """The corpus: one payload a line, "\\n" for a line break, "## " lines are comments."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("## ")]


def batches(texts: list[str], limit: int, joiner: str = "\n\n") -> Iterator[str]:
    """The texts joined into as few strings of at most `limit` characters as they fit in."""
    batch = ""
    for text in texts:
        text = text[:limit]
        if batch and len(batch) + len(joiner) + len(text) > limit:
            yield batch
            batch = ""
        batch = f"{batch}{joiner}{text}" if batch else text
    if batch:
        yield batch


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def active_markup(page: str) -> list[str]:
    """Everything in the page that could run script, each as a short description.

    The page is parsed as a browser parses it (html5lib), so markup that only becomes an
    element after parsing quirks is seen as the browser sees it. Our own templates have no
    event handlers, inline scripts or script URLs, so anything found came from user text.
    """
    found = []
    document = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    head = document.find("head")
    in_head = set(head.iter()) if head is not None else set()
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = _local(element.tag)
        attributes = {_local(name): value for name, value in element.attrib.items()}
        found += _element_problems(tag, attributes, element.text or "", element in in_head)
        for name, value in attributes.items():
            found += [f"{problem} on <{tag}>" for problem in _attribute_problems(name, value)]
    return found


def _element_problems(tag: str, attributes: dict[str, str], text: str, in_head: bool) -> list[str]:
    problems = []
    if tag == "script":
        ours = attributes.get("src", "").startswith("/static/") and not text
        # JSON and schema.org JSON-LD are data: a browser never runs them.
        data = attributes.get("type") in ("application/json", "application/ld+json")
        if not ours and not data:
            problems.append(f"a script element: {attributes} {text[:60]!r}")
    if tag in LOADING_ELEMENTS and not in_head:
        problems.append(f"a <{tag}> element in the body: {attributes}")
    return problems


def _attribute_problems(name: str, value: str) -> list[str]:
    problems = []
    if name.startswith("on"):
        problems.append(f"an event handler {name}={value!r}")
    if name == "srcdoc":
        problems.append("a srcdoc")
    if name in URL_ATTRIBUTES and _IGNORED_IN_SCHEME.sub("", value).lower().startswith(
        RUNNING_SCHEMES
    ):
        problems.append(f"a script URL {name}={value!r}")
    if name == "attributename" and value.lower() in {"href", "xlink:href"}:
        problems.append(f"an SVG animation of {value}")
    htmx = name.removeprefix("data-")
    if htmx.startswith("hx-on") or (
        htmx == "hx-vals" and value.strip().lower().startswith(("js:", "javascript:"))
    ):
        problems.append(f"htmx script {name}={value!r}")
    if htmx == "hx-trigger" and re.search(r"\b(load|revealed|intersect)\b", value):
        problems.append(f"an htmx request on load {name}={value!r}")
    return problems
