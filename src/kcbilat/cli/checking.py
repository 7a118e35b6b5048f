"""The checking commands: validate, schema, sources check."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kcbilat.cli.context import (
    EXIT_INVALID,
    data_dir,
    editable_root,
    fail,
    make_cache,
    note,
    settings,
    shown,
    today,
)
from kcbilat.cli.help import epilog
from kcbilat.cli.options import AsOf, format_option, one_of
from kcbilat.core.problems import CODES
from kcbilat.publish.formats import DIAGNOSTIC


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report only diagnostics in these files or folders (the whole data set is "
            "still checked). A folder holding agreements/ is taken as the data directory."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    fmt: Annotated[str, format_option(DIAGNOSTIC)] = "text",
    as_of: AsOf = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REV",
            help="Check everything, but report only diagnostics "
            "in files changed since REV (committed, staged, unstaged or untracked).",
        ),
    ] = None,
) -> None:
    """Check every record: schema, references, dates, periods, series."""
    from kcbilat.check.validate import only_in, validate_dir
    from kcbilat.publish.diagnostics import FORMATS, summary_table

    s = settings(ctx)
    paths = list(paths or [])
    if len(paths) == 1 and (paths[0] / "agreements").is_dir() and s.data is None:
        s.data = str(paths.pop())
    root = data_dir(s)
    day = today(as_of)
    inside = root.resolve()
    for path in paths:
        if not os.path.lexists(path):
            fail(f"{path}: no such file or folder")
        where = path.absolute().parent.resolve() / path.name
        if where != inside and inside not in where.parents:
            fail(
                f"{path} is not in the data directory {shown(root)}: pass --data to check "
                "another data set"
            )
    everything = validate_dir(root, day, make_cache(s, root), workers=s.workers)
    problems = everything
    scope = shown(root)
    if paths:
        problems = only_in(problems, {p.absolute() for p in paths}, within=True)
        scope = ", ".join(shown(p) for p in paths)
    if changed_since:
        from kcbilat.read.gitrev import GitError, changed_files

        try:
            changed = changed_files(root, changed_since)
        except GitError as exc:
            fail(str(exc))
        problems = only_in(problems, changed)
        scope = f"the files changed since {changed_since}"
    sys.stdout.write(FORMATS[fmt](problems, color=s.color))
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(summary_table(problems))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if fmt == "text":
        note(_verdict(scope, errors, warnings, sum(p.is_error for p in everything) - errors, day))
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_INVALID)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _verdict(scope: str, errors: int, warnings: int, elsewhere: int, day: object) -> str:
    """The summary line: what was checked, what was found, and what lies elsewhere (a part
    of the data is never called valid when the whole is not)."""
    if errors or warnings:
        line = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {scope}"
    else:
        line = f"{scope}: {'no problems' if elsewhere else 'valid'} (as of {day})"
    if elsewhere:
        line += (
            f"; the rest of the data set has {_plural(elsewhere, 'error')} "
            "(`kcbilat validate` shows them)"
        )
    return line


def schema(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="DIR", help="Write <kind>.json files into DIR."),
    ] = None,
) -> None:
    """JSON Schemas of the record files, for editors' YAML language servers."""
    import json

    from kcbilat.check.jsonschema import json_schemas
    from kcbilat.core.atomic import write_atomic

    schemas = json_schemas()
    if output is None:
        sys.stdout.write(json.dumps(schemas, indent=2, ensure_ascii=False) + "\n")
        return
    output.mkdir(parents=True, exist_ok=True)
    for name, body in schemas.items():
        write_atomic(output / f"{name}.json", json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        note(f"wrote {output / name}.json")


sources_app = typer.Typer(
    name="sources",
    help="The sources the data cites: check that their links still work.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@sources_app.command("check", epilog=epilog("check"))
def sources_check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Check only the links in these files or folders (default: all)."),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Fetch nothing: list the URLs that would be checked."),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on moved or unreachable links too.")
    ] = False,
    fmt: Annotated[str, format_option(DIAGNOSTIC)] = "text",
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", min=0.1, help="Per request.")
    ] = 10.0,
    concurrency: Annotated[
        int,
        typer.Option("--concurrency", metavar="N", min=1, help="Requests in flight at most."),
    ] = 8,
    interval: Annotated[
        float,
        typer.Option(
            "--per-host-interval",
            metavar="SECONDS",
            min=0.0,
            help="Wait at least this long between two requests to one host.",
        ),
    ] = 1.0,
) -> None:
    """Check every source URL: dead links (404, 410, no such host, TLS errors) are errors,
    moved and unreachable ones warnings. Results are cached for a day (failures) or a
    week (working links), so a rerun is quick."""
    import json

    from kcbilat.check.links import LinkCache, check_links, to_problems
    from kcbilat.check.links import offline as listing
    from kcbilat.check.sources import data_links
    from kcbilat.publish.diagnostics import FORMATS, safe, summary_table
    from kcbilat.read.cache import default_dir

    s = settings(ctx)
    root = editable_root(s)
    for path in paths or []:
        if not os.path.lexists(path):
            fail(f"{path}: no such file or folder")
    only = {p.absolute() for p in paths} if paths else None
    links = data_links(root, only)
    if offline:
        cited = listing(links)
        if fmt == "json":
            body = [
                {"url": c.url, "places": [[shown(at.file), at.line] for at in c.links]}
                for c in cited
            ]
            sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        else:
            for c in cited:
                sys.stdout.write(safe(c.url) + "\n")
                sys.stdout.writelines(f"  {shown(at.file)}:{at.line}\n" for at in c.links)
        note(f"{len(cited)} URLs in {len(links)} places would be checked (nothing fetched)")
        return
    cache = LinkCache(default_dir(os.environ) / "links.json") if s.cache else None
    results = check_links(
        links, timeout=timeout, concurrency=concurrency, per_host_interval=interval, cache=cache
    )
    problems = to_problems(results)
    sys.stdout.write(FORMATS[fmt](problems, color=s.color))
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(summary_table(problems, "kcbilat sources check"))
    counts = {state: sum(r.state == state for r in results) for state in ("dead", "moved")}
    unreachable = sum(r.state == "unreachable" for r in results)
    cached = sum(r.cached for r in results)
    distinct = len({r.link.url for r in results})
    note(
        f"{len(results)} links ({distinct} URLs, {cached} answered from the cache): "
        f"{counts['dead']} dead, {counts['moved']} moved, {unreachable} unreachable"
    )
    if counts["dead"] or (strict and (counts["moved"] or unreachable)):
        raise typer.Exit(EXIT_INVALID)


def explain(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="CODE",
            help="A diagnostic code, like unknown-ref (default: list them all).",
            parser=one_of("code", tuple(CODES)),
        ),
    ] = None,
) -> None:
    """What a diagnostic code means, where it points, and how to fix it, with an example."""
    from kcbilat.check.codes import BY_CODE
    from kcbilat.cli.reading import terminal_width
    from kcbilat.publish.explain import catalogue
    from kcbilat.publish.explain import explain as explained

    width = terminal_width() or 80
    sys.stdout.write(explained(BY_CODE[code], width) if code else catalogue(width))
