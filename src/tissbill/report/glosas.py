"""The printable glosas report (``tissbill glosas --format html``): one page per lote with its
totals, the reconciliation's divergences and every glosa, on the lote summary's stylesheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tissbill import __version__
from tissbill.ledger.glosas import DIVERGENCIAS, LoteGlosas
from tissbill.report import environment

TEMPLATE = "glosas.html.j2"


def render_glosas(lotes: Sequence[LoteGlosas], *, emitido_em: dt.datetime | None = None) -> str:
    """The HTML of the glosas of ``lotes`` (one section, and page, per lote)."""
    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            lotes=lotes,
            divergencia=DIVERGENCIAS,
            emitido_em=emitido_em or dt.datetime.now().replace(microsecond=0),
            version=__version__,
        )
    )


__all__ = ["render_glosas"]
