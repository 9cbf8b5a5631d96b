"""CSV input: Brazilian values, encodings, separators, status and period selection, grouping of
SP/SADT and resumo rows into guias, and errors located by line and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tissbill.billing.csv_input import (
    CsvInputError,
    decode,
    detect_separator,
    normalise_header,
    parse_decimal,
    parse_enum,
    read_csv,
)
from tissbill.billing.workflow import Periodo, parse_date
from tissbill.formatting import brl, number
from tissbill.models import (
    CodigoDespesa,
    ConselhoProfissional,
    GuiaConsulta,
    GuiaResumoInternacao,
    GuiaSPSADT,
    UnidadeMedida,
)

money = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)
quantities = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99999.9999"), places=4)


# --- values ---------------------------------------------------------------------------------


@given(money)
def test_money_round_trips_through_brazilian_and_iso_forms(value: Decimal) -> None:
    assert parse_decimal(number(value)) == value  # 1.800,00
    assert parse_decimal(brl(value)) == value  # R$ 1.800,00
    assert parse_decimal(f"{value:f}") == value  # 1800.00
    assert parse_decimal(f"{value:,.2f}") == value  # 1,800.00


@given(quantities)
def test_quantities_round_trip_with_four_places(value: Decimal) -> None:
    assert parse_decimal(number(value, 4), 4) == value
    assert parse_decimal(f"{value:.4f}", 4) == value


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_round_trip_in_both_formats(day: dt.date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        ("93,00", 2, "93.00"),
        ("1.800,00", 2, "1800.00"),
        ("R$ 1.800,00", 2, "1800.00"),
        ("R$\u00a07.200,00", 2, "7200.00"),
        ("1800.00", 2, "1800.00"),
        ("1,800.00", 2, "1800.00"),
        ("1.800", 2, "1800"),  # money: the Brazilian thousands reading
        ("1,800", 4, "1.800"),  # quantity: the Brazilian decimal comma
        ("0.333", 4, "0.333"),  # no thousands group starts with 0
        ("4", 4, "4"),
        ("-5,10", 2, "-5.10"),
    ],
)
def test_parse_decimal_accepts(text: str, places: int, expected: str) -> None:
    assert parse_decimal(text, places) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "places"),
    [("1.800", 4), ("1,800", 2), ("93,0,0", 2), ("abc", 2), ("", 2), ("1.80.0", 2)],
)
def test_parse_decimal_refuses_ambiguous_or_malformed(text: str, places: int) -> None:
    with pytest.raises(ValueError, match="número"):
        parse_decimal(text, places)


@pytest.mark.parametrize("text", ["31/02/2023", "2023-13-01", "1/1/23", "ontem"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="data"):
        parse_date(text)


def test_enums_by_code_or_by_name() -> None:
    assert parse_enum(ConselhoProfissional, "06") is ConselhoProfissional.CRM
    assert parse_enum(ConselhoProfissional, "crm") is ConselhoProfissional.CRM
    assert parse_enum(CodigoDespesa, "OPME") is CodigoDespesa.OPME
    assert parse_enum(UnidadeMedida, "Frasco-ampola") is UnidadeMedida.FRASCO_AMPOLA
    with pytest.raises(ValueError, match="não existe na tabela"):
        parse_enum(CodigoDespesa, "04")


def test_headers_are_normalised() -> None:
    assert normalise_header(" Número Guia Prestador ") == "numero_guia_prestador"
    assert normalise_header("numeroGuiaPrestador") == "numero_guia_prestador"
    assert normalise_header("registroANS") == "registro_ans"


@pytest.mark.parametrize(
    ("header", "separator"),
    [("a;b;c", ";"), ("a,b,c", ","), ("a\tb", "\t"), ('"a;b",c,d', ","), ("a", ",")],
)
def test_separator_detection(header: str, separator: str) -> None:
    assert detect_separator(header) == separator


def test_decoding_utf8_bom_utf8_and_latin1() -> None:
    text = "não conferido;CÂNULA"
    assert decode(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode(text.encode()) == text
    assert decode(text.encode("latin-1")) == text
    assert decode("aspas “curvas”".encode("cp1252")) == "aspas “curvas”"


# --- consultas ------------------------------------------------------------------------------

PADROES = {
    "registro_ans": "331988",
    "codigo_prestador_na_operadora": "00621",
    "cnes": "2223345",
    "conselho_profissional": "CRM",
    "numero_conselho_profissional": "23456",
    "uf": "RS",
    "cbos": "225125",
    "tipo_consulta": "1",
    "codigo_procedimento": "10101012",
}
HEADER = "status;numero_guia_prestador;numero_carteira;data_atendimento;valor_procedimento"


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_consultas_with_status_in_any_encoding(
    tmp_path: Path, encoding: str, separator: str
) -> None:
    rows = [
        HEADER.split(";"),
        ["Conferido", "G1", "001", "01/11/2023", "93,00"],
        ["não conferido", "G2", "002", "02/11/2023", "93,00"],
        ["CONFIRMADO", "G3", "003", "2023-11-03", "R$ 93,00"],
        ["", "G4", "004", "04/11/2023", "1.093,00"],
        ["pendente", "G5", "005", "ontem", "93,00"],  # not billed: its date is not checked
    ]
    # Spreadsheets quote the cells that contain the separator.
    text = "\r\n".join(
        separator.join(f'"{cell}"' if separator in cell else cell for cell in row) for row in rows
    )
    batch = read_csv(_write(tmp_path, text, encoding), padroes=PADROES)
    assert [g.numero_guia_prestador for g in batch.guias] == ["G1", "G3"]
    assert all(isinstance(g, GuiaConsulta) for g in batch.guias)
    assert [g.valor_total_geral for g in batch.guias] == [Decimal("93.00")] * 2
    assert [(r.guia, r.motivo, r.valor) for r in batch.removed] == [
        ("G2", "status 'não conferido'", Decimal("93.00")),
        ("G4", "status vazio (não conferido)", Decimal("1093.00")),
        ("G5", "status 'pendente'", Decimal("93.00")),
    ]
    assert batch.removed[-1].data is None
    assert batch.removed[0].origem == "in.csv:3"


def test_unnamed_empty_columns_are_fine(tmp_path: Path) -> None:
    text = HEADER + ";;\nconferido;G1;001;01/11/2023;93,00;;\n"
    assert len(read_csv(_write(tmp_path, text), padroes=PADROES).guias) == 1


def test_without_status_column_every_row_is_billed(tmp_path: Path) -> None:
    text = "numero_guia_prestador;numero_carteira;data_atendimento;valor_procedimento\n"
    text += "G1;001;01/11/2023;93,00\nG2;002;02/11/2023;93,00\n"
    batch = read_csv(_write(tmp_path, text), padroes=PADROES)
    assert len(batch.guias) == 2
    assert not batch.removed


def test_period_selects_rows_and_lists_the_others(tmp_path: Path) -> None:
    text = "\n".join(
        [
            HEADER,
            "conferido;G1;31/10/2023;31/10/2023;93,00",
            "conferido;G2;002;01/11/2023;93,00",
            "conferido;G3;003;30/11/2023;93,00",
            "conferido;G4;004;01/12/2023;93,00",
        ]
    )
    periodo = Periodo.parse("2023-11-01:2023-11-30")
    batch = read_csv(_write(tmp_path, text), padroes=PADROES, periodo=periodo)
    assert [g.numero_guia_prestador for g in batch.guias] == ["G2", "G3"]
    assert [(r.guia, r.data, r.motivo) for r in batch.removed] == [
        ("G1", dt.date(2023, 10, 31), "fora do período 01/11/2023 a 30/11/2023"),
        ("G4", dt.date(2023, 12, 1), "fora do período 01/11/2023 a 30/11/2023"),
    ]


def test_defaults_fill_absent_and_empty_cells_but_cells_win(tmp_path: Path) -> None:
    text = "numero_guia_prestador;numero_carteira;data_atendimento;valor_procedimento;uf\n"
    text += "G1;001;01/11/2023;93,00;\nG2;002;01/11/2023;120,00;SP\n"
    batch = read_csv(_write(tmp_path, text), padroes=PADROES)
    first, second = batch.guias
    assert isinstance(first, GuiaConsulta) and isinstance(second, GuiaConsulta)
    assert first.profissional_executante.uf.value == "43"
    assert second.profissional_executante.uf.value == "35"
    assert second.dados_atendimento.procedimento.valor_procedimento == Decimal("120.00")


# --- SP/SADT and resumo ---------------------------------------------------------------------

SADT_PADROES = {
    "tipo_guia": "sp_sadt",
    "registro_ans": "331988",
    "numero_carteira": "0150148203",
    "data_autorizacao": "10/03/2025",
    "solicitante_cnpj_contratado": "12345678000195",
    "nome_contratado_solicitante": "Hospital São Lucas",
    "solicitante_conselho_profissional": "CRM",
    "solicitante_numero_conselho_profissional": "98765",
    "solicitante_uf": "SP",
    "solicitante_cbos": "225125",
    "carater_atendimento": "eletivo",
    "cnpj_contratado": "12345678000195",
    "cnes": "2077485",
    "tipo_atendimento": "exame",
}
SADT_HEADER = (
    "status;numero_guia_prestador;data_execucao;codigo_tabela;codigo_procedimento;"
    "descricao_procedimento;quantidade_executada;reducao_acrescimo;valor_unitario;"
    "codigo_despesa;unidade_medida"
)


def test_sadt_rows_grouped_into_guias_with_procedures_and_despesas(tmp_path: Path) -> None:
    text = "\n".join(
        [
            SADT_HEADER,
            "conferido;S1;10/03/2025;22;40304361;Hemograma;1;;18,50;;",
            "conferido;S2;11/03/2025;22;40304361;Hemograma;1;;18,50;;",
            "conferido;S1;10/03/2025;22;40302040;Ferritina;2;0,90;31,45;;",
            "conferido;S1;10/03/2025;19;70012345;Seringa 5 ml;2;;4,35;materiais;unidade",
            "não conferido;S1;10/03/2025;20;90123456;Soro;0,3333;;27,90;02;023",
        ]
    )
    batch = read_csv(_write(tmp_path, text), padroes=SADT_PADROES)
    s1, s2 = batch.guias
    assert isinstance(s1, GuiaSPSADT) and isinstance(s2, GuiaSPSADT)
    assert s1.numero_guia_prestador == "S1"
    assert [p.procedimento.codigo_procedimento for p in s1.procedimentos_executados] == [
        "40304361",
        "40302040",
    ]
    assert [d.codigo_despesa for d in s1.outras_despesas] == [CodigoDespesa.MATERIAIS]
    # 18,50 + 2 × 31,45 × 0,90 + 2 × 4,35
    assert s1.valor_total_geral == Decimal("83.81")
    assert len(s2.procedimentos_executados) == 1
    assert [r.descricao for r in batch.removed] == ["90123456 Soro"]
    assert batch.removed[0].valor == Decimal("9.30")


def test_resumo_opme_row_like_the_pasa_manual(tmp_path: Path) -> None:
    header = (
        "numero_guia_prestador;numero_guia_solicitacao_internacao;data_autorizacao;senha;"
        "numero_carteira;cnpj_contratado;cnes;carater_atendimento;tipo_faturamento;"
        "data_inicio_faturamento;hora_inicio_faturamento;data_final_faturamento;"
        "hora_final_faturamento;tipo_internacao;regime_internacao;motivo_encerramento;"
        "diagnostico;codigo_despesa;data_execucao;codigo_tabela;codigo_procedimento;"
        "quantidade_executada;unidade_medida;valor_unitario;descricao_procedimento;"
        "registro_anvisa;codigo_ref_fabricante"
    )
    row = (
        "22567654;19083103;07/10/2024;229081436;0150148203;12345678000195;3340903;eletivo;"
        "total;08/10/2024;00:00;29/01/2025;16:44:22;cirúrgica;hospitalar;alta curado;"
        "M545 | G960;OPME;29/01/2025;19;74760220;4;unidade;1.800,00;CÂNULA BLOQUEIO;"
        "81021300020;NÃO SE APLICA"
    )
    batch = read_csv(
        _write(tmp_path, f"{header}\n{row}\n", "latin-1"), padroes={"registro_ans": "331988"}
    )
    (guia,) = batch.guias
    assert isinstance(guia, GuiaResumoInternacao)
    assert guia.dados_saida_internacao.diagnostico == ["M545", "G960"]
    assert guia.dados_internacao.hora_final_faturamento == dt.time(16, 44, 22)
    completed = guia.completed()
    assert completed.valor_total is not None
    assert completed.valor_total.valor_opme == Decimal("7200.00")
    assert guia.outras_despesas[0].servicos_executados.descricao_procedimento == ("CÂNULA BLOQUEIO")


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [HEADER, "conferido;G1;001;01/11/2023;93,0x"],
            r"in\.csv, linha 2, coluna valor_procedimento: número inválido",
        ),
        (
            [HEADER, "talvez;G1;001;01/11/2023;93,00"],
            r"linha 2, coluna status: status 'talvez' desconhecido",
        ),
        (
            [HEADER + ";numero_guia", "conferido;G1;001;01/11/2023;93,00;1"],
            r"linha 1: coluna\(s\) desconhecida\(s\): numero_guia \(quis dizer "
            r"numero_guia_prestador\?\)",
        ),
        (
            [HEADER + ";numero_carteira", "conferido;G1;001;01/11/2023;93,00;1"],
            r"coluna\(s\) repetida\(s\): numero_carteira",
        ),
        (
            [HEADER + ";unidade_medida", "conferido;G1;001;01/11/2023;93,00;036"],
            r"linha 2, coluna unidade_medida: esta coluna não se aplica a guia consulta",
        ),
        (
            [HEADER, "conferido;G1;001;31/11/2023;93,00"],
            r"linha 2, coluna data_atendimento: data inexistente",
        ),
        (
            [HEADER, "conferido;G1;;01/11/2023;93,00"],
            r"linha 2, coluna numero_carteira: campo obrigatório não informado",
        ),
        ([HEADER, "conferido;G1;001;01/11/2023;93,00;x"], r"linha 2: linha com mais colunas"),
        (
            [HEADER + ";", "conferido;G1;001;01/11/2023;93,00;x"],
            r"linha 2: valor 'x' na coluna 6, sem nome",
        ),
        ([HEADER.replace("status;", "tipo_guia;"), "honorarios;G1;1;01/11/2023;1"], "JSON"),
    ],
)
def test_errors_name_file_line_and_column(tmp_path: Path, rows: list[str], message: str) -> None:
    with pytest.raises(CsvInputError, match=message):
        read_csv(_write(tmp_path, "\n".join(rows)), padroes=PADROES)


def test_guia_fields_must_agree_across_the_rows_of_a_guia(tmp_path: Path) -> None:
    text = "\n".join(
        [
            SADT_HEADER + ";numero_carteira",
            "conferido;S1;10/03/2025;22;40304361;Hemograma;1;;18,50;;;111",
            "conferido;S1;10/03/2025;22;40302040;Ferritina;1;;31,45;;;222",
        ]
    )
    with pytest.raises(CsvInputError, match=r"linha 3, coluna numero_carteira: valor '222' difere"):
        read_csv(_write(tmp_path, text), padroes=SADT_PADROES)


def test_despesa_columns_on_a_procedure_row_are_refused(tmp_path: Path) -> None:
    text = SADT_HEADER + "\nconferido;S1;10/03/2025;22;40304361;Hemograma;1;;18,50;;036\n"
    with pytest.raises(CsvInputError, match="só se aplica a despesas"):
        read_csv(_write(tmp_path, text), padroes=SADT_PADROES)


def test_errors_in_an_item_point_at_its_line(tmp_path: Path) -> None:
    text = "\n".join(
        [
            SADT_HEADER,
            "conferido;S1;10/03/2025;22;40304361;Hemograma;1;;18,50;;",
            "conferido;S1;10/03/2025;19;70012345;Seringa;2;;4,35;materiais;",
        ]
    )
    with pytest.raises(CsvInputError, match=r"linha 3, coluna unidade_medida: campo obrigatório"):
        read_csv(_write(tmp_path, text), padroes=SADT_PADROES)


def test_unknown_default_column_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CsvInputError, match="'padroes' com coluna"):
        read_csv(_write(tmp_path, HEADER + "\n"), padroes={"carteira": "1"})


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(CsvInputError, match="arquivo vazio"):
        read_csv(_write(tmp_path, "\n\n"))
