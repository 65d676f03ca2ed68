"""`python -m optimizer` runs the CLI."""

from optimizer.cli import main

main()
