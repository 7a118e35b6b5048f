"""The documentation against the code: nothing generated is stale, nothing named is missing.

- every generated page and console example is what docs/gen/build.py makes today;
- every `kcbilat` command and `--option` that the README or a page names exists (for the
  command it is given to), and every command and option is in the CLI reference;
- the pre-commit configuration the docs give works as written;
- the project's files speak in their own words (no outside document is cited).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


def _load_build():
    spec = importlib.util.spec_from_file_location("docs_build", DOCS / "gen" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()
PAGES = build.pages()
COMMANDS, OPTIONS, GLOBAL_OPTIONS = build.cli_names()
ALL_OPTIONS = GLOBAL_OPTIONS.union(*OPTIONS.values())

#: options of other programs that the docs show: mkdocs, pre-commit, bench/run.py,
#: check-jsonschema
FOREIGN_OPTIONS = {"--site-dir", "--all-files", "--sizes", "--runs", "--schemafile"}


def test_generated_pages_and_examples_are_up_to_date():
    stale = build.build(check=True)
    assert not stale, (
        f"stale: {[str(p.relative_to(REPO)) for p in stale]}: "
        "run .venv/bin/python docs/gen/build.py"
    )


# -- what the docs name ------------------------------------------------------------------------

FENCE = re.compile(r"^ *(```+)[^\n]*\n(.*?)^ *\1 *$", re.M | re.S)
INLINE = re.compile(r"`([^`\n]+)`")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
SEPARATORS = {"|", "||", "&&", ";", ">", ">>", "2>&1", "<"}


def _code(text: str) -> list[str]:
    """The lines of code in a Markdown page: fenced blocks (continuations joined) and
    inline code spans."""
    lines: list[str] = []
    for m in FENCE.finditer(text):
        lines += m[2].replace("\\\n", " ").splitlines()
    prose = FENCE.sub("", text)
    lines += INLINE.findall(prose)
    return lines


def _is_kcbilat(token: str) -> bool:
    return token in ("kcbilat", "$(kcbilat", '"$(kcbilat') or token.endswith("/bin/kcbilat")


def _uses(line: str) -> list[tuple[str, list[str]]]:
    """(command, its --options) for each `kcbilat COMMAND ...` in a line of code."""
    tokens = re.sub(r"(^|\s)#.*", "", line).split()  # not in comments
    found = []
    for i, token in enumerate(tokens):
        if not _is_kcbilat(token):
            continue
        rest = tokens[i + 1 :]
        j = 0
        while j < len(rest) and rest[j].startswith("-"):  # global options first
            j += 2 if rest[j] == "--data" else 1
        if j >= len(rest) or not re.fullmatch(r"[a-z][a-z-]*", rest[j]):
            continue
        command = rest[j]
        j += 1
        groups = {c.split()[0] for c in COMMANDS if " " in c}  # new, sources, ...
        if command in groups and j < len(rest) and re.fullmatch(r"[a-z]+", rest[j]):
            command += " " + rest[j]
            j += 1
        options = []
        for word in rest[j:]:
            if word in SEPARATORS or word.startswith((")", "`")):
                break
            if word.startswith("--"):
                options.append(word.split("=")[0])
        found.append((command, options))
    return found


def _page_id(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_commands_and_options_named_exist(page):
    wrong = []
    for line in _code(page.read_text(encoding="utf-8")):
        for command, options in _uses(line):
            if command not in COMMANDS and not any(c.startswith(command + " ") for c in COMMANDS):
                wrong.append(f"no command `kcbilat {command}`: {line.strip()}")
                continue
            for option in options:
                if option not in OPTIONS[command] | GLOBAL_OPTIONS:
                    wrong.append(f"`kcbilat {command}` has no {option}: {line.strip()}")
        for option in OPTION.findall(line):
            if option not in ALL_OPTIONS | FOREIGN_OPTIONS:
                wrong.append(f"no option {option}: {line.strip()}")
    assert not wrong, "\n".join(wrong)


def test_the_option_check_catches_mistakes():
    assert _uses(".venv/bin/kcbilat --data x status --as-of 2026 | head") == [
        ("status", ["--as-of"])
    ]
    assert _uses("$ kcbilat new meeting --id x --fulfils ''") == [
        ("new meeting", ["--id", "--fulfils"])
    ]
    assert _uses("PRODID:-//kcbilat//kcbilat 0.1.0//EN") == []
    assert _uses("import kcbilat") == []


def test_every_command_and_option_is_in_the_cli_reference():
    """Like sqlite-utils' docs test: a command or option the reference lacks fails."""
    text = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## kcbilat ([^\n]+)\n(.*?)(?=^## |\Z)", text, re.M | re.S))
    missing = []
    for command, options in OPTIONS.items():
        if command not in sections:
            missing.append(f"kcbilat {command}")
            continue
        missing += [f"kcbilat {command} {o}" for o in options if f"`{o}`" not in sections[command]]
    missing += [o for o in GLOBAL_OPTIONS - {"--help"} if f"`{o}`" not in text]
    assert not missing, f"not in docs/reference/cli.md: {missing}"


# -- the README -------------------------------------------------------------------------------


def test_readme_is_short_and_starts_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    first = FENCE.search(readme)[2].splitlines()
    assert first[0].endswith(".venv/bin/kcbilat status")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert first[1] in ci, ".ci/run must run the README's second command verbatim"


def test_readme_links_into_the_docs_resolve():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    assert links
    assert [link for link in links if not (REPO / link).exists()] == []


# -- the pre-commit configuration of the docs -----------------------------------------------

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def _pre_commit_config(path: Path) -> str:
    blocks = re.findall(
        r'^```yaml title="\.pre-commit-config\.yaml"\n(.*?)^```',
        path.read_text("utf-8"),
        re.M | re.S,
    )
    assert len(blocks) == 1
    return blocks[0]


def test_readme_and_ci_guide_give_the_same_pre_commit_config():
    assert _pre_commit_config(REPO / "README.md") == _pre_commit_config(DOCS / "guides" / "ci.md")


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (test extra)")
def test_the_pre_commit_config_works_as_written(tmp_path):
    repo = tmp_path / "data-repo"
    shutil.copytree(DOCS / "examples" / "statuses", repo / "data")
    (repo / ".pre-commit-config.yaml").write_text(_pre_commit_config(DOCS / "guides" / "ci.md"))
    env = {
        **os.environ,
        "PATH": f"{PRE_COMMIT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "KCBILAT_AS_OF": "2026-11-28",
        "KCBILAT_CACHE_DIR": str(tmp_path / "cache"),
    }

    def sh(*args):
        return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, check=False)

    sh("git", "init", "-q", "-b", "main")
    sh("git", "add", "-A")
    ok = sh(str(PRE_COMMIT), "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    meeting = repo / "data" / "meetings" / "field-visit-2026.yaml"
    text = meeting.read_text().replace("cn-mee", "cn-mep").replace("title: Field visit\n", "")
    meeting.write_text("title: Field visit\n" + text)  # an unknown party, and the keys out of order
    sh("git", "add", "-A")
    failed = sh(str(PRE_COMMIT), "run", "--all-files")
    assert failed.returncode == 1
    assert "unknown party 'cn-mep'" in failed.stdout
    assert meeting.read_text().startswith("id: field-visit-2026\n")  # fmt rewrote it


# -- the project's own words -------------------------------------------------------------------

WORDS = re.compile(r"\b" + "SP" + r"EC\b|" + "shared " + "folder")
OWN_FILES = ("README.md", "docs", "src", "tests", ".github", ".ci", "mkdocs.yml", "pyproject.toml")


def test_no_file_cites_an_outside_document():
    found = []
    for name in OWN_FILES:
        root = REPO / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix in (".png", ".pyc"):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for i, line in enumerate(text.splitlines(), 1):
                if WORDS.search(line):
                    found.append(f"{path.relative_to(REPO)}:{i}: {line.strip()}")
    assert not found, "\n".join(found)


def test_example_data_sets_are_what_the_pages_say():
    from datetime import date

    from kcbilat import validate_dir

    assert validate_dir(DOCS / "examples" / "statuses", date(2026, 11, 28)) == []
    codes = {p.code for p in validate_dir(DOCS / "examples" / "broken", date(2026, 11, 28))}
    assert codes == {
        "unknown-field",
        "bad-date",
        "no-source",
        "filename",
        "date-order",
        "unknown-ref",
    }


def test_the_actions_workflow_runs_as_written(tmp_path):
    """The workflow's steps, run as written (with `github.base_ref` = main) in a scratch
    data repository with a pull-request branch: a clean change passes and leaves the status
    changes in the job summary; a broken one fails with annotations on the line at fault."""
    import yaml  # PyPI's PyYAML, a dependency of kcbilat

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "data.yml").read_text())
    steps = [s for s in workflow["jobs"]["check"]["steps"] if "name" in s and "run" in s]
    assert [s["name"] for s in steps] == ["validate", "formatting", "status changes"]
    origin, repo = tmp_path / "origin", tmp_path / "repo"
    shutil.copytree(DOCS / "examples" / "statuses", repo / "data")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "KCBILAT_AS_OF": "2026-11-28",
        "KCBILAT_CACHE_DIR": str(tmp_path / "cache"),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
    }  # fmt: skip

    def sh(command, cwd=repo):
        return subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True
        )

    for command in ("git init -q -b main", "git add -A", "git commit -qm data"):
        assert sh(command).returncode == 0
    sh(f"git clone -q --bare {repo} {origin}", cwd=tmp_path)
    sh(f"git remote add origin {origin} && git fetch -q origin && git checkout -qb change")

    def run_steps():
        return [
            sh(step["run"].replace("${{ github.base_ref }}", "main")).returncode for step in steps
        ]

    meeting = repo / "data" / "meetings" / "field-visit-2026.yaml"
    meeting.write_text(meeting.read_text().replace("status: scheduled", "status: cancelled"))
    sh("git commit -qam 'field visit cancelled'")
    assert run_steps() == [0, 0, 0]
    assert "kcbilat validate" in summary.read_text() and "field-visit-2026" in summary.read_text()
    meeting.write_text(meeting.read_text().replace("cn-mee", "cn-mep"))
    validate = sh(steps[0]["run"])
    assert validate.returncode == 1
    assert "::error file=data/meetings/field-visit-2026.yaml,line=" in validate.stdout
    assert "title=unknown-ref::unknown party 'cn-mep'" in validate.stdout


def test_a_data_repository_gets_schemas_its_files_point_at(tmp_path):
    """`kcbilat schema -o schemas/` at a data repository's root: every `$schema` line that
    kcbilat writes (and that the bundled files carry) resolves there."""
    repo = tmp_path / "repo"
    shutil.copytree(DOCS / "examples" / "statuses", repo / "data")
    done = subprocess.run(
        [sys.executable, "-m", "kcbilat", "schema", "-o", "schemas/"], cwd=repo, capture_output=True
    )
    assert done.returncode == 0
    new = subprocess.run(
        [sys.executable, "-m", "kcbilat", "new", "meeting", "--id", "talks-2027",
         "--title", "Talks", "--date", "2027-03", "--status", "scheduled",
         "--parties", "kr-mcee", "--fulfils", ""],
        cwd=repo, capture_output=True, text=True,
        env={**os.environ, "KCBILAT_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    assert new.returncode == 0, new.stderr
    bundled = sorted((REPO / "data").rglob("*.yaml"))
    for file in [repo / "data" / "meetings" / "talks-2027.yaml", *bundled]:
        relative = file.read_text(encoding="utf-8").splitlines()[0].split("$schema=", 1)[1]
        # where the file would stand in the data repository: data/, data/agreements/...
        folder = repo / "data" / file.relative_to(file.parent.parent if file.parent.name in (
            "agreements", "meetings") else file.parent).parent  # fmt: skip
        assert (folder / relative).resolve().is_file(), (file, relative)
