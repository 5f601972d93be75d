"""Build extractors/lexicon/communes.json from the Etalab reference data.

Source: `@etalab/decoupage-administratif` 6.0.0 (Etalab, MIT licence), the npm tarball kept in
`shared/vendor/etalab-decoupage-administratif-6.0.0.tgz`. Read inside it:
- `package/data/communes.json`: every commune of type "commune-actuelle" (name, INSEE code, département
  code); apart, as `former_communes`, the "commune-deleguee" and "commune-associee" entries with the
  INSEE code of the commune they now belong to (documents older than a merger still name them: a 2022
  table prints HESDIN, now part of Hesdin-la-Forêt);
- `package/data/departements.json`: code and name of each département, to tell which département a
  document is about from a phrase such as "Conseil départemental du Pas-de-Calais".

    python scripts/make_communes_lexicon.py [path/to/etalab-decoupage-administratif-X.tgz] [out.json]

The output is deterministic (sorted by INSEE code) so that a rebuild from the same tarball gives the
same file.
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TGZ = ROOT.parent / "shared" / "vendor" / "etalab-decoupage-administratif-6.0.0.tgz"
DEFAULT_OUT = ROOT / "extractors" / "lexicon" / "communes.json"


def _member(tar: tarfile.TarFile, name: str) -> list[dict]:
    handle = tar.extractfile(f"package/{name}")
    if handle is None:
        raise SystemExit(f"{name} not found in the tarball")
    return json.load(handle)


def build(tgz: Path) -> dict:
    with tarfile.open(tgz, "r:gz") as tar:
        package = json.load(tar.extractfile("package/package.json"))
        communes = _member(tar, "data/communes.json")
        departements = _member(tar, "data/departements.json")
    rows = sorted(
        ([c["nom"], c["code"], c["departement"]] for c in communes if c.get("type") == "commune-actuelle"),
        key=lambda row: row[1],
    )
    # communes merged into a "commune nouvelle" since: documents older than the merger still name them
    former = sorted(
        ([c["nom"], c["code"], c["departement"], c["chefLieu"]] for c in communes
         if c.get("type") in ("commune-deleguee", "commune-associee") and c.get("chefLieu")),
        key=lambda row: (row[1], row[0]),
    )
    return {
        "_about": (
            "French communes (type commune-actuelle) and départements, for extractors/beneficiaries.py. "
            "Built by scripts/make_communes_lexicon.py from "
            f"{package['name']} {package['version']} (Etalab, {package['license']} licence, "
            f"{package['repository']}): data/communes.json and data/departements.json. "
            "Names are the official spellings; matching folds accents, case, hyphens and apostrophes."
        ),
        "source": f"{package['name']}@{package['version']}",
        "licence": package["license"],
        "fields": ["name", "insee", "departement"],
        "communes": rows,
        "former_fields": ["name", "insee", "departement", "insee_now"],
        "former_communes": former,
        "departements": {d["code"]: d["nom"] for d in sorted(departements, key=lambda d: d["code"])},
    }


def main(argv: list[str]) -> None:
    tgz = Path(argv[1]) if len(argv) > 1 else DEFAULT_TGZ
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    data = build(tgz)
    # one commune per line: readable diffs, small file
    lists = {key: data.pop(key) for key in ("communes", "former_communes")}
    head = json.dumps(data, ensure_ascii=False, indent=1)[:-2]
    body = ",\n".join(
        f' "{key}": [\n' + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n ]"
        for key, rows in lists.items()
    )
    out.write_text(f"{head},\n{body}\n}}\n", encoding="utf-8")
    json.loads(out.read_text(encoding="utf-8"))  # the file must parse
    print(f"{out}: {len(lists['communes'])} communes, {len(lists['former_communes'])} former communes")


if __name__ == "__main__":
    main(sys.argv)
