"""Names of people as printed in deliberations, and lists of them.

Forms handled (each seen in real deliberations):
- civility + given names + SURNAME: `M. Jean-Pierre MARCHAL`, `Mme Hélène DUVAL-LEFORT`,
  `Madame Sophie RENARD`, `MONSIEUR JEAN-PIERRE MARCHAL`, `M.  Marc\\nLEGRAND` (spread over lines);
- given names + SURNAME without civility: `Paul-Henri VASSEUR`;
- civility + surname only, mixed case (municipal minutes): `M. Dupont`, `Mme Le Gall`;
- particles: `M. Jean DE LA FONTAINE`, `Mme Anne d'ORNANO`.

A list is items separated by `,` `;` or ` et `, e.g. `Étaient présents : M. Jean-Pierre MARCHAL, Mme
Hélène DUVAL-LEFORT, …, Mme Claire MOREL.`; it ends at the first item that is not a name.
"""

from __future__ import annotations

import re

from .clean import normalize_space
from .models import Person, Span

CIVILITY = r"(?:M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Monsieur|Madame|Mademoiselle|MONSIEUR|MADAME|MADEMOISELLE)"
_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
_LOWER = "a-zàâäçéèêëîïôöùûüÿæœß"
_WORD = rf"[{_UPPER}][{_UPPER}{_LOWER}'’]*(?:-[ \t]*\n?[ \t]*[{_UPPER}][{_UPPER}{_LOWER}'’]*)*"
_PARTICLE = r"(?:de|du|des|d'|d’|le|la|van|von|der|De|Du|Le|La|DE|DU|LE|LA|D'|D’)"
# one name: optional civility, then 1–5 capitalised words (particles allowed between them)
BARE_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s*)?{_WORD}){{0,4}}"
NAME = rf"(?:{CIVILITY}\s+)?{BARE_NAME}"
# a name may be followed by a parenthesis: "Mme Chantal ROBIN (pouvoir à M. Jean DUPONT)"
_NAME_FULL = re.compile(rf"\s*({NAME})\s*(?:\([^()]*\)\s*)?", re.S)
_SEPARATOR = re.compile(r"\s*(?:,|;|\bet\b|\n\s*[-–•]\s*)\s*", re.S)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CIVILITY_RE = re.compile(rf"^{CIVILITY}\s+")

# words that look like names (capitalised) but start something else in a header
_NOT_NAMES = {
    "le", "la", "les", "secrétaire", "secretaire", "excusé", "excusés", "excusée", "excusées",
    "absent", "absents", "absente", "absentes", "présents", "presents", "présent", "pouvoir",
    "pouvoirs", "procuration", "procurations", "assistant", "assistaient", "vu", "objet", "date",
    "membres", "nombre", "article", "délibération", "deliberation", "rapport", "séance", "seance",
    "la", "monsieur le", "madame la", "conseil", "commission", "bureau", "département",
}


# roles printed between the names of a list: "M. Jean DUPONT, Maire, Mme Claire MARTIN, adjointe, …"
_ROLE = re.compile(
    r"(?i)\s*(?:\(?\s*)?(?:maire|adjoint|adjointe|adjoints|adjointes|(?:vice-)?pr[ée]sidente?s?|conseill[eè]re?s?"
    r"(?:\s+(?:municipa(?:l|le|ux|les)|communautaires?|d[ée]l[ée]gu[ée]e?s?|d[ée]partementa(?:l|le|ux|les)))*"
    r"|d[ée]l[ée]gu[ée]e?s?|rapporteure?|membres?(?:\s+titulaires?|\s+suppl[ée]ants?)?)\s*\)?\s*"
)
_PLURAL_CIVILITY = re.compile(r"^(?:MM\.|Mmes|Mesdames(?:\s+et\s+Messieurs)?|Messieurs(?:\s+et\s+Mesdames)?)\s+")


def is_name(candidate: str, in_list: bool = False) -> bool:
    """True if `candidate` is a whole personal name (with or without civility).

    Inside an attendance list (`in_list`) a lone capitalised surname (`DUPONT`, after `MM.`) and
    given name + name in title case (`Jean Dupont`) count too.
    """
    candidate = normalize_space(candidate)
    if in_list and re.fullmatch(rf"[{_UPPER}][{_UPPER}'’-]+(?:\s+[{_UPPER}][{_UPPER}'’-]+)?", candidate):
        return candidate.split()[0].lower() not in _NOT_NAMES and len(candidate) > 2
    if in_list and re.fullmatch(rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?(?:\s+{_WORD}){{1,2}}", candidate):
        return candidate.split()[0].lower() not in _NOT_NAMES
    if not candidate or not re.fullmatch(NAME, candidate):
        return False
    words = _CIVILITY_RE.sub("", candidate).split()
    if words[0].lower() in _NOT_NAMES:
        return False
    # a bare single word is a name only with a civility ("M. Dupont"), not alone ("Commission")
    if len(words) == 1 and not _CIVILITY_RE.match(candidate):
        return False
    # a run of title-case words with no civility and no capitalised surname is rarely a person
    if not _CIVILITY_RE.match(candidate) and not any(w.isupper() and len(w) > 1 for w in words):
        return False
    return True


def read_name_list(text: str, start: int, end: int) -> tuple[list[Person], int]:
    """Names in text[start:end], read item by item until the first item that is not a name.

    Returns the people and the offset where the list stopped (after its closing punctuation, if any).
    """
    people: list[Person] = []
    pos = start
    while pos < end:
        sep = _SEPARATOR.search(text, pos, end)
        item_end = sep.start() if sep else end
        blank = _BLANK_LINE.search(text, pos, item_end)
        if blank:  # a paragraph break closes the list
            sep, item_end = None, blank.start()
        item = text[pos:item_end]
        if _ROLE.fullmatch(item) and people:  # a role after a name: skip it, the list goes on
            if not sep:
                break
            pos = sep.end()
            continue
        plural = _PLURAL_CIVILITY.match(item.lstrip())
        if plural:  # "MM. DUPONT, MARTIN" / "Mesdames et Messieurs DUPONT, …": the names follow
            pos += len(item) - len(item.lstrip()) + plural.end()
            item = text[pos:item_end]
        # a list ends with a full stop; a period after an initial ("M.") is part of the name
        stop = _final_period(item)
        if stop is not None:
            item = item[:stop]
            item_end = pos + stop
        m = _NAME_FULL.fullmatch(item)
        if not m or not is_name(m.group(1), in_list=True):
            break
        name_start = pos + m.start(1)
        people.append(Person(normalize_space(m.group(1)), Span(name_start, pos + m.end(1))))
        if stop is not None:
            return people, item_end + 1
        if not sep:
            pos = end
            break
        pos = sep.end()
    return people, (people[-1].span.end if people else start)


def _final_period(item: str) -> int | None:
    """Offset of a list-closing period in `item` (not the one of a civility such as `M.`)."""
    for m in re.finditer(r"\.", item):
        before = item[: m.start()]
        if re.search(rf"(?:^|\s){CIVILITY}$", before + "."):
            continue
        return m.start()
    return None


def strip_civility(name: str) -> str:
    return _CIVILITY_RE.sub("", normalize_space(name))


def person_key(name: str) -> str:
    """A key that is the same for every printed form of one person's name.

    `Madame Sophie RENARD`, `Mme Sophie RENARD` and `MME SOPHIE RENARD` share a key, and so do
    `MONSIEUR JEAN-PIERRE MARCHAL` and `M. Jean Pierre Marchal`.
    """
    from .normalize import fold

    bare = re.sub(rf"^{CIVILITY}\s+", "", normalize_space(name), flags=re.I)
    return re.sub(r"[^a-z0-9]+", "-", fold(bare)).strip("-")
