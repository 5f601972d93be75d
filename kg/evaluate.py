"""Scoring extraction records against a gold file (`shared/gold/SCHEMA.md` records), by the rules of
the reference scorer `shared/gold/score.py`, so that `kg eval` prints the figures the project is
checked with (tests/test_evaluate.py runs both on the samples and compares the totals).

Records are paired with gold records of the same source file (basename): by deliberation number, or
one of the gold's printed alternatives (`number_alternatives`, `number_as_printed`); else by title,
exactly or closely (difflib ratio >= 0.85); else, a gold record without number and title takes a
predicted one without either; last, by order: the gold records still unpaired (but `attendance_only`
ones) take the predicted records still unused, in document order. A gold record flagged
`optional_record` or `attendance_only` costs nothing when unpaired; a predicted record nobody pairs
is one false record, except in a file the gold marks `partial_file`.

Per paired record, fields are items (the folding is `extractors/normalize.fold_words`: case, accents,
apostrophes, dashes, spaces):

- scalars: number (without `N°`), meeting_date, title (letters and digits only), president and
  secretary (names: civility `M.`, `Mme`, `Monsieur`… dropped, hyphens, apostrophes and dots as
  spaces), report_number, vote.for / against / abstention, vote.outcome (outcomes are printed
  phrases of varying bounds: `adopte` and `adopte a l'unanimite` are one outcome when one holds the
  other), committee_opinion.date. A value equal to a gold alternative (`title_as_printed`,
  `president_alternatives`, `mayor`, `number_alternatives`, `number_as_printed`) matches. A wrong
  value is one FP and one FN;
- multisets: present, excused, absent, attending_without_vote, excused_without_vote, no_delegation,
  recused (names), vote.for_groups / against_groups / abstention_groups (group names), proxies
  ((from, to) pairs), legal_refs (one key per code article: (code, article); per loi, décret,
  ordonnance, arrêté, deliberation: number, else date, else text), amounts (the articles'
  `amounts_eur`, to the cent). Gold references flagged `optional` cost nothing when missed and
  count when found.

The micro average sums every field's counts, record pairing (`deliberations`) included; an empty
field has precision and recall 1 (nothing to find, nothing wrong).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractors.normalize import article_key, fold_words, number_key
from kg.errors import UserError

# -- keys (the reference scorer's rules, on the project's folding) ------------------------------

# The reference scorer drops one leading civility, and only these: "M. Jean DUPONT", "Mme",
# "Monsieur", "Madame", "Mlle", "Mademoiselle", "Mr". Its figures are the project's, so no more.
_CIVILITY = re.compile(r"^(?:m\.|mme|mr\.?|monsieur|madame|mlle|mademoiselle)\s+")


def name_score_key(value: object) -> str:
    """A name as the scorer compares it: `Mme Anne-Marie COLIN`, `anne marie colin` -> `anne marie colin`;
    `J.-P. DURAND` -> `j p durand`. A dict gives its `name` (or `label`, or given and family names)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("label") or " ".join(
            str(value.get(k, "")) for k in ("given_name", "family_name")
        )
    text = _CIVILITY.sub("", fold_words(str(value)))
    return " ".join(re.sub(r"[-'.]", " ", text).split())


def text_score_key(value: object) -> str:
    """Letters and digits only: `CONVENTION « Jeunes en forme 2019 »` -> `convention jeunes en forme 2019`."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold_words(str(value or ""))).split())


def number_score_key(value: object) -> str:
    """`N° 2019 - 80` -> `2019-80`."""
    return number_key(str(value or ""))


def article_score_key(value: object) -> str:
    """`Art. L. 3211-2` -> `l3211-2`."""
    return article_key(str(value))


# The reference scorer's code keys: the first of these phrases found in the folded code name. These
# are the scorer's rules (and must stay its own), not language data of the extractors.
_CODES = [
    ("collectivites territoriales", "CGCT"), ("education", "CEDUC"),
    ("action sociale", "CASF"), ("sante publique", "CSP"),
    ("commande publique", "CCP"), ("urbanisme", "CURB"),
    ("environnement", "CENV"), ("sport", "CSPORT"), ("patrimoine", "CPAT"),
    ("impots", "CGI"), ("travail", "CTRAV"), ("voirie", "CVR"),
    ("route", "CROUTE"), ("construction", "CCH"), ("tourisme", "CTOUR"),
    ("rural", "CRUR"), ("proprietes des personnes publiques", "CG3P"),
    ("civil", "CCIV"), ("justice administrative", "CJA"),
    ("relations entre le public", "CRPA"), ("transports", "CTRANS"),
    ("securite sociale", "CSS"), ("energie", "CENE"), ("commerce", "CCOM"),
]  # fmt: skip


def code_score_key(name: object) -> str:
    """`Code général des collectivités territoriales` -> `CGCT`; an unknown code by its letters."""
    folded = fold_words(str(name or ""))
    return next((short for needle, short in _CODES if needle in folded), None) or text_score_key(folded)


def ref_keys(ref: dict) -> list[tuple]:
    """The keys of one legal reference: `[("code_article", "CGCT", "l3211-2")]`, `[("loi", "2020-1379")]`."""
    kind = fold_words(str(ref.get("kind", "other")))
    if kind in ("code_article", "code"):
        code = code_score_key(ref.get("code") or ref.get("text", ""))
        articles = ref.get("articles") or ([ref["article"]] if ref.get("article") else [])
        if articles:
            return [("code_article", code, article_score_key(a)) for a in articles]
        return [("code", code)]
    if kind in ("loi", "decret", "ordonnance", "arrete", "deliberation"):
        if ref.get("number"):
            return [(kind, number_score_key(ref["number"]))]
        if ref.get("date"):
            return [(kind, str(ref["date"]))]
        return [(kind, text_score_key(ref.get("text", ""))[:60])]
    return []


def _vote(record: dict) -> dict:
    vote = record.get("vote") or {}
    return vote if isinstance(vote, dict) else {}


def _amounts(record: dict) -> Counter:
    out: Counter = Counter()
    for article in record.get("articles") or []:
        for amount in article.get("amounts_eur") or []:
            try:
                out[round(float(amount), 2)] += 1
            except (TypeError, ValueError):
                pass
    return out


# gold keys whose values are also accepted for a field
ALTERNATIVES = {
    "title": ("title_as_printed",),
    "president": ("president_alternatives", "mayor"),
    "number": ("number_alternatives", "number_as_printed"),
}


def _alternatives(gold: dict, name: str, get: Callable[[dict], object]) -> list:
    out = []
    for key in ALTERNATIVES.get(name, ()):
        values = gold.get(key)
        for value in values if isinstance(values, list) else [values]:
            if value:
                out.append(get({name: value}))
    return [v for v in out if v is not None]


def same_outcome(a: str, b: str) -> bool:
    """Outcomes are printed phrases whose bounds vary: one inside the other is the same outcome."""
    return bool(a) and bool(b) and (a in b or b in a)


SCALARS: dict[str, Callable[[dict], object]] = {
    "number": lambda r: number_score_key(r["number"]) if r.get("number") else None,
    "meeting_date": lambda r: str(r.get("meeting_date") or "")[:10] or None,
    "title": lambda r: text_score_key(r.get("title")) or None,
    "president": lambda r: name_score_key(r["president"]) if r.get("president") else None,
    "secretary": lambda r: name_score_key(r["secretary"]) if r.get("secretary") else None,
    "report_number": lambda r: str(r["report_number"]) if r.get("report_number") not in (None, "") else None,
    "vote.for": lambda r: _vote(r).get("for"),
    "vote.against": lambda r: _vote(r).get("against"),
    "vote.abstention": lambda r: _vote(r).get("abstention"),
    "vote.outcome": lambda r: text_score_key(_vote(r).get("outcome")) or None,
    "committee_opinion.date": lambda r: str((r.get("committee_opinion") or {}).get("date") or "")[:10] or None,
}

NAME_LISTS = ["present", "excused", "absent", "attending_without_vote", "excused_without_vote", "no_delegation"]


def _names(field_name: str) -> Callable[[dict], Counter]:
    return lambda r: Counter(name_score_key(n) for n in r.get(field_name) or [])


def _groups(field_name: str) -> Callable[[dict], Counter]:
    return lambda r: Counter(text_score_key(g) for g in _vote(r).get(field_name) or [])


SETS: dict[str, Callable[[dict], Counter]] = {name: _names(name) for name in NAME_LISTS}
SETS["recused"] = _names("recused")
for _g in ("for_groups", "against_groups", "abstention_groups"):
    SETS["vote." + _g] = _groups(_g)
SETS["proxies"] = lambda r: Counter(
    (name_score_key(p.get("from", "")), name_score_key(p.get("to", "")))
    for p in r.get("proxies") or [] if isinstance(p, dict)
)  # fmt: skip
SETS["legal_refs"] = lambda r: Counter(
    k for ref in r.get("legal_refs") or [] if not ref.get("optional") for k in set(ref_keys(ref))
)
SETS["amounts"] = _amounts


def _optional_refs(record: dict) -> set:
    return {k for ref in record.get("legal_refs") or [] if ref.get("optional") for k in ref_keys(ref)}


# the fields in the order the reference scorer prints them, and their groups
FIELD_ORDER = ["deliberations", *SCALARS, *SETS]
GROUP_OF = {
    "deliberations": "records",
    **dict.fromkeys(["number", "meeting_date", "title", "president", "secretary", "report_number"], "header"),
    **dict.fromkeys([*NAME_LISTS, "proxies"], "attendance"),
    "recused": "recusals",
    **dict.fromkeys(["vote.for", "vote.against", "vote.abstention", "vote.outcome"], "vote"),
    **dict.fromkeys(["vote.for_groups", "vote.against_groups", "vote.abstention_groups"], "vote"),
    "legal_refs": "legal references",
    "committee_opinion.date": "committee opinion",
    "amounts": "articles",
}
GROUPS = ["records", "header", "attendance", "recusals", "vote", "legal references", "committee opinion", "articles"]


# -- pairing -------------------------------------------------------------------------------------


def source_name(record: dict) -> str:
    """The basename of a record's source file."""
    return re.split(r"[\\/]", str(record.get("source_file") or record.get("source") or ""))[-1]


def pair_records(gold: list[dict], predicted: list[dict]) -> tuple[list[tuple[dict, dict | None]], list[dict]]:
    """Pair each gold record with at most one predicted record of the same source file: by number
    (or a gold alternative), else by title (exact, then close), else by order. Returns the pairs (in
    gold order) and the predicted records left over (those of `partial_file` files left out)."""
    used: set[int] = set()
    pairs: list[tuple[dict, dict | None]] = []
    by_source: dict[str, list[dict]] = {}
    for p in predicted:
        by_source.setdefault(source_name(p), []).append(p)

    def free(candidates: Iterable[dict]) -> list[dict]:
        return [c for c in candidates if id(c) not in used]

    def ratio(a: str, b: dict) -> float:
        return difflib.SequenceMatcher(None, a, text_score_key(b.get("title"))).ratio()

    for g in gold:
        candidates = free(by_source.get(source_name(g), [])) or free(p for p in predicted if not source_name(p))
        p = None
        if g.get("number"):
            numbers = {number_score_key(g["number"])}
            numbers |= {number_score_key(v) for v in _alternatives(g, "number", lambda r: r.get("number"))}
            p = next((c for c in candidates if c.get("number") and number_score_key(c["number"]) in numbers), None)
        title = text_score_key(g.get("title"))
        if p is None and title:
            p = next((c for c in candidates if text_score_key(c.get("title")) == title), None)
            if p is None:
                best = max(candidates, default=None, key=lambda c: ratio(title, c))
                if best is not None and ratio(title, best) >= 0.85:
                    p = best
        if p is None and not g.get("number") and not title:
            p = next((c for c in candidates if not c.get("number") and not text_score_key(c.get("title"))), None)
        if p is not None:
            used.add(id(p))
        pairs.append((g, p))
    # last, by order: the gold records still unpaired take the predicted records still unused
    for i, (g, p) in enumerate(pairs):
        if p is None and not g.get("attendance_only"):
            c = next(iter(free(by_source.get(source_name(g), []))), None)
            if c is not None:
                used.add(id(c))
                pairs[i] = (g, c)
    partial = {source_name(g) for g in gold if g.get("partial_file")}
    extra = [p for p in predicted if id(p) not in used and source_name(p) not in partial]
    return pairs, extra


# -- counting ------------------------------------------------------------------------------------


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        """1 when nothing was predicted (as the reference scorer counts)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """1 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> bool:
        return not (self.tp or self.fp or self.fn)

    def to_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }  # fmt: skip


@dataclass
class Mistake:
    record: tuple[str, str]  # (source file, number of the gold record, else of the predicted one)
    field: str
    kind: str  # "missed" (FN) or "extra" (FP)
    item: object


@dataclass
class FileScore:
    """One source file: its gold records, the records found, those paired, and its micro score."""

    source_file: str
    gold: int
    found: int
    matched: int
    overall: Score


@dataclass
class EvalReport:
    fields: dict[str, Score]  # every field but `deliberations`
    records: Score  # record pairing: the `deliberations` row
    groups: dict[str, Score]
    overall: Score  # micro: every field and the records
    matched: int
    unmatched_predicted: list[tuple[str, str]]
    unmatched_gold: list[tuple[str, str]]  # optional records left out
    files: list[FileScore] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "records": self.records.to_dict(),
            "groups": {k: v.to_dict() for k, v in self.groups.items()},
            "overall": self.overall.to_dict(),
            "matched": self.matched,
            "unmatched_predicted": [list(k) for k in self.unmatched_predicted],
            "unmatched_gold": [list(k) for k in self.unmatched_gold],
            "files": [
                {"source_file": f.source_file, "gold": f.gold, "found": f.found, "matched": f.matched,
                 **f.overall.to_dict()}
                for f in self.files
            ],
        }  # fmt: skip


def _record_id(record: dict) -> tuple[str, str]:
    number = record.get("number")
    return (source_name(record), number_score_key(number) if number else "")


def score_rows(gold: list[dict], predicted: list[dict], mistakes: list[Mistake] | None = None) -> dict[str, Score]:
    """Per field (`deliberations` first) the counts, as the reference scorer's `score`; the items
    missed and extra are appended to `mistakes` when a list is given."""
    pairs, extra = pair_records(gold, predicted)
    rows = {name: Score() for name in FIELD_ORDER}
    paired = sum(1 for _, p in pairs if p is not None)
    optional = sum(1 for g, p in pairs if p is None and (g.get("optional_record") or g.get("attendance_only")))
    rows["deliberations"] = Score(paired, len(extra), len(pairs) - paired - optional)

    def note(record_id: tuple[str, str], name: str, kind: str, items: Iterable) -> None:
        if mistakes is not None:
            mistakes.extend(Mistake(record_id, name, kind, item) for item in items)

    for g, p in pairs:
        if p is None and (g.get("optional_record") or g.get("attendance_only")):
            continue
        record_id = _record_id(g)
        p = p or {}
        for name, get in SCALARS.items():
            gv, pv = get(g), get(p)
            if gv is None and pv is None:
                continue
            same = (
                gv is not None and pv is not None
                and (str(gv) == str(pv) or str(pv) in map(str, _alternatives(g, name, get))
                     or (name == "vote.outcome" and same_outcome(str(gv), str(pv))))
            )  # fmt: skip
            if same:
                rows[name] += Score(1, 0, 0)
            else:
                rows[name] += Score(0, int(pv is not None), int(gv is not None))
                note(record_id, name, "extra", [pv] if pv is not None else [])
                note(record_id, name, "missed", [gv] if gv is not None else [])
        for name, get in SETS.items():
            gs, ps = get(g), get(p)
            if name == "legal_refs":  # optional references found count as found, missed cost nothing
                optional_keys = _optional_refs(g)
                hits = Counter({k: v for k, v in (ps - gs).items() if k in optional_keys})
                ps, gs = ps - hits, gs + hits
            tp = sum((gs & ps).values())
            rows[name] += Score(tp, sum(ps.values()) - tp, sum(gs.values()) - tp)
            note(record_id, name, "extra", sorted((ps - gs).elements(), key=repr))
            note(record_id, name, "missed", sorted((gs - ps).elements(), key=repr))
    return rows


def _total(rows: dict[str, Score]) -> Score:
    total = Score()
    for score in rows.values():
        total += score
    return total


def evaluate(records: list[dict], gold: list[dict]) -> EvalReport:
    """Score predicted records against gold records (both in the SCHEMA.md shape), as score.py does."""
    mistakes: list[Mistake] = []
    rows = score_rows(gold, records, mistakes)
    pairs, extra = pair_records(gold, records)
    groups = {group: Score() for group in GROUPS}
    for name, score in rows.items():
        groups[GROUP_OF[name]] += score
    files = []
    for name in sorted({source_name(g) for g in gold}):
        g = [r for r in gold if source_name(r) == name]
        p = [r for r in records if source_name(r) == name]
        file_rows = score_rows(g, p)
        files.append(FileScore(name, len(g), len(p), file_rows["deliberations"].tp, _total(file_rows)))
    unmatched_gold = [
        _record_id(g) for g, p in pairs if p is None and not (g.get("optional_record") or g.get("attendance_only"))
    ]
    return EvalReport(
        fields={k: v for k, v in rows.items() if k != "deliberations"},
        records=rows["deliberations"],
        groups=groups,
        overall=_total(rows),
        matched=rows["deliberations"].tp,
        unmatched_predicted=[_record_id(p) for p in extra],
        unmatched_gold=unmatched_gold,
        files=files,
        mistakes=mistakes,
    )


def load_json_records(path: str | Path) -> list[dict]:
    """A JSON list of records (a gold file, or the output of `kg extract`), or an object with a
    `deliberations` (or `records`) list."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UserError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}: not a JSON file of records ({exc})") from exc
    if isinstance(data, dict):
        data = data.get("deliberations") or data.get("records") or []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise UserError(f"{path}: expected a JSON list of records (objects)")
    return data


# -- printing ------------------------------------------------------------------------------------


def format_report(report: EvalReport, mistakes: bool = False) -> str:
    """Records, one line per file, the field table, the groups, with `mistakes` the records not
    paired and every item missed or extra, and last the record recall and the micro P / R / F1 (the
    reference scorer's last line)."""
    lines = [
        f"records: {report.matched} matched, {len(report.unmatched_predicted)} predicted without gold, "
        f"{len(report.unmatched_gold)} gold not predicted",
        "",
    ]
    width = max([48, *(len(f.source_file) for f in report.files)])
    lines += [
        f"{f.source_file:<{width}} gold {f.gold:3} found {f.found:3} matched {f.matched:3}  F1 {f.overall.f1:.3f}"
        for f in report.files
    ]
    name_width = max(len(n) for n in [*FIELD_ORDER, *GROUPS])
    head = f"{'field':<{name_width}}  {'TP':>5} {'FP':>5} {'FN':>5}  {'P':>6} {'R':>6} {'F1':>6}"
    rule = "-" * len(head)

    def row(name: str, s: Score) -> str:
        figures = "     -      -      -" if s.empty else f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
        return f"{name:<{name_width}}  {s.tp:>5} {s.fp:>5} {s.fn:>5}  {figures}"

    lines += ["", head, rule, row("deliberations", report.records)]
    lines += [row(name, score) for name, score in report.fields.items()]
    lines += [rule, *(row(name, score) for name, score in report.groups.items()), rule]
    if mistakes:
        lines += [f"predicted without gold: {k[0]} {k[1] or '(no number)'}" for k in report.unmatched_predicted]
        lines += [f"gold not predicted: {k[0]} {k[1] or '(no number)'}" for k in report.unmatched_gold]
        lines.append("")
        lines += [f"{m.record[0]} {m.record[1]} {m.field} {m.kind}: {m.item!r}" for m in report.mistakes]
    r, o = report.records, report.overall
    lines.append(f"record recall {r.recall:.3f} ({r.tp} of {r.tp + r.fn} gold records paired, {r.fp} extra)")
    lines.append(f"micro P={o.precision:.3f} R={o.recall:.3f} F1={o.f1:.3f}")
    return "\n".join(lines)


def evaluate_paths(paths: Iterable[str | Path], gold_path: str | Path, glob: str | None = None) -> EvalReport:
    """Extract the text and PDF files among `paths` (or load `.json` record files) and score them against
    the gold records of the same files (gold records of other files are left out)."""
    from kg.pipeline import extract_records  # the extraction pipeline is only needed here

    paths = list(paths)
    gold = load_json_records(gold_path)
    json_paths = [Path(p) for p in paths if str(p).lower().endswith(".json")]
    text_paths = [p for p in paths if not str(p).lower().endswith(".json")]
    records = [r for p in json_paths for r in load_json_records(p)]
    files = {source_name(r) for r in records}
    if text_paths:
        from kg.reading import expand_paths

        read = [p.name for p in expand_paths(text_paths, glob)]
        extracted = extract_records(text_paths, glob=glob)
        # a PDF is scored against the gold records of its text (136_x.pdf against 136_x.txt) when the
        # gold names only that
        gold_names = {source_name(g) for g in gold}
        by_stem = {Path(name).stem: name for name in gold_names}
        renamed = {
            name: by_stem[Path(name).stem]
            for name in read
            if name.lower().endswith(".pdf") and name not in gold_names and Path(name).stem in by_stem
        }
        for record in extracted:
            if source_name(record) in renamed:
                record["source_file"] = renamed[source_name(record)]
        files |= {renamed.get(name, name) for name in read}
        records += extracted
    return evaluate(records, [g for g in gold if source_name(g) in files])
