"""The reference floor of the chosen stack: a minimal Typer app printing a 20-row rich table."""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def show(rows: int = 20) -> None:
    """Print a small table."""
    table = Table()
    for name in ("id", "name", "status"):
        table.add_column(name)
    for i in range(rows):
        table.add_row(str(i), f"row number {i}", "ok")
    Console().print(table)


@app.command()
def other() -> None:
    """A second command, so that the app has a command group like kcbilat."""


if __name__ == "__main__":
    app()
