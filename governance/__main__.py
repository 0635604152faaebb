"""`python -m governance` runs the CLI (same as the `governance` command)."""

from governance.cli import main

main()
