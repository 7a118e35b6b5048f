"""Shared fixtures: small data sets written in the tests' own YAML."""

from __future__ import annotations

import os
import re
import subprocess
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

PARTIES = """\
- id: kr-mcee
  name: Ministry of Climate, Energy and Environment
  name_local: 기후에너지환경부
  country: KR
  kind: ministry
- id: cn-mee
  name: Ministry of Ecology and Environment
  name_local: 生态环境部
  country: CN
  kind: ministry
- id: kr-msit
  name: Ministry of Science and ICT
  country: KR
  kind: ministry
- id: cn-miit
  name: Ministry of Industry and Information Technology
  country: CN
  kind: ministry
"""

SECTORS = """\
- id: climate
  name: Climate
- id: carbon-markets
  name: Carbon markets
  parent: climate
- id: air-quality
  name: Air quality
- id: digital
  name: Digital
"""

SOURCE = "sources:\n  - url: https://example.org/x\n    title: A source\n"

#: validation's "today" in library tests: late enough that no test date is "in the future"
VALIDATION_TODAY = date(2099, 12, 31)


def write_data(root: Path, agreements=(), meetings=(), parties=PARTIES, sectors=SECTORS) -> Path:
    (root / "agreements").mkdir(parents=True, exist_ok=True)
    (root / "meetings").mkdir(parents=True, exist_ok=True)
    (root / "parties.yaml").write_text(parties, encoding="utf-8")
    (root / "sectors.yaml").write_text(sectors, encoding="utf-8")
    for folder, texts in (("agreements", agreements), ("meetings", meetings)):
        for text in texts:
            text = textwrap.dedent(text)
            ident = re.search(r"^id: *(\S+)", text, re.M)[1]
            (root / folder / f"{ident}.yaml").write_text(text, encoding="utf-8")
    return root


def agreement(ident="mou", signed="2026-01-05", commitments="", extra="", status=None):
    """An agreement's YAML; `commitments` is YAML for the list items, indented by 2."""
    lines = [
        f"id: {ident}",
        "title: A memorandum",
        "type: mou",
        f"signed: {signed}" if signed else "",
        "parties: [kr-mcee, cn-mee]",
        f"status: {status}" if status else "",
        "sectors: [climate]",
        "summary: What it is.",
        SOURCE.rstrip("\n"),
        textwrap.dedent(extra).rstrip("\n"),
    ]
    text = "\n".join(line for line in lines if line) + "\n"
    if commitments:
        text += "commitments:\n" + textwrap.indent(textwrap.dedent(commitments), "  ")
    return text


def meeting(ident, day, fulfils, status="held", extra=""):
    """A meeting's YAML; `fulfils` is a list of refs or {ref, period} dicts."""
    items = []
    for item in fulfils:
        if isinstance(item, dict):
            items.append(f"  - {{ref: {item['ref']}, period: {item['period']}}}")
        else:
            items.append(f"  - {item}")
    body = "\n".join(items)
    return (
        f"id: {ident}\ntitle: A meeting\ndate: {day}\nstatus: {status}\n"
        f"parties: [kr-mcee, cn-mee]\nfulfils:\n{body}\n" + SOURCE + textwrap.dedent(extra)
    )


def load_valid(root: Path, today: date = VALIDATION_TODAY):
    """Load a test data set and insist it is valid (a broken fixture is a broken test)."""
    from kcbilat.check.validate import load_and_check

    data = load_and_check(root, today)
    errors = [p for p in data.problems if p.is_error]
    assert not errors, "\n".join(
        f"{p.file.name}:{p.line}:{p.column} {p.code} {p.message}" for p in errors
    )
    return data


def statuses(root: Path, as_of: date, **options):
    """ref → CommitmentStatus for a test data set as of a date."""
    from kcbilat.status.engine import compute

    data = load_valid(root)
    rows = compute(data.agreements.values(), data.meetings.values(), as_of, **options)
    return {row.ref: row for row in rows}


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Commands under test cache into a folder of their own, never the user's."""
    monkeypatch.setenv("KCBILAT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def data_dir(tmp_path):
    """A function writing a data directory under tmp_path and returning its path."""

    def make(agreements=(), meetings=(), **kwargs):
        return write_data(tmp_path / "data", agreements, meetings, **kwargs)

    return make


@dataclass
class Run:
    """What a kcbilat command did: its exit code and what it printed."""

    exit_code: int
    stdout_bytes: bytes
    stderr: str
    output: str  # both, interleaved as a terminal would show them

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8", "replace")


def kcbilat(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Run:
    """Run the command line as the console script does (through `main`, so usage errors
    and exit codes are exactly what a user sees), in this process."""
    import sys

    from typer.testing import CliRunner

    from kcbilat.cli import main

    with CliRunner().isolation(input=input, env={"KCBILAT_AS_OF": "", **(env or {})}) as streams:
        out, err, both = streams
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        sys.stdout.flush()
        sys.stderr.flush()
        text = [s.getvalue().decode("utf-8", "replace") for s in (err, both)]
        return Run(code, out.getvalue(), *text)


def git(repo: Path, *args: str) -> None:
    """Run git in `repo` as a fixed author, with no user configuration (HOME is the repo)."""
    subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(repo),
        },
    )
