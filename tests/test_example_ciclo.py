"""Golden files of ``examples/ciclo``: the IPAM lote, the operadora's answers, the recursos, the
answer to a recurso and the reconciliation equal what ``examples/ciclo/regenerate.py`` builds,
each message passes ``tissbill validate`` (XSD, hash, RET-* rules), and the money reconciles to
the cent (issue #14, item 6)."""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, assert_valid_xsd, schemas_dir
from tissbill import spec
from tissbill.cli import cli
from tissbill.models.retornos import (
    DemonstrativoAnaliseConta,
    DemonstrativoPagamento,
    MensagemOperadora,
)
from tissbill.schemas import SchemaStore
from tissbill.tabelas import TabelaStore, descricao_glosa
from tissbill.xml.reader import read_message

CICLO = REPO / "examples" / "ciclo"
_spec = importlib.util.spec_from_file_location("ciclo_regenerate", CICLO / "regenerate.py")
assert _spec is not None and _spec.loader is not None
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)

BUILT: dict[str, bytes] = regenerate.build(SchemaStore(schemas_dir()))
MESSAGES = sorted(name for name in BUILT if name.endswith(".xml"))


def _operadora(name: str) -> MensagemOperadora:
    message = read_message(CICLO / name)
    assert isinstance(message, MensagemOperadora)
    return message


def _analise() -> DemonstrativoAnaliseConta:
    retorno = _operadora("03_demonstrativo_analise.xml").operadora_para_prestador
    assert retorno.demonstrativos_retorno is not None
    (analise,) = retorno.demonstrativos_retorno.demonstrativo_analise_conta or []
    return analise


def _pagamento() -> DemonstrativoPagamento:
    retorno = _operadora("04_demonstrativo_pagamento.xml").operadora_para_prestador
    assert retorno.demonstrativos_retorno is not None
    pagamento = retorno.demonstrativos_retorno.demonstrativo_pagamento
    assert pagamento is not None
    return pagamento


def test_committed_files_are_what_the_script_builds() -> None:
    committed = {p.name: p.read_bytes() for p in CICLO.glob("0*")}
    assert (
        sorted(committed)
        == sorted(BUILT)
        == [
            "01_lote-58114-consulta.xml",
            "02_protocolo_recebimento.xml",
            "02_protocolo_situacao.xml",
            "03_demonstrativo_analise.xml",
            "04_demonstrativo_pagamento.xml",
            "05_recurso-1.xml",
            "05_recurso-2.xml",
            "06_resposta_recurso-1.xml",
            "07_conciliacao.json",
        ]
    ), "run: python examples/ciclo/regenerate.py"
    for name, data in BUILT.items():
        assert data == committed[name], f"{name} differs; run: python examples/ciclo/regenerate.py"
    ipam = REPO / "examples" / "ipam_consultas" / "expected" / "lote-58114-consulta.xml"
    assert committed["01_lote-58114-consulta.xml"] == ipam.read_bytes()


@pytest.mark.parametrize("name", MESSAGES)
def test_each_file_passes_tissbill_validate(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TISSBILL_SCHEMAS", str(schemas_dir("4.03.00")))
    assert_valid_xsd(BUILT[name], "4.03.00")

    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(CICLO / name)])

    assert result.exit_code == 0, result.output
    assert '"findings": []' in result.stdout.replace("\n", "").replace("  ", "")


def test_two_guias_glosadas_in_full_and_one_in_part_to_the_cent() -> None:
    analise = _analise()
    (protocolo,) = analise.dados_conta.dados_protocolo
    guias = protocolo.relacao_guias
    assert len(guias) == 31
    for guia in guias:
        glosa = guia.valor_glosa_guia or Decimal(0)
        assert guia.valor_informado_guia == guia.valor_liberado_guia + glosa
        itens = sum(
            (r.valor_glosa for d in guia.detalhes_guia for r in d.relacao_glosa), Decimal(0)
        )
        assert itens == glosa
    glosadas = {g.numero_guia_prestador: g for g in guias if g.valor_glosa_guia}
    full = [g for g in glosadas.values() if g.valor_liberado_guia == 0]
    partial = [g for g in glosadas.values() if g.valor_liberado_guia > 0]
    assert len(full) == 2 and len(partial) == 1
    assert partial[0].valor_glosa_guia == Decimal("18.60")
    assert protocolo.valor_informado_protocolo == Decimal("2883.00")
    assert protocolo.valor_glosa_protocolo == Decimal("204.60")
    assert protocolo.valor_liberado_protocolo == Decimal("2678.40")
    assert analise.valor_liberado_geral == protocolo.valor_liberado_protocolo

    known = set(spec.for_version("4.03.00").enum_values("dm_tipoGlosa"))
    codes = {
        r.tipo_glosa for g in glosadas.values() for d in g.detalhes_guia for r in d.relacao_glosa
    }
    assert codes == {"1001", "1308", "1705"} and codes <= known


def test_the_payment_is_exactly_the_liberado_total() -> None:
    liberado = _analise().valor_liberado_geral
    pagamento = _pagamento()
    (por_data,) = pagamento.pagamentos.pagamentos_por_data
    (protocolo,) = por_data.dados_resumo.relacao_protocolos
    assert protocolo.numero_protocolo == "202312190042" and protocolo.numero_lote == "58114"
    assert protocolo.valor_liberado == liberado
    assert sum((g.valor_liberado_guia for g in protocolo.guias_do_lote), Decimal(0)) == liberado
    assert por_data.totais_liquidos_por_data.liquido_por_data == liberado
    totais = pagamento.totais_demonstrativo.totais_liquidos_demonstrativo
    assert totais.valor_liberado_demonstrativo == liberado


def test_the_example_table_explains_every_glosa_of_the_example(tmp_path: Path) -> None:
    store = TabelaStore(tmp_path)
    store.install(CICLO / "tabela38_exemplo.csv")
    for code in ("1001", "1308", "1705"):
        assert descricao_glosa(code, store=store.root)


def test_the_reconciliation_after_the_recursos() -> None:
    (lote,) = json.loads(BUILT["07_conciliacao.json"])["lotes"]
    assert (lote["valor_informado"], lote["valor_liberado"], lote["valor_glosa"]) == (
        "2883.00",
        "2678.40",
        "204.60",
    )
    assert lote["valor_pago"] == "2678.40" and lote["divergencias"] == []
    # Guia 5 (R$ 93,00) and guia 20's item (R$ 18,60) appealed; the answer gave back guia 5's.
    assert (lote["valor_recursado"], lote["valor_recuperado"]) == ("111.60", "93.00")
    glosadas = {g["numero_guia_prestador"][-2:]: g for g in lote["guias"] if g["glosas"]}
    assert {k: (g["valor_recursado"], g["valor_recuperado"]) for k, g in glosadas.items()} == {
        "05": ("93.00", "93.00"),
        "12": ("0.00", "0.00"),
        "20": ("18.60", "0.00"),
    }
    descricoes = {glosa["descricao"] for g in glosadas.values() for glosa in g["glosas"]}
    assert None not in descricoes
