"""``python -m tissbill`` works like ``tissbill``."""

from tissbill.cli import main

main()
