"""Export: one view of the graph as a single self-contained, interactive HTML page.

`html_page(graph, title=..., texts=...)` takes a networkx view (`kg.views.view_graph`: nodes with
`label`, `type` and optionally `source`, `start`, `end` and other attributes; edges with any
attributes) and returns the text of one HTML page that needs no network when viewed:

- the graph's data is a JSON blob inside the page (`<script type="application/json" id="kg-data">`);
- Cytoscape.js (MIT, vendored in `kg/assets/`, see its README) is read at export time and inlined;
- the page offers zoom and pan, a search box (Enter selects, centres and highlights the first node
  whose label or id contains the text, accents and case ignored; Enter again goes to the next one),
  a details panel for the clicked node (type, label, id, attributes, neighbours, and its source span:
  file, characters start–end and the text of that span when the document was found), and a legend by
  node type whose entries hide or show that type. `window.cy` is the Cytoscape instance.

Graphs up to `_PRESET_LIMIT` nodes are laid out here (a numpy force layout per connected component,
fixed seed, so the same graph gives the same picture; about 2 s for 2,300 nodes); larger ones are put
on a grid in the browser (a force layout there takes minutes at that size).

`source_texts(graph, directories)` is the only I/O apart from the asset: it reads the source
documents that the nodes' spans point to, found by file name in the given directories, with the
same reading as `kg build` (`kg.reading.read_source`: decoding, a PDF's text layer), so the offsets fall
where they did.

`kg export --format html [--view VIEW]` (registered with `kg.export.register`; view `full` by
default) looks for the documents in the directories of `$KG_SOURCES` (separated by the path
separator, ":" on POSIX) or, when it is not set, in the current directory and its subdirectories one
level down (where `kg build data/` was run). The graph records file names only; a document not found
leaves its nodes with file and offsets but no text. A view of more than `PAGE_NODE_LIMIT` nodes (the
`full` view of a large store) is refused with a one-line error: graph tools are for those.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import numpy as np

from kg.errors import UserError
from kg.export import DEFAULT_VIEW, open_text_output, register
from kg.reading import read_source
from kg.store import GraphStore
from kg.views import graph_from_view, open_view

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
SOURCES_ENV = "KG_SOURCES"
CYTOSCAPE = "cytoscape.min.js"

SPAN_TEXT_LIMIT = 4000  # characters of a span shown in the page; longer spans are cut with "…"
_PRESET_LIMIT = 5000  # nodes laid out here up to this size (seconds); larger graphs on a grid in the browser
PAGE_NODE_LIMIT = 50_000  # more nodes than a browser can draw and keep responsive: refused, with a hint

# colours for node types, most frequent type first (Tableau 10, then a few more)
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf", "#bcbd22",
)  # fmt: skip
_OTHER_COLOUR = "#999999"
_RESERVED = {"label", "type", "source", "start", "end"}


def read_asset(name: str) -> str:
    """A vendored file of kg/assets, checked to be safe inside a <script> element."""
    path = ASSETS_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: missing front-end asset ({exc.strerror or exc}); reinstall the package") from exc
    if "</script" in text.lower():
        raise UserError(f"{path}: the asset contains '</script' and cannot be inlined")
    return text


def source_file_name(source: object) -> str:
    """The file name a node's `source` refers to: a path, a file name or a document IRI."""
    text = str(source).rstrip("/")
    return unquote(text.replace("\\", "/").rsplit("/", 1)[-1])


def source_texts(graph: nx.MultiDiGraph, directories: Iterable[str | Path]) -> dict[str, str]:
    """The text of each source document named by a node of `graph`, by file name, from `directories`.

    A document found in none of the directories is left out (the page then shows file and offsets).
    """
    wanted = {source_file_name(a["source"]) for _, a in graph.nodes(data=True) if a.get("source")}
    texts: dict[str, str] = {}
    for directory in directories:
        for name in sorted(wanted - texts.keys()):
            path = Path(directory) / name
            if path.is_file():
                texts[name] = read_source(path).text  # a PDF's text layer, as kg build read it
    return texts


def _json_value(value: object) -> object:
    """Attribute values as JSON: numbers, booleans and strings as they are, lists item by item,
    anything else (URIRef, Literal, date, Decimal) as its text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_value(v) for v in value]
    return str(value)


def _offset(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _span(attributes: Mapping, texts: Mapping[str, str]) -> dict | None:
    if not attributes.get("source"):
        return None
    name = source_file_name(attributes["source"])
    start, end = _offset(attributes.get("start")), _offset(attributes.get("end"))
    span: dict = {"file": name, "start": start, "end": end}
    text = texts.get(name)
    if text is not None and start is not None and end is not None and 0 <= start <= end <= len(text):
        piece = text[start:end]
        span["text"] = piece[:SPAN_TEXT_LIMIT] + ("…" if len(piece) > SPAN_TEXT_LIMIT else "")
    return span


def _positions(graph: nx.MultiDiGraph) -> dict | None:
    """Fixed-seed force layout of each connected component, the components packed in rows.

    None for graphs over `_PRESET_LIMIT` nodes: the browser puts those on a grid.
    """
    if not 0 < graph.number_of_nodes() <= _PRESET_LIMIT:
        return None
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    laid_out = []
    for component in components:
        local = _component_layout(simple.subgraph(sorted(component, key=str)))
        radius = max((math.hypot(x, y) for x, y in local.values()), default=0.0)
        laid_out.append((radius + 60, local))
    # shelf packing: rows of components, about as wide as the whole drawing is tall
    width = math.sqrt(sum((2 * r) ** 2 for r, _ in laid_out)) * 1.2
    positions, x, y, row_height = {}, 0.0, 0.0, 0.0
    for r, local in laid_out:
        if x > 0 and x + 2 * r > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in local.items():
            positions[node] = (round(float(px) + x + r, 1), round(float(py) + y + r, 1))
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return positions


def _chunks(n: int, budget: int = 2_000_000) -> list[tuple[int, int]]:
    """Row ranges of an n×n computation, about `budget` cells at a time (bounded memory)."""
    size = max(1, budget // max(n, 1))
    return [(i, min(i + size, n)) for i in range(0, n, size)]


def force_layout(n: int, edges: np.ndarray, iterations: int, seed: int = 7) -> np.ndarray:
    """Fruchterman–Reingold in numpy: n points in the unit square, `edges` an (m, 2) index array.

    Repulsion between all pairs is computed in row chunks (O(n²) time, O(n) memory beyond a
    fixed-size block), attraction along the edges; the step shrinks linearly to zero.
    """
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n < 2:
        return pos
    k2 = 1.0 / n  # (optimal distance k = 1/sqrt(n))²
    u, v = edges[:, 0], edges[:, 1]
    step = 0.1
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        x, y = pos[:, 0], pos[:, 1]
        for i0, i1 in _chunks(n):
            dx = x[i0:i1, None] - x[None, :]
            dy = y[i0:i1, None] - y[None, :]
            w = dx * dx
            w += dy * dy
            np.maximum(w, 1e-9, out=w)
            np.divide(k2, w, out=w)
            disp[i0:i1, 0] = np.einsum("ij,ij->i", dx, w)
            disp[i0:i1, 1] = np.einsum("ij,ij->i", dy, w)
        if len(u):
            d = pos[u] - pos[v]
            pull = d * (np.hypot(d[:, 0], d[:, 1]) * math.sqrt(n))[:, None]  # |d|²/k along d
            np.add.at(disp, u, -pull)
            np.add.at(disp, v, pull)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-12)
        pos += disp * (np.minimum(length, step) / length)[:, None]
        step -= 0.1 / iterations
    return pos


def _iterations(n: int) -> int:
    # O(n²) each: fewer for large components, so that a few thousand nodes take seconds
    return max(30, min(100, int(100 * (800 / n) ** 2)))


def _component_layout(component: nx.Graph, spacing: float = 60.0) -> dict:
    """Force layout of one connected component, scaled so that a node's nearest neighbour is
    typically `spacing` pixels away (dense parts stay readable whatever the outliers do)."""
    nodes = list(component)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in component.edges()], dtype=np.int64).reshape(-1, 2)
    points = force_layout(len(nodes), edges, _iterations(len(nodes)))
    points -= points.mean(axis=0)
    nearest = np.empty(len(nodes))
    for i0, i1 in _chunks(len(nodes)):
        distances = np.hypot(points[i0:i1, None, 0] - points[None, :, 0], points[i0:i1, None, 1] - points[None, :, 1])
        distances[np.arange(i1 - i0), np.arange(i0, i1)] = np.inf
        nearest[i0:i1] = distances.min(axis=1)
    typical = float(np.median(nearest))
    factor = spacing / typical if typical > 0 else spacing
    layout = {n: (float(x) * factor, float(y) * factor) for n, (x, y) in zip(nodes, points)}
    # a leaf drifts far from its only neighbour and shrinks the rest of the drawing: pull it in
    for node in nodes:
        neighbours = list(component[node])
        if len(neighbours) == 1:
            (x, y), (nx_, ny) = layout[node], layout[neighbours[0]]
            length = math.hypot(x - nx_, y - ny)
            if length > 3 * spacing:
                ratio = 3 * spacing / length
                layout[node] = (nx_ + (x - nx_) * ratio, ny + (y - ny) * ratio)
    return layout


def graph_data(graph: nx.MultiDiGraph, texts: Mapping[str, str] | None = None) -> dict:
    """The page's JSON blob: nodes (id, label, type, size, attributes, span, position), edges, types."""
    texts = texts or {}
    type_counts = Counter(str(a.get("type") or "?") for _, a in graph.nodes(data=True))
    types = {
        name: {"count": count, "color": PALETTE[i] if i < len(PALETTE) else _OTHER_COLOUR}
        for i, (name, count) in enumerate(sorted(type_counts.items(), key=lambda item: (-item[1], item[0])))
    }
    positions = _positions(graph)
    ids = {node: str(node) for node in graph.nodes}
    nodes = []
    for node, attributes in graph.nodes(data=True):
        item = {
            "id": ids[node],
            "label": str(attributes.get("label") or node),
            "type": str(attributes.get("type") or "?"),
            "size": round(min(12 + 3 * math.sqrt(graph.degree(node)), 32), 1),
            "attrs": {k: _json_value(v) for k, v in sorted(attributes.items()) if k not in _RESERVED},
            "span": _span(attributes, texts),
        }
        if positions is not None:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    edges = [
        {
            "source": ids[u],
            "target": ids[v],
            "label": str(attributes.get("label") or attributes.get("type") or attributes.get("predicate") or key),
            "attrs": {k: _json_value(a) for k, a in sorted(attributes.items())},
        }
        for u, v, key, attributes in graph.edges(keys=True, data=True)
    ]
    directed = bool(graph.graph.get("directed", True))
    return {"nodes": nodes, "edges": edges, "types": types, "positioned": positions is not None, "directed": directed}


def _script_json(data: dict) -> str:
    # "<" only occurs inside JSON strings, where \u003c means the same: no "</script>" can end the blob
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def html_page(graph: nx.MultiDiGraph, *, title: str, texts: Mapping[str, str] | None = None) -> str:
    """The whole page for `graph`, with `texts` (file name -> document text) for the span texts."""
    data = graph_data(graph, texts)
    parts = {
        "TITLE": html.escape(title),
        "NODES": str(len(data["nodes"])),
        "EDGES": str(len(data["edges"])),
        "DATA": _script_json(data),
        "CYTOSCAPE": read_asset(CYTOSCAPE),
        "APP": _APP,
    }
    # one pass, so that a marker inside the data or the library is never replaced
    return re.sub(r"@([A-Z]+)@", lambda m: parts[m.group(1)], _PAGE)


def source_directories() -> list[Path]:
    """Where `kg export --format html` looks for the source documents (see the module docstring)."""
    if os.environ.get(SOURCES_ENV):
        return [Path(p) for p in os.environ[SOURCES_ENV].split(os.pathsep) if p]
    here = Path.cwd()
    try:
        below = sorted(p for p in here.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        below = []
    return [here, *below]


@register("html")
def write_html(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    """`kg export --format html`: the interactive page of one view (standard output when no --out)."""
    name = view or DEFAULT_VIEW
    graph = graph_from_view(open_view(store, name), max_nodes=PAGE_NODE_LIMIT)
    page = html_page(graph, title=f"{name} · {store.path.name}", texts=source_texts(graph, source_directories()))
    with open_text_output(out) as text:
        text.write(page)
    return [] if out is None else [Path(out)]


_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="deliberations-kg">
<title>@TITLE@</title>
<style>
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { display: flex; align-items: center; gap: 12px; padding: 8px 12px; border-bottom: 1px solid #ddd; background: #f7f7f7; flex-wrap: wrap; }
header h1 { font-size: 16px; margin: 0; }
#counts { color: #555; }
#search { width: 22em; padding: 4px 8px; font-size: 14px; }
#search-status { color: #555; min-width: 4em; }
button { font: inherit; cursor: pointer; }
main { flex: 1; display: flex; min-height: 0; }
#cy { flex: 1; min-width: 0; background: #fff; }
aside { width: 380px; border-left: 1px solid #ddd; overflow-y: auto; padding: 8px 12px; background: #fcfcfc; }
aside h2 { font-size: 14px; margin: 12px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
#legend ul { list-style: none; margin: 0; padding: 0; }
#legend button { display: flex; align-items: center; gap: 6px; width: 100%; border: 0; background: none; padding: 2px 0; text-align: left; }
#legend button[aria-pressed="false"] { opacity: .35; text-decoration: line-through; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; flex: none; }
.count { margin-left: auto; color: #777; }
#details dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
#details dt { color: #666; }
#details dd { margin: 0; overflow-wrap: anywhere; }
#details .label { font-size: 15px; font-weight: 600; margin: 4px 0 8px; overflow-wrap: anywhere; }
#details blockquote { margin: 6px 0; padding: 6px 8px; background: #fff8dc; border-left: 3px solid #e0c060; white-space: pre-wrap; overflow-wrap: anywhere; font: 12px/1.35 ui-monospace, Menlo, Consolas, monospace; max-height: 40vh; overflow-y: auto; }
#details ul { padding-left: 16px; margin: 4px 0; }
#details a { color: #1a5fb4; cursor: pointer; }
.muted { color: #777; }
</style>
</head>
<body>
<header>
  <h1>@TITLE@</h1>
  <span id="counts" title="nœuds · liens / nodes · links">● @NODES@ · ⟶ @EDGES@</span>
  <input id="search" type="search" list="labels" autocomplete="off" placeholder="nom, texte… / name, text…"
         aria-label="Rechercher un nœud / Find a node">
  <datalist id="labels"></datalist>
  <span id="search-status" role="status" aria-live="polite"></span>
  <button id="fit" type="button" title="Tout afficher / Fit all">⤢</button>
</header>
<main>
  <div id="cy" role="application" aria-label="Graphe / Graph"></div>
  <aside>
    <section id="details" aria-live="polite"><p class="muted">Cliquer sur un nœud / Click a node</p></section>
    <section id="legend"><h2>Types</h2><ul></ul></section>
  </aside>
</main>
<script type="application/json" id="kg-data">@DATA@</script>
<script>@CYTOSCAPE@</script>
<script>@APP@</script>
</body>
</html>
"""

_APP = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  var elements = [];
  data.nodes.forEach(function (n) {
    var item = { group: "nodes", data: { id: n.id, label: n.label, type: n.type, size: n.size,
                                         color: (data.types[n.type] || {}).color || "#999" } };
    if (data.positioned) item.position = { x: n.x, y: n.y };
    elements.push(item);
  });
  data.edges.forEach(function (e, i) {
    elements.push({ group: "edges", data: { id: "e" + i, source: e.source, target: e.target, label: e.label, index: i } });
  });
  var manyEdges = data.edges.length > 4000;
  var arrows = data.directed && !manyEdges;
  var layout = data.positioned ? { name: "preset", fit: true, padding: 30 }
    : { name: "grid", fit: true, padding: 30, avoidOverlap: false };

  var cy = window.cy = cytoscape({
    container: document.getElementById("cy"),
    elements: elements,
    layout: layout,
    minZoom: 0.02,
    maxZoom: 6,
    textureOnViewport: data.nodes.length > 2000,
    style: [
      { selector: "node", style: {
          "background-color": "data(color)", "width": "data(size)", "height": "data(size)",
          "label": "data(label)", "font-size": 11, "min-zoomed-font-size": 9, "color": "#222",
          "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": "180px",
          "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": "1px",
          "border-width": 1, "border-color": "#fff" } },
      { selector: "edge", style: {
          "width": 1, "line-color": "#c8c8c8", "curve-style": manyEdges ? "haystack" : "bezier",
          "target-arrow-shape": arrows ? "triangle" : "none", "target-arrow-color": "#c8c8c8",
          "arrow-scale": 0.7, "opacity": 0.8 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111", "z-index": 20, "font-weight": "bold" } },
      { selector: "node.found", style: { "border-width": 5, "border-color": "#d00", "z-index": 30,
          "font-size": 14, "min-zoomed-font-size": 0, "text-background-opacity": 1, "text-max-width": "400px" } },
      { selector: "edge.near", style: { "line-color": "#555", "target-arrow-color": "#555", "width": 2, "opacity": 1 } },
      { selector: "edge.near:selected, edge.near.few", style: { "label": "data(label)", "font-size": 9,
          "min-zoomed-font-size": 8, "text-rotation": "autorotate", "text-background-color": "#fff",
          "text-background-opacity": 0.8 } },
      { selector: ".faded", style: { "opacity": 0.12 } },
      { selector: ".hidden", style: { "display": "none" } }
    ]
  });

  // -- details panel --------------------------------------------------------------------------
  var details = document.getElementById("details");

  function row(dl, name, value) {
    dl.appendChild(el("dt", name));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = typeof value === "object" ? JSON.stringify(value) : String(value);
    dl.appendChild(dd);
  }
  function nodeLink(id) {
    var a = el("a", byId[id] ? byId[id].label : id);
    a.href = "#";
    a.addEventListener("click", function (ev) { ev.preventDefault(); focusNode(cy.getElementById(id)); });
    return a;
  }

  function showNode(node) {
    var n = byId[node.id()];
    details.textContent = "";
    details.appendChild(el("h2", "Nœud / Node"));
    details.appendChild(el("div", n.label, "label"));
    var dl = el("dl");
    var type = el("span");
    var sw = el("span", null, "swatch"); sw.style.background = (data.types[n.type] || {}).color || "#999";
    type.appendChild(sw); type.appendChild(document.createTextNode(" " + n.type));
    row(dl, "type", type);
    row(dl, "id", n.id);
    Object.keys(n.attrs).forEach(function (k) { row(dl, k, n.attrs[k]); });
    details.appendChild(dl);
    if (n.span) {
      details.appendChild(el("h2", "Source"));
      var sdl = el("dl");
      row(sdl, "file", n.span.file);
      if (n.span.start !== null) row(sdl, "chars", n.span.start + "–" + n.span.end);
      details.appendChild(sdl);
      if (n.span.text !== undefined) details.appendChild(el("blockquote", n.span.text, "span-text"));
      else details.appendChild(el("p", "(texte non inclus / text not included)", "muted"));
    }
    var links = node.connectedEdges();
    if (links.length) {
      details.appendChild(el("h2", "Liens / Links (" + links.length + ")"));
      var ul = el("ul");
      links.slice(0, 200).forEach(function (edge) {
        var li = el("li");
        var out = edge.source().id() === node.id();
        li.appendChild(document.createTextNode((data.directed ? (out ? "→ " : "← ") : "— ") + edge.data("label") + " "));
        li.appendChild(nodeLink(out ? edge.target().id() : edge.source().id()));
        ul.appendChild(li);
      });
      if (links.length > 200) ul.appendChild(el("li", "…", "muted"));
      details.appendChild(ul);
    }
  }

  function showEdge(edge) {
    var e = data.edges[edge.data("index")];
    details.textContent = "";
    details.appendChild(el("h2", "Lien / Link"));
    details.appendChild(el("div", e.label, "label"));
    var dl = el("dl");
    row(dl, "from", nodeLink(e.source));
    row(dl, "to", nodeLink(e.target));
    Object.keys(e.attrs).forEach(function (k) { row(dl, k, e.attrs[k]); });
    details.appendChild(dl);
  }

  function highlight(node) {
    cy.batch(function () {
      cy.elements().removeClass("faded near few");
      var near = node.closedNeighborhood();
      cy.elements().not(near).addClass("faded");
      near.edges().addClass("near");
      if (near.edges().length <= 12) near.edges().addClass("few");
    });
  }
  function clearHighlight() {
    cy.elements().removeClass("faded near few found");
  }

  function centre(node, zoom) {
    // the node's centre (cy.center would centre its box, label included) in the middle of the view
    var p = node.position();
    cy.viewport({ zoom: zoom, pan: { x: cy.width() / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom } });
  }
  window.kgCentre = function (id, zoom) { centre(cy.getElementById(id), zoom || cy.zoom()); };

  function focusNode(node) {
    if (!node || node.empty()) return;
    node.removeClass("hidden");
    cy.elements().unselect();
    cy.nodes(".found").removeClass("found");
    node.select();
    node.addClass("found");
    highlight(node);
    centre(node, Math.max(cy.zoom(), 1.2));
    showNode(node);
  }

  cy.on("tap", "node", function (ev) {
    cy.nodes(".found").removeClass("found");
    ev.target.addClass("found");
    highlight(ev.target);
    showNode(ev.target);
  });
  cy.on("tap", "edge", function (ev) { showEdge(ev.target); });
  cy.on("tap", function (ev) { if (ev.target === cy) clearHighlight(); });

  // -- search ---------------------------------------------------------------------------------
  var search = document.getElementById("search");
  var status = document.getElementById("search-status");
  var datalist = document.getElementById("labels");
  var seen = {};
  data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    if (seen[n.label]) return;
    seen[n.label] = true;
    var option = document.createElement("option");
    option.value = n.label;
    datalist.appendChild(option);
  });

  var last = { query: null, matches: [], index: -1 };
  function matches(query) {
    var q = fold(query).trim();
    if (!q) return [];
    var exact = [], prefix = [], inside = [];
    data.nodes.forEach(function (n) {
      var label = fold(n.label);
      if (label === q || fold(n.id) === q) exact.push(n.id);
      else if (label.indexOf(q) === 0) prefix.push(n.id);
      else if (label.indexOf(q) >= 0 || fold(n.id).indexOf(q) >= 0) inside.push(n.id);
    });
    return exact.concat(prefix, inside);
  }
  function runSearch(query) {
    if (query !== last.query) last = { query: query, matches: matches(query), index: -1 };
    if (!last.matches.length) { status.textContent = "∅ 0"; return null; }
    last.index = (last.index + 1) % last.matches.length;
    status.textContent = (last.index + 1) + " / " + last.matches.length;
    var node = cy.getElementById(last.matches[last.index]);
    focusNode(node);
    return node.id();
  }
  window.kgSearch = runSearch;
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); runSearch(search.value); }
    if (ev.key === "Escape") { search.value = ""; status.textContent = ""; clearHighlight(); cy.elements().unselect(); }
  });
  search.addEventListener("input", function (ev) {
    // a datalist choice arrives as an input event without a key: go to it at once
    if (!ev.inputType || ev.inputType === "insertReplacementText") runSearch(search.value);
  });

  document.getElementById("fit").addEventListener("click", function () { clearHighlight(); cy.fit(cy.elements(":visible"), 30); });

  // -- legend ---------------------------------------------------------------------------------
  var legend = document.querySelector("#legend ul");
  Object.keys(data.types).forEach(function (name) {
    var li = el("li");
    var button = el("button");
    button.type = "button";
    button.setAttribute("aria-pressed", "true");
    button.dataset.type = name;
    button.title = "Masquer ou afficher / Hide or show";
    var sw = el("span", null, "swatch"); sw.style.background = data.types[name].color;
    button.appendChild(sw);
    button.appendChild(el("span", name));
    button.appendChild(el("span", data.types[name].count, "count"));
    button.addEventListener("click", function () {
      var shown = button.getAttribute("aria-pressed") === "true";
      button.setAttribute("aria-pressed", shown ? "false" : "true");
      cy.nodes().filter(function (n) { return n.data("type") === name; })[shown ? "addClass" : "removeClass"]("hidden");
    });
    li.appendChild(button);
    legend.appendChild(li);
  });
  document.documentElement.dataset.ready = "true";
})();
"""
