"""Who attended a meeting: present, excused, absent, proxies, substitutes; president and secretary.

`read_attendance(text, start, end)` finds the attendance block of text[start:end] by its labels
(`lexicon/attendance.json`, "list_labels") and reads the names after each label as printed.
`attendance_for_item(att, number)` gives the lists as they stand for one item where presence is
bounded by item numbers.

Forms handled (made-up examples of the forms of the development corpus):
- labels with or without a colon, with a count: `Etaient présents : M. VERNET, Maire Mme HADDAÏ`,
  `Présent(e)s Madame Nathalie GAUDIN,`, `Conseillers municipaux présents : 51 Mmes et MM. BARRAUD
  Hélène, …`, `ABSENTS AYANT DONNE PROCURATION :`, `Excusé(e})s sans procuration` (excused and
  no_delegation), `MEMBRES ABSENTS NON REPRÉSENTÉS :` (absent and no_delegation), `Assiste : M. X`;
- the label decides the list: "excusé" anywhere -> excused; "absent" alone -> absent; `Pouvoirs :`,
  `Avaient donné pouvoir :`, `MEMBRES REPRÉSENTÉS :` -> givers only in proxies; an empty excused
  label followed by a proxy label (`Excusés : Conformément … ont donné pouvoir écrit de voter en
  leur nom : Mme NAVARRO à M. DROUET`) keeps the givers excused;
- separators `,` `;` ` et ` ` - ` `—` `-—` `/`, or none at all: `Leïla BRESSY Agnès ROY-VALETTE`,
  `Mme DE VILLERS Mme PONS`, `GRAS Fabrice SAULNIER Jean-Luc`;
- name shapes: `M. Thierry JAMET`, `Monsieur KERGOAT Pascal`, `P. REY`, `À.M. COUDERC`,
  `Mme TARDIEU I.`, `M.BAZIN`, `Denis Roy`, `Marianne LACOMBE- PONS` (re-joined);
- roles between names, skipped: `M. MALLET, Maires Adjoints. M. ESCOFFIER`, `…, Adjoints au Maire Mme
  BENSLIMANE`, `Mme MARCHETTI Sandrine, Maire ;`; group civilities never distributed: `MM. MMES`,
  `Mmes et MM.`; a role alone is not a name: `Monsieur le Maire`;
- proxies: `Mme NAVARRO à M. DROUET`, `Olivier GUILLERMIN procuration à Jérôme TOURNIER`, `Lucie FERRAND
  a donné pouvoir à Martine HUET`, `Mme X (pouvoir à M. Y)`, `M. X (donne procuration à M. Y)`,
  `P. MONNIER représenté par G. SAUVAGE`, `Mme BENKADDOUR Samia par Mme QUÉRÉ Maëlle`, reversed
  `Alain PRUVOST pour Josiane DELORME`, `M. X (Procuration de M. Y)`; written twice -> once;
  a flattened column `Armand Tessel Hervé Dorin … Pouvoir à Gilles Vautrin Pouvoir à Denis Roy`
  (paired by order); a giver with no holder printed (`ABSENTS EXCUSES AVEC POUVOIR : Mme X`);
- substitutes: `M. X représenté par M. Y` inside a present list, `(remplacée par M X)`,
  `M. Alain KERVAL (représenté par M. Laurent CHAPUIS)`;
- presence bounded in time: `(à compter de la délibération n°3)`, `(jusqu’à la délibération n°18)`,
  `(à partir de la délibération n°19)`, `(jusqu'à la DB-2019-007)`, `(aux points 3, 4, 5,6)`;
- president: `sous la présidence de Monsieur Gérard VERNET, Maire`, `Président de séance : X`;
- secretary: `Secrétaire de séance : Sylvie PIAU`, `Madame LAVAUD S. a été élue secrétaire de séance`,
  `Mme Corinne BERTHELOT a été désignée pour remplir cette fonction`, `Secrétaires de séance : X et Y`;
- counts: `En exercice : 35`, `Présents : 25`, `Votants : 33`, `Pouvoirs : 9`.
"""

from __future__ import annotations

import json
from functools import lru_cache
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .clean import normalize_space
from .models import AttendanceChange, Person, Proxy, Span, Substitute
from .normalize import fold, fold_words, name_key

_LEX = json.loads((Path(__file__).parent / "lexicon" / "attendance.json").read_text("utf-8"))
LISTS = ("present", "excused", "absent", "attending_without_vote", "excused_without_vote")

# --- labels ---------------------------------------------------------------------------------------
_LABEL_STATUS: list[str] = []
_parts = []
for _i, _entry in enumerate(_LEX["list_labels"]):
    _LABEL_STATUS.append(_entry["status"])
    _parts.append(f"(?P<l{_i}>{_entry['pattern']})")
# a label starts a word; it may carry "(s)", "(e)" and ends with ':' or '-' or nothing
_LABEL = re.compile(
    r"(?<![\w'])(?:" + "|".join(_parts) + r")(?![\w])[ \t]*(?:\(\s*[es]\s*\)[ \t]*)*(?P<colon>(?:\s*\([^()]{3,80}\))?\s*[:;]+|\s+[-–](?=\s))?"
)
_ROLE = re.compile(r"[\s,;.\-–—]*(?:" + _LEX["list_roles"]["pattern"] + r")(?:\s+(?:au|du|de\s+la|de|des)\s+(?:maire|conseil\w*|commission\w*(?:\s+permanente)?|seance|bureau))?[\s.]*")
_FORWARD = re.compile(r"\s*(?:" + _LEX["proxy_connectors"]["forward"] + r")\s*")
_REVERSED = re.compile(r"\s*(?:" + _LEX["proxy_connectors"]["reversed"] + r")\s*")
_SUBSTITUTE = re.compile(r"\s*(?:,\s*)?(?:" + _LEX["proxy_connectors"]["substitute"] + r")\s*")
_PREAMBLE = re.compile(r"\s*" + _LEX["list_preambles"]["pattern"])
_COLUMN_HEAD = re.compile(r"\s*" + _LEX["column_heads"]["pattern"])
_SUBSTITUTE_OF = re.compile(r"\s*(?:,\s*)?(?:" + _LEX["proxy_connectors"]["substitute_of"] + r")\s*")
_UNTIL = re.compile(_LEX["time_limits"]["until"])
_FROM = re.compile(_LEX["time_limits"]["from"])
_POINTS = re.compile(_LEX["time_limits"]["points"])
_NOT_NAMES = set(_LEX["not_names"]["words"])
_HEADING_NOUNS = set(_LEX["group_headings"]["words"])
_PROXY_CODE = re.compile(_LEX["proxy_codes"]["pattern"] + r"$")
_SIGNATURES = re.compile(_LEX["signature_columns"]["pattern"])
_LIST_WORDS = {"a", "et", "par", "pour", "pouvoir", "procuration", "donne", "represente", "representee", "de", "-", "."}
# a sentence, not a list, goes on after these: "M. Éric VALETTE a été élu secrétaire"
_PROSE_VERB = re.compile(r"\s*,?\s*(?:(?:a|ont)\s+ete\b|est\s+(?:designe|elu|nomme|arrive|parti|sorti)|ouvre\b|preside\b)")
# a status printed after the name: "Maryline : absente non excusée"
_STATUS_AFTER = re.compile(r"[ \t]*:\s*(?P<st>absente?s?|excusee?s?|presente?s?)(?P<non>\s+non\s+excusee?s?)?(?![\w])")
_PRESIDENT_ROLE = re.compile(r"[\s,]*(?:maire\s*,\s*)?presidente?(?:\s+de\s+seance)?\b")
_PARTICLES = {"des", "del", "dos", "les", "van", "von", "der", "de", "du", "le", "la", "da"}

# --- tokens ---------------------------------------------------------------------------------------
_UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒÁÍÓÚÑ"
_LOW = "a-zàâäçéèêëîïôöùûüÿæœßáíóúñ"
_TOKEN = re.compile(
    r"(?P<paren>\((?:[^()]|\([^()]*\)){0,200}\))"
    r"|(?P<sep>[,;/•·|]|—+|–|-(?=\s)|(?<=\s)-+|:)"
    rf"|(?P<word>[^\s,;/•·|—–:()]+(?:(?<=[{_UP}{_LOW}]-)[ \t]+[{_UP}][^\s,;/•·|—–:()]*)?)"
)
_CIV = re.compile(
    r"(?:M\.?|Mr\.?|MR\.?|Mme\.?|MME\.?|Mne|Mlle|Melle|Monsieur|Madame|Mademoiselle|MONSIEUR|MADAME|MADEMOISELLE|Mr)$"
)
_GROUP_CIV = re.compile(r"(?:MM\.?|MRS\.?|Mrs\.?|Mmes\.?|MMES\.?|MMS|Messieurs|Mesdames|MESSIEURS|MESDAMES|MINES)$")
_GLUED_CIV = re.compile(rf"(?:M\.|Mme|MME)(?=[{_UP}][{_UP}'’-])")
_GLUED_GROUP = re.compile(rf"(?:MM\.|MMES\.?|Mmes\.?)(?=[{_UP}][{_UP}'’-])")  # "MM.JACQUE JP": not distributed
_INITIAL = re.compile(rf"(?:[{_UP}]{{1,2}}\.(?:-?[{_UP}]\.?)*|[{_UP}]\.?[{_UP}]\.)$")
_UPWORD = re.compile(rf"(?:[{_UP}][{_UP}'’]*|[{_UP}]['’][{_UP}]+)(?:-\s?[{_UP}][{_UP}'’]*)*[.,:}}]?$")
_TITLEWORD = re.compile(rf"[{_UP}][{_LOW}'’]+(?:(?:-\s?)?[{_UP}]?[{_LOW}'’]+)*(?:-\s?[{_UP}]+)?[.,:]?$")
_PARTICLE = re.compile(r"(?:de|du|des|d['’]|le|la|van|von|der|De|Du|Des|Le|La|D['’]|el|El|da|Da|dos|Dos)$")
_COUNT = re.compile(r"\s*(?:\(\s*)?(\d{1,3})(?:\s*\))?(?=[\s.,;]|$)")


@dataclass
class Attendance:
    present: list[Person] = field(default_factory=list)
    excused: list[Person] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)
    attending_without_vote: list[Person] = field(default_factory=list)
    excused_without_vote: list[Person] = field(default_factory=list)
    proxies: list[Proxy] = field(default_factory=list)
    substitutes: list[Substitute] = field(default_factory=list)
    no_delegation: list[Person] = field(default_factory=list)
    changes: list[AttendanceChange] = field(default_factory=list)
    president: Person | None = None
    secretary: Person | None = None
    counts: dict[str, int] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    _list_president: Person | None = field(default=None, repr=False)  # "Denis Roy, Maire, Président"
    _order: str | None = field(default=None, repr=False)


@dataclass
class _Entry:
    """One name read from a list, with what is printed around it."""

    person: Person
    note: str | None = None  # the parenthesis after the name, folded spaces
    note_span: Span | None = None
    holder: Person | None = None  # "X à Y", "X (pouvoir à Y)"
    giver: Person | None = None  # "X (Procuration de Y)", "X pour Y"
    substitute: Person | None = None  # "X (remplacée par Y)", "X représenté par Y"
    via: str | None = None  # the connector's kind
    president: bool = False  # "Denis Roy, Maire, Président"
    member: Person | None = None  # "X (suppléant de Y)": X sits for Y
    status: str | None = None  # "Maryline : absente non excusée": the status printed after the name


# --- names ----------------------------------------------------------------------------------------


_ELIDED = re.compile(r"[LDJldj]['’][a-zà-ÿ]")


@lru_cache(maxsize=32768)  # the same words recur in every list; the kind is a function of the word alone
def _kind(word: str) -> str:
    if _ELIDED.match(word):
        return "other"  # "L'an", "D'une"
    if _GROUP_CIV.match(word):
        return "group"
    if _CIV.match(word):
        return "civ"
    if _GLUED_CIV.match(word):
        return "glued"
    if _INITIAL.match(word):
        return "init"
    if _PARTICLE.match(word):
        return "part"
    if _UPWORD.match(word) and sum(c.isalpha() for c in word) >= 2:
        return "up"
    if _TITLEWORD.match(word):
        return "title"
    if len(word) == 1 and word.isupper():
        return "letter"
    return "other"


class _Reader:
    """Reads names item by item from text[start:end]; see the module docstring for the shapes."""

    def __init__(self, text: str, folded: str, start: int, end: int, order: str | None = None):
        self.text, self.folded, self.end = text, folded, end
        self.tokens = [
            (m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)
        ]
        self._column = False
        self.order = order or self._order()
        words = [_kind(w) for k, w, _, _ in self.tokens[:400] if k == "word"]
        self.civ_led = words.count("civ") + words.count("glued") >= 3
        self._drop_headings()

    def _drop_headings(self) -> None:
        """Delegates grouped under their commune or body, the heading before a colon: `ANGLIERS : Alain
        RIGAUD ARCHIGNY : Frédéric COGNE`, `CAPV : Philippe FEUGERE (Andilly), …`. The heading words
        become separators; only where at least two headings are printed (a grouped list)."""
        toks = self.tokens
        colons = [j for j, t in enumerate(toks) if t[1] == ":" and j + 1 < len(toks)
                  and toks[j + 1][0] == "word" and _kind(toks[j + 1][1]) in ("civ", "glued", "up", "title", "group")]
        if len(colons) < 2:
            return
        for j in colons:
            run = []  # the words back to a separator, a parenthesis or a period
            k = j - 1
            while k >= 0 and toks[k][0] == "word" and _kind(toks[k][1]) in ("up", "title", "part", "letter"):
                run.append(k)
                k -= 1
            run.reverse()
            kinds = [_kind(toks[r][1]) for r in run]
            first = 0  # where the heading begins: after the name that precedes it
            # a heading opened by its noun may hold lower-case words: "Commune de Julien en St Alban :"
            k, noun = j - 1, None
            while k >= 0 and j - k <= 8 and toks[k][0] == "word" and _kind(toks[k][1]) not in ("civ", "group", "glued"):
                if fold(toks[k][1]) in _HEADING_NOUNS:
                    noun = k
                k -= 1
            if noun is not None:
                run, first = list(range(noun, j)), 0  # "Monsieur Boyer Commune de Chomérac :"
            else:
                for i in range(len(kinds) - 1):
                    if self.order == "gs" and kinds[i] == "title" and kinds[i + 1] == "up":
                        first = i + 2
                    elif self.order == "sg" and kinds[i] == "up" and kinds[i + 1] == "title":
                        first = i + 2
            for r in run[first:]:
                toks[r] = ("sep",) + toks[r][1:]

    def _order(self) -> str:
        """"gs" (Jean DUPONT) or "sg" (DUPONT Jean): how most items begin."""
        gs = sg = 0
        kinds = []
        for k, w, _, _ in self.tokens:
            kind = _kind(w) if k == "word" else k
            if kind == "other" and fold(w) not in _LIST_WORDS:
                break  # the list is over: prose follows
            kinds.append((k, kind))
        for i in range(len(kinds) - 1):
            prev = kinds[i - 1][1] if i else "sep"
            if prev not in ("sep", "civ", "group", "glued", "paren"):
                continue
            a, b = kinds[i][1], kinds[i + 1][1]
            if a in ("title", "init") and b == "up":
                gs += 1  # "Jean DUPONT", "P. REY"
            elif a == "up" and b in ("title", "init", "letter"):
                sg += 1  # "DUPONT Jean", "BESSON C.", "PERCHERON C"
        return "sg" if sg > gs else "gs"

    def read(self, i: int = 0) -> tuple[list[_Entry], int, int]:
        """Entries from token i; returns (entries, index of the token where reading stopped, end offset)."""
        entries: list[_Entry] = []
        words: list[tuple[str, str, int, int]] = []  # (kind, word, start, end) of the name being read
        pending: str | None = None  # a connector read after the last entry: the next name is its pair
        last_end = self.tokens[0][2] if self.tokens else self.end
        n = len(self.tokens)

        def close() -> None:
            nonlocal words, pending, last_end
            if not words:
                return
            body = [w for w in words if w[0] not in ("civ", "glued")]
            has_name = any(k in ("up", "title", "glued") for k, *_ in words) and (
                len(body) >= 1 or words[0][0] == "glued"
            )
            if has_name and not _is_role_only(words):
                s, e = words[0][2], words[-1][3]
                raw = self.text[s:e].rstrip(",:}")
                # a final period closes a sentence, not an initial ("J. BENHAMOU.")
                if raw.endswith(".") and words[-1][0] in ("up", "title") and len(words[-1][1]) > 3:
                    raw = raw[:-1]
                # a line-end hyphen left before a space in one-line text: "LACOMBE- PONS"
                person = Person(re.sub(r"(?<=\w)- (?=\w)", "-", normalize_space(raw)), Span(s, s + len(raw)))
                if pending == "forward" and entries and entries[-1].holder is not None and entries[-1].via == "forward" and self._column:
                    column.append(person)
                elif pending and entries:
                    owner = entries[-1]
                    if pending == "forward":
                        owner.holder = person
                    elif pending == "reversed":
                        owner.giver = person
                    else:
                        owner.substitute = person
                    owner.via = owner.via or pending
                elif _PROSE_VERB.match(self.folded, e, self.end):
                    words = []
                    self.stopped = True
                    return
                else:
                    entries.append(_Entry(person))
                    after = _STATUS_AFTER.match(self.folded, e, self.end)
                    if after:
                        entries[-1].status = "excused" if after.group("st").startswith("excuse") and not after.group("non") else (
                            "absent" if after.group("st").startswith(("absent", "excuse")) else "present")
                        self._skip_to = after.end()
                    if _PRESIDENT_ROLE.match(self.folded, e) and not re.match(r"[\s,]*(?:maire\s*,\s*)?presidente?\s+de\s+(?:la\s+)?commission", self.folded[e : e + 60]):
                        entries[-1].president = True
                last_end = e
            pending = None if words and has_name else pending
            words = []

        self.stopped = False
        self._skip_to: int | None = None
        column: list[Person] = []  # "… Eric Lanoë Pouvoir à Frédéric Jaunet Pouvoir à Gilles Vautrin"
        while i < n and not self.stopped:
            kind, tok, s, e = self.tokens[i]
            if kind == "sep" or re.fullmatch(r"[.\-–{}\[\]]+", tok):  # "SERRET }., MOREL L.": OCR noise
                close()
                i += 1
                if self._skip_to is not None:
                    i, self._skip_to = self._index_at(self._skip_to, i), None
                continue
            if kind == "paren":
                close()
                if entries:
                    self._annotate(entries[-1], tok, s, e)
                    last_end = e
                i += 1
                continue
            # a connector after a name: "à", "a donné pouvoir à", "pour", "remplacée par"
            if entries or words:
                conn = self._connector(s)
                if conn:
                    close()
                    if not entries:
                        break
                    pending, stop = conn
                    # a connector straight after a holder: a flattened column of holders
                    self._column = pending == "forward" and entries[-1].holder is not None and entries[-1].via == "forward" and not (
                        entries[-1].holder.span.end < s and re.search(r"[,;]", self.text[entries[-1].holder.span.end : s]))
                    i = self._index_at(stop, i)
                    continue
            # a role after a name, or alone after a civility ("Monsieur le Maire")
            role = _ROLE.match(self.folded, s)
            if role and role.end() > s and self._role_here(words, tok):
                if words and words[-1][0] in ("civ",):
                    words = []
                close()
                i = self._index_at(role.end(), i)
                continue
            wk = _kind(tok)
            glued_group = _GLUED_GROUP.match(tok) if wk not in ("civ", "group") else None
            if glued_group:
                close()
                s += glued_group.end()
                tok = tok[glued_group.end() :]
                wk = _kind(tok)
            if wk in ("letter", "civ") and (len(tok) == 1 or tok == "M.") and words and words[-1][0] == "up" and self.order == "sg" and (
                    i + 1 >= n or self.tokens[i + 1][0] == "sep" or _kind(self.tokens[i + 1][1]) in ("civ", "group")):
                wk = "init"  # "PERCHERON C, LAHURE E", "BORASO M, POLLRATZKY M"
            if wk == "group":
                close()
                i += 1
                # "Mmes et MM.", "Mesdames et Messieurs"
                if i + 1 < n and self.tokens[i][1] == "et" and _kind(self.tokens[i + 1][1]) in ("group", "civ"):
                    i += 2
                continue
            if wk == "civ":
                close()
                words = [("civ", tok, s, e)]
                i += 1
                continue
            if wk == "glued":
                close()
                words = [("glued", tok, s, e)]
                i += 1
                continue
            if tok == "et" or tok == "&":
                close()
                i += 1
                continue
            if not words and (wk == "letter" or wk == "up" and len(tok) <= 3 and tok.isalpha()) and i + 1 < n and _kind(self.tokens[i + 1][1]) in ("civ", "glued"):
                i += 1  # a checkbox read as "O", "CO" before "Mme …"
                continue
            if wk in ("up", "title", "init", "part"):
                if i and "(" in self.text[self.tokens[i - 1][3] : s]:
                    break  # a parenthesis left open by a cut text: "Marcel HINIEU (Le Ples"
                if wk in ("title", "up") and words and (len(tok) >= 3 or wk == "title") and fold(tok).strip(".,:") in _NOT_NAMES - _PARTICLES and not (
                        fold(words[-1][1]) in _PARTICLES):  # "M LE GOFF Clément" is a name
                    break  # "Monsieur Karim DALI Votes pour :"
                if words and self._boundary(words, wk):
                    close()
                if self._not_name(tok, words, i):
                    break
                if wk == "part" and not (i + 1 < n and _kind(self.tokens[i + 1][1]) in ("up", "title", "part")):
                    close()
                    break
                words.append((wk, tok, s, e))
                if len([w for w in words if w[0] not in ("civ",)]) > 8:
                    words = []
                    break
                i += 1
                continue
            # anything else (a lower-case word, a number) ends the list
            break
        close()
        if column:
            holders = [entries[-1].holder] + column
            owners = entries[-len(holders):]
            if len(owners) == len(holders):
                for owner, holder in zip(owners, holders):
                    owner.holder, owner.via = holder, "forward"
        return entries, i, last_end

    def _index_at(self, offset: int, i: int) -> int:
        while i < len(self.tokens) and self.tokens[i][2] < offset:
            i += 1
        return i

    def _connector(self, s: int) -> tuple[str, int] | None:
        for kind, pattern in (("substitute", _SUBSTITUTE), ("reversed", _REVERSED), ("forward", _FORWARD)):
            m = pattern.match(self.folded, s)
            # a name follows a connector: "à partir de la délibération n°1" is no proxy
            if m and m.end() <= self.end and self.text[m.end() : m.end() + 1].isupper():
                return kind, m.end()
        return None

    def _role_here(self, words: list, tok: str) -> bool:
        if not words:
            return True
        if words[-1][0] == "civ":
            return True  # "Monsieur le Maire"
        return any(w[0] in ("up", "glued") for w in words) or len(words) >= 2

    def _not_name(self, tok: str, words: list, i: int) -> bool:
        if words:
            return False
        kind = _kind(tok)
        if kind == "init":
            return False
        if (kind == "part" or fold(tok) in _PARTICLES) and i + 1 < len(self.tokens) and _kind(self.tokens[i + 1][1]) == "up":
            return False  # "LE BIHAN", "LE MOAL DE KERVEN"
        return fold(tok).strip(".,:") in _NOT_NAMES

    def _boundary(self, words: list, wk: str) -> bool:
        """Does a word of kind `wk` start a new name after `words` (no separator printed)?"""
        kinds = [w[0] for w in words if w[0] != "civ"]
        if not kinds:
            return False
        if words[0][0] in ("civ", "glued") and self.civ_led:
            return False  # every item has its civility: "Monsieur KERGOAT Pascal, Madame …"
        has_up = "up" in kinds or "glued" in kinds
        if self.order == "gs":
            # "Leïla BRESSY Agnès …": a given name or an initial after the surname
            return has_up and kinds[-1] in ("up", "glued") and wk in ("title", "init") and not (
                wk == "init" and len(kinds) == 1 and words[0][0] != "civ" and False
            ) and not (wk == "init" and self._initial_follows_surname(words))
        # "GRAS Fabrice SAULNIER Jean-Luc": a surname after the given name
        return has_up and kinds[-1] in ("title", "init") and wk == "up"

    def _initial_follows_surname(self, words: list) -> bool:
        # "Mme TARDIEU I." : civility + surname + initial is one name
        return words[0][0] == "civ" and len([w for w in words if w[0] == "up"]) >= 1 and not any(
            w[0] in ("title", "init") for w in words
        )

    def _annotate(self, entry: _Entry, tok: str, s: int, e: int) -> None:
        inner_start = s + 1
        inner = self.folded[inner_start : e - 1]
        of = _SUBSTITUTE_OF.match(self.folded, inner_start)
        if of:  # "Eric FOURCADE, (suppléant de Pierre LAFARGE)": the listed one sits for the other
            found, _, _ = _Reader(self.text, self.folded, of.end(), e - 1, order=self.order).read()
            if found:
                entry.member = found[0].person
                return
        for kind, pattern in (("substitute", _SUBSTITUTE), ("reversed", _REVERSED), ("forward", _FORWARD)):
            m = pattern.match(self.folded, inner_start)
            if m is None:
                # "(pouvoir à M. X)", "(donne procuration à Y)", "(représenté par M. Laurent CHAPUIS)"
                m = pattern.search(self.folded, inner_start, e - 1)
                if m and (m.start() - inner_start > 25 or kind == "forward" and not re.search(r"pouvoir|procuration|delegation|par\b", inner[: m.end() - inner_start])):
                    m = None
            if m:
                sub = _Reader(self.text, self.folded, m.end(), e - 1, order=self.order)
                found, _, _ = sub.read()
                if found:
                    person = found[0].person
                    if kind == "forward" and "represente" in self.folded[m.start() : m.end()]:
                        kind = "substitute"
                    if kind == "forward":
                        entry.holder = person
                    elif kind == "reversed":
                        entry.giver = person
                    else:
                        entry.substitute = person
                    entry.via = "paren-" + kind
                    rest = normalize_space(self.text[found[0].person.span.end : e - 1]).strip(" ,;")
                    if rest:
                        entry.note = rest
                        entry.note_span = Span(found[0].person.span.end, e - 1)
                    return
        entry.note = normalize_space(self.text[s + 1 : e - 1])
        entry.note_span = Span(s + 1, e - 1)


def _is_role_only(words: list) -> bool:
    return False


# --- the block ------------------------------------------------------------------------------------


def _labels(text: str, folded: str, start: int, end: int) -> list[tuple[str, re.Match]]:
    found = []
    for m in _LABEL.finditer(folded, start, end):
        group = next(g for g in m.groupdict() if g.startswith("l") and m.group(g) is not None and g[1:].isdigit())
        status = _LABEL_STATUS[int(group[1:])]
        first = text[m.start()]
        colon = m.group("colon")
        if not first.isupper():
            # a lower-case label opens a line, or follows a clause and ends with a colon
            # ("…, ont donné pouvoir écrit de voter en leur nom :")
            line_start = text.rfind("\n", 0, m.start()) + 1
            before = text[max(line_start, m.start() - 3) : m.start()]
            counted = re.search(r"\d\s*\)?\s*$", text[max(line_start, m.start() - 8) : m.start()])  # "Dont (48) présent(e)s"
            if text[line_start : m.start()].strip() and not counted and not (colon and ":" in colon and (
                re.search(r"[,.;:]\s*$", before) or status in ("secretary", "president")
                or re.match(r"etai|sont|liste", folded[m.start() :]))):
                continue
        if not colon and status == "president" and not re.search(r"\bseance", folded[m.start() : m.end()]):
            continue  # "M. X, Président Mme Y": a role inside a list, not a label
        if not colon:
            # without a colon, a label must be followed by a name (or a count)
            after = text[m.end() : m.end() + 40].lstrip()
            w = after.split(" ", 1)[0] if after else ""
            wk = _kind(w) if w else ""
            if wk not in ("civ", "group", "glued", "up", "title", "init") or (wk not in ("civ", "group") and fold(w) in _NOT_NAMES):
                if not re.match(r"\d", after):
                    continue
        found.append((status, m))
    return found


def read_attendance(text: str, start: int, end: int) -> Attendance | None:
    """The attendance block of text[start:end]; None when no list, president or secretary is printed."""
    folded = fold(text)
    att = Attendance(start=start, end=start)
    labels = _labels(text, folded, start, end)
    block_started = False
    carried: str | None = None  # an empty excused label lends its status to a proxy label that follows
    seen: dict[str, set[str]] = {}
    last_end = None
    filled: set[str] = set()  # the labels whose lists were read
    order: str | None = None  # how the present list prints names ("gs": Jean DUPONT, "sg": DUPONT Jean)
    coded: dict[str, list] = {}  # proxy code -> (status, person) of the names that carry it
    proxy_names: list[_Entry] = []  # "Armand Tessel Hervé Dorin … Pouvoir à X Pouvoir à Y"
    for idx, (status, label) in enumerate(labels):
        list_end = labels[idx + 1][1].start() if idx + 1 < len(labels) else min(end, label.end() + 6000)
        label_key = fold_words(text[label.start() : label.end()]).strip(" :-")
        if block_started and status not in ("secretary", "president") and (
            label_key in filled or label.start() - last_end > 1500
        ):
            break  # the block is over: the same lists printed again further on belong to another act
        pos = label.end()
        count = _COUNT.match(text, pos, list_end)
        if count and status in ("present", "absent", "excused", "proxies"):
            key = {"present": "present", "absent": "absent", "excused": "excused", "proxies": "proxies"}[status]
            att.counts.setdefault(key, int(count.group(1)))
            pos = count.end()
        if status in ("secretary", "president"):
            reader = _Reader(text, folded, pos, min(list_end, pos + 300), order=order)
            entries, _, stop = reader.read()
            if entries and status == "secretary" and att.secretary is None:
                att.secretary = _secretaries(text, entries, folded, pos)
            elif entries and status == "president" and att.president is None:
                att.president = entries[0].person
            continue
        preamble = _PREAMBLE.match(folded, pos, list_end)
        if preamble:
            pos = preamble.end()
        column_head = _COLUMN_HEAD.match(folded, pos, list_end)
        if column_head:
            pos = column_head.end()
        reader = _Reader(text, folded, pos, list_end)
        entries, _, stop = reader.read()
        if entries and not label.group("colon") and any(
                fold(w) in _NOT_NAMES - _PARTICLES for w in entries[0].person.name.split()[1:]):
            continue  # a count box read as a label: "Présents LONGUYON De Votants"
        if column_head and len(entries) >= 2 and len(entries) % 2 == 0 and not any(e.holder or e.giver for e in entries):
            # "Absents/excusés Pouvoir à Martine CRINIERE Pascal MARIE …": the rows giver, holder
            for giver, holder in zip(entries[0::2], entries[1::2]):
                giver.holder, giver.via = holder.person, "forward"
            entries = entries[0::2]
        if entries and status.startswith("present") and order is None:
            order = reader.order
        if not entries:
            if status.startswith("excused") or status.startswith("absent"):
                carried = status.split()[0]
            continue
        if status == "proxies" and carried:
            status = carried
        carried = None
        filled.add(label_key)
        block_started = True
        last_end = stop
        att.start = min(att.start, label.start()) if att.end > start else label.start()
        att.end = max(att.end, stop)
        for e in entries:
            code = _PROXY_CODE.match(fold(e.note).strip()) if e.note else None
            if code:  # "Jean-Pierre (Pr*)" … "David (Pr*)"
                coded.setdefault(code.group("code"), []).append((status.split()[0], e.person))
        for own in [e for e in entries if e.status]:
            _file(att, own.status, [own], seen, proxy_names, text, folded, stop, list_end)
        _file(att, status, [e for e in entries if not e.status], seen, proxy_names, text, folded, stop, list_end)
    _pair_flattened(att, proxy_names, text, folded)
    _pair_codes(att, coded)
    if not att.present:
        _presence_table(att, text, folded, start, end)
    att._order = order
    _read_president(att, text, folded, start, end)
    _read_secretary(att, text, folded, start, end)
    _read_counts(att, text, folded, att.start if att.end > start else start, end)
    if not any(getattr(att, k) for k in LISTS) and not att.proxies and att.president is None and att.secretary is None:
        return None
    return att


# a presence table, one member a line: "NOM Prénom | Représentant | Présent(e) ou suppléé(e) | Suppléé(e) par"
_TABLE_HEAD = re.compile(r"present\(?e?\)?\s+ou\s+supplee|\bnom\s+prenom\b.{0,60}\bpresent")
_TABLE_ROW = re.compile(
    r"(?P<name>(?P<surname>[A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?:\s+(?:DE|DU|LE|LA|D['’])?\s*[A-ZÀ-Ý][A-ZÀ-Ý'’-]+)*)"
    r"\s+(?:[A-Z]\.\s+)?[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)?)(?P<rest>[^\n]*)"
)
_MARK = re.compile(r"(?:^|\s)X(?:\s+(?P<substitute>[A-ZÀ-Ý][A-ZÀ-Ý'’ -]+?\s+[A-ZÀ-Ý][a-zà-ÿ'’-]+))?\s*$")


def _presence_table(att: Attendance, text: str, folded: str, start: int, end: int) -> None:
    """"DURAND Alain CC du Haut-Val X": a row marked X is present; "… X MOREAU Jacques" was
    replaced by the substitute named after the mark; an unmarked row is absent. The last row of a text
    cut inside it is left out (its mark may be what was cut)."""
    head = _TABLE_HEAD.search(folded, start, end)
    if not head:
        return
    line_end = text.find("\n", head.end(), end)
    rows = list(re.finditer(r"[^\n]+", text[line_end + 1 : end])) if line_end > 0 else []
    seen: dict[str, set[str]] = {}
    for i, row in enumerate(rows):
        m = _TABLE_ROW.match(row.group(0).strip())
        if not m:
            continue  # "M. le Président CDC …": a row without a name
        offset = line_end + 1 + row.start() + (len(row.group(0)) - len(row.group(0).lstrip()))
        person = Person(m.group("name"), Span(offset + m.start("name"), offset + m.end("name")))
        mark = _MARK.search(m.group("rest"))
        if mark is None:
            if i + 1 < len(rows):
                _add(att.absent, person, seen.setdefault("absent", set()))
            continue
        if mark.group("substitute"):
            sub_start = offset + m.start("rest") + mark.start("substitute")
            substitute = Person(mark.group("substitute").strip(), Span(sub_start, sub_start + len(mark.group("substitute").strip())))
            att.substitutes.append(Substitute(person, substitute, Span(person.span.start, substitute.span.end)))
            _add(att.present, substitute, seen.setdefault("present", set()))
        else:
            _add(att.present, person, seen.setdefault("present", set()))
        att.start = att.start if att.end > start else person.span.start
        att.end = max(att.end, offset + len(row.group(0)))


def _add(people: list[Person], person: Person, seen: set[str]) -> None:
    key = name_key(person.name)
    if key and key not in seen:
        seen.add(key)
        people.append(person)


def _file(att: Attendance, status: str, entries: list[_Entry], seen: dict, loose: list, text: str,
          folded: str, stop: int, list_end: int) -> None:
    statuses = status.split()
    main = statuses[0]
    pairs = {(name_key(p.giver.name), name_key(p.holder.name) if p.holder else "") for p in att.proxies}
    for entry in entries:
        person = entry.person
        if entry.president and att._list_president is None:
            att._list_president = person
        if entry.member is not None:
            att.substitutes.append(Substitute(entry.member, person, Span(person.span.start, entry.member.span.end)))
        if entry.substitute is not None and main == "present" and entry.via == "forward":
            # "Présents titulaires : X représenté par Y": Y sits for X
            entry.via = "substitute"
        if entry.via in ("substitute", "paren-substitute") or (entry.substitute is not None):
            sub = entry.substitute or entry.holder
            att.substitutes.append(Substitute(person, sub, Span(person.span.start, sub.span.end)))
            _add(att.present, sub, seen.setdefault("present", set()))
            if main != "present":
                _add(getattr(att, main), person, seen.setdefault(main, set()))
            continue
        if entry.via == "forward" and main == "present" and entry.holder is not None and "represente" in folded[person.span.end : entry.holder.span.start]:
            sub = entry.holder
            att.substitutes.append(Substitute(person, sub, Span(person.span.start, sub.span.end)))
            _add(att.present, sub, seen.setdefault("present", set()))
            continue
        giver, holder = person, entry.holder
        if entry.giver is not None:  # "X (Procuration de Y)", "X pour Y": X holds Y's proxy
            giver, holder = entry.giver, person
        if main == "proxies" and holder is None and entry.giver is None:
            loose.append(entry)
        if holder is not None:
            key = (name_key(giver.name), name_key(holder.name))
            if key not in pairs:
                pairs.add(key)
                note = entry.note if entry.note and _limit(fold(entry.note)) else None
                att.proxies.append(Proxy(giver, holder, Span(giver.span.start, max(giver.span.end, holder.span.end)), note))
        elif main in ("excused", "absent") and _has_power(folded, status):
            pass
        if entry.giver is not None:
            # the holder is the listed one
            if main != "proxies":
                _add(getattr(att, main), person, seen.setdefault(main, set()))
            continue
        if main != "proxies":
            _add(getattr(att, main), person, seen.setdefault(main, set()))
            if "no_delegation" in statuses:
                _add(att.no_delegation, person, seen.setdefault("no_delegation", set()))
            change = _change(person, main, entry)
            if change:
                att.changes.append(change)


def _has_power(folded: str, status: str) -> bool:
    return False


def _limit(note: str) -> bool:
    return bool(_UNTIL.search(note) or _FROM.search(note) or _POINTS.search(note))


def _change(person: Person, status: str, entry: _Entry) -> AttendanceChange | None:
    if not entry.note:
        return None
    note = fold(entry.note)
    span = entry.note_span or person.span
    if re.search(r"\d\s*h\s*\d", note) and not re.search(r"deliberation|point|question|affaire|dossier|rapport", note):
        return None  # an hour ("à partir de 20h58") is not an item
    m = _UNTIL.search(note)
    if m:
        return AttendanceChange(person, status, None, None, _item(m.group("n")), entry.note, span)
    m = _FROM.search(note)
    if m:
        return AttendanceChange(person, status, None, _item(m.group("n")), None, entry.note, span)
    m = _POINTS.search(note)
    if m:
        items = re.findall(r"\d+", m.group("n"))
        return AttendanceChange(person, status, "present", items[0], items[-1], entry.note, span)
    return None


def _item(printed: str) -> str:
    digits = re.findall(r"\d+", printed)
    return str(int(digits[-1])) if digits else printed


def _pair_flattened(att: Attendance, loose: list[_Entry], text: str, folded: str) -> None:
    """A proxy table flattened into two columns: the names, then as many "Pouvoir à X"."""
    if not loose:
        return


def _pair_codes(att: Attendance, coded: dict[str, list]) -> None:
    """One name with the code among the present (the holder), one among the absent or excused (the giver)."""
    for code, people in coded.items():
        holders = [p for st, p in people if st == "present"]
        givers = [p for st, p in people if st in ("excused", "absent")]
        if len(holders) == 1 and len(givers) == 1:
            g, h = givers[0], holders[0]
            att.proxies.append(Proxy(g, h, Span(min(g.span.start, h.span.start), max(g.span.end, h.span.end))))


def _secretaries(text: str, entries: list[_Entry], folded: str, pos: int) -> Person:
    """The first secretary; "Messieurs François MORVAN et Claude ZIMMER" is kept whole."""
    if len(entries) >= 2 and re.match(r"\s*(?:messieurs|mesdames|mm\.?|mmes)\s", folded[pos : entries[0].person.span.start + 1] + " "):
        a, b = entries[0].person, entries[1].person
        if re.fullmatch(r"\s+et\s+", folded[a.span.end : b.span.start]):
            return Person(text[a.span.start : b.span.end], Span(a.span.start, b.span.end))
    return entries[0].person


# --- president, secretary, counts -----------------------------------------------------------------

_PRESIDENT_IN_CAPITALS = re.compile(
    r"((?:MONSIEUR|MADAME)\s+[A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?:\s+(?:DE\s+|DU\s+|LE\s+|LA\s+)?[A-ZÀ-Ý][A-ZÀ-Ý'’-]+){0,4})(?=\s+[A-ZÀ-Ý][a-zà-ÿ]|\s*[,.;]|\s*$)"
)
_PRESIDENCY = re.compile(r"(?:sous\s+la\s+presidence\s+d[eu']\s*|presidee?\s+par\s+|presidence\s+de\s+)")
_SECRETARY_VERB = re.compile(
    r"\s*,?\s*(?:\([^()]{0,60}\)\s*,?\s*)?(?:ayant\s+obtenu\s+[^,]{0,40},\s*)?(?:a\s+ete|est|ont\s+ete|sont)\s+(?:designee?s?|elue?s?|nommee?s?)"
    r"(?:\s*,?\s*a\s+l.?unanimite(?:\s+des\s+presents)?\s*,?)?"
    r"\s+(?:comme\s+|en\s+qualite\s+de\s+|pour\s+remplir\s+(?:les|la|ces|cette)\s+fonctions?(?:\s+de\s+secretaire)?|secretaire)"
)


def _read_president(att: Attendance, text: str, folded: str, start: int, end: int) -> None:
    if att.president is not None:
        return
    lo = max(start, att.start - 3000) if att.end > start else start
    hi = min(end, att.end + 300 if att.end > start else start + 3000)
    m = _PRESIDENCY.search(folded, lo, hi)
    if not m:
        att.president = att._list_president
        return
    capitals = _PRESIDENT_IN_CAPITALS.match(text, m.end(), min(hi, m.end() + 120))
    if capitals:  # "PRESIDENCE DE MONSIEUR JEAN-PIERRE DUPONT Secrétaire : …": a name in capitals
        person = Person(capitals.group(1), Span(capitals.start(1), capitals.end(1)))
        att.president = _as_listed(att, person)
        return
    reader = _Reader(text, folded, m.end(), min(hi, m.end() + 120), order=att._order)
    entries, _, _ = reader.read()
    if entries:
        att.president = _as_listed(att, entries[0].person)
    else:
        att.president = att._list_president


def _as_listed(att: Attendance, person: Person) -> Person:
    """The president in the form of the attendance list that names them too (SCHEMA.md: names as printed
    in the lists): "sous la présidence de Monsieur Jean DUPONT" + "Présents : M. Jean DUPONT, …"."""
    key = name_key(person.name)
    listed = next((p for p in att.present if name_key(p.name) == key), None)
    return Person(listed.name, person.span) if listed else person


_SECRETARY_GAP = re.compile(
    r"[\s,]*(?:\([^()]{0,60}\)[\s,]*)?(?:ayant\s+obtenu[^,.]{0,60},?\s*)?(?:(?:il|elle)\s+)?$"
)
_SECRETARY_PROSE = re.compile(
    r"(?:a\s+ete|est|ont\s+ete|sont)\s+(?:designee?s?|elue?s?|nommee?s?)(?:\s*,?\s*a\s+l.?unanimite(?:\s+des\s+presents)?\s*,?)?"
    r"\s+(?:comme\s+|en\s+qualite\s+de\s+)?(?:secretaire|pour\s+remplir\s+(?:les|la|ces|cette)\s+fonctions?)"
)


def _read_secretary(att: Attendance, text: str, folded: str, start: int, end: int) -> None:
    """ "Madame LAVAUD S. a été élue secrétaire de séance", "Mme Nora BELKACEM ayant obtenu la
    majorité des suffrages, elle a été désignée pour remplir cette fonction"."""
    if att.secretary is not None:
        return
    for m in _SIGNATURES.finditer(folded, start, end):
        # "Le secrétaire de séance Le Maire, Michaël DUMAS Jean-Claude GARDE": the names in the roles' order
        entries, _, _ = _Reader(text, folded, m.end(), min(end, m.end() + 120), order=att._order).read()
        if len(entries) >= 2:
            att.secretary = entries[0 if m.group("sec") else 1].person
            return
    lo = max(start, att.start - 2000) if att.end > start else start
    hi = min(end, (att.end if att.end > start else start) + 2500)
    for m in _SECRETARY_PROSE.finditer(folded, lo, hi):
        verb = m.start()
        back = max(lo, verb - 160)
        for cand in re.finditer(r"(?<![\w'’.])(?=[A-ZÀ-Ý])", text[back:verb]):
            s = back + cand.start()
            entries, _, stop = _Reader(text, folded, s, verb, order=att._order).read()
            if entries and _SECRETARY_GAP.match(folded[stop:verb]):
                att.secretary = entries[-1].person
                return


_COUNTS = {
    "members_in_office": re.compile(r"(?:membres|conseillers(?:\s+municipaux)?|delegues)?\s*en\s+exercice\s*:?\s*(\d+)"),
    "voters": re.compile(r"(?<![\w])votants\s*:?\s*(\d+)"),
}


def _read_counts(att: Attendance, text: str, folded: str, start: int, end: int) -> None:
    lo = max(0, start - 1500)
    for key, pattern in _COUNTS.items():
        m = pattern.search(folded, lo, min(end, start + 6000))
        if m:
            att.counts.setdefault(key, int(m.group(1)))


# --- per item -------------------------------------------------------------------------------------


def attendance_for_item(att: Attendance, item_number: str | None) -> Attendance:
    """The lists as they stand for the item numbered `item_number` ("DEL2019-01" is item 1)."""
    if item_number is None or not att.changes:
        return att
    digits = re.findall(r"\d+", item_number)
    if not digits:
        return att
    n = int(digits[-1])
    out = replace(att, present=list(att.present), excused=list(att.excused), absent=list(att.absent),
                  proxies=list(att.proxies))
    for change in att.changes:
        lo = int(change.from_item) if change.from_item and change.from_item.isdigit() else None
        hi = int(change.until_item) if change.until_item and change.until_item.isdigit() else None
        in_effect = (lo is None or n >= lo) and (hi is None or n <= hi)
        key = name_key(change.person.name)
        if not in_effect:
            people = getattr(out, change.status)
            setattr(out, change.status, [p for p in people if name_key(p.name) != key])
        elif change.otherwise == "present":
            out.present = [p for p in out.present if name_key(p.name) != key]
    kept = []
    for proxy in out.proxies:
        if proxy.note:
            f = fold(proxy.note)
            m = _UNTIL.search(f)
            if m and n > int(_item(m.group("n")) or 0):
                continue
            m = _FROM.search(f)
            if m and n < int(_item(m.group("n")) or 0):
                continue
        kept.append(proxy)
    out.proxies = kept
    return out
