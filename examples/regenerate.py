"""Regenerate the bundled examples: generated inputs and the XML every input produces.

    python examples/regenerate.py

Inputs of the hand-written scenarios (``*/lote.yaml``) are kept; the larger ones (31 IPAM
consultas, 250 mixed guias, SP/SADT, honorários) are generated here deterministically. Every
input is then built with tissbill and its lotes written to ``<example>/expected/``; the test
suite rebuilds them and compares byte for byte (golden files).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from tissbill.billing.builder import LoteRequest, build_lotes
from tissbill.billing.inputs import load_data

HERE = Path(__file__).resolve().parent
OPERADORA = "331988"
CLINICA_CNPJ = "11222333000181"
HOSPITAL_CNPJ = "12345678000195"


def _consulta(numero: str, carteira: str, dia: dt.date, valor: str = "93.00") -> dict[str, Any]:
    return {
        "tipo_guia": "consulta",
        "cabecalho_consulta": {"registro_ans": OPERADORA, "numero_guia_prestador": numero},
        "dados_beneficiario": {"numero_carteira": carteira, "atendimento_rn": "N"},
        "contratado_executante": {"codigo_prestador_na_operadora": "00621", "cnes": "2223345"},
        "profissional_executante": {
            "nome_profissional": "Ana Souza Lima",
            "conselho_profissional": "06",
            "numero_conselho_profissional": "23456",
            "uf": "43",
            "cbos": "225125",
        },
        "indicacao_acidente": "9",
        "dados_atendimento": {
            "regime_atendimento": "01",
            "data_atendimento": dia.isoformat(),
            "tipo_consulta": "1",
            "procedimento": {
                "codigo_tabela": "22",
                "codigo_procedimento": "10101012",
                "valor_procedimento": valor,
            },
        },
    }


def _equipe_sadt() -> dict[str, Any]:
    return {
        "grau_part": "12",
        "cod_profissional": {"cpf_contratado": "52998224725"},
        "nome_prof": "Carlos Pereira",
        "conselho": "06",
        "numero_conselho_profissional": "54321",
        "uf": "35",
        "cbos": "225320",
    }


def _despesa(
    dia: dt.date, codigo: str, tabela: str, item: str, qtd: str, un: str, valor: str, desc: str
) -> dict[str, Any]:
    """One outras despesas item executed on ``dia``."""
    return {
        "codigo_despesa": codigo,
        "servicos_executados": {
            "data_execucao": dia.isoformat(),
            "codigo_tabela": tabela,
            "codigo_procedimento": item,
            "quantidade_executada": qtd,
            "unidade_medida": un,
            "valor_unitario": valor,
            "descricao_procedimento": desc,
        },
    }


def _sadt(numero: str, carteira: str, dia: dt.date) -> dict[str, Any]:
    return {
        "tipo_guia": "sp_sadt",
        "cabecalho_guia": {"registro_ans": OPERADORA, "numero_guia_prestador": numero},
        "dados_autorizacao": {
            "numero_guia_operadora": "8" + numero[-8:],
            "data_autorizacao": dia.isoformat(),
            "senha": "S" + numero[-8:],
            "data_validade_senha": (dia + dt.timedelta(days=30)).isoformat(),
        },
        "dados_beneficiario": {"numero_carteira": carteira, "atendimento_rn": "N"},
        "dados_solicitante": {
            "contratado_solicitante": {"cnpj_contratado": HOSPITAL_CNPJ},
            "nome_contratado_solicitante": "Hospital São Lucas",
            "profissional_solicitante": {
                "nome_profissional": "Beatriz Ramos",
                "conselho_profissional": "06",
                "numero_conselho_profissional": "98765",
                "uf": "35",
                "cbos": "225125",
            },
        },
        "dados_solicitacao": {
            "data_solicitacao": dia.isoformat(),
            "carater_atendimento": "1",
            "indicacao_clinica": "Investigação de anemia",
        },
        "dados_executante": {
            "contratado_executante": {"cnpj_contratado": HOSPITAL_CNPJ},
            "cnes": "2077485",
        },
        "dados_atendimento": {
            "tipo_atendimento": "23",
            "indicacao_acidente": "9",
            "regime_atendimento": "01",
        },
        "procedimentos_executados": [
            {
                "data_execucao": dia.isoformat(),
                "hora_inicial": "08:10:00",
                "hora_final": "08:25:00",
                "procedimento": {
                    "codigo_tabela": "22",
                    "codigo_procedimento": "40304361",
                    "descricao_procedimento": "Hemograma com contagem de plaquetas",
                },
                "quantidade_executada": 1,
                "valor_unitario": "18.50",
                "equipe_sadt": [_equipe_sadt()],
            },
            {
                "data_execucao": dia.isoformat(),
                "procedimento": {
                    "codigo_tabela": "22",
                    "codigo_procedimento": "40302040",
                    "descricao_procedimento": "Ferritina - pesquisa e/ou dosagem",
                },
                "quantidade_executada": 2,
                "reducao_acrescimo": "0.90",
                "valor_unitario": "31.45",
            },
        ],
        "outras_despesas": [
            _despesa(dia, "03", "19", "70012345", "2", "036", "4.35", "Seringa descartável 5 ml"),
            _despesa(dia, "03", "19", "70054321", "1.5", "042", "12.10", "Esparadrapo impermeável"),
            _despesa(
                dia, "02", "20", "90123456", "0.3333", "023", "27.90", "Soro fisiológico 0,9%"
            ),
        ],
    }


def _honorarios(numero: str, carteira: str, dia: dt.date) -> dict[str, Any]:
    return {
        "tipo_guia": "honorarios",
        "cabecalho_guia": {"registro_ans": OPERADORA, "numero_guia_prestador": numero},
        "guia_solic_internacao": "INT" + numero[-7:],
        "senha": "229081436",
        "beneficiario": {"numero_carteira": carteira, "atendimento_rn": "N"},
        "local_contratado": {
            "codigo_contratado": {"cnpj_local_executante": HOSPITAL_CNPJ},
            "nome_contratado": "Hospital São Lucas",
            "cnes": "2077485",
        },
        "dados_contratado_executante": {
            "codigona_operadora": "77120",
            "cnes_contratado_executante": "2077485",
        },
        "dados_internacao": {
            "data_inicio_faturamento": (dia - dt.timedelta(days=2)).isoformat(),
            "data_fim_faturamento": dia.isoformat(),
            "carater_atendimento": "2",
        },
        "procedimentos_realizados": [
            {
                "data_execucao": (dia - dt.timedelta(days=1)).isoformat(),
                "hora_inicial": "14:00:00",
                "hora_final": "15:30:00",
                "procedimento": {
                    "codigo_tabela": "22",
                    "codigo_procedimento": "31009336",
                    "descricao_procedimento": "Apendicectomia",
                },
                "quantidade_executada": 1,
                "via_acesso": "1",
                "tecnica_utilizada": "2",
                "valor_unitario": "1450.00",
                "profissionais": [
                    {
                        "grau_participacao": "00",
                        "cod_profissional": {"cpf_contratado": "11144477735"},
                        "nome_profissional": "Rafael Antunes",
                        "conselho_profissional": "06",
                        "numero_conselho_profissional": "112233",
                        "uf": "35",
                        "cbo": "225225",
                    }
                ],
            },
            {
                "data_execucao": (dia - dt.timedelta(days=1)).isoformat(),
                "hora_inicial": "14:00:00",
                "hora_final": "15:30:00",
                "procedimento": {
                    "codigo_tabela": "22",
                    "codigo_procedimento": "31009336",
                    "descricao_procedimento": "Apendicectomia - primeiro auxiliar",
                },
                "quantidade_executada": 1,
                "via_acesso": "1",
                "tecnica_utilizada": "2",
                "reducao_acrescimo": "0.30",
                "valor_unitario": "1450.00",
                "profissionais": [
                    {
                        "grau_participacao": "01",
                        "cod_profissional": {"codigo_prestador_na_operadora": "77121"},
                        "nome_profissional": "Júlia Matos",
                        "conselho_profissional": "06",
                        "numero_conselho_profissional": "445566",
                        "uf": "35",
                        "cbo": "225225",
                    }
                ],
            },
        ],
        "data_emissao_guia": dia.isoformat(),
    }


def _document(guias: list[dict[str, Any]], **settings: Any) -> dict[str, Any]:
    return {
        "versao": "4.03.00",
        "prestador": {"cnpj": CLINICA_CNPJ},
        "registro_ans": OPERADORA,
        **settings,
        "guias": guias,
    }


def generated_inputs() -> dict[str, dict[str, Any]]:
    """The generated examples: folder name → input document."""
    novembro = [dt.date(2023, 11, 1) + dt.timedelta(days=i) for i in range(30)]
    ipam = [
        _consulta(f"006212101123760{i:05d}", f"0022659{i:02d}", novembro[i % 30])
        for i in range(1, 32)
    ]
    sadt = [_sadt("SADT0001", "0150148203", dt.date(2025, 3, 10))]
    honorarios = [_honorarios("HON0001", "0150148203", dt.date(2025, 3, 12))]
    mixed: list[dict[str, Any]] = []
    for i in range(250):
        dia = dt.date(2025, 4, 1) + dt.timedelta(days=i % 28)
        kind = i % 5
        if kind in (0, 1, 2):
            mixed.append(_consulta(f"C{i:06d}", f"77{i:08d}", dia))
        elif kind == 3:
            mixed.append(_sadt(f"S{i:06d}", f"77{i:08d}", dia))
        else:
            mixed.append(_honorarios(f"H{i:06d}", f"77{i:08d}", dia))
    return {
        "ipam_consultas": _document(
            ipam, numero_lote_inicial=58114, data_registro="2023-12-19T09:30:00"
        ),
        "sadt_exames": _document(
            sadt, numero_lote_inicial=300, data_registro="2025-03-31T18:00:00"
        ),
        "honorarios": _document(
            honorarios, numero_lote_inicial=410, data_registro="2025-03-31T18:05:00"
        ),
        "mistura_250_guias": _document(
            mixed, numero_lote_inicial=1000, data_registro="2025-05-02T08:00:00"
        ),
    }


def input_files() -> list[Path]:
    """Every example input: ``examples/<name>/lote.(yaml|json)``."""
    return sorted(p for p in HERE.glob("*/lote.*") if p.suffix in (".yaml", ".json"))


def build_expected(source: Path) -> dict[str, bytes]:
    """File name → XML bytes of the lotes built from ``source``."""
    request = LoteRequest.model_validate(load_data(source))
    return {lote.filename: lote.xml for lote in build_lotes(request.guias, request.settings)}


def main() -> None:
    for name, document in generated_inputs().items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        text = json.dumps(document, ensure_ascii=False, indent=1, default=str)
        (folder / "lote.json").write_text(text + "\n", encoding="utf-8")
    for source in input_files():
        expected = source.parent / "expected"
        shutil.rmtree(expected, ignore_errors=True)
        expected.mkdir()
        for filename, xml in build_expected(source).items():
            (expected / filename).write_bytes(xml)
        print(f"{source.parent.name}: {len(list(expected.iterdir()))} lote(s)")


if __name__ == "__main__":
    main()
