"""Step 7: the SCDL open-data files of a local authority, read from the graph.

The SCDL (Socle commun des données locales, schema.data.gouv.fr) fixes the CSV files French local
authorities publish. Two are written here, from the store with SPARQL (never by reading the documents
again):

- `scdl-deliberations`: "Délibérations" 2.1.5 (`scdl/deliberations`), one row per deliberation;
- `scdl-subventions`: "Subventions" 2.1.1 (`scdl/subventions`), one row per beneficiary granted an
  amount.

The graph knows what the documents say, not who publishes them: the publisher's identity comes from
a profile (JSON) the user gives, `load_publisher(path)`:

    {"COLL_NOM": "Ville de Poitiers",               required: the authority's official name
     "COLL_SIRET": "21860194600013",                required: 14 digits, SIREN + NIC, Luhn-checked
     "PREF_ID": "PREF086",                          optional: the prefecture that checks its acts
     "DELIB_URL": "https://…/{DELIB_ID}.pdf",        optional: link pattern, {DELIB_ID} {DELIB_DATE}
     "bodies": ["Conseil municipal de Poitiers"]}   optional: the bodies it publishes for

`bodies` lists the deciding bodies the profile publishes for, compared with the graph's bodies by
their folded name (`identity.fold_key`); deliberations of other bodies are left out (and counted).
Without `bodies`, every deliberation of the store is the publisher's.

Nothing is invented: a field the graph does not give stays empty. A *required* field left empty, or a
value the schema would refuse, is a `Problem` (one line each, returned with the rows; `kg export`
prints them on stderr and exits non-zero with `--strict`).

Délibérations, field by field:
- COLL_NOM, COLL_SIRET, PREF_ID: the profile; DELIB_URL: the profile's pattern, if any.
- DELIB_ID: the deliberation number as printed ("2019-15"); DELIB_DATE: its meeting's date (ISO).
- DELIB_MATIERE_CODE: the ACTES level-2 code of `dkg:hasMatiere`; DELIB_MATIERE_NOM: as SCDL asks,
  the level-1 and level-2 labels of the ACTES nomenclature (`extractors/lexicon/actes-nomenclature.csv`)
  in lower case, without commas or parentheses, joined by "/": "finances locales/subventions".
- DELIB_OBJET: the title as printed (white space folded).
- BUDGET_ANNEE, BUDGET_NOM, PREF_DATE: not in the documents; left empty.
- VOTE_EFFECTIF, "effectif théorique des votants": the printed number of members in office
  ("Membres en exercice : 9") where there is one; else the members *with a deliberative vote* the
  deliberation lists — present, excused, absent, recused, without delegation — and the meeting's
  chair and secretary, each counted once. Members attending or excused "sans voix délibérative" are
  not counted. Empty when no member is listed with a vote. Limit: a document that lists only those
  present (absences "cf. PV") gives too low a count; it is reported when votes cast exceed it.
- VOTE_REEL, "effectif réel des votants": the votes cast, proxies included — the printed "Votants"
  count when there is one, else VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION (abstaining is taking part
  in the vote; members absent without a proxy are not counted).
- VOTE_POUR, VOTE_CONTRE, VOTE_ABSTENTION: the printed counts, as extracted. A unanimity printed
  without counts leaves them empty.
The same deliberation read from two files (PDF text and markdown) is one node, hence one row; where
the two readings disagree on a field (two titles), the field is reported and left empty.

Subventions, field by field (the required ones of 2.1.1 are marked *):
- nomAttribuant*, idAttribuant*: the profile's COLL_NOM and COLL_SIRET.
- dateConvention*: the date of the agreement, which a deliberation does not give (it approves an
  agreement signed later): empty, reported.
- referenceDecision: the deliberation number. objet*: the deliberation's title.
- nomBeneficiaire*: the name as printed; a commune by its official name ("Saint-Ormel" for "Commune
  de ST ORMEL"); a collège with its commune ("Collège Paul Vasseur (Ormeville)": many collèges share a name).
- idBeneficiaire / rnaBeneficiaire (one of the two is required): SIRET or RNA number, not in the
  documents: empty, reported.
- montant*: the amount granted, in euros with a decimal point; pourcentageSubvention*: 1.00, since
  each row is one beneficiary's own grant (a shared total is not split here).
- nature*: "aide en numéraire" (an amount in euros is granted).
- conditionsVersement*, datesPeriodeVersement*, notificationUE*: not in the documents: empty, reported.
- idRAE, dispositifAide: empty.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.errors import UserError
from kg.export import open_text_output, register
from kg.identity import fold_key
from kg.store import GraphStore, open_store
from kg.vocabulary import DKG, ONTOLOGY, PREFIXES

NOMENCLATURE_FILE = Path(__file__).resolve().parent.parent / "extractors" / "lexicon" / "actes-nomenclature.csv"

DELIBERATION_FIELDS = [
    "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM",
    "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID", "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL",
    "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION", "DELIB_URL",
]  # fmt: skip
DELIBERATION_REQUIRED = DELIBERATION_FIELDS[:7]

SUBSIDY_FIELDS = [
    "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire",
    "idBeneficiaire", "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement",
    "datesPeriodeVersement", "idRAE", "notificationUE", "pourcentageSubvention", "dispositifAide",
]  # fmt: skip
SUBSIDY_REQUIRED = [
    "nomAttribuant", "idAttribuant", "dateConvention", "nomBeneficiaire", "objet", "montant", "nature",
    "conditionsVersement", "datesPeriodeVersement", "notificationUE", "pourcentageSubvention",
]  # fmt: skip

_SIRET = re.compile(r"^\d{14}$")
_PREF_ID = re.compile(r"^(?:PREF|SGAR)\d{2}[\dAB]$|^SPREF\d{2}[\dAB]\d$")
_MATIERE_CODE = re.compile(r"^\d\.\d{1,2}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL_FIELDS = {"DELIB_ID", "DELIB_DATE"}
_OBJECT_LIMIT = 255  # SCDL Subventions: "objet" under 256 characters


# -- publisher profile -----------------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    """The Luhn check that SIREN and SIRET numbers satisfy."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


@dataclass(frozen=True)
class Publisher:
    name: str  # COLL_NOM
    siret: str  # COLL_SIRET
    pref_id: str | None = None
    url_pattern: str | None = None
    bodies: tuple[str, ...] = ()  # folded body names; empty: every body

    def covers(self, body_key: str | None) -> bool:
        return not self.bodies or body_key in self.bodies


def load_publisher(path: str | Path) -> Publisher:
    """Read and check a publisher profile; a `UserError` says what is wrong and how to fix it."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc}); give the publisher profile (JSON)") from exc
    except ValueError as exc:
        raise UserError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise UserError(f"{path}: a publisher profile is a JSON object with COLL_NOM and COLL_SIRET")
    name, siret = data.get("COLL_NOM"), data.get("COLL_SIRET")
    if not isinstance(name, str) or not name.strip():
        raise UserError(f"{path}: COLL_NOM is missing; give the authority's official name")
    siret = str(siret or "").replace(" ", "")
    if not _SIRET.match(siret) or not luhn_valid(siret):
        raise UserError(f"{path}: COLL_SIRET {data.get('COLL_SIRET')!r} is not a valid SIRET (14 digits, Luhn key)")
    pref_id = data.get("PREF_ID") or None
    if pref_id is not None and not (isinstance(pref_id, str) and _PREF_ID.match(pref_id)):
        raise UserError(f"{path}: PREF_ID {pref_id!r} is not like PREF062, SPREF0621 or SGAR062")
    pattern = data.get("DELIB_URL") or None
    if pattern is not None:
        names = set(re.findall(r"{(\w*)}", str(pattern)))
        if not str(pattern).startswith(("http://", "https://")) or names - _URL_FIELDS:
            raise UserError(f"{path}: DELIB_URL must be an http(s) link pattern using only {{DELIB_ID}} and {{DELIB_DATE}}")
    bodies = data.get("bodies") or []
    if not isinstance(bodies, list) or not all(isinstance(b, str) and fold_key(b) for b in bodies):
        raise UserError(f"{path}: bodies must be a list of body names as the documents print them")
    return Publisher(name.strip(), siret, pref_id, pattern, tuple(fold_key(b) for b in bodies))


# -- reference data --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def actes_nomenclature() -> dict[str, tuple[str, str]]:
    """ACTES level-2 code -> (level-1 label, level-2 label)."""
    with open(NOMENCLATURE_FILE, encoding="utf-8", newline="") as stream:
        return {row["code"]: (row["niveau1"], row["niveau2"]) for row in csv.DictReader(stream)}


def matiere_name(code: str) -> str | None:
    """DELIB_MATIERE_NOM of an ACTES code: "7.5" -> "finances locales/subventions"; None if unknown."""
    labels = actes_nomenclature().get(code)
    if labels is None:
        return None
    clean = lambda label: " ".join(re.sub(r"[,()]", " ", label).lower().split())  # noqa: E731
    return f"{clean(labels[0])}/{clean(labels[1])}"


@lru_cache(maxsize=1)
def _beneficiary_kinds() -> dict[str, str]:
    """dkg:BeneficiaryKind IRI -> the extractors' key ("college")."""
    return {str(k): str(ONTOLOGY.value(k, SKOS.notation)) for k in ONTOLOGY.subjects(SKOS.notation, None)}


# -- problems --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A field the graph cannot fill, or a value the SCDL schema would refuse."""

    format_name: str
    row: str  # "deliberation 2019-15", "deliberation 2019-16, Collège Paul Vasseur (Ormeville)"
    fields: tuple[str, ...]
    reason: str

    def __str__(self) -> str:
        return f"{self.format_name}: {self.row}: {', '.join(self.fields)} {self.reason}"


@dataclass
class Table:
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # body label -> rows not covered by the profile

    def notes(self) -> list[str]:
        """What `kg export` prints on stderr: each problem, then what the profile left out."""
        lines = [str(p) for p in self.problems]
        for body, count in sorted(self.left_out.items()):
            lines.append(f"left out: {count} row(s) of {body}, not among the profile's bodies")
        return lines


# -- reading the graph -----------------------------------------------------------------------------


def _sparql(body: str) -> str:
    used = set(re.findall(r"\bdkg:(\w+)", body))
    for term in used:
        DKG[term]  # a term the ontology does not define fails here, not as an empty result
    prefixes = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("dkg", "rdfs"))
    return prefixes + body


# One query per aspect, each DISTINCT: the union of the documents' graphs repeats a triple once per
# document stating it (a body's label is in every file of that body), and OPTIONALs over several
# aspects would multiply those repeats before DISTINCT removes them.
_DELIBERATIONS = [
    _sparql("""
SELECT DISTINCT ?d ?number ?date ?title ?code WHERE {
  ?d a dkg:Deliberation .
  OPTIONAL { ?d dkg:deliberationNumber ?number }
  OPTIONAL { ?d dkg:decidedAt ?m . ?m dkg:meetingDate ?date }
  OPTIONAL { ?d dkg:title ?title }
  OPTIONAL { ?d dkg:hasMatiere ?c . ?c dkg:matiereCode ?code }
}"""),
    _sparql("""
SELECT DISTINCT ?d ?bodyKey ?body WHERE {
  ?d a dkg:Deliberation ; dkg:decidedBy ?b . ?b dkg:lookupKey ?bodyKey . OPTIONAL { ?b rdfs:label ?body }
}"""),
    _sparql("""
SELECT DISTINCT ?d ?inOffice WHERE { ?d a dkg:Deliberation ; dkg:membersInOffice ?inOffice }"""),
    _sparql("""
SELECT DISTINCT ?d ?for ?against ?abstention ?voters WHERE {
  ?d a dkg:Deliberation ; dkg:hasVote ?v .
  OPTIONAL { ?v dkg:forCount ?for } OPTIONAL { ?v dkg:againstCount ?against }
  OPTIONAL { ?v dkg:abstentionCount ?abstention } OPTIONAL { ?v dkg:voterCount ?voters }
}"""),
    # members with a deliberative vote (listed ones, the chair, the secretary); ?listed counts the
    # participations with such a status, so that a deliberation without attendance lists gets no count
    _sparql("""
SELECT ?d (COUNT(DISTINCT ?member) AS ?members) (COUNT(DISTINCT ?p) AS ?listed) WHERE {
  { ?d dkg:hasParticipation ?p . ?p dkg:status ?status ; dkg:participant ?member .
    VALUES ?status { dkg:present dkg:excused dkg:absent dkg:recused dkg:noDelegation } }
  UNION { ?d dkg:decidedAt ?m . ?m dkg:president ?member }
  UNION { ?d dkg:decidedAt ?m . ?m dkg:secretary ?member }
} GROUP BY ?d"""),
]

_SUBSIDIES = _sparql("""
SELECT DISTINCT ?beneficiary ?d ?name ?kind ?commune ?amount WHERE {
  ?d dkg:hasBeneficiary ?beneficiary .
  ?beneficiary dkg:grantedAmount ?a . ?a dkg:euroValue ?amount .
  OPTIONAL { ?beneficiary dkg:beneficiaryName ?name }
  OPTIONAL { ?beneficiary dkg:beneficiaryKind ?kind }
  OPTIONAL { ?beneficiary dkg:communeName ?commune }
}""")


def _collect(store: GraphStore, queries: list[str], key: str) -> dict[URIRef, dict[str, set[str]]]:
    """Rows of the queries grouped by the node in `key`: variable -> the distinct values (as text)."""
    grouped: dict[URIRef, dict[str, set[str]]] = {}
    for sparql in queries:
        variables, rows = store.query(sparql)
        for row in rows:
            values = dict(zip(variables, row))
            bucket = grouped.setdefault(values.pop(key), {})
            for name, value in values.items():
                bucket.setdefault(name, set())
                if value is not None:
                    bucket[name].add(str(value))
    return grouped


def _deliberation_facts(store: GraphStore) -> dict[URIRef, dict[str, set[str]]]:
    facts = _collect(store, _DELIBERATIONS, "d")
    for values in facts.values():
        for name in ("number", "date", "title", "code", "bodyKey", "body", "for", "against", "abstention", "voters", "members", "listed", "inOffice"):
            values.setdefault(name, set())
    return facts


def _one(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def _order(number: str | None) -> tuple:
    """Deliberation numbers in natural order: 2019-9 before 2019-10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", number or ""))


# -- Délibérations ---------------------------------------------------------------------------------


def deliberation_table(store: GraphStore, publisher: Publisher) -> Table:
    """The SCDL "Délibérations" rows of the publisher's deliberations, with the problems found."""
    table = Table(list(DELIBERATION_FIELDS))
    entries = []
    for node, values in _deliberation_facts(store).items():
        if not publisher.covers(_one(values["bodyKey"])):
            body = _one(values["body"]) or "an unnamed body"
            table.left_out[body] = table.left_out.get(body, 0) + 1
            continue
        entries.append((node, values))
    entries.sort(key=lambda e: (sorted(e[1]["date"])[:1], _order(_one(e[1]["number"])), str(e[0])))
    for node, values in entries:
        in_office = _one(values["inOffice"])
        if in_office:  # "Membres en exercice : 9" is the theoretical number of voters itself
            members = int(in_office)
        else:
            members = int(_one(values["members"]) or 0) if int(_one(values["listed"]) or 0) else None
        table.rows.append(_deliberation_row(node, values, members, publisher, table.problems))
    return table


def _deliberation_row(node, values, members: int | None, publisher: Publisher, problems: list[Problem]) -> dict:
    number = _one(values["number"])
    who = f"deliberation {number}" if number else f"deliberation <{node}>"

    def report(fields: list[str], reason: str) -> None:
        problems.append(Problem("scdl-deliberations", who, tuple(fields), reason))

    def single(name: str, column: str) -> str:
        if len(values[name]) > 1:
            report([column], f"left empty: the graph holds {len(values[name])} values ({' | '.join(sorted(values[name]))})")
        return _one(values[name]) or ""

    row = dict.fromkeys(DELIBERATION_FIELDS, "")
    row["COLL_NOM"], row["COLL_SIRET"], row["PREF_ID"] = publisher.name, publisher.siret, publisher.pref_id or ""
    row["DELIB_ID"] = single("number", "DELIB_ID")
    row["DELIB_DATE"] = single("date", "DELIB_DATE")
    if row["DELIB_DATE"] and not _ISO_DATE.match(row["DELIB_DATE"]):
        report(["DELIB_DATE"], f"left empty: {row['DELIB_DATE']!r} is not an ISO date")
        row["DELIB_DATE"] = ""
    code = single("code", "DELIB_MATIERE_CODE")
    if code and (not _MATIERE_CODE.match(code) or matiere_name(code) is None):
        report(["DELIB_MATIERE_CODE"], f"left empty: {code!r} is not a level-2 code of the ACTES nomenclature")
        code = ""
    row["DELIB_MATIERE_CODE"], row["DELIB_MATIERE_NOM"] = code, (matiere_name(code) if code else "") or ""
    row["DELIB_OBJET"] = single("title", "DELIB_OBJET")
    counts = {}
    for name, column in (("for", "VOTE_POUR"), ("against", "VOTE_CONTRE"), ("abstention", "VOTE_ABSTENTION"), ("voters", "")):
        text = single(name, column or "VOTE_REEL")
        counts[name] = int(text) if text else None
        if column:
            row[column] = text
    printed = [counts[k] for k in ("for", "against", "abstention") if counts[k] is not None]
    cast = counts["voters"] if counts["voters"] is not None else (sum(printed) if counts["for"] is not None else None)
    row["VOTE_REEL"] = "" if cast is None else str(cast)
    if members is not None and cast is not None and cast > members:
        report(["VOTE_EFFECTIF"], f"left empty: {cast} votes cast but only {members} members listed with a vote")
    elif members is not None:
        row["VOTE_EFFECTIF"] = str(members)
    if publisher.url_pattern and row["DELIB_ID"]:
        row["DELIB_URL"] = publisher.url_pattern.format(DELIB_ID=quote(row["DELIB_ID"], safe=""), DELIB_DATE=row["DELIB_DATE"])
    missing = [name for name in DELIBERATION_REQUIRED if not row[name]]
    reasons = {
        "DELIB_ID": "no number", "DELIB_DATE": "no meeting date", "DELIB_MATIERE_CODE": "no ACTES matière",
        "DELIB_MATIERE_NOM": "no ACTES matière", "DELIB_OBJET": "no title",
    }  # fmt: skip
    if missing:
        why = sorted({reasons.get(name, "unknown") for name in missing})
        report(missing, f"required, left empty: the deliberation has {' and '.join(why)} in the graph")
    return row


# -- Subventions -----------------------------------------------------------------------------------


def _beneficiary_name(values: dict[str, set[str]]) -> str:
    name, commune = _one(values["name"]) or "", _one(values["commune"])
    kind = _beneficiary_kinds().get(_one(values["kind"]) or "", "other")
    if kind == "commune" and commune:
        return commune
    if kind == "college" and commune and fold_key(commune) not in fold_key(name):
        return f"{name} ({commune})"
    return name


def _euros(text: str) -> str:
    try:
        return f"{Decimal(text):.2f}"
    except InvalidOperation:
        return ""


def subsidy_table(store: GraphStore, publisher: Publisher) -> Table:
    """The SCDL "Subventions" rows (one per beneficiary granted an amount) of the publisher."""
    table = Table(list(SUBSIDY_FIELDS))
    deliberations = _deliberation_facts(store)
    entries = []
    for node, values in _collect(store, [_SUBSIDIES], "beneficiary").items():
        for name in ("name", "kind", "commune", "amount"):
            values.setdefault(name, set())
        deliberation = {name: set() for name in ("number", "title", "bodyKey", "body")}
        for d in values["d"]:
            for name in deliberation:
                deliberation[name] |= deliberations.get(URIRef(d), {}).get(name, set())
        values.update(deliberation)
        if not publisher.covers(_one(values["bodyKey"])):
            body = _one(values["body"]) or "an unnamed body"
            table.left_out[body] = table.left_out.get(body, 0) + 1
            continue
        entries.append((node, values))
    entries.sort(key=lambda e: (_order(_one(e[1]["number"])), str(e[0])))
    for node, values in entries:
        number, name = _one(values["number"]), _beneficiary_name(values)
        who = f"deliberation {number or '?'}, {name or f'<{node}>'}"

        reported: set[str] = set()

        def report(fields: list[str], reason: str, who=who) -> None:
            reported.update(fields)
            table.problems.append(Problem("scdl-subventions", who, tuple(fields), reason))

        row = dict.fromkeys(SUBSIDY_FIELDS, "")
        row["nomAttribuant"], row["idAttribuant"] = publisher.name, publisher.siret
        row["referenceDecision"] = number or ""
        row["nomBeneficiaire"] = name
        row["objet"] = _one(values["title"]) or ""
        if len(row["objet"]) > _OBJECT_LIMIT:
            report(["objet"], f"left empty: the title has {len(row['objet'])} characters, over {_OBJECT_LIMIT}")
            row["objet"] = ""
        amount = _one(values["amount"])
        if amount is None:
            report(["montant"], f"left empty: the graph holds {len(values['amount'])} amounts")
        row["montant"] = _euros(amount) if amount else ""
        if row["montant"]:
            row["nature"], row["pourcentageSubvention"] = "aide en numéraire", "1.00"
        missing = [name for name in SUBSIDY_REQUIRED if not row[name] and name not in reported]
        if not row["idBeneficiaire"] and not row["rnaBeneficiaire"]:
            missing.append("idBeneficiaire or rnaBeneficiaire")
        if missing:
            report(missing, "required, left empty: not in the graph")
        table.rows.append(row)
    return table


# -- writing ---------------------------------------------------------------------------------------

TABLES = {"scdl-deliberations": deliberation_table, "scdl-subventions": subsidy_table}


def write_table(table: Table, out: str | Path | None) -> list[Path]:
    """The table as CSV (comma, UTF-8, header row) to `out`, or to standard output when None."""
    with open_text_output(out) as text:
        writer = csv.DictWriter(text, fieldnames=table.header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table.rows)
    return [] if out is None else [Path(out)]


def build_table(store: GraphStore | str | Path | None, format_name: str, publisher: Publisher | str | Path | None) -> Table:
    """The rows and problems of one SCDL format, for a store (or its directory) and a profile."""
    if format_name not in TABLES:
        raise UserError(f"--publisher and --strict apply to {' and '.join(TABLES)} only, not to {format_name}")
    if publisher is None:
        raise UserError(_NEEDS_PUBLISHER.format(format_name=format_name))
    if not isinstance(publisher, Publisher):
        publisher = load_publisher(publisher)
    if isinstance(store, GraphStore):
        return TABLES[format_name](store, publisher)
    with open_store(store, read_only=True) as opened:
        return TABLES[format_name](opened, publisher)


def export_scdl(
    store: GraphStore | str | Path | None,
    format_name: str,
    publisher: Publisher | str | Path | None,
    *,
    out: str | Path | None = None,
    strict: bool = False,
) -> tuple[list[Path], Table]:
    """Build the table and write it; with `strict`, a table with problems is not written."""
    table = build_table(store, format_name, publisher)
    if strict and table.problems:
        return [], table
    return write_table(table, out), table


_NEEDS_PUBLISHER = "{format_name} needs the publisher's profile: give --publisher FILE (JSON with COLL_NOM, COLL_SIRET; see kg/scdl.py)"


def _needs_publisher(format_name: str):
    def writer(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
        raise UserError(_NEEDS_PUBLISHER.format(format_name=format_name))

    return writer


for _name in TABLES:
    register(_name, view=False)(_needs_publisher(_name))
