"""A synthetic académie (or several) to measure batches with: N realistic class files.

``python benchmarks/make_academie.py N [--out DIR] [--seed 7] [--academie Lyon]``
writes N class files under ``DIR/<académie>/<school>/``, spread over the five
programmes (BTS CI, NRC, CCST, SN, NDRC), over académies of the three holiday zones
(the académie's own zone), with routes (school status, apprentices, continuing
training), adjustments (reduced durations, one unit exempt where the programme has
it), signed placements (``locked: true``, taken from the programmes' example classes),
blocked exam weeks and capacities (at most N abroad, or on placement, a week). Every
file carries ``school:`` and ``academie:`` for the rolled-up report. Students have
made-up names. The same N and seed always write the same files (byte for byte).

Importable: ``make_academie(folder, n, seed, ...)`` returns the paths written.
"""

from __future__ import annotations

import argparse
import functools
import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
TEMPLATES = {"bts-ci": "bts-ci-zone-a", "bts-nrc": "bts-nrc-zone-b",
             "bts-ccst": "bts-ccst-zone-c", "bts-sn": "bts-sn-zone-a",
             "bts-ndrc": "bts-ndrc-zone-c"}
# académies of metropolitan France by school-holiday zone (arrêté of the calendar)
ACADEMIES = {"A": ["Besançon", "Bordeaux", "Clermont-Ferrand", "Dijon", "Grenoble",
                   "Limoges", "Lyon", "Poitiers"],
             "B": ["Aix-Marseille", "Amiens", "Lille", "Nancy-Metz", "Nantes", "Nice",
                   "Normandie", "Orléans-Tours", "Reims", "Rennes", "Strasbourg"],
             "C": ["Créteil", "Montpellier", "Paris", "Toulouse", "Versailles"]}
ZONE_OF = {a: z for z, names in ACADEMIES.items() for a in names}
SCHOOL_NAMES = ["Jean Monnet", "Victor Hugo", "Marie Curie", "Jules Ferry", "Louise Michel",
                "Condorcet", "Pierre Mendès France", "Simone Veil", "Gustave Eiffel",
                "Camille Claudel", "Jean Jaurès", "Albert Camus", "Olympe de Gouges",
                "Georges Brassens", "Antoine de Saint-Exupéry", "Colbert"]
FIRST = ["Camille", "Yanis", "Léa", "Hugo", "Inès", "Nathan", "Chloé", "Lucas", "Manon",
         "Adam", "Sarah", "Théo", "Jade", "Rayan", "Emma", "Louis", "Lina", "Noah", "Zoé",
         "Ethan", "Maëlys", "Mohamed", "Clara", "Enzo", "Lou", "Sacha", "Anaïs", "Tom"]
LAST = ["Martin", "Benali", "Dubois", "Petit", "Moreau", "Roux", "Laurent", "Girard",
        "Lefèvre", "Bonnet", "Mercier", "Fontaine", "Chevalier", "Garnier", "Nguyen",
        "Diallo", "Fernandes", "Haddad", "Rousseau", "Blanc", "Guerin", "Muller", "Faure"]
# adjustments each programme's model accepts besides none (see models/*.yaml)
ADJUSTMENTS = {"bts-ci": ["reduced", "exempt-one-unit"], "bts-nrc": ["reduced"],
               "bts-ccst": ["reduced", "exempt-one-unit"], "bts-sn": ["reduced"],
               "bts-ndrc": []}
ROUTES = [("initial", 0.72), ("apprentice", 0.18), ("continuing", 0.10)]


def _template(programme: str) -> dict[str, Any]:
    text = (SCENARIOS / f"{TEMPLATES[programme]}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@functools.lru_cache(maxsize=8)
def _routes(programme: str) -> list[tuple[str, float]]:
    """The routes of ``ROUTES`` that the programme's model knows."""
    model = yaml.safe_load((ROOT / "models" / f"{programme}.yaml").read_text(encoding="utf-8"))
    return [(r, w) for r, w in ROUTES if r in (model.get("routes") or {})]


def _student(rng: random.Random, programme: str, k: int) -> dict[str, Any]:
    routes = _routes(programme)
    route = rng.choices([r for r, _ in routes], [w for _, w in routes])[0]
    s: dict[str, Any] = {"id": f"S{k:02d}",
                         "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}
    if route != "initial":
        s["route"] = route
    if ADJUSTMENTS[programme] and rng.random() < 0.12:
        s["adjustment"] = rng.choice(ADJUSTMENTS[programme])
    return s


def make_class(rng: random.Random, programme: str, academie: str, school: str,
               students: tuple[int, int]) -> dict[str, Any]:
    base = _template(programme)
    zone = ZONE_OF[academie]
    n = rng.randint(*students)
    data: dict[str, Any] = {"programme": programme,
                            "label": f"BTS {programme[4:].upper()}, lycée {school} ({academie})",
                            "school": f"Lycée {school}", "academie": academie}
    cal = dict(base["calendar"])
    cal["zone"] = zone
    data["calendar"] = cal
    if programme == "bts-ci":
        data["policy"] = [{"id": "erasmus-capacity", "kind": "max_abroad_per_week",
                           "max": rng.randint(max(4, n // 4), max(6, n // 2))}]
    elif programme == "bts-nrc":
        data["policy"] = [{"id": "tutor-visits", "kind": "max_on_placement_per_week",
                           "max": max(n * 3 // 4, 10)}]
    roster = [_student(rng, programme, k + 1) for k in range(n)]
    # signed placements, as in the programme's example class, for some classes
    # (with that student's route and adjustment, which the booking was made for)
    booked = [s for s in base["students"] if any(p.get("locked") for p in s.get("periods") or [])]
    if booked and rng.random() < 0.5:
        k = rng.randrange(n)
        model = rng.choice(booked)
        who = {"id": roster[k]["id"], "name": roster[k]["name"]}
        who.update({key: v for key, v in model.items() if key not in ("id", "name")})
        who["periods"] = [dict(p) for p in model["periods"] if p.get("locked")]
        roster[k] = who
    data["students"] = roster
    return data


def make_academie(folder: str | Path, n: int, seed: int = 7, academie: str | None = None,
                  students: tuple[int, int] = (8, 30)) -> list[Path]:
    """Write ``n`` class files under ``folder``; the paths, in order."""
    rng = random.Random(seed)
    out_dir = Path(folder)
    names = [academie] if academie else sorted(ZONE_OF)
    programmes = sorted(TEMPLATES)
    paths = []
    for i in range(n):
        aca = names[i % len(names)] if academie else rng.choice(names)
        school = SCHOOL_NAMES[rng.randrange(len(SCHOOL_NAMES))]
        programme = programmes[i % len(programmes)]
        data = make_class(rng, programme, aca, school, students)
        path = (out_dir / aca / f"lycee-{school.lower().replace(' ', '-')}"
                / f"{programme}-{i:05d}.yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of classes")
    ap.add_argument("--out", default="academie", help="folder to write (default: academie)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--academie", default=None, choices=sorted(ZONE_OF),
                    help="one académie only (default: all of metropolitan France)")
    ap.add_argument("--min-students", type=int, default=8)
    ap.add_argument("--max-students", type=int, default=30)
    args = ap.parse_args()
    paths = make_academie(args.out, args.n, args.seed, args.academie,
                          (args.min_students, args.max_students))
    print(f"{len(paths)} classes written under {args.out}/")


if __name__ == "__main__":
    main()
