"""Build extractors/lexicon/authorities.json, the authorities an ACTES stamp's SIREN points to.

Source: `@etalab/decoupage-administratif` 6.0.0 (Etalab, MIT licence), the npm tarball kept in
`shared/vendor/etalab-decoupage-administratif-6.0.0.tgz` — the same one as
`scripts/make_communes_lexicon.py`. It extends `extractors/lexicon/communes.json` (names, INSEE codes,
départements of the communes) rather than repeating it:
- `package/data/communes.json`: the SIREN of each commune of type "commune-actuelle", as a map
  SIREN -> INSEE code (the name is read from communes.json by that code);
- `package/data/epci.json`: every EPCI (communauté de communes, d'agglomération, urbaine, métropole):
  its SIREN (the `code`), its name as Etalab writes it (`CC du Val de Drôme en Biovallée`), its type
  and the département where most of its member communes are;
- `package/data/regions.json` and `departements.json`: the région of each département and the names
  of the régions.

    python scripts/make_authorities_lexicon.py [path/to/etalab-decoupage-administratif-X.tgz] [out.json]

The output is deterministic (sorted) so that a rebuild from the same tarball gives the same file.
"""

from __future__ import annotations

import json
import sys
import tarfile
from collections import Counter
from pathlib import Path

from make_communes_lexicon import DEFAULT_TGZ, ROOT, _member  # the same tarball, read the same way

DEFAULT_OUT = ROOT / "extractors" / "lexicon" / "authorities.json"


def _departement(insee: str) -> str:
    return insee[:3] if insee.startswith("97") else insee[:2]


def build(tgz: Path) -> dict:
    with tarfile.open(tgz, "r:gz") as tar:
        package = json.load(tar.extractfile("package/package.json"))
        communes = _member(tar, "data/communes.json")
        epci = _member(tar, "data/epci.json")
        departements = _member(tar, "data/departements.json")
        regions = _member(tar, "data/regions.json")
    commune_siren = {c["siren"]: c["code"] for c in communes if c.get("type") == "commune-actuelle" and c.get("siren")}
    epci_rows = []
    for e in epci:
        deps = Counter(_departement(m["code"]) for m in e.get("membres", []))
        epci_rows.append([e["code"], e["nom"], e["type"], deps.most_common(1)[0][0] if deps else None])
    epci_rows.sort()
    return {
        "_about": (
            "SIREN of the authorities an ACTES stamp can name, for extractors/authority.py. Built by "
            f"scripts/make_authorities_lexicon.py from {package['name']} {package['version']} (Etalab, "
            f"{package['license']} licence, {package['repository']}): data/communes.json (commune SIREN -> "
            "INSEE code; names in communes.json), data/epci.json (SIREN, name, type, main département), "
            "data/departements.json and data/regions.json."
        ),
        "source": f"{package['name']}@{package['version']}",
        "licence": package["license"],
        "epci_types": {
            "CC": "Communauté de communes", "CA": "Communauté d'agglomération", "CU": "Communauté urbaine",
            "METRO": "Métropole", "MET69": "Métropole", "EPT": "Établissement public territorial",
        },
        "departement_region": {d["code"]: d["region"] for d in sorted(departements, key=lambda d: d["code"])},
        "regions": {r["code"]: r["nom"] for r in sorted(regions, key=lambda r: r["code"])},
        "epci_fields": ["siren", "name", "type", "departement"],
        "epci": epci_rows,
        "commune_siren": dict(sorted(commune_siren.items())),
    }


def main(argv: list[str]) -> None:
    tgz = Path(argv[1]) if len(argv) > 1 else DEFAULT_TGZ
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    data = build(tgz)
    epci = data.pop("epci")
    sirens = data.pop("commune_siren")
    head = json.dumps(data, ensure_ascii=False, indent=1)[:-2]
    body = (
        ' "epci": [\n' + ",\n".join(json.dumps(row, ensure_ascii=False) for row in epci) + "\n ],\n"
        ' "commune_siren": {\n' + ",\n".join(f' "{s}": "{i}"' for s, i in sirens.items()) + "\n }"
    )
    out.write_text(f"{head},\n{body}\n}}\n", encoding="utf-8")
    json.loads(out.read_text(encoding="utf-8"))  # the file must parse
    print(f"{out}: {len(sirens)} commune SIREN, {len(epci)} EPCI")


if __name__ == "__main__":
    main(sys.argv)
