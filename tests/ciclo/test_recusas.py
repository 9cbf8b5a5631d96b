"""Every refusal of ``tissbill retorno importar``: a clear message naming the file, exit 1, and
the ledger unchanged (every table compared before and after)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tests.ciclo import factories as f
from tests.ciclo.conftest import Faturado
from tests.retornos.factories import sample_recebimento_erro, sample_resposta_recurso
from tissbill.versions import TissVersion
from tissbill.xml.writer import write_message

V = TissVersion.V4_03_00


def _analise(faturado: Faturado) -> bytes:
    return faturado.write("ok.xml", f.sample_analise(V, faturado.lote)).read_bytes()


def _wrong_hash(faturado: Faturado) -> Path:
    data = _analise(faturado)
    start = data.index(b"<ans:hash>") + len(b"<ans:hash>")
    path = faturado.folder / "hash.xml"
    path.write_bytes(data[:start] + b"0" * 32 + data[start + 32 :])
    return path


def _truncated(faturado: Faturado) -> Path:
    data = _analise(faturado)
    path = faturado.folder / "truncado.xml"
    path.write_bytes(data[: len(data) // 2])
    return path


def _schema_invalid(faturado: Faturado) -> Path:
    data = _analise(faturado).replace(b"<ans:situacaoGuia>", b"<ans:situacaoGuiaX>", 1)
    path = faturado.folder / "xsd.xml"
    path.write_bytes(data.replace(b"</ans:situacaoGuia>", b"</ans:situacaoGuiaX>", 1))
    return path


def _inconsistent(faturado: Faturado) -> Path:
    guias = f.relacao_guias(faturado.lote, {2: Decimal("20.50")})
    # The operadora's guia says liberado 80.00 but glosa 20.50 of 93.00: 0.50 unexplained.
    guias[2] = guias[2].model_copy(update={"valor_liberado_guia": Decimal("72.00")})
    return faturado.write("inconsistente.xml", f.analise(V, faturado.lote, guias))


def _unknown_lote(faturado: Faturado) -> Path:
    guias = f.relacao_guias(faturado.lote, {})
    return faturado.write("lote.xml", f.analise(V, faturado.lote, guias, numero_lote="99999"))


def _other_operadora(faturado: Faturado) -> Path:
    guias = f.relacao_guias(faturado.lote, {})
    return faturado.write("op.xml", f.analise(V, faturado.lote, guias, operadora="999999"))


def _other_prestador(faturado: Faturado) -> Path:
    guias = f.relacao_guias(faturado.lote, {})
    return faturado.write("pr.xml", f.analise(V, faturado.lote, guias, prestador="00999"))


def _other_protocolo(faturado: Faturado) -> Path:
    numeros = [g.numero_guia_prestador for g in faturado.lote.guias[:1]]
    code, _, err = faturado.importar(faturado.write("p.xml", f.recebimento(V, "58114", numeros)))
    assert code == 0, err
    guias = f.relacao_guias(faturado.lote, {})
    return faturado.write("pr.xml", f.analise(V, faturado.lote, guias, protocolo="P777"))


def _a_lote(faturado: Faturado) -> Path:
    path = faturado.folder / "lote.xml"
    path.write_bytes(write_message(faturado.lote))
    return path


def _operadora_error(faturado: Faturado) -> Path:
    message = sample_recebimento_erro(V).model_copy(
        update={
            "cabecalho": f.cabecalho(
                V, sample_recebimento_erro(V).cabecalho.identificacao_transacao.tipo_transacao
            )
        }
    )
    return faturado.write("erro.xml", message)


def _resposta_recurso(faturado: Faturado) -> Path:
    message = sample_resposta_recurso(V)
    return faturado.write(
        "resposta.xml",
        message.model_copy(
            update={
                "cabecalho": f.cabecalho(
                    V, message.cabecalho.identificacao_transacao.tipo_transacao
                )
            }
        ),
    )


CASES: list[tuple[Callable[[Faturado], Path], str]] = [
    (_wrong_hash, "arquivo inválido"),
    (_truncated, "arquivo inválido"),
    (_schema_invalid, "arquivo inválido, "),
    (_inconsistent, "RET-001"),
    (_unknown_lote, "o lote 99999 não está no ledger (prestador codigoPrestadorNaOperadora:00621"),
    (
        _other_operadora,
        "não tem nenhum lote do prestador codigoPrestadorNaOperadora:00621 para a "
        "operadora 999999: o arquivo é de outra operadora ou de outro prestador",
    ),
    (_other_prestador, "não tem nenhum lote do prestador codigoPrestadorNaOperadora:00999"),
    (
        _other_protocolo,
        "o lote 58114 tem o protocolo P58114 no ledger, mas o arquivo traz o protocolo P777",
    ),
    (_a_lote, "não é uma mensagem da operadora"),
    (_operadora_error, "a operadora respondeu com o erro 5001 (Mensagem invalida)"),
    (
        _resposta_recurso,
        "a resposta é do recurso R1, que o ledger não conhece (prestador "
        "codigoPrestadorNaOperadora:00621, operadora 331988)",
    ),
]


@pytest.mark.parametrize(("make", "expected"), CASES, ids=[c[0].__name__[1:] for c in CASES])
def test_refused_with_reason_and_ledger_unchanged(
    make: Callable[[Faturado], Path], expected: str, faturado: Faturado
) -> None:
    path = make(faturado)
    before = faturado.dump()
    code, out, err = faturado.importar(path)
    assert code == 1
    assert f"Recusado: {path}: " in err and expected in err, err
    assert "O ledger não mudou." in err and "Traceback" not in err + out
    assert faturado.dump() == before


def test_a_refused_file_does_not_stop_the_good_ones(faturado: Faturado) -> None:
    bad = _unknown_lote(faturado)
    good = faturado.write("bom.xml", f.sample_analise(V, faturado.lote))
    code, out, err = faturado.importar(bad, good)
    assert code == 1
    assert f"Recusado: {bad}" in err and f"Importado: {good}" in out
