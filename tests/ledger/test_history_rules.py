"""History checks of LOT-003, LOT-007, LOT-010, RI-014 and RI-015 against a fake ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from lxml import etree

from tests.rules.conftest import load, set_text
from tissbill.validation.context import MessageContext
from tissbill.validation.engine import evaluate
from tissbill.validation.findings import Finding, Severity
from tissbill.validation.history import PriorGuia, PriorLote
from tissbill.validation.profile import STRICT_PROFILE

SENDER = ("CNPJ:34217653000149", "419761")
WHEN = dt.datetime(2026, 9, 1, 10, 30)


class FakeHistory:
    def __init__(self, lotes: list[PriorLote] = [], guias: list[PriorGuia] = []) -> None:  # noqa: B006
        self._lotes, self._guias = lotes, guias

    def lotes_with_numero(self, prestador: str, operadora: str, numero: str) -> list[PriorLote]:
        assert (prestador, operadora) == SENDER
        return [lote for lote in self._lotes if lote.numero_lote == numero]

    def lotes_with_transacao(
        self, prestador: str, operadora: str, sequencial: str
    ) -> list[PriorLote]:
        return [lote for lote in self._lotes if lote.sequencial_transacao == sequencial]

    def guias(
        self,
        prestador: str,
        operadora: str,
        numeros: Collection[str],
        solicitacoes: Collection[str],
    ) -> list[PriorGuia]:
        assert (prestador, operadora) == SENDER
        return [
            g
            for g in self._guias
            if g.numero_guia_prestador in numeros or g.numero_guia_solicitacao in solicitacoes
        ]


def run(root: etree._Element, history: FakeHistory | None) -> list[Finding]:
    return evaluate(
        MessageContext(root, version="4.03.00", profile=STRICT_PROFILE, history=history)
    )


def of(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.code == code]


def parcial(inicio: dt.datetime, fim: dt.datetime, tipo: str = "1") -> PriorGuia:
    return PriorGuia(
        "RI-2026-000001", "77", "/lotes/lote-77.xml", "f" * 32, tipo, "SI-2026-002981", inicio, fim
    )


def test_numero_lote_and_transacao_reused_by_another_file() -> None:
    prior = PriorLote("202610088", "INT000009137", "/lotes/lote-202610088.xml", WHEN, "a" * 32)
    found = run(load("resumo"), FakeHistory([prior]))
    [lote] = of(found, "LOT-003")
    assert lote.severity is Severity.ERROR
    assert "01/09/2026" in lote.message and "/lotes/lote-202610088.xml" in lote.message
    [transacao] = of(found, "LOT-007")
    assert "INT000009137" in transacao.message
    assert not of(run(load("resumo"), None), "LOT-003")  # without history: as before


def test_same_file_recorded_is_not_a_reuse() -> None:
    root = load("resumo")
    own_hash = root.findtext(".//{*}epilogo/{*}hash") or ""
    prior = PriorLote("202610088", "INT000009137", "/lotes/x.xml", WHEN, own_hash)
    assert not of(run(root, FakeHistory([prior])), "LOT-003")


def test_guia_already_billed_is_a_warning_except_complementar() -> None:
    billed = PriorGuia(
        "RI-2026-004417", "9", "/lotes/lote-9.xml", "b" * 32, "4", "SI-2026-000000", None, None
    )
    [finding] = of(run(load("resumo"), FakeHistory(guias=[billed])), "LOT-010")
    assert finding.severity is Severity.WARNING and "lote 9" in finding.message
    root = load("resumo")
    set_text(root, "//ans:dadosInternacao/ans:tipoFaturamento", "3")
    assert not of(run(root, FakeHistory(guias=[billed])), "LOT-010")


def test_window_overlapping_an_earlier_lote_is_an_error() -> None:
    # The fixture is a Total 05/10/2026 07:15 → 08/10/2026 11:40; a Parcial billed before
    # covered 06/10 → 07/10.
    earlier = parcial(dt.datetime(2026, 10, 6), dt.datetime(2026, 10, 7))
    [finding] = of(run(load("resumo"), FakeHistory(guias=[earlier])), "RI-015")
    assert finding.severity is Severity.ERROR and "lote 77" in finding.message
    assert not of(run(load("resumo"), None), "RI-015")


def test_total_after_parcial_and_skipped_days_are_warnings() -> None:
    earlier = parcial(dt.datetime(2026, 10, 1), dt.datetime(2026, 10, 2, 23, 59))
    [total] = of(run(load("resumo"), FakeHistory(guias=[earlier])), "RI-015")
    assert total.severity is Severity.WARNING and "Total" in total.message
    root = load("resumo")
    set_text(root, "//ans:dadosInternacao/ans:tipoFaturamento", "2")
    [gap] = of(run(root, FakeHistory(guias=[earlier])), "RI-015")
    assert gap.severity is Severity.WARNING and "dias sem faturamento" in gap.message


def test_complementar_differs_from_window_billed_in_earlier_lote() -> None:
    earlier = parcial(dt.datetime(2026, 10, 1), dt.datetime(2026, 10, 3))
    root = load("resumo")
    set_text(root, "//ans:dadosInternacao/ans:tipoFaturamento", "3")
    [finding] = of(run(root, FakeHistory(guias=[earlier])), "RI-014")
    assert "difere do período da guia complementada" in finding.message
    same = parcial(dt.datetime(2026, 10, 5, 7, 15), dt.datetime(2026, 10, 8, 11, 40))
    assert not of(run(root, FakeHistory(guias=[same])), "RI-014")
