"""Write N synthetic deliberations as text files that `kg build` reads, for benchmarks.

    python bench/synthesize.py N OUT_DIR [--per-file K] [--seed S]

Each file is one meeting of the standing committee of a département's council, laid out as the
Pas-de-Calais samples are (heading, meeting date, chair, secretary, attendance lists, title, "(N°…)",
the "Vu" clauses, "DECIDE :", numbered articles granting amounts, per-group vote counts, "(Adopté)",
signature), K deliberations per file (default 40). Everything varies with a seeded random generator
(same N and seed, same files): départements, members (invented from common French given names and
surnames), attendance (members excused or absent, changing between deliberations of a meeting),
recusals, political groups and their positions (for, against, abstention), cited codes and
articles, lois, décrets and earlier deliberations, committee opinions, beneficiaries and amounts,
budget tables. Vote counts are those of present and excused members minus the recused ones (the
extractor reports those as a `vote-total-mismatch` finding, as it does on real documents).
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DEPARTEMENTS = (
    "Aisne", "Allier", "Ardèche", "Ardennes", "Aube", "Aude", "Aveyron", "Calvados", "Cantal", "Charente",
    "Cher", "Corrèze", "Creuse", "Dordogne", "Doubs", "Drôme", "Eure", "Gard", "Gers", "Gironde", "Hérault",
    "Indre", "Isère", "Jura", "Landes", "Loiret", "Lot", "Lozère", "Marne", "Mayenne", "Meuse", "Morbihan",
    "Nièvre", "Nord", "Oise", "Orne", "Rhône", "Sarthe", "Somme", "Tarn", "Var", "Vaucluse", "Vendée", "Vienne",
    "Vosges", "Yonne",
)  # fmt: skip
GIVEN = (
    ("M.", "Jean"), ("M.", "Pierre"), ("M.", "Michel"), ("M.", "André"), ("M.", "Philippe"), ("M.", "Alain"),
    ("M.", "Bernard"), ("M.", "Christophe"), ("M.", "Nicolas"), ("M.", "Olivier"), ("M.", "Thierry"),
    ("M.", "Jean-Luc"), ("M.", "François"), ("M.", "Laurent"), ("M.", "Éric"), ("M.", "Patrick"),
    ("M.", "Stéphane"), ("M.", "Julien"), ("M.", "Sébastien"), ("M.", "Jean-Marc"), ("M.", "Hervé"),
    ("Mme", "Marie"), ("Mme", "Nathalie"), ("Mme", "Isabelle"), ("Mme", "Sylvie"), ("Mme", "Catherine"),
    ("Mme", "Françoise"), ("Mme", "Christine"), ("Mme", "Sandrine"), ("Mme", "Valérie"), ("Mme", "Anne"),
    ("Mme", "Céline"), ("Mme", "Sophie"), ("Mme", "Émilie"), ("Mme", "Martine"), ("Mme", "Hélène"),
    ("Mme", "Marie-Claire"), ("Mme", "Élodie"), ("Mme", "Agnès"), ("Mme", "Claire"), ("Mme", "Aurélie"),
)  # fmt: skip
SURNAMES = (
    "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "LEROY", "MOREAU", "SIMON",
    "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL",
    "GIRARD", "ANDRE", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANCOIS", "MARTINEZ", "LEGRAND", "GARNIER",
    "FAURE", "ROUSSEAU", "BLANC", "GUERIN", "MULLER", "HENRY", "ROUSSEL", "NICOLAS", "PERRIN", "MORIN",
    "MATHIEU", "CLEMENT", "GAUTHIER", "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN", "MASSON", "SANCHEZ",
    "GERARD", "NGUYEN", "BOYER", "DENIS", "LEMAIRE", "DUVAL", "JOLY", "GAUTIER", "ROGER", "ROCHE", "ROY",
    "NOEL", "MEYER", "LUCAS", "MEUNIER", "JEAN", "PEREZ", "MARCHAND", "DUFOUR", "BLANCHARD", "MARIE",
    "BARBIER", "BRUN", "DUMAS", "BRUNET", "SCHMITT", "LEROUX", "COLIN", "FERNANDEZ", "PIERRE", "RENARD",
    "ARNAUD", "ROLLAND", "CARON", "AUBERT", "GIRAUD", "LECLERC", "VIDAL", "BOURGEOIS", "RENAUD", "LEMOINE",
    "PICARD", "GAILLARD", "PHILIPPE", "LECLERCQ", "LACROIX", "FABRE", "DUPUIS", "OLIVIER", "RODRIGUEZ",
    "DA SILVA", "HUBERT", "LOUIS", "CHARLES", "GUILLOT", "RIVIERE", "LE GALL", "GUILLAUME", "ADAM", "ROUX-MARTIN",
)  # fmt: skip
GROUPS = (
    "Groupe Socialiste et apparentés", "Groupe Les Républicains et apparentés", "Groupe Union centriste",
    "Groupe Écologiste et citoyen", "Groupe Communiste et républicain", "Groupe Majorité départementale",
    "Groupe Divers gauche", "Groupe Agir pour le territoire", "Non-inscrit",
)  # fmt: skip
TOWNS = (
    "Beaumont", "Villeneuve", "Saint-Martin", "Montigny", "Fontaine", "Bourg-Neuf", "Saint-Julien", "Champagne",
    "Vaux", "Neuville", "Bellevue", "Mont-Saint-Éloi", "Rivière", "Sainte-Croix", "Longueville", "Clairmarais",
    "Hautecourt", "Boisjean", "Valmont", "Roquefort",
)  # fmt: skip
SCHOOLS = ("Jean Jaurès", "Victor Hugo", "Jules Ferry", "Louise Michel", "Pierre Mendès France", "Marie Curie", "Jean Moulin")
ASSOCIATIONS = (
    "Les Amis du patrimoine", "Sport pour tous", "Culture et loisirs", "Solidarité emploi", "Les Jardins partagés",
    "Musique en fête", "Aide à domicile rurale", "Lecture vivante",
)  # fmt: skip
SUBJECTS = (
    ("SUBVENTIONS AUX COLLÈGES POUR DES PROJETS ÉDUCATIFS", "college"),
    ("AIDE DÉPARTEMENTALE AUX COMMUNES POUR L'AMÉNAGEMENT DES ESPACES PUBLICS", "commune"),
    ("SOUTIEN AUX ASSOCIATIONS SPORTIVES ET CULTURELLES", "association"),
    ("FONDS DÉPARTEMENTAL D'AIDE AUX JEUNES", "association"),
    ("PROGRAMME DE RÉNOVATION DES ÉQUIPEMENTS NUMÉRIQUES DES COLLÈGES", "college"),
    ("PARTICIPATION AU FINANCEMENT DE LA VOIRIE COMMUNALE", "commune"),
    ("CONVENTION DE PARTENARIAT POUR L'INSERTION PROFESSIONNELLE", "association"),
    ("AIDE À L'INVESTISSEMENT DES COMMUNES RURALES", "commune"),
)  # fmt: skip
CGCT_ARTICLES = ("L.3121-14", "L.3121-14-1", "L.3211-1", "L.3211-2", "L.1111-4", "L.3212-3", "L.3231-3", "L.1611-4")
OTHER_CODES = (
    ("le Code de l’Education", ("L.213-2", "L.211-8", "L.421-11")),
    ("le Code de l’Action Sociale et des Familles", ("L.121-1", "L.263-1", "L.222-5")),
    ("le Code du Sport", ("L.113-2", "L.100-2")),
)  # fmt: skip
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
COMMISSIONS = (
    "Solidarités humaines", "Education, Culture, Sport et Citoyenneté", "Aménagement et développement territorial",
    "Finances et ressources", "Environnement et mobilités",
)  # fmt: skip


@dataclass(frozen=True)
class Member:
    civility: str
    given: str
    surname: str
    group: str

    def listed(self) -> str:
        return f"{self.civility} {self.given} {self.surname}"

    def formal(self) -> str:
        return f"{'Madame' if self.civility == 'Mme' else 'Monsieur'} {self.given} {self.surname}"


@dataclass
class Body:
    departement: str
    members: list[Member]
    groups: list[str]
    next_number: int
    meeting_day: date


def _euros(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _date_words(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _make_body(rng: random.Random, departement: str) -> Body:
    groups = rng.sample(GROUPS, rng.randint(3, 5))
    size = rng.randint(14, 40)
    names, members = set(), []
    while len(members) < size:
        civility, given = rng.choice(GIVEN)
        surname = rng.choice(SURNAMES)
        if (given, surname) in names:
            continue
        names.add((given, surname))
        members.append(Member(civility, given, surname, rng.choice(groups)))
    start = date(2020, 1, 15) + timedelta(days=rng.randint(0, 300))
    return Body(departement, members, groups, rng.randint(1, 200), start)


def _wrap(text: str, width: int = 88) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _beneficiary(rng: random.Random, kind: str) -> str:
    if kind == "college":
        return f"au collège {rng.choice(SCHOOLS)} de {rng.choice(TOWNS)}"
    if kind == "commune":
        return f"à la commune de {rng.choice(TOWNS)}"
    return f"à l’association « {rng.choice(ASSOCIATIONS)} » de {rng.choice(TOWNS)}"


def _vu_clauses(rng: random.Random, body: Body, day: date) -> list[str]:
    articles = sorted(rng.sample(CGCT_ARTICLES, rng.randint(2, 4)))
    clauses = [
        "le Code Général des Collectivités Territoriales et notamment ses articles "
        + ", ".join(articles[:-1]) + f" et {articles[-1]}"
    ]  # fmt: skip
    if rng.random() < 0.6:
        code, code_articles = rng.choice(OTHER_CODES)
        clauses.append(f"{code} et notamment son article {rng.choice(code_articles)}")
    if rng.random() < 0.5:
        year = rng.randint(2004, day.year - 1)
        text_day = date(year, rng.randint(1, 12), rng.randint(1, 28))
        clauses.append(f"la loi n°{year}-{rng.randint(100, 1800)} du {_date_words(text_day)}")
    if rng.random() < 0.25:
        year = rng.randint(2010, day.year - 1)
        text_day = date(year, rng.randint(1, 12), rng.randint(1, 28))
        clauses.append(f"le décret n°{year}-{rng.randint(100, 1800)} du {_date_words(text_day)}")
    earlier = date(day.year - 1, rng.randint(1, 12), rng.randint(1, 28))
    clauses.append(
        f"la délibération n°{earlier.year}-{rng.randint(1, 400)} du Conseil départemental en date du "
        f"{earlier:%d/%m/%Y} « Délégation d’attributions à la Commission Permanente »"
    )
    clauses.append("le rapport du Président du Conseil départemental, ci-annexé")
    number = rng.randint(1, len(COMMISSIONS))
    opinion = day - timedelta(days=rng.randint(7, 25))
    clauses.append(
        f"l’avis de la {number}{'ère' if number == 1 else 'ème'} commission « {COMMISSIONS[number - 1]} » rendu lors de sa réunion "
        f"en date du {opinion:%d/%m/%Y}"
    )
    return [_wrap(f"Vu {clause} ;") for clause in clauses]


def _vote(rng: random.Random, body: Body, voters: list[Member]) -> str:
    positions = {group: "Pour" for group in body.groups}
    if rng.random() < 0.2:
        positions[rng.choice(body.groups)] = rng.choice(("Contre", "Abstention"))
    counts = {"Pour": 0, "Contre": 0, "Abstention": 0}
    listed: dict[str, list[str]] = {"Pour": [], "Contre": [], "Abstention": []}
    for group in body.groups:
        n = sum(1 for m in voters if m.group == group)
        if n:
            counts[positions[group]] += n
            listed[positions[group]].append(group)
    lines = []
    for position in ("Pour", "Contre", "Abstention"):
        groups = f" ({' ; '.join(listed[position])})" if listed[position] else ""
        lines.append(_wrap(f"{position} : {counts[position]} voix{groups}"))
    return "\n".join(lines)


def _deliberation(rng: random.Random, body: Body, day: date, attendance: dict[Member, str]) -> str:
    president = body.members[0]
    secretary = body.members[1]
    present = [m for m in body.members if attendance[m] == "present"]
    excused = [m for m in body.members if attendance[m] == "excused"]
    absent = [m for m in body.members if attendance[m] == "absent"]
    title, kind = rng.choice(SUBJECTS)
    number = f"{day.year}-{body.next_number}"
    body.next_number += 1
    recused = [rng.choice(present[2:])] if rng.random() < 0.08 and len(present) > 3 else []
    voters = [m for m in present + excused if m not in recused]

    parts = [
        f" DEPARTEMENT {'DE L’' if body.departement[0] in 'AEIOUÉ' else 'DU '}{body.departement.upper()}",
        "DELIBERATION DE LA COMMISSION PERMANENTE\nDU CONSEIL DEPARTEMENTAL",
        f"REUNION DU {_date_words(day).upper()}",
        f"PRESIDENCE DE {president.formal().upper()}",
        f"Secrétaire : {secretary.listed()}",
        _wrap("Étaient présents : " + ", ".join(m.listed() for m in present) + "."),
    ]
    if excused:
        parts.append(_wrap("Excusé(s) : " + ", ".join(m.listed() for m in excused) + "."))
    if absent:
        parts.append(_wrap("Absent(s) : " + ", ".join(m.listed() for m in absent) + "."))
    parts += [f"{title} {rng.choice(TOWNS).upper()} {day.year}", f"(N°{number})"]
    parts.append(f"La Commission Permanente du Conseil départemental {'de l’' if body.departement[0] in 'AEIOUÉ' else 'du '}{body.departement},")
    parts.append("\n".join(_vu_clauses(rng, body, day)))
    for member in recused:
        feminine = member.civility == "Mme"
        parts.append(f"{member.formal()}, intéressé{'e' if feminine else ''} à l’affaire, n’a pris part ni au débat, ni au vote.")
    parts.append(" Après en avoir délibéré,\n\nDECIDE :")
    total = 0
    n_grants = rng.randint(1, 3)
    for index in range(1, n_grants + 1):
        amount = rng.choice((500, 1200, 2500, 4000, 7500, 12000, 15000, 30000, 48000, 75000, 150000))
        total += amount
        parts.append(f"Article {index}     :")
        parts.append(_wrap(
            f"D’attribuer {_beneficiary(rng, kind)} une subvention d’un montant de {_euros(amount)} € "
            f"au titre de l’année {day.year}, selon les modalités reprises au rapport joint à la présente délibération."
        ))  # fmt: skip
    parts.append(f"Article {n_grants + 1}     :")
    parts.append(_wrap(
        "D’autoriser le Président du Conseil départemental à signer, au nom et pour le compte du Département, "
        "les conventions à intervenir avec les bénéficiaires."
    ))  # fmt: skip
    if rng.random() < 0.5:
        parts.append(f"Article {n_grants + 2}     :")
        parts.append(_wrap(
            f"La dépense versée en application de l’article 1 de la présente délibération est imputée sur le "
            f"budget départemental comme suit :"
        ))  # fmt: skip
        code = f"C0{rng.randint(1, 9)}-{rng.randint(100, 999)}J0{rng.randint(1, 9)} {rng.randint(200000, 659999)}/{rng.randint(90000, 93999)}"
        parts.append(f"Code\nOpération\n\nImputation\nBudgétaire\n\nLibellé Opération CP € Dépense €\n\n{code}\nSubventions\n\n{_euros(total)},00 {_euros(total)},00")
    parts.append("Dans les conditions de vote ci-dessous : ")
    parts.append(_vote(rng, body, voters))
    parts.append("(Adopté)")
    parts.append("…" + "." * 100)
    parts.append(f"LE PRESIDENT DU CONSEIL DEPARTEMENTAL,\n\n{president.given} {president.surname}")
    parts.append(f"{rng.choice(TOWNS).upper()}, le {_date_words(day)} ")
    return "\n\n".join(parts) + "\n"


def _meeting(rng: random.Random, body: Body, count: int) -> tuple[date, str]:
    day = body.meeting_day
    body.meeting_day = day + timedelta(days=rng.randint(20, 45))
    attendance = {}
    for index, member in enumerate(body.members):
        draw = rng.random()
        attendance[member] = "present" if index < 2 or draw < 0.82 else ("excused" if draw < 0.95 else "absent")
    texts = []
    for _ in range(count):
        if rng.random() < 0.15:  # someone leaves or arrives between two deliberations
            member = rng.choice(body.members[2:])
            attendance[member] = "excused" if attendance[member] == "present" else "present"
        texts.append(_deliberation(rng, body, day, attendance))
    return day, "".join(texts)


def synthesize(n: int, out_dir: Path, per_file: int = 40, seed: int = 1) -> list[Path]:
    """Write `n` deliberations in files of `per_file` (one meeting each); the paths written."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    bodies = [_make_body(rng, d) for d in DEPARTEMENTS[: max(2, min(len(DEPARTEMENTS), n // 2000 or 2))]]
    written, done = [], 0
    while done < n:
        body = rng.choice(bodies)
        count = min(per_file + rng.randint(-per_file // 4, per_file // 4), n - done) or 1
        day, text = _meeting(rng, body, count)
        path = out_dir / f"synthetic_{len(written):06d}_{day:%Y%m%d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
        done += count
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of deliberations")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--per-file", type=int, default=40, help="deliberations per file (one meeting)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = synthesize(args.n, args.out_dir, args.per_file, args.seed)
    print(f"{args.n} deliberations in {len(paths)} files under {args.out_dir}")


if __name__ == "__main__":
    main()
