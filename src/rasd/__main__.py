"""`python -m rasd …` runs the command line, as the `rasd` script does."""

from rasd.cli import main

main()
