"""Write a synthetic, valid data directory of N agreements (seeded, so runs are comparable).

Each agreement is ~40 lines with 5 commitments of all three kinds, sources and partial
dates; there are parties, sectors, and about one meeting per agreement.

    python bench/generate.py 10000 /tmp/kcbilat-bench/10000
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PARTIES = [
    ("kr-mcee", "KR"),
    ("cn-mee", "CN"),
    ("kr-msit", "KR"),
    ("cn-miit", "CN"),
    ("kr-motir", "KR"),
    ("cn-mofcom", "CN"),
    ("cn-most", "CN"),
    ("kr-mss", "KR"),
]
SECTORS = [
    ("climate", None),
    ("carbon-markets", "climate"),
    ("adaptation", "climate"),
    ("air-quality", None),
    ("industry", None),
    ("trade-investment", "industry"),
    ("digital", None),
    ("science-technology", None),
]
PARTIAL = ["{y}", "{y}-H1", "{y}-H2", "{y}-Q{q}", "{y}-{m:02d}", "{y}-{m:02d}-15"]
EVERY = ["annual", "biennial", "semiannual", "quarterly", "2 years", "18 months"]


def agreement(rng: random.Random, i: int) -> str:
    year = rng.randint(2015, 2026)
    pair = rng.sample(PARTIES, 2)
    sectors = rng.sample([s for s, _ in SECTORS], 2)
    lines = [
        "# yaml-language-server: $schema=../../schemas/agreement.json",
        f"id: agreement-{i:05d}",
        f"title: Memorandum of Understanding number {i} on cooperation",
        "type: mou",
        f"signed: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "place: Beijing" if i % 2 else "place: Seoul",
        f"parties: [{pair[0][0]}, {pair[1][0]}]",
        f"sectors: [{', '.join(sectors)}]",
        "summary: >-",
        f"  A synthetic agreement for benchmarking, number {i}, with commitments of",
        "  every kind and a few sources.",
        "sources:",
        f"  - url: https://example.org/agreements/{i}",
        "    title: The signing announcement",
        "    publisher: Example ministry",
        f"    published: {year}",
        "commitments:",
    ]
    for c in range(5):
        kind = c % 3
        lines += [
            f"  - id: c{c}",
            f"    title: Commitment {c} of agreement {i}",
            f"    sectors: [{sectors[0]}]",
            f"    responsible: [{pair[0][0]}, {pair[1][0]}]",
        ]
        if kind == 0:
            due = rng.choice(PARTIAL).format(
                y=year + rng.randint(1, 3), q=rng.randint(1, 4), m=rng.randint(1, 12)
            )
            lines.append(f"    due: {due}")
        elif kind == 1:
            lines.append(f"    recurs: {{every: {rng.choice(EVERY)}, from: {year + 1}}}")
        else:
            lines.append("    review: 6 months")
    return "\n".join(lines) + "\n"


def meeting(rng: random.Random, i: int) -> str:
    year = rng.randint(2016, 2026)
    held = year < 2026
    return (
        "\n".join(
            [
                "# yaml-language-server: $schema=../../schemas/meeting.json",
                f"id: meeting-{i:05d}",
                f"title: Dialogue {i}",
                f"date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if held
                else "date: 2027",
                f"status: {'held' if held else 'scheduled'}",
                "parties: [kr-mcee, cn-mee]",
                f"fulfils: [agreement-{i:05d}/c2]",
                "sources:",
                f"  - url: https://example.org/meetings/{i}",
                "    title: A report of the meeting",
            ]
        )
        + "\n"
    )


def generate(n: int, root: Path, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    (root / "agreements").mkdir(parents=True, exist_ok=True)
    (root / "meetings").mkdir(parents=True, exist_ok=True)
    (root / "parties.yaml").write_text(
        "".join(
            f"- id: {p}\n  name: Party {p}\n  country: {c}\n  kind: ministry\n" for p, c in PARTIES
        )
    )
    (root / "sectors.yaml").write_text(
        "".join(
            f"- id: {s}\n  name: Sector {s}\n" + (f"  parent: {parent}\n" if parent else "")
            for s, parent in SECTORS
        )
    )
    for i in range(n):
        (root / "agreements" / f"agreement-{i:05d}.yaml").write_text(agreement(rng, i))
    for i in range(0, n, 1):
        # each meeting serves an open-ended commitment (c2), whatever its date
        (root / "meetings" / f"meeting-{i:05d}.yaml").write_text(meeting(rng, i))
    return root


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many agreements (and as many meetings)")
    parser.add_argument("folder", type=Path, help="the data directory to write")
    parser.add_argument("--seed", type=int, default=2026, help="the random seed (default 2026)")
    args = parser.parse_args(argv)
    generate(args.n, args.folder, args.seed)


if __name__ == "__main__":
    main(sys.argv[1:])
