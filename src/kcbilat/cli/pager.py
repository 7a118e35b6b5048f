"""Long text on a terminal goes through a pager, as git does: `$PAGER`, else `less -FRX`.

Only on a terminal, only when the text is longer than the screen, and never with
`--no-pager`; `PAGER=` (empty) or `PAGER=cat` turns it off too.
"""

import os
import sys
from collections.abc import Mapping

#: the pager when $PAGER is not set: quit at once when the text fits (F), colours as they
#: are (R), and the text left on the screen on quitting (X)
DEFAULT = "less -FRX"


def pager_command(env: Mapping[str, str]) -> str | None:
    """The pager to run: $PAGER (none when it is empty or `cat`), else `less -FRX`."""
    value = env.get("PAGER")
    if value is None:
        return DEFAULT
    value = value.strip()
    return None if value in ("", "cat") else value


def wants_pager(lines: int, height: int, terminal: bool, no_pager: bool) -> bool:
    """Page `lines` of text on a screen `height` lines high? Only what does not fit on a
    terminal (one line is kept for the prompt)."""
    return terminal and not no_pager and lines >= height


def page(text: str, no_pager: bool = False) -> None:
    """Write `text` to standard output, through the pager where `wants_pager` says so."""
    import shutil

    terminal = sys.stdout.isatty()
    command = pager_command(os.environ)
    height = shutil.get_terminal_size().lines
    if command is None or not wants_pager(text.count("\n"), height, terminal, no_pager):
        sys.stdout.write(text)
        return
    if run(command, text) == 127:  # the shell found no such pager: write it here instead
        sys.stdout.write(text)


def run(command: str, text: str) -> int:
    """Run the pager (through the shell, as git does) with `text` on its standard input;
    its exit code. Ctrl-C belongs to the pager while it runs."""
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            process.stdin.close()
        except BrokenPipeError:  # the reader quit before the end: not an error
            pass
        return process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
