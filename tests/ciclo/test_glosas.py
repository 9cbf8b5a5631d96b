"""``Ledger.glosas`` and ``tissbill glosas``: the IPAM lote after its demonstrativos, in every
format, reconciled to the cent; random consistent demonstrativos reconcile, on SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.ciclo import factories as f
from tests.ciclo.conftest import Faturado, run
from tests.cli.test_report import pdf_text, render_with_chromium
from tissbill.ledger import Ledger
from tissbill.ledger.glosas import FiltroGlosas
from tissbill.versions import TissVersion

V = TissVersion.V4_03_00
GLOSAS = {0: None, 1: None, 2: Decimal("20.50")}
INFORMADO = Decimal("2883.00")  # 31 consultas of R$ 93,00
LIBERADO = INFORMADO - Decimal("93.00") * 2 - Decimal("20.50")


def _import_all(faturado: Faturado, version: TissVersion = V, pago: Decimal = LIBERADO) -> None:
    guias = f.relacao_guias(faturado.lote, GLOSAS)
    files = [
        faturado.write("analise.xml", f.analise(version, faturado.lote, guias)),
        faturado.write("pago.xml", f.pagamento(version, "58114", pago, INFORMADO, guias)),
    ]
    code, _, err = faturado.importar(*files)
    assert code == 0, err


def test_json_contract(faturado_any: Faturado) -> None:
    _import_all(faturado_any)
    code, out, err = run("glosas", "--ledger", faturado_any.ledger, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    (lote,) = data["lotes"]
    numeros = [g.numero_guia_prestador for g in faturado_any.lote.guias]
    assert {k: lote[k] for k in ("numero_lote", "protocolo", "registro_ans")} == {
        "numero_lote": "58114",
        "protocolo": "P58114",
        "registro_ans": "331988",
    }
    assert (lote["valor_informado"], lote["valor_liberado"], lote["valor_glosa"]) == (
        "2883.00",
        "2676.50",
        "206.50",
    )
    assert lote["valor_pago"] == "2676.50" and lote["divergencias"] == []
    assert lote["valor_recursado"] == lote["valor_recuperado"] == "0.00"
    assert len(lote["guias"]) == 31
    first, _, partial, clean = lote["guias"][:4]
    assert {
        k: first[k]
        for k in (
            "numero_guia_prestador",
            "valor_informado",
            "valor_liberado",
            "valor_glosa",
            "glosas",
        )
    } == {
        "numero_guia_prestador": numeros[0],
        "valor_informado": "93.00",
        "valor_liberado": "0.00",
        "valor_glosa": "93.00",
        "glosas": [
            {
                "sequencial_item": 1,
                "codigo_glosa": "1001",
                "descricao": None,
                "valor_glosa": "93.00",
            }
        ],
    }
    assert partial["glosas"][0]["valor_glosa"] == "20.50" and partial["valor_liberado"] == "72.50"
    assert clean["glosas"] == [] and clean["valor_glosa"] == "0.00"


def test_text_csv_and_the_description_callable(faturado: Faturado, tmp_path: Path) -> None:
    _import_all(faturado)
    numeros = [g.numero_guia_prestador for g in faturado.lote.guias]
    code, out, _ = run("glosas", "--ledger", faturado.ledger)
    assert code == 0
    assert "Lote 58114 · protocolo P58114 · operadora 331988 · pago" in out
    assert "glosado R$ 206,50" in out and "Guias com glosa (3)" in out
    for numero in numeros[:3]:
        assert numero in out  # whole, never cut
    assert "Conciliado" in out
    target = tmp_path / "glosas.csv"
    code, out, _ = run("glosas", "--ledger", faturado.ledger, "--format", "csv", "-o", str(target))
    assert code == 0 and "gravadas em" in out
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8")), delimiter=";"))
    assert rows[0][:4] == ["Lote", "Protocolo", "Operadora", "Guia"]
    assert rows[1:] == [
        [
            "58114",
            "P58114",
            "331988",
            numeros[0],
            "1",
            "1001",
            "",
            "93,00",
            "93,00",
            "0,00",
            "93,00",
            "0,00",
            "0,00",
            "0,00",
            "análise",
        ],
        [
            "58114",
            "P58114",
            "331988",
            numeros[1],
            "1",
            "1001",
            "",
            "93,00",
            "93,00",
            "0,00",
            "93,00",
            "0,00",
            "0,00",
            "0,00",
            "análise",
        ],
        [
            "58114",
            "P58114",
            "331988",
            numeros[2],
            "1",
            "1705",
            "",
            "20,50",
            "93,00",
            "72,50",
            "20,50",
            "72,50",
            "0,00",
            "0,00",
            "análise",
        ],
    ]
    with Ledger.open(faturado.ledger) as ledger:
        (lote,) = ledger.glosas(descricao_glosa={"1001": "Beneficiário não elegível"}.get)
    assert lote.guias[0].glosas[0].descricao == "Beneficiário não elegível"
    assert lote.guias[2].glosas[0].descricao is None


def test_text_wraps_at_80_columns_without_cutting_guia_numbers(faturado: Faturado) -> None:
    _import_all(faturado)
    with Ledger.open(faturado.ledger) as ledger:
        (lote,) = ledger.glosas(descricao_glosa=lambda c: "Motivo descrito com bastante texto " * 3)
    from rich.console import Console

    from tissbill.cli.glosas import _text

    buffer = io.StringIO()
    _text([lote], Console(file=buffer, width=80, highlight=False, soft_wrap=False))
    text = buffer.getvalue()
    table = [line for line in text.splitlines() if line.startswith(("┃", "│", "┏", "└"))]
    assert table and max(len(line) for line in table) <= 80
    for guia in faturado.lote.guias[:3]:
        assert guia.numero_guia_prestador in text


def test_filters(faturado: Faturado) -> None:
    _import_all(faturado)
    with Ledger.open(faturado.ledger) as ledger:
        assert len(ledger.glosas(FiltroGlosas(operadora="331988", estado="pago"))) == 1
        assert ledger.glosas(FiltroGlosas(operadora="999999")) == []
        assert ledger.glosas(FiltroGlosas(numero_lote="1")) == []
        assert ledger.glosas(FiltroGlosas(estado="analisado")) == []
    code, out, _ = run("glosas", "--ledger", faturado.ledger, "--periodo", "2000-01-01:2000-01-31")
    assert code == 0 and "Nenhum lote com retorno" in out
    code, out, _ = run("glosas", "--ledger", faturado.ledger, "--lote", "58114", "--format", "json")
    assert len(json.loads(out)["lotes"]) == 1


def test_a_payment_that_differs_from_the_liberado_is_a_divergence(faturado: Faturado) -> None:
    _import_all(faturado, pago=LIBERADO - Decimal("0.01"))
    with Ledger.open(faturado.ledger) as ledger:
        (lote,) = ledger.glosas()
    assert [(d.tipo, d.onde, d.esperado, d.encontrado) for d in lote.divergencias] == [
        ("pago_liberado", "lote 58114", LIBERADO, LIBERADO - Decimal("0.01"))
    ]
    _, out, _ = run("glosas", "--ledger", faturado.ledger)
    assert "Divergência: lote 58114: valor pago diferente do liberado" in out


def test_html_prints_in_chromium(faturado: Faturado, tmp_path: Path) -> None:
    _import_all(faturado)
    html = tmp_path / "glosas.html"
    code, _, err = run("glosas", "--ledger", faturado.ledger, "--format", "html", "-o", str(html))
    assert code == 0, err
    pdf, png = tmp_path / "glosas.pdf", tmp_path / "glosas.png"
    render_with_chromium(html, pdf, png, tmp_path / "profile")
    text = pdf_text(pdf)
    assert text.count("\f") == 1
    for expected in (
        "Glosas e conciliação do lote",
        "Lote nº 58114",
        "P58114",
        "R$ 206,50",
        faturado.lote.guias[0].numero_guia_prestador,
        "1705",
    ):
        assert expected in text
    code, _, err = run("glosas", "--ledger", faturado.ledger, "--format", "html")
    assert code == 2 and "precisa de -o" in err


_glosas = st.dictionaries(
    st.integers(0, 30),
    st.none() | st.integers(0, 9300).map(lambda c: Decimal(c) / 100),
    max_size=8,
)


@pytest.mark.parametrize("version", list(TissVersion), ids=str)
def test_random_demonstrativos_reconcile_and_inconsistent_ones_are_refused(
    version: TissVersion, faturado: Faturado
) -> None:
    imported = [0]
    counter = iter(range(10_000))

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.reuse, Phase.generate],  # each example imports: no shrink
    )
    @given(_glosas, st.booleans())
    def check(glosas: dict[int, Decimal | None], broken: bool) -> None:
        n = next(counter)
        guias = f.relacao_guias(faturado.lote, glosas)
        if broken:  # beyond RET-001's one-cent tolerance
            first = guias[0]
            field, value = (
                ("valor_liberado_guia", first.valor_liberado_guia - Decimal("0.05"))
                if first.valor_liberado_guia >= Decimal("0.05")
                else ("valor_glosa_guia", (first.valor_glosa_guia or 0) + Decimal("0.05"))
            )
            guias[0] = first.model_copy(update={field: value})
        message = f.analise(version, faturado.lote, guias, numero=f"H{version.value}-{n}")
        before = faturado.dump() if broken else None
        code, _, err = faturado.importar(faturado.write(f"h{n}.xml", message))
        if broken:
            assert code == 1 and "RET-001" in err
            assert faturado.dump() == before
            return
        assert code == 0, err
        imported[0] += 1
        with Ledger.open(faturado.ledger) as ledger:
            (lote,) = ledger.glosas()
        # Each good example is one more demonstrativo of the same lote: every guia is analysed
        # once per demonstrativo, so what was analysed is the billed amount that many times.
        for guia in lote.guias:
            assert guia.valor_liberado + guia.valor_glosa == guia.valor_informado * imported[0]
        assert lote.valor_liberado + lote.valor_glosa == INFORMADO * imported[0]
        assert lote.valor_glosa == sum((g.valor_glosa for g in lote.guias), Decimal(0))

    check()


def test_glosa_codes_read_their_meaning_from_the_installed_tabela_38(
    faturado: Faturado, tmp_path: Path
) -> None:
    _import_all(faturado)

    def descricoes() -> set[object]:
        code, out, err = run("glosas", "--ledger", faturado.ledger, "--format", "json")
        assert code == 0, err
        return {g["descricao"] for g in json.loads(out)["lotes"][0]["guias"][2]["glosas"]}

    assert descricoes() == {None}  # no table installed: the code alone
    table = tmp_path / "tabela38.csv"
    table.write_text("codigo;descricao\n1705;Valor acima do contratado\n", encoding="utf-8")
    code, _, err = run("tabelas", "install", str(table))
    assert code == 0, err
    assert descricoes() == {"Valor acima do contratado"}
