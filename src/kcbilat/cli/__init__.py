"""The command line: parse, call the library, print, exit."""

from kcbilat.cli.app import app, main

__all__ = ["app", "main"]
