"""tissbill: build and validate Brazilian ANS TISS XML."""

from __future__ import annotations

__version__ = "0.1.0"
