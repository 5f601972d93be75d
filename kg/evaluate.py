"""Scoring extraction records against a gold file (`shared/gold/SCHEMA.md` records).

`evaluate(records, gold)` matches each predicted record to the gold record with the same
(source file basename, number), turns every field of both into *items*, and counts per field the
items found in both (TP), only in the prediction (FP) and only in the gold (FN). A predicted record
with no gold twin counts all its items as FP; a gold record nobody predicted counts all as FN.

How each field becomes items (everything folded first: case, accents, quotes ’ ' « » " and white
space; names also lose their civility — M., Mme, Monsieur, MADAME… — and their hyphens):

- number, body, meeting_date, title, president, secretary, report_number: one item when either side
  is non-null (a wrong value is one FP and one FN);
- present, excused, absent, attending_without_vote, excused_without_vote, no_delegation, recused
  (by name): multisets of names; proxies: (from, to) pairs;
- vote: for / against / abstention counts as scalars; absent_without_delegation as a scalar only when
  one side says it is non-zero (it is printed only then); the four group lists as sets of group
  names; outcome as a scalar; unanimity only when the gold says it (true/false), except that a
  predicted `true` where the gold has null (not printed) is an FP;
- legal_refs: one item per code article (canonical code, article id without dots or spaces), per
  loi/decret/ordonnance (number, or date), per deliberation (number and date), per other reference
  (kind and text); a gold `kind_alternatives` entry accepts the key of any of those kinds; gold
  references marked `optional` (and those in `articles[].refs`) count only when predicted;
- committee_opinion: commission and date (the gold's `date_in_report` is accepted too);
- articles: the article numbers; per article its text; per article its `amounts_eur` and its
  `table_amounts_eur`, scored SEPARATELY as multisets of amounts rounded to the cent.

Scores are micro-averaged: per group of fields and overall, the counts are summed before computing
precision, recall and F1. No field is left out of the overall score.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UserError

# -- folding -------------------------------------------------------------------------------------

_SINGLE_QUOTES = dict.fromkeys(map(ord, "’‘‛′`´ʼ"), "'")
_DOUBLE_QUOTES = dict.fromkeys(map(ord, "«»“”„‟″"), '"')
_CIVILITY = re.compile(
    r"^(?:monsieur|madame|mademoiselle|messieurs|mesdames|mme|mlle|mmes|mr|mm|m|dr|docteur|me|maitre)(?:\.|\s|$)\s*"
)


def fold_text(value: object) -> str:
    """Case, accents, quotes and white space folded: `« Éducation »` -> `"education"`."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_SINGLE_QUOTES).translate(_DOUBLE_QUOTES).casefold()
    text = " ".join(text.split())
    return re.sub(r'\s*"\s*', '"', text)


def fold_name(value: object) -> str:
    """`Mme Anne-Marie COLIN`, `MADAME ANNE MARIE COLIN.` -> `anne marie colin`."""
    text = fold_text(value).replace("-", " ").replace("'", " ")
    text = re.sub(r"[.,;:]+$", "", text.strip())
    while True:  # "M. et Mme" is not a name, but "Monsieur le" is not expected either: strip repeatedly
        stripped = _CIVILITY.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return " ".join(text.split())


def fold_number(value: object) -> str:
    """`N° 2019-80` -> `2019-80`."""
    text = fold_text(value).replace(" ", "")
    return re.sub(r"^n[°o]\.?", "", text)


def fold_article(value: object) -> str:
    """`L. 3121-14` -> `l3121-14`."""
    return re.sub(r"[.\s]", "", fold_text(value))


def _amount(value: object) -> float:
    return round(float(value), 2)


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
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }  # fmt: skip


@dataclass(frozen=True)
class GoldItem:
    keys: frozenset  # any of these predicted keys matches
    optional: bool = False  # counts only when matched


def _gold(keys: Iterable, optional: bool = False) -> GoldItem:
    return GoldItem(frozenset(keys), optional)


def match_items(predicted: list, gold: list[GoldItem]) -> tuple[Score, list, list]:
    """Multiset matching; returns the score, the unmatched predicted keys and the unmatched gold items."""
    remaining = Counter(predicted)
    # exact items first, then those with alternatives, then optional ones (which only absorb leftovers)
    order = sorted(gold, key=lambda g: (g.optional, len(g.keys)))
    score, missed = Score(), []
    for item in order:
        key = next((k for k in sorted(item.keys, key=repr) if remaining[k] > 0), None)
        if key is not None:
            remaining[key] -= 1
            score.tp += 1
        elif not item.optional:
            score.fn += 1
            missed.append(item)
    extra = list(remaining.elements())
    score.fp = len(extra)
    return score, extra, missed


# -- fields --------------------------------------------------------------------------------------

# A field turns a record (or None) into items: predicted keys, or gold items.
Extract = Callable[[dict], list]


def _scalar(getter: Callable[[dict], object], fold: Callable[[object], object]) -> tuple[Extract, Extract]:
    def pred(record: dict) -> list:
        value = getter(record)
        return [] if value is None else [fold(value)]

    def gold(record: dict) -> list[GoldItem]:
        value = getter(record)
        return [] if value is None else [_gold([fold(value)])]

    return pred, gold


def _multiset(getter: Callable[[dict], Iterable], fold: Callable[[object], object]) -> tuple[Extract, Extract]:
    def pred(record: dict) -> list:
        return [fold(v) for v in getter(record) or []]

    def gold(record: dict) -> list[GoldItem]:
        return [_gold([fold(v)]) for v in getter(record) or []]

    return pred, gold


def _set(getter: Callable[[dict], Iterable], fold: Callable[[object], object]) -> tuple[Extract, Extract]:
    def pred(record: dict) -> list:
        return sorted({fold(v) for v in getter(record) or []})

    def gold(record: dict) -> list[GoldItem]:
        return [_gold([k]) for k in sorted({fold(v) for v in getter(record) or []})]

    return pred, gold


def _vote(key: str) -> Callable[[dict], object]:
    return lambda r: (r.get("vote") or {}).get(key)


def _absent_count(record: dict) -> int | None:
    value = _vote("absent_without_delegation")(record)
    return value or None  # printed only when non-zero: 0 and null say the same


def _unanimity() -> tuple[Extract, Extract]:
    def pred(record: dict) -> list:
        value = _vote("unanimity")(record)
        return [] if value is None else [bool(value)]

    def gold(record: dict) -> list[GoldItem]:
        value = _vote("unanimity")(record)
        return [] if value is None else [_gold([bool(value)])]

    def pred_scored(record: dict, gold_record: dict | None) -> list:
        items = pred(record)
        if gold_record is not None and _vote("unanimity")(gold_record) is None:
            return [True] if items == [True] else []  # not printed, so only a claimed unanimity is wrong
        return items

    pred_scored.needs_gold = True  # type: ignore[attr-defined]
    return pred_scored, gold


def _proxy_key(proxy: dict) -> tuple:
    return (fold_name(proxy.get("from") or ""), fold_name(proxy.get("to") or ""))


def _recused_name(entry: object) -> str:
    return fold_name(entry.get("name") if isinstance(entry, dict) else entry)


# legal references


def _ref_keys(ref: dict, kind: str) -> list[tuple]:
    if kind == "code_article":
        code = fold_text(ref.get("code_canonical") or ref.get("code") or "")
        articles = ref.get("articles") or []
        return [("code_article", code, fold_article(a)) for a in articles] or [("code_article", code, "")]
    if kind == "code":
        return [("code", fold_text(ref.get("code_canonical") or ref.get("code") or ref.get("text") or ""))]
    if kind in ("loi", "decret", "ordonnance"):
        if ref.get("number"):
            return [(kind, "number", fold_number(ref["number"]))]
        if ref.get("date"):
            return [(kind, "date", ref["date"])]
        return [(kind, "text", fold_text(ref.get("text") or ""))]
    if kind == "deliberation":
        number = fold_number(ref["number"]) if ref.get("number") else None
        return [("deliberation", number, ref.get("date"))]
    return [(kind, fold_text(ref.get("text") or ""))]


def _gold_ref_items(ref: dict, optional: bool = False) -> list[GoldItem]:
    optional = optional or bool(ref.get("optional"))
    kind = ref.get("kind") or "other"
    alternatives = ref.get("kind_alternatives") or []
    if kind in ("loi", "decret", "ordonnance") and not alternatives:
        # by number or by date: either identifies the text
        keys = {(kind, "number", fold_number(ref["number"]))} if ref.get("number") else set()
        if ref.get("date"):
            keys.add((kind, "date", ref["date"]))
        return [_gold(keys or _ref_keys(ref, kind), optional)]
    if not alternatives:
        return [_gold([k], optional) for k in _ref_keys(ref, kind)]
    keys = {k for kd in [kind, *alternatives] for k in _ref_keys(ref, kd)}
    return [_gold(keys, optional)]


def _legal_refs() -> tuple[Extract, Extract]:
    def pred(record: dict) -> list:
        return [k for ref in record.get("legal_refs") or [] for k in _ref_keys(ref, ref.get("kind") or "other")]

    def gold(record: dict) -> list[GoldItem]:
        items = [i for ref in record.get("legal_refs") or [] for i in _gold_ref_items(ref)]
        for article in record.get("articles") or []:  # references inside DECIDE articles: optional
            items += [i for ref in article.get("refs") or [] for i in _gold_ref_items(ref, optional=True)]
        return items

    return pred, gold


def _opinion_date() -> tuple[Extract, Extract]:
    def pred(record: dict) -> list:
        value = _opinion("date")(record)
        return [] if value is None else [value]

    def gold(record: dict) -> list[GoldItem]:
        opinion = record.get("committee_opinion") or {}
        keys = {v for v in (opinion.get("date"), opinion.get("date_in_report")) if v}
        return [_gold(keys)] if keys else []

    return pred, gold


def _opinion(key: str) -> Callable[[dict], object]:
    return lambda r: (r.get("committee_opinion") or {}).get(key)


def _article_texts(record: dict) -> list[tuple]:
    return [(a.get("n"), a["text"]) for a in record.get("articles") or [] if a.get("text")]


def _article_amounts(key: str) -> tuple[Extract, Extract]:
    def items(record: dict) -> list:
        return [(a.get("n"), _amount(v)) for a in record.get("articles") or [] for v in a.get(key) or []]

    return items, lambda r: [_gold([k]) for k in items(r)]


# (field, group, (predicted items, gold items))
FIELDS: list[tuple[str, str, tuple[Extract, Extract]]] = [
    ("number", "header", _scalar(lambda r: r.get("number"), fold_number)),
    ("body", "header", _scalar(lambda r: r.get("body"), fold_text)),
    ("meeting_date", "header", _scalar(lambda r: r.get("meeting_date"), str)),
    ("title", "header", _scalar(lambda r: r.get("title"), fold_text)),
    ("president", "header", _scalar(lambda r: r.get("president"), fold_name)),
    ("secretary", "header", _scalar(lambda r: r.get("secretary"), fold_name)),
    ("report_number", "header", _scalar(lambda r: r.get("report_number"), int)),
    ("present", "attendance", _multiset(lambda r: r.get("present"), fold_name)),
    ("excused", "attendance", _multiset(lambda r: r.get("excused"), fold_name)),
    ("absent", "attendance", _multiset(lambda r: r.get("absent"), fold_name)),
    ("attending_without_vote", "attendance", _multiset(lambda r: r.get("attending_without_vote"), fold_name)),
    ("excused_without_vote", "attendance", _multiset(lambda r: r.get("excused_without_vote"), fold_name)),
    ("no_delegation", "attendance", _multiset(lambda r: r.get("no_delegation"), fold_name)),
    ("proxies", "attendance", _multiset(lambda r: r.get("proxies"), _proxy_key)),
    ("recused", "recusals", _multiset(lambda r: r.get("recused"), _recused_name)),
    ("vote.for", "vote", _scalar(_vote("for"), int)),
    ("vote.against", "vote", _scalar(_vote("against"), int)),
    ("vote.abstention", "vote", _scalar(_vote("abstention"), int)),
    ("vote.absent_without_delegation", "vote", _scalar(_absent_count, int)),
    ("vote.for_groups", "vote", _set(_vote("for_groups"), fold_text)),
    ("vote.against_groups", "vote", _set(_vote("against_groups"), fold_text)),
    ("vote.abstention_groups", "vote", _set(_vote("abstention_groups"), fold_text)),
    ("vote.absent_without_delegation_groups", "vote", _set(_vote("absent_without_delegation_groups"), fold_text)),
    ("vote.outcome", "vote", _scalar(_vote("outcome"), fold_text)),
    ("vote.unanimity", "vote", _unanimity()),
    ("legal_refs", "legal references", _legal_refs()),
    ("committee_opinion.commission", "committee opinion", _scalar(_opinion("commission"), fold_text)),
    ("committee_opinion.date", "committee opinion", _opinion_date()),
    ("articles.n", "articles", _multiset(lambda r: [a.get("n") for a in r.get("articles") or []], int)),
    ("articles.text", "articles", _multiset(_article_texts, lambda t: (t[0], fold_text(t[1])))),
    ("articles.amounts_eur", "articles", _article_amounts("amounts_eur")),
    ("articles.table_amounts_eur", "articles", _article_amounts("table_amounts_eur")),
]  # fmt: skip

GROUPS = ["header", "attendance", "recusals", "vote", "legal references", "committee opinion", "articles"]


# -- evaluation ----------------------------------------------------------------------------------


@dataclass
class Mistake:
    record: tuple[str, str]  # (source file, number)
    field: str
    kind: str  # "missed" (FN) or "extra" (FP)
    item: object


@dataclass
class EvalReport:
    fields: dict[str, Score]
    groups: dict[str, Score]
    overall: Score
    matched: int
    unmatched_predicted: list[tuple[str, str]]
    unmatched_gold: list[tuple[str, str]]
    mistakes: list[Mistake] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "groups": {k: v.to_dict() for k, v in self.groups.items()},
            "overall": self.overall.to_dict(),
            "matched": self.matched,
            "unmatched_predicted": [list(k) for k in self.unmatched_predicted],
            "unmatched_gold": [list(k) for k in self.unmatched_gold],
        }


def record_key(record: dict) -> tuple[str, str]:
    number = record.get("number")
    return (Path(str(record.get("source_file") or "")).name, fold_number(number) if number is not None else "")


def evaluate(records: list[dict], gold: list[dict]) -> EvalReport:
    """Score predicted records against gold records (both in the SCHEMA.md shape)."""
    gold_by_key: dict[tuple, dict] = {}
    for g in gold:
        gold_by_key.setdefault(record_key(g), g)
    pairs: list[tuple[dict | None, dict | None]] = []
    used: set[tuple] = set()
    unmatched_predicted = []
    for record in records:
        key = record_key(record)
        if key in gold_by_key and key not in used:
            used.add(key)
            pairs.append((record, gold_by_key[key]))
        else:
            unmatched_predicted.append(key)
            pairs.append((record, None))
    unmatched_gold = [k for k in gold_by_key if k not in used]
    pairs += [(None, gold_by_key[k]) for k in unmatched_gold]

    fields = {name: Score() for name, _, _ in FIELDS}
    mistakes: list[Mistake] = []
    for predicted, expected in pairs:
        key = record_key(predicted if predicted is not None else expected)
        for name, _, (pred_items, gold_items) in FIELDS:
            if predicted is None:
                p = []
            elif getattr(pred_items, "needs_gold", False):
                p = pred_items(predicted, expected)
            else:
                p = pred_items(predicted)
            g = gold_items(expected) if expected is not None else []
            score, extra, missed = match_items(p, g)
            fields[name] += score
            mistakes += [Mistake(key, name, "extra", item) for item in extra]
            mistakes += [Mistake(key, name, "missed", sorted(item.keys, key=repr)[0]) for item in missed]

    groups = {group: Score() for group in GROUPS}
    overall = Score()
    for name, group, _ in FIELDS:
        groups[group] += fields[name]
        overall += fields[name]
    return EvalReport(fields, groups, overall, len(used), unmatched_predicted, unmatched_gold, mistakes)


def load_json_records(path: str | Path) -> list[dict]:
    """A JSON list of records (a gold file, or the output of `kg extract`)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UserError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}: not a JSON file of records ({exc})") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise UserError(f"{path}: expected a JSON list of records (objects)")
    return data


# -- printing ------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def format_report(report: EvalReport, mistakes: bool = False) -> str:
    """Per field, per group and overall (micro) TP/FP/FN, precision, recall and F1, as a text table."""
    width = max(len(n) for n in [*report.fields, *report.groups, "overall (micro)"])
    head = f"{'field':<{width}}  {'TP':>5} {'FP':>5} {'FN':>5}  {'P':>6} {'R':>6} {'F1':>6}"

    def row(name: str, s: Score) -> str:
        counts = f"{s.tp:>5} {s.fp:>5} {s.fn:>5}"
        return f"{name:<{width}}  {counts}  {_pct(s.precision):>6} {_pct(s.recall):>6} {_pct(s.f1):>6}"

    rule = "-" * len(head)
    lines = [
        f"records: {report.matched} matched, {len(report.unmatched_predicted)} predicted without gold, "
        f"{len(report.unmatched_gold)} gold not predicted",
        "",
        head,
        rule,
    ]
    lines += [row(name, score) for name, score in report.fields.items()]
    lines += [rule] + [row(name, score) for name, score in report.groups.items()]
    lines += [rule, row("overall (micro)", report.overall)]
    lines.append("articles.amounts_eur and articles.table_amounts_eur are scored separately.")
    for key in report.unmatched_predicted:
        lines.append(f"predicted without gold: {key[0]} {key[1] or '(no number)'}")
    for key in report.unmatched_gold:
        lines.append(f"gold not predicted: {key[0]} {key[1]}")
    if mistakes:
        lines.append("")
        lines += [f"{m.record[0]} {m.record[1]} {m.field} {m.kind}: {m.item!r}" for m in report.mistakes]
    return "\n".join(lines)


def evaluate_paths(paths: Iterable[str | Path], gold_path: str | Path) -> EvalReport:
    """Extract the text files among `paths` (or load `.json` record files) and score them against the
    gold records of the same files (gold records of other files are left out)."""
    from kg.pipeline import extract_records  # the extraction pipeline is only needed here

    gold = load_json_records(gold_path)
    json_paths = [Path(p) for p in paths if str(p).lower().endswith(".json")]
    text_paths = [p for p in paths if not str(p).lower().endswith(".json")]
    records = [r for p in json_paths for r in load_json_records(p)]
    files = {record_key(r)[0] for r in records}
    if text_paths:
        from kg.reading import expand_paths

        files |= {p.name for p in expand_paths(text_paths)}
        records += extract_records(text_paths)
    return evaluate(records, [g for g in gold if record_key(g)[0] in files])
