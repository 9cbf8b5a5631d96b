"""The billing workflow library: period, settings precedence, JSON/YAML input shapes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import IPAM, OPME
from tissbill.billing.inputs import load_data
from tissbill.billing.workflow import (
    BillingError,
    BuildConfig,
    MissingSettingError,
    Periodo,
    collect,
    prestador_identification,
    resolve_settings,
)
from tissbill.versions import TissVersion


def test_periodo_parsing_and_membership() -> None:
    periodo = Periodo.parse("01/11/2023:2023-11-30")
    assert dt.date(2023, 11, 1) in periodo
    assert dt.date(2023, 11, 30) in periodo
    assert dt.date(2023, 12, 1) not in periodo
    assert str(periodo) == "01/11/2023 a 30/11/2023"
    for bad in ("2023-11-30:2023-11-01", "2023-11-01", "a:b"):
        with pytest.raises(ValueError, match=r"período inválido|data inválida"):
            Periodo.parse(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11222333000181", {"cnpj": "11222333000181"}),
        ("52998224725", {"cpf": "52998224725"}),
        ("00621", {"codigo_prestador_na_operadora": "00621"}),
        ("11.222.333/0001-81", {"cnpj": "11222333000181"}),
        (" 529.982.247-25 ", {"cpf": "52998224725"}),
        ("cnpj:11.222.333/0001-81", {"cnpj": "11222333000181"}),
        ("CODIGO:52998224725", {"codigo_prestador_na_operadora": "52998224725"}),
        ("codigo:11222333000199", {"codigo_prestador_na_operadora": "11222333000199"}),
        ("00621-3", {"codigo_prestador_na_operadora": "00621-3"}),
    ],
)
def test_prestador_identification(value: str, expected: dict[str, str]) -> None:
    assert prestador_identification(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "11222333000199",
        "11.222.333/0001-99",
        "cnpj:11222333000199",
        "52998224700",
        "cpf:529.982.247-00",
        "11111111111",
        "cnpj:123",
        "11.222.333/0001",
    ],
)
def test_prestador_identification_refuses_bad_cnpj_and_cpf(value: str) -> None:
    with pytest.raises(BillingError, match=r"CNPJ|CPF"):
        prestador_identification(value)


def test_prestador_setting_accepts_punctuation_and_checks_digits(tmp_path: Path) -> None:
    formatted = BuildConfig(
        settings={"prestador": {"cnpj": "11.222.333/0001-81"}, "registro_ans": "331988"}
    )
    settings = resolve_settings([], formatted, {})
    assert settings.prestador.cnpj == "11222333000181"
    text = BuildConfig(settings={"prestador": "529.982.247-25", "registro_ans": "331988"})
    assert resolve_settings([], text, {}).prestador.cpf == "52998224725"
    mistyped = BuildConfig(settings={"prestador": {"cnpj": "11222333000199"}})
    with pytest.raises(BillingError, match="prestador: '11222333000199' não é um CNPJ válido"):
        resolve_settings([], mistyped, {})


def test_settings_precedence_documents_then_config_then_options(tmp_path: Path) -> None:
    document = (tmp_path / "a.yaml", {"prestador": {"cnpj": "11222333000181"}, "max_guias": 10})
    config = BuildConfig(settings={"max_guias": 20, "numero_lote_inicial": 7})
    settings = resolve_settings([document], config, {"numero_lote_inicial": 9, "versao": None})
    assert settings.max_guias == 20
    assert settings.numero_lote_inicial == 9
    assert settings.versao is TissVersion.V4_03_00


def test_documents_that_disagree_need_an_explicit_value(tmp_path: Path) -> None:
    base = {"prestador": {"cnpj": "11222333000181"}}
    documents = [
        (tmp_path / "a.yaml", {**base, "numero_lote_inicial": 1}),
        (tmp_path / "b.yaml", {**base, "numero_lote_inicial": 2}),
    ]
    with pytest.raises(BillingError, match=r"'numero_lote_inicial' diferente em .*a\.yaml e"):
        resolve_settings(documents, BuildConfig(), {})
    settings = resolve_settings(documents, BuildConfig(), {"numero_lote_inicial": 5})
    assert settings.numero_lote_inicial == 5


def test_missing_prestador_and_invalid_settings() -> None:
    with pytest.raises(MissingSettingError, match="--prestador"):
        resolve_settings([], BuildConfig(), {})
    with pytest.raises(BillingError, match="registro_ans"):
        resolve_settings(
            [],
            BuildConfig(settings={"prestador": {"cnpj": "11222333000181"}}),
            {"registro_ans": "1"},
        )


def test_config_file_keys_are_checked(tmp_path: Path) -> None:
    config = BuildConfig.load(IPAM / "config.yaml")
    assert config.settings["numero_lote_inicial"] == 58114
    assert config.padroes["codigo_procedimento"] == "10101012"
    bad = tmp_path / "c.yaml"
    bad.write_text("prestadr: {cnpj: '1'}\n", encoding="utf-8")
    with pytest.raises(BillingError, match="chave\\(s\\) desconhecida\\(s\\): prestadr"):
        BuildConfig.load(bad)


def _guia_data() -> dict[str, Any]:
    data = load_data(IPAM / "lote.json")
    assert isinstance(data, dict)
    guia: dict[str, Any] = data["guias"][0]
    return guia


@pytest.mark.parametrize("shape", ["guia", "lista", "documento"])
def test_json_inputs_one_guia_a_list_or_a_document(tmp_path: Path, shape: str) -> None:
    guia = _guia_data()
    content: Any = {
        "guia": guia,
        "lista": [guia],
        "documento": {"prestador": {"cnpj": "11222333000181"}, "guias": [guia]},
    }[shape]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    collected = collect([path], config=BuildConfig())
    assert [g.numero_guia_prestador for g in collected.guias] == [
        guia["cabecalho_consulta"]["numero_guia_prestador"]
    ]
    assert bool(collected.documents) is (shape == "documento")


def test_json_guias_outside_the_period_are_removed_whole() -> None:
    collected = collect(
        [OPME / "lote.yaml"], config=BuildConfig(), periodo=Periodo.parse("2025-02-01:2025-02-28")
    )
    assert collected.guias == []
    (removed,) = collected.removed
    assert removed.guia == "22567654"
    assert removed.motivo == "atendimento em 29/01/2025, fora do período 01/02/2025 a 28/02/2025"


def test_invalid_guia_in_a_document_is_reported_with_its_path(tmp_path: Path) -> None:
    guia = _guia_data()
    guia["dados_atendimento"]["tipo_consulta"] = "7"
    path = tmp_path / "in.json"
    path.write_text(json.dumps([guia]), encoding="utf-8")
    expected = r"in.json: guia\(s\) inválida\(s\):\n  guia nº 1 \(Consulta\) dados_atendimento"
    with pytest.raises(BillingError, match=expected + r"\.tipo_consulta: valor '7' inválido"):
        collect([path], config=BuildConfig())


def test_unrecognised_document(tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_text("nome: x\n", encoding="utf-8")
    with pytest.raises(BillingError, match="documento não reconhecido"):
        collect([path], config=BuildConfig())
