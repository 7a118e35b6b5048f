"""The Typer app: global options, the commands registered in their groups, and `main`.

`main` is the one place that turns what went wrong into a message and an exit code:
usage errors one line and exit 2, a bug in kcbilat one line and exit 3.
"""

import os
import sys
from typing import Annotated

import typer

from kcbilat._version import __version__
from kcbilat.cli import checking, editing, new, publishing, reading
from kcbilat.cli.context import EXIT_BUG, EXIT_USAGE, Settings
from kcbilat.cli.help import Sections, command

app = typer.Typer(
    name="kcbilat",
    help="Track the commitments of Korea–China agreements: what is met, due, overdue or stale.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=Sections,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kcbilat {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help="Data directory (default: $KCBILAT_DATA, the nearest "
            "data/ holding agreements/ from here upward, else the bundled data set).",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Say which data directory is read.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file afresh (no cache).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    color = not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    ctx.obj = Settings(
        data=data,
        verbose=verbose,
        debug=debug,
        color=color,
        cache=not no_cache,
        workers=min(os.cpu_count() or 1, 4),
    )


command(app, reading.status)
command(app, reading.list_, "list")
command(app, reading.show)
command(app, checking.validate)
command(app, checking.explain)
app.add_typer(checking.sources_app, name="sources")
command(app, checking.schema)
app.add_typer(new.new_app, name="new")
command(app, editing.review_command, "review")
command(app, editing.fmt_command, "fmt")
command(app, publishing.report)
command(app, publishing.calendar)
command(app, publishing.export)
command(app, publishing.diff)

_GLOBAL_FLAGS = {"--debug", "--no-color", "--no-cache", "-v", "--verbose"}


def _hoist_globals(argv: list[str]) -> list[str]:
    """Accept global options after the command too (`kcbilat validate --data x`)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg in _GLOBAL_FLAGS:
            front.append(arg)
        elif arg == "--data" and i + 1 < len(argv):
            front += argv[i : i + 2]
            i += 1
        elif arg.startswith("--data="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def usage_line(exc: typer.TyperException) -> str:
    """A usage error (typer's bundled click raised it) as one line, with a "did you mean"
    wherever the choices are a closed set (options, commands)."""
    from kcbilat.core.problems import suggest

    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "kcbilat"
    message = str(getattr(exc, "message", exc)).rstrip(".")
    param = getattr(exc, "param", None)
    if getattr(exc, "option_name", None) and ctx is not None:  # an unknown option
        name = exc.option_name  # type: ignore[attr-defined]
        known = [o for p in ctx.command.get_params(ctx) for o in p.opts if o.startswith("-")]
        message = f"no such option {name}{suggest(name, known)}"
    elif message.startswith("No such command") and ctx is not None:
        name = message.split("'")[1] if "'" in message else message
        known = ctx.command.list_commands(ctx)
        hint = suggest(name, known) or f" (commands: {', '.join(known)})"
        message = f"no such command {name!r}{hint}"
    elif type(exc).__name__.startswith("Missing"):
        message = exc.format_message().rstrip(".")
        message = message[:1].lower() + message[1:]
    elif param is not None and param.param_type_name != "argument":
        message = f"{max(param.opts, key=len)}: {message}"
    else:
        message = message[:1].lower() + message[1:]
    return f"{where}: {message}; see '{where} -h'"


def main(argv: list[str] | None = None) -> None:
    """The console script: run a command, and turn whatever went wrong into one line:
    usage errors and faults of the machine (a full disk, an unreadable folder, a killed
    worker) exit 2, an interruption 130, and only a bug in kcbilat says it is one (3)."""
    # A short-lived process that builds large trees of records and frees little: the cyclic
    # collector, run at its default pace, spends a third of a big load rescanning them.
    import gc

    from kcbilat.core.escape import terminal
    from kcbilat.core.problems import Fault

    gc.set_threshold(100_000, 50, 50)
    # pydantic looks for plugins (observers of validation) in every installed package's
    # metadata before its first validator: ~15 ms of a cold start, for none we want
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = _hoist_globals(list(sys.argv[1:] if argv is None else argv))
    try:
        code = app(args=args, prog_name="kcbilat", standalone_mode=False)
        if code == 130:  # typer's own answer to a KeyboardInterrupt outside a prompt
            sys.stderr.write("\nkcbilat: interrupted\n")
        sys.stdout.flush()  # a full disk must fail here, where it can be said
    except typer.TyperException as exc:  # click's usage errors (typer bundles click)
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            sys.stdout.write(ctx.get_help() + "\n")
            code = 0
        else:
            sys.stderr.write(terminal(usage_line(exc)) + "\n")
            code = EXIT_USAGE
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("\nkcbilat: interrupted\n")
        code = 130
    except BrokenPipeError:  # the reader went away (`kcbilat status | head`): not an error
        _quiet_stdout()
        code = 0
    except (Fault, OSError) as exc:  # the machine, not the data and not kcbilat
        if "--debug" in args:
            raise
        _quiet_stdout()
        sys.stderr.write(f"kcbilat: {terminal(_fault(exc))}\n")
        code = EXIT_USAGE
    except Exception as exc:  # a bug in kcbilat: one line, and the traceback only on request
        if "--debug" in args:
            raise
        sys.stderr.write(
            f"kcbilat: internal error: {type(exc).__name__}: {terminal(str(exc))}\n"
            "This is a bug in kcbilat; rerun with --debug for the traceback and please report it.\n"
        )
        code = EXIT_BUG
    sys.exit(code if isinstance(code, int) else 0)


def _fault(exc: BaseException) -> str:
    """A fault of the machine in a line: what failed, and on which file."""
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc)
        where = exc.filename if exc.filename is not None else "the output"
        return f"cannot go on: {where}: {what}"
    return str(exc)


def _quiet_stdout() -> None:
    """Point standard output at nothing, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's captured stream)
        pass
