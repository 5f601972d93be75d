"""Step 4: the ACTES matière of a deliberation (SCDL `DELIB_MATIERE_CODE` / `DELIB_MATIERE_NOM`).

`classify(text, deliberation)` reads the deliberation's title and decision articles in `text`, the
cleaned document (`clean.clean(raw)`, same offsets as the file), and returns the level-2 code of the
ACTES nomenclature (`lexicon/actes-nomenclature.csv`) with the cue phrases that decided it, each with
its span; `None` when no cue is found. Rules only (regular expressions over folded text), no model.

What is read
- the title (weight 2) and the articles of the decision (weight 1). Articles that only charge the
  budget ("La dépense ... est imputée sur le budget départemental comme suit : ...", "Les crédits
  sont inscrits au budget 2021, article 6574.") are skipped: their budget-line labels repeat what
  the operative articles say, and every departmental deliberation has one. "Vu" clauses, the
  report and annexes are not read: they cite other acts, not this one.
- cues come from `lexicon/matieres.json`: per code, `acts` (what the decision *does*: grant a
  subsidy, designate, sell, create a post, vote a budget) and `topics` (the field it is *about*:
  schools, roads, culture). Text is folded first (lower case, no accents, ’ -> '), so "COLLÈGES",
  "Collèges" and "colleges" match alike. A cue counts once per zone (title, articles), however
  often it occurs.

Priority: the nature of the act first, then the domain
1. Act cues are summed per code. If the best code reaches `ACT_MIN` (3: one strong cue in the
   title, or one strong verb phrase in an article), the deliberation gets that code, whatever its
   field. The ACTES families that name a kind of act — institutions (5.x), personnel (4.x), public
   procurement (1.x), urbanism (2.x), property (3.x), finances (7.x), regulations (6.x), wishes and
   motions (9.4) — win over the fields of 8.x/9.1-9.3. Equal scores go to the family listed first.
     "Subvention de fonctionnement à une association de parents d'élèves"  -> 7.5, not 8.1
     "D'attribuer au lycée une subvention de 3 000 € pour un voyage scolaire" -> 7.5
     "Désignation des représentants au conseil d'administration du lycée"  -> 5.3
     "Logements de fonction des agents logés dans les groupes scolaires"    -> 3.5
     "Tarifs de la cantine scolaire 2023" -> 7.10 (fixing a price is a financial act)
     "Marché de travaux de voirie" -> 1.1, "Désignation d'un délégué au syndicat d'énergie" -> 5.3
2. Otherwise acts and topics are summed per code and the best code wins:
     "Renouvellement du mobilier scolaire des écoles" (the body buys it itself) -> 8.1
     "Programme 2023 de travaux d'entretien des chemins communaux" -> 8.3
     "Attribution d'une aide exceptionnelle aux sinistrés de la tempête" -> 8.2 (aid to persons is
     social aid, an act cue of 8.2; subsidies go to organisations and projects)
3. The "other fields" (sport, tourism, youth, agriculture, health, cemeteries...) share one list of
   cues and become 9.2 for a département, 9.3 for a région, 9.1 otherwise, from `Deliberation.body`:
     "Schéma de développement du tourisme et des sports de nature" (conseil départemental) -> 9.2

Known limits: a subsidy whose title and articles never name money (an amendment extending a funding
agreement) is read by its field, or by a weak "avec l'association"; aid to firms is 7.5 when the
text says "subvention" rather than "aide à l'immobilier d'entreprise" (7.4); a deliberation that does
two things gets the code of the stronger cue; a mention in an article ("financées par", "appel à
projets") counts like the act itself.

`accuracy(pairs)` and `evaluate_samples(data_dir, expected_path)` measure the classifier against
hand-made labels (`tests/actes_samples.json`); `evaluate_samples` is the only function here that
reads files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import normalize
from .models import Deliberation, Span

TITLE_WEIGHT = 2.0
ARTICLE_WEIGHT = 1.0
ACT_MIN = 3.0
"""A code is chosen for the nature of the act when its act cues reach this score."""

_OTHER = "9.x"
"""Pseudo-code of the shared cues of 9.1, 9.2 and 9.3, resolved by the deliberating body."""

# tie-break between equal scores: ACTES families naming a kind of act, then fields
_FAMILY_ORDER = ["5", "4", "1", "2", "3", "7", "6", "9.4", "8", "9"]

_LEXICON = json.loads((Path(__file__).parent / "lexicon" / "matieres.json").read_text(encoding="utf-8"))


@dataclass
class Classification:
    code: str  # "7.5"
    label: str  # "Subventions" (niveau2 of the nomenclature)
    score: float
    evidence: list[tuple[str, Span]] = field(default_factory=list)  # cue phrases as printed, in document order
    basis: str = "act"  # "act": chosen for the nature of the act; "topic": for its field


# --- folding ----------------------------------------------------------------------------------------

# `fold` (lower case, no accents, one apostrophe, one quote, one dash; same length as the text, so an
# offset in the folded text is an offset in the printed one) is the project's one folding
fold = normalize.fold


# --- lexicon ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cue:
    code: str
    kind: str  # "act" or "topic"
    weight: float
    pattern: re.Pattern


def _compile(cue: str) -> re.Pattern:
    # a space in a cue matches any run of white space; cues match whole words
    return re.compile(r"(?<!\w)(?:" + cue.replace(" ", r"\s+") + r")(?!\w)")


def _load() -> tuple[dict[str, str], list[_Cue]]:
    labels, cues = {}, []
    for entry in _LEXICON["matieres"]:
        labels[entry["code"]] = entry["label"]
        for kind in ("acts", "topics"):
            for cue in entry[kind]:
                cues.append(_Cue(entry["code"], kind[:-1], float(cue["w"]), _compile(cue["re"])))
    for cue in _LEXICON["other_competences"]["topics"]:
        cues.append(_Cue(_OTHER, "topic", float(cue["w"]), _compile(cue["re"])))
    return labels, cues


LABELS, _CUES = _load()
"""ACTES level-2 code -> label ("7.5" -> "Subventions")."""

_BY_BODY = [(_compile(r["re"]), r["code"]) for r in _LEXICON["other_competences"]["by_body"]]
_DEFAULT_OTHER = _LEXICON["other_competences"]["default"]

# an article that only charges the budget: "La dépense ... est imputée sur le budget départemental"
_BUDGET_CHARGE = re.compile(
    r"(?:est|sont|sera|seront)\s+(?:imputee?s?|inscrite?s?|inscrits|affectee?s?)\s+(?:sur|au|a)\s+(?:le\s+)?budget"
)


def _family_rank(code: str) -> int:
    for rank, prefix in enumerate(_FAMILY_ORDER):
        if code == prefix or code.startswith(prefix + ".") or code == _OTHER and prefix == "9":
            return rank
    return len(_FAMILY_ORDER)


def _other_code(body: str | None) -> str:
    folded = fold(body or "")
    for pattern, code in _BY_BODY:
        if pattern.search(folded):
            return code
    return _DEFAULT_OTHER


# --- classification ---------------------------------------------------------------------------------


def _zones(text: str, deliberation: Deliberation) -> list[tuple[bool, int, int]]:
    """(is_title, start, end) of the title and of each operative article, in document order."""
    zones = []
    if deliberation.title_span is not None:
        zones.append((True, deliberation.title_span.start, deliberation.title_span.end))
    for article in deliberation.articles:
        if not _BUDGET_CHARGE.search(fold(text[article.span.start : article.span.end])):
            zones.append((False, article.span.start, article.span.end))
    return zones


def classify(text: str, deliberation: Deliberation) -> Classification | None:
    """The ACTES level-2 matière of `deliberation`, read in `text` (the cleaned document)."""
    act: dict[str, float] = {}
    total: dict[str, float] = {}
    matches: dict[str, list[tuple[str, str, Span]]] = {}  # code -> (kind, phrase, span)
    articles_seen: set[int] = set()  # a cue counts once in the title and once over all articles
    for is_title, start, end in _zones(text, deliberation):
        folded = fold(text[start:end])
        weight = TITLE_WEIGHT if is_title else ARTICLE_WEIGHT
        for index, cue in enumerate(_CUES):
            if not is_title and index in articles_seen:
                continue
            m = cue.pattern.search(folded)
            if m is None:
                continue
            if not is_title:
                articles_seen.add(index)
            span = Span(start + m.start(), start + m.end())
            total[cue.code] = total.get(cue.code, 0.0) + cue.weight * weight
            if cue.kind == "act":
                act[cue.code] = act.get(cue.code, 0.0) + cue.weight * weight
            matches.setdefault(cue.code, []).append((cue.kind, text[span.start : span.end], span))
    if not total:
        return None

    def best(scores: dict[str, float]) -> str:
        return min(scores, key=lambda code: (-scores[code], _family_rank(code), code))

    code = best(act) if act else None
    if code is not None and act[code] >= ACT_MIN:
        basis, score = "act", act[code]
        evidence = [(phrase, span) for kind, phrase, span in matches[code] if kind == "act"]
    else:
        code = best(total)
        basis, score = "topic", total[code]
        evidence = [(phrase, span) for _, phrase, span in matches[code]]
    if code == _OTHER:
        code = _other_code(deliberation.body)
    evidence.sort(key=lambda item: item[1].start)
    return Classification(code, LABELS[code], round(score, 2), evidence, basis)


# --- measuring against hand-made labels -------------------------------------------------------------


def accuracy(pairs) -> float:
    """Share of (expected, predicted) pairs that agree; 0.0 for no pairs."""
    pairs = list(pairs)
    if not pairs:
        return 0.0
    return sum(1 for expected, predicted in pairs if expected == predicted) / len(pairs)


def evaluate_samples(data_dir, expected_path) -> tuple[float, list[dict]]:
    """Classify every deliberation of the `*.txt` files in `data_dir` and compare with the labels of
    `expected_path` (`tests/actes_samples.json`). Returns the accuracy over the labelled
    deliberations and one row per label: source_file, number, title, expected, predicted, score,
    basis, evidence (phrases), ok, why."""
    from . import extract_document  # imported here so that extractors/__init__.py may import this module
    from .clean import clean

    labels = json.loads(Path(expected_path).read_text(encoding="utf-8"))["deliberations"]
    found: dict[tuple[str, str | None], tuple[Deliberation, Classification | None]] = {}
    for path in sorted(Path(data_dir).glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        cleaned = clean(raw)
        for deliberation in extract_document(raw, path.name):
            found[(path.name, deliberation.number)] = (deliberation, classify(cleaned, deliberation))
    rows = []
    for label in labels:
        deliberation, result = found.get((label["source_file"], label["number"]), (None, None))
        predicted = result.code if result else None
        rows.append(
            {
                "source_file": label["source_file"],
                "number": label["number"],
                "title": deliberation.title if deliberation else None,
                "expected": label["code"],
                "predicted": predicted,
                "score": result.score if result else None,
                "basis": result.basis if result else None,
                "evidence": [phrase for phrase, _ in result.evidence] if result else [],
                "ok": predicted == label["code"],
                "why": label.get("why", ""),
            }
        )
    return accuracy((row["expected"], row["predicted"]) for row in rows), rows
