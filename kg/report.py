"""Export: a self-contained HTML page of charts about the whole store (`kg report`).

`report_charts(store)` asks the store and returns plain `Chart`s; `report_page(charts, ...)` turns
them into one HTML page with inline SVG bar charts (no script, no network); `write_report(store_dir,
out)` does both. The charts:

- attendance rate per member: the deliberations in which the member is listed as present (or
  attending without a vote), over the deliberations in whose attendance lists the member appears;
- abstentions and votes against per political group: the number of deliberations in which the vote
  lists the group after "Abstention" and after "Contre" (votes are printed per group, not per person,
  so the count of deliberations is what the text supports);
- the most-cited texts: `queries/most-cited-texts.rq`, the deliberations citing each text;
- amounts: per kind of beneficiary (`dkg:beneficiaryKind`) when the graph has `dkg:Beneficiary`
  nodes with a `dkg:grantedAmount`; else per
  deliberation and per body, taking for each deliberation the largest amount stated in its decision
  articles outside budget tables (articles repeat totals and their parts, and tables list credits
  available, so a sum would count money twice).

Every bar carries its value as text and an SVG `<title>`; every chart has a `<title>` and `<desc>`
and, below it, the same figures as a table. Bars are `<g class="bar">` elements with
`data-chart`, `data-label`, `data-series` and `data-value` attributes, for tests and scrapers.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kg.errors import UserError
from kg.queries import resolve_query
from kg.store import GraphStore, open_store
from kg.vocabulary import DKG, ONTOLOGY, RDF, RDFS

TOP = 20  # bars in the "most" charts

_PREFIXES = f"""
PREFIX dkg: <{DKG}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
"""

_ATTENDANCE = (
    _PREFIXES
    + """
SELECT ?member (MIN(?label) AS ?name) (COUNT(DISTINCT ?attended) AS ?present) (COUNT(DISTINCT ?deliberation) AS ?listed)
WHERE {
  ?deliberation a dkg:Deliberation ;
                dkg:hasParticipation ?participation .
  ?participation dkg:participant ?member ;
                 dkg:status ?status .
  ?member rdfs:label ?label .
  # ?nothing is never bound: IF gives an error, so ?attended stays unbound, for other statuses
  BIND(IF(?status IN (dkg:present, dkg:attendingWithoutVote), ?deliberation, ?nothing) AS ?attended)
}
GROUP BY ?member
"""
)

_GROUP_POSITIONS = (
    _PREFIXES
    + """
SELECT ?group (MIN(?label) AS ?name) ?position (COUNT(DISTINCT ?deliberation) AS ?deliberations)
WHERE {
  ?deliberation dkg:hasVote ?vote .
  ?vote dkg:hasGroupPosition ?groupPosition .
  ?groupPosition dkg:group ?group ;
                 dkg:position ?position .
  ?group rdfs:label ?label .
}
GROUP BY ?group ?position
"""
)

_DELIBERATION_AMOUNTS = (
    _PREFIXES
    + """
SELECT ?deliberation (MIN(?label) AS ?name) (MIN(?bodyLabel) AS ?body) (MAX(?value) AS ?amount)
WHERE {
  ?deliberation dkg:hasArticle/dkg:hasAmount ?amount_ .
  ?amount_ dkg:euroValue ?value ;
           dkg:inTable false .
  OPTIONAL { ?deliberation rdfs:label ?label_ }
  OPTIONAL { ?deliberation dkg:title ?title }
  BIND(COALESCE(?label_, ?title, STR(?deliberation)) AS ?label)
  OPTIONAL { ?deliberation dkg:decidedBy/rdfs:label ?bodyLabel }
}
GROUP BY ?deliberation
"""
)

_BENEFICIARY_AMOUNTS = (
    _PREFIXES
    + """
SELECT ?kind (SUM(?value) AS ?total) (COUNT(DISTINCT ?beneficiary) AS ?beneficiaries)
WHERE {
  { SELECT DISTINCT ?beneficiary ?amount ?value ?kind WHERE {
      ?beneficiary a dkg:Beneficiary ;
                   dkg:grantedAmount ?amount .
      ?amount dkg:euroValue ?value .
      OPTIONAL { ?beneficiary dkg:beneficiaryKind ?kind }
  } }
}
GROUP BY ?kind
"""
)

@dataclass
class Bar:
    label: str
    values: tuple[float, ...]  # one per series of the chart
    texts: tuple[str, ...]  # each value as shown beside its bar


@dataclass
class Chart:
    key: str  # a short id: "attendance", "group-votes", …
    title: str
    description: str
    series: tuple[str, ...] = ("",)
    bars: list[Bar] = field(default_factory=list)
    empty_note: str = "Aucune donnée / No data"


# -- figures -----------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """12 000, 1 468 748, 10 498,5: thin-space thousands, a comma for decimals."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.2f}".rstrip("0")
    return text.replace(",", "\u202f").replace(".", ",")


def _euros(value: float) -> str:
    return f"{_number(value)}\u00a0€"


def _term_label(term: object) -> str:
    """Label of an ontology term (French, else English, else its local name) or a literal's text."""
    if isinstance(term, URIRef):
        labels = {getattr(label, "language", None): str(label) for label in ONTOLOGY.objects(term, RDFS.label)}
        return labels.get("fr") or labels.get("en") or str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return str(term)


def attendance_chart(store: GraphStore) -> Chart:
    _, rows = store.query(_ATTENDANCE)
    figures = sorted(
        ((str(name), int(present), int(listed)) for _, name, present, listed in rows if int(listed)),
        key=lambda r: (r[1] / r[2], -r[2], r[0]),
    )
    return Chart(
        key="attendance",
        title="Taux de présence par élu / Attendance rate per member",
        description=(
            "Part des délibérations où l'élu est présent (ou présent sans voix délibérative) parmi celles "
            "dont les listes de présence le nomment, du plus bas au plus haut. / Share of the deliberations in "
            "which the member is present (or attends without a vote) among those whose attendance lists name "
            "the member, lowest first."
        ),
        series=("%",),
        bars=[Bar(name, (100 * present / listed,), (f"{round(100 * present / listed)} % ({present}/{listed})",))
              for name, present, listed in figures],
    )  # fmt: skip


def group_votes_chart(store: GraphStore) -> Chart:
    _, rows = store.query(_GROUP_POSITIONS)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"abstention": 0, "against": 0})
    for _, name, position, deliberations in rows:
        counts[str(name)]  # every group with a vote position gets a row, zeros included
        if position == DKG.positionAbstention:
            counts[str(name)]["abstention"] = int(deliberations)
        elif position == DKG.positionAgainst:
            counts[str(name)]["against"] = int(deliberations)
    ordered = sorted(counts.items(), key=lambda item: (-(item[1]["abstention"] + item[1]["against"]), item[0]))
    return Chart(
        key="group-votes",
        title="Abstentions et votes contre par groupe / Abstentions and votes against per group",
        description=(
            "Nombre de délibérations où le vote nomme le groupe après « Abstention » ou « Contre ». / "
            "Number of deliberations whose vote lists the group under abstention or against."
        ),
        series=("abstention", "contre / against"),
        bars=[Bar(name, (c["abstention"], c["against"]), (str(c["abstention"]), str(c["against"])))
              for name, c in ordered],
    )  # fmt: skip


def cited_texts_chart(store: GraphStore) -> Chart:
    query = resolve_query("most-cited-texts")
    variables, rows = store.query(query.text)
    column = {name: i for i, name in enumerate(variables)}
    bars = [
        Bar(str(row[column["label"]]), (int(row[column["deliberations"]]),),
            (str(int(row[column["deliberations"]])),))
        for row in rows[:TOP]
    ]  # fmt: skip
    return Chart(
        key="cited-texts",
        title=f"Textes les plus cités (premiers {TOP}) / Most-cited texts (top {TOP})",
        description=(
            "Nombre de délibérations citant chaque texte ; un code compte les délibérations citant l'un de ses "
            "articles. / Number of deliberations citing each text; a code counts those citing any of its articles."
        ),
        series=("délibérations / deliberations",),
        bars=bars,
    )


def beneficiary_amounts(store: GraphStore) -> list[tuple[str, float, int]]:
    """(kind, euros, beneficiaries) per kind of beneficiary, largest first; empty when the graph has
    no `dkg:Beneficiary` with a `dkg:grantedAmount`. Each beneficiary node belongs to one
    deliberation, so an organisation funded twice counts twice, as its money does."""
    _, rows = store.query(_BENEFICIARY_AMOUNTS)
    found = [
        (_term_label(kind) if kind is not None else _term_label(DKG.Beneficiary), float(total), int(count))
        for kind, total, count in rows
    ]
    return sorted(found, key=lambda r: (-r[1], r[0]))


def amount_charts(store: GraphStore) -> list[Chart]:
    by_kind = beneficiary_amounts(store)
    if by_kind:
        return [
            Chart(
                key="beneficiary-amounts",
                title="Montants par type de bénéficiaire / Amounts per beneficiary type",
                description="Somme des montants attribués aux bénéficiaires de chaque type, en euros (entre "
                "parenthèses, le nombre de bénéficiaires). / Sum of the amounts granted to the beneficiaries of "
                "each type, in euros (in brackets, the number of beneficiaries).",
                series=("€",),
                bars=[Bar(f"{kind} ({count})", (total,), (_euros(total),)) for kind, total, count in by_kind],
            )
        ]
    _, rows = store.query(_DELIBERATION_AMOUNTS)
    per_deliberation = sorted(
        ((str(name), str(body or "?"), float(amount)) for _, name, body, amount in rows),
        key=lambda r: (-r[2], r[0]),
    )
    per_body: dict[str, float] = defaultdict(float)
    for _, body, amount in per_deliberation:
        per_body[body] += amount
    note = (
        " Pour chaque délibération, le plus grand montant écrit dans ses articles hors tableaux (pas encore de "
        "bénéficiaires dans le graphe). / For each deliberation, the largest amount written in its articles "
        "outside tables (no beneficiaries in the graph yet)."
    )
    return [
        Chart(
            key="deliberation-amounts",
            title=f"Montants par délibération (premières {TOP}) / Amounts per deliberation (top {TOP})",
            description="En euros. / In euros." + note,
            series=("€",),
            bars=[Bar(name, (amount,), (_euros(amount),)) for name, _, amount in per_deliberation[:TOP]],
        ),
        Chart(
            key="body-amounts",
            title="Montants par instance / Amounts per body",
            description="Somme, par instance, des montants par délibération, en euros. / "
            "Sum per body of the amounts per deliberation, in euros." + note,
            series=("€",),
            bars=[Bar(body, (total,), (_euros(total),))
                  for body, total in sorted(per_body.items(), key=lambda item: (-item[1], item[0]))],
        ),
    ]


def report_charts(store: GraphStore) -> list[Chart]:
    """Every chart of the report, from the store."""
    return [attendance_chart(store), group_votes_chart(store), cited_texts_chart(store), *amount_charts(store)]


# -- SVG -----------------------------------------------------------------------------------------

SERIES_COLOURS = ("#4e79a7", "#e15759", "#f28e2b", "#59a14f")
_WIDTH = 960
_LABEL_WIDTH = 380  # left column for the bar labels
_VALUE_WIDTH = 150  # room right of the longest bar for its value
_BAR = 16
_GAP = 8
_LABEL_CHARS = 50


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1].rstrip() + "…"


def bar_chart_svg(chart: Chart) -> str:
    """A horizontal bar chart as inline SVG; one bar per series in each row, each with its value."""
    n_series = len(chart.series)
    legend = 24 if n_series > 1 else 0
    row_height = n_series * _BAR + _GAP
    height = legend + max(len(chart.bars), 1) * row_height + 10
    peak = max((v for bar in chart.bars for v in bar.values), default=0) or 1
    span = _WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    ids = (f"{chart.key}-title", f"{chart.key}-desc")
    out = [
        (
            f'<svg class="chart" data-chart="{_attr(chart.key)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" role="img" '
            f'aria-labelledby="{ids[0]} {ids[1]}">'
        ),
        f'<title id="{ids[0]}">{html.escape(chart.title)}</title>',
        f'<desc id="{ids[1]}">{html.escape(chart.description)}</desc>',
    ]
    if legend:
        x = _LABEL_WIDTH
        for i, name in enumerate(chart.series):
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            out.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{colour}"/>')
            out.append(f'<text x="{x + 20}" y="16" class="legend">{html.escape(name)}</text>')
            x += 30 + 8 * len(name)
    if not chart.bars:
        out.append(f'<text x="10" y="{legend + 18}" class="empty">{html.escape(chart.empty_note)}</text>')
    for row, bar in enumerate(chart.bars):
        top = legend + row * row_height
        middle = top + n_series * _BAR / 2
        out.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{middle + 4:.1f}" text-anchor="end" class="label">'
            f"<title>{html.escape(bar.label)}</title>{html.escape(_short(bar.label))}</text>"
        )
        for i, (value, text) in enumerate(zip(bar.values, bar.texts)):
            y = top + i * _BAR
            length = max(value / peak * span, 0)
            series = chart.series[i]
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            name = f"{bar.label} — {series}: {text}" if series.strip() else f"{bar.label}: {text}"
            out.append(
                f'<g class="bar" data-chart="{_attr(chart.key)}" data-label="{_attr(bar.label)}" '
                f'data-series="{_attr(series)}" data-value="{_attr(round(value, 2))}">'
                f"<title>{html.escape(name)}</title>"
                f'<rect x="{_LABEL_WIDTH}" y="{y + 1}" width="{length:.1f}" height="{_BAR - 2}" fill="{colour}"/>'
                f'<text x="{_LABEL_WIDTH + length + 5:.1f}" y="{y + _BAR - 4}" class="value">{html.escape(text)}</text>'
                "</g>"
            )
    out.append("</svg>")
    return "\n".join(out)


def _table(chart: Chart) -> str:
    head = "".join(f"<th scope='col'>{html.escape(s or 'valeur / value')}</th>" for s in chart.series)
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(bar.label)}</th>"
        + "".join(f"<td>{html.escape(t)}</td>" for t in bar.texts)
        + "</tr>"
        for bar in chart.bars
    )
    return (
        f"<details><summary>Données / Data</summary><table><thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def report_page(charts: list[Chart], *, title: str, subtitle: str = "") -> str:
    """The whole report page: one section per chart, each with its SVG and its data table."""
    sections = "\n".join(
        f'<section id="{_attr(c.key)}" aria-labelledby="{_attr(c.key)}-h"><h2 id="{_attr(c.key)}-h">'
        f"{html.escape(c.title)}</h2><p>{html.escape(c.description)}</p>\n{bar_chart_svg(c)}\n{_table(c)}</section>"
        for c in charts
    )
    toc = "".join(f'<li><a href="#{_attr(c.key)}">{html.escape(c.title)}</a></li>' for c in charts)
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="deliberations-kg">
<title>{html.escape(title)}</title>
<style>
body {{ font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0 auto; padding: 16px 24px; max-width: 1000px; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
h2 {{ font-size: 17px; margin: 28px 0 4px; }}
p {{ margin: 4px 0 10px; color: #444; }}
.subtitle {{ color: #666; }}
svg.chart {{ display: block; max-width: 100%; height: auto; font-size: 12px; }}
svg .label {{ fill: #222; }}
svg .value {{ fill: #111; font-weight: 600; }}
svg .legend, svg .empty {{ fill: #444; }}
svg g.bar:hover rect {{ opacity: .8; }}
details {{ margin: 6px 0 0; }}
table {{ border-collapse: collapse; margin-top: 6px; }}
th, td {{ border-bottom: 1px solid #e4e4e4; padding: 2px 10px 2px 0; text-align: left; }}
td {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style>
</head>
<body>
<header><h1>{html.escape(title)}</h1><p class="subtitle">{html.escape(subtitle)}</p><nav><ul>{toc}</ul></nav></header>
<main>
{sections}
</main>
</body>
</html>
"""


def write_report(store_dir: str | Path | None, out: str | Path) -> list[Chart]:
    """Read the store, write the report page to `out`; returns the charts."""
    with open_store(store_dir, read_only=True) as store:
        charts = report_charts(store)
        subtitle = f"{store.path} · {store.triple_count()} triples"
    page = report_page(charts, title="Délibérations : rapport / Deliberations: report", subtitle=subtitle)
    try:
        Path(out).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{out}: cannot be written ({exc.strerror or exc}); give another --out FILE") from exc
    return charts
