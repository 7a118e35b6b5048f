"""`python -m kcbilat`."""

from kcbilat.cli import main

main()
