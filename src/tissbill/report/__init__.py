"""The printable lote summary (the "Imprimir" of the operadora portals): one page per lote with
identification, blank protocol fields, one line per guia or item, totals per category and a
signature area, as HTML with A4 print CSS. Rendered with Jinja2 from ``templates/lote.html.j2``
with autoescaping on: every value comes from a file someone else produced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path

import jinja2

from tissbill import __version__
from tissbill.summary import CATEGORIES, LoteSummary, summarise_file
from tissbill.validation.text import brl, day, number

TEMPLATE = "lote.html.j2"


def quantity(value: Decimal) -> str:
    """``4`` for whole quantities, ``0,3333`` / ``1,5`` otherwise (Brazilian decimal comma)."""
    if value == value.to_integral_value():
        return number(value, 0)
    return number(value, 4).rstrip("0")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tissbill.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(brl=brl, day=day, quantity=quantity, filename=lambda p: Path(p).name)
    return env


def render(summaries: Sequence[LoteSummary], *, emitido_em: dt.datetime | None = None) -> str:
    """The HTML of the printed summary of ``summaries`` (one section, and page, per lote)."""
    if not summaries:
        raise ValueError("nenhum lote para o relatório")
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            lotes=summaries,
            categories=CATEGORIES,
            emitido_em=emitido_em or dt.datetime.now().replace(microsecond=0),
            version=__version__,
        )
    )


def render_files(paths: Sequence[str | Path], *, emitido_em: dt.datetime | None = None) -> str:
    """Read each TISS lote file and render their printed summary."""
    return render([summarise_file(path) for path in paths], emitido_em=emitido_em)


__all__ = ["TEMPLATE", "quantity", "render", "render_files"]
