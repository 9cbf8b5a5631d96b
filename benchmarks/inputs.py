"""Benchmark inputs, generated with tissbill itself from the realistic guias of the examples.

Guia contents come from ``examples/regenerate.py`` (``_sadt``, ``_consulta``, ``_honorarios``,
``_document``) so the benchmarks measure the same shapes the golden files test; only the guia
numbers, beneficiários and dates vary. Everything is deterministic.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from tissbill.billing.builder import LoteRequest, LoteSettings, LoteTISS, build_lotes
from tissbill.models.guias import Guia, GuiaSPSADT

REPO = Path(__file__).resolve().parents[1]
SHARED_SCHEMAS = REPO.parent / "shared" / "tiss-schemas"
VERSION = "4.03.00"
DATA_REGISTRO = "2025-05-02T08:00:00"


def _load_regenerate() -> ModuleType:
    # examples/ is not a package; load the generators the golden files are made from.
    spec = importlib.util.spec_from_file_location("regenerate", REPO / "examples" / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regenerate = _load_regenerate()


def _day(i: int) -> dt.date:
    return dt.date(2025, 4, 1) + dt.timedelta(days=i % 28)


def _request(guias: list[dict[str, Any]]) -> LoteRequest:
    document = regenerate._document(guias, numero_lote_inicial=1, data_registro=DATA_REGISTRO)
    return LoteRequest.model_validate(document)


def settings() -> LoteSettings:
    """The settings every benchmark lote is built with (fixed date: reproducible bytes)."""
    return _request([regenerate._consulta("C0", "770", _day(0))]).settings


def sadt_guias(count: int, *, start: int = 0) -> list[Guia]:
    """``count`` SP/SADT guias (2 procedures, 3 despesas each) with distinct numbers."""
    raw = [
        regenerate._sadt(f"S{i:08d}", f"77{i:08d}", _day(i)) for i in range(start, start + count)
    ]
    return _request(raw).guias


def mixed_guias(count: int) -> list[Guia]:
    """``count`` guias mixed like ``mistura_250_guias``: 3/5 consultas, 1/5 SP/SADT, 1/5
    honorários."""
    raw: list[dict[str, Any]] = []
    for i in range(count):
        kind = i % 5
        if kind < 3:
            raw.append(regenerate._consulta(f"C{i:08d}", f"77{i:08d}", _day(i)))
        elif kind == 3:
            raw.append(regenerate._sadt(f"S{i:08d}", f"77{i:08d}", _day(i)))
        else:
            raw.append(regenerate._honorarios(f"H{i:08d}", f"77{i:08d}", _day(i)))
    return _request(raw).guias


def _despesas(count: int, day: dt.date) -> Iterator[dict[str, Any]]:
    catalogue = (
        ("03", "19", "70012345", "2", "036", "4.35", "Seringa descartável 5 ml"),
        ("03", "19", "70054321", "1.5", "042", "12.10", "Esparadrapo impermeável"),
        ("02", "20", "90123456", "0.3333", "023", "27.90", "Soro fisiológico 0,9%"),
        ("05", "18", "60000015", "1", "036", "310.00", "Diária de apartamento"),
    )
    for i in range(count):
        yield regenerate._despesa(day, *catalogue[i % len(catalogue)])


def big_sadt_guias(guias: int, despesas_per_guia: int) -> list[Guia]:
    """``guias`` SP/SADT guias, each with ``despesas_per_guia`` extra outras despesas.

    A lote holds at most 100 guias, so a very large lote needs very large guias; a guia's items
    are numbered by sequencialItem (st_numerico4), hence at most 9,999 items per guia. One guia
    is validated and the others are copies with their own number (model validation of the same
    content many times over would only slow the set-up).
    """
    if despesas_per_guia + 5 > 9999:
        raise ValueError("a guia has at most 9,999 items (sequencialItem is st_numerico4)")
    day = _day(0)
    raw = regenerate._sadt("B00000000", "7700000000", day)
    raw["outras_despesas"].extend(_despesas(despesas_per_guia, day))
    (template,) = _request([raw]).guias
    assert isinstance(template, GuiaSPSADT)
    out: list[Guia] = []
    for i in range(guias):
        cabecalho = template.cabecalho_guia.model_copy(
            update={"numero_guia_prestador": f"B{i:08d}"}
        )
        out.append(template.model_copy(update={"cabecalho_guia": cabecalho}))
    return out


def build(guias: list[Guia], *, max_guias: int = 100) -> list[LoteTISS]:
    """Build ``guias`` into lotes with the benchmark settings.

    Without validation: the build figure measures models -> bytes against a bare writer, and
    the validate figures measure validation on their own.
    """
    lote_settings = settings().model_copy(update={"max_guias": max_guias})
    return build_lotes(guias, lote_settings, validate=False)


def lote_of_size(target_bytes: int) -> bytes:
    """One SP/SADT lote of 100 guias, about ``target_bytes`` long (big guias, see above)."""
    small = len(build(big_sadt_guias(1, 0))[0].xml)
    per_despesa = (len(build(big_sadt_guias(1, 40))[0].xml) - small) / 40
    per_guia = target_bytes / 100
    despesas = max(0, round((per_guia - small) / per_despesa))
    (lote,) = build(big_sadt_guias(100, despesas))
    return lote.xml


def write_files(lotes: list[LoteTISS], folder: Path) -> list[Path]:
    """Write each lote to ``folder`` under its own file name; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for lote in lotes:
        path = folder / lote.filename
        path.write_bytes(lote.xml)
        paths.append(path)
    return paths
