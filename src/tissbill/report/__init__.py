"""The printable lote summary (the "Imprimir" of the operadora portals): one page per lote with
identification, blank protocol fields, one line per guia or item, totals per category and a
signature area, as HTML with A4 print CSS. Rendered with Jinja2 from ``templates/lote.html.j2``
with autoescaping on: every value comes from a file someone else produced. A lote with
validation errors says so at the top of its page: a printed summary must not look like the
receipt of a lote the operadora will reject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import jinja2

from tissbill import __version__
from tissbill.billing.summary import CATEGORIES, LoteSummary, summarise_file
from tissbill.errors import SchemaNotInstalledError
from tissbill.formatting import brl, day, number
from tissbill.validation.api import validate

TEMPLATE = "lote.html.j2"


@dataclass(frozen=True, slots=True)
class Validacao:
    """What validation said about one lote, as its page shows it."""

    erros: tuple[str, ...] = ()
    """One line per error finding (code, line and message)."""
    nao_validado: str | None = None
    """Why the lote could not be validated (schemas not installed), when it could not."""

    @property
    def ok(self) -> bool:
        return not self.erros and self.nao_validado is None


def validar(path: str | Path) -> Validacao:
    """Validate the lote at ``path`` (official XSD and rules) for its page."""
    try:
        report = validate(Path(path))
    except SchemaNotInstalledError as exc:
        return Validacao(nao_validado=str(exc))
    return Validacao(
        tuple(
            f"{f.code}{f' (linha {f.line})' if f.line else ''}: {f.message}" for f in report.errors
        )
    )


def quantity(value: Decimal) -> str:
    """``4`` for whole quantities, ``0,3333`` / ``1,5`` otherwise (Brazilian decimal comma)."""
    if value == value.to_integral_value():
        return number(value, 0)
    return number(value, 4).rstrip("0")


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the printable pages (autoescaping, Brazilian filters)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tissbill.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(brl=brl, day=day, quantity=quantity, filename=lambda p: Path(p).name)
    return env


def render(
    summaries: Sequence[LoteSummary],
    *,
    emitido_em: dt.datetime | None = None,
    validacoes: Sequence[Validacao] | None = None,
) -> str:
    """The HTML of the printed summary of ``summaries`` (one section, and page, per lote);
    ``validacoes``, one per summary, puts each lote's validation outcome on its page."""
    if not summaries:
        raise ValueError("nenhum lote para o relatório")
    if validacoes is not None and len(validacoes) != len(summaries):
        raise ValueError("uma validação por lote")
    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            lotes=summaries,
            validacoes=validacoes or [None] * len(summaries),
            categories=CATEGORIES,
            emitido_em=emitido_em or dt.datetime.now().replace(microsecond=0),
            version=__version__,
        )
    )


def render_files(paths: Sequence[str | Path], *, emitido_em: dt.datetime | None = None) -> str:
    """Read and validate each TISS lote file and render their printed summary."""
    return render(
        [summarise_file(path) for path in paths],
        emitido_em=emitido_em,
        validacoes=[validar(path) for path in paths],
    )


__all__ = ["TEMPLATE", "Validacao", "environment", "quantity", "render", "render_files", "validar"]
