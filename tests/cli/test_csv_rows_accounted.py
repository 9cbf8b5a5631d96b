"""Every CSV row ends in a lote or in the list of rows left out (issue #11, item 14): a stray
quote that swallows the following lines, or a row missing a cell, is an error naming the line,
and nothing is written."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.conftest import IPAM, run
from tissbill.billing.csv_input import CsvInputError, read_csv
from tissbill.billing.workflow import Periodo
from tissbill.models import GuiaConsulta

CSV_NAME = "atendimentos_novembro.csv"


def _ipam_copy(tmp_path: Path, line: int, old: str, new: str) -> Path:
    """The IPAM example folder with ``old`` replaced by ``new`` on CSV line ``line``."""
    folder = tmp_path / "ipam"
    shutil.copytree(IPAM, folder)
    csv_path = folder / CSV_NAME
    lines = csv_path.read_bytes().split(b"\n")
    assert old.encode() in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old.encode(), new.encode(), 1)
    csv_path.write_bytes(b"\n".join(lines))
    return folder


def _build(folder: Path, out: Path) -> tuple[int, str, str]:
    result = run(
        "build",
        folder / CSV_NAME,
        "--config",
        folder / "config.yaml",
        "--periodo",
        "2023-11-01:2023-11-30",
        "-o",
        out,
    )
    return result.exit_code, result.stdout, result.stderr


def test_stray_quote_from_the_issue_is_an_error_naming_the_line(tmp_path: Path) -> None:
    folder = _ipam_copy(tmp_path, 10, ";93,00", ';"93,00')
    out = tmp_path / "lotes"
    code, stdout, stderr = _build(folder, out)
    assert code == 1, stdout
    assert "linha 10" in stderr
    assert "aspas" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()  # no lote with 7 guias instead of 31


def test_stray_quote_never_closed_on_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        'numero_guia_prestador;valor_procedimento\nG1;93,00\nG2;"93,00\n', encoding="utf-8"
    )
    with pytest.raises(CsvInputError, match=r"linha 3: aspas .* não é fechada"):
        read_csv(path, padroes={"tipo_guia": "consulta"})


def test_quote_closed_lines_later_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        'numero_guia_prestador;observacao\nG1;"retorno\nG2;x"\nG3;y\n', encoding="utf-8"
    )
    with pytest.raises(CsvInputError, match=r"linha 2: .*até a linha 3, juntando 2 linhas"):
        read_csv(path, padroes={"tipo_guia": "consulta"})


def test_ragged_row_is_an_error_not_filled_from_the_default(tmp_path: Path) -> None:
    # config.yaml gives valor_procedimento "93,00" as default: it must not fill a missing cell.
    folder = _ipam_copy(tmp_path, 5, ";93,00", "")
    out = tmp_path / "lotes"
    code, _, stderr = _build(folder, out)
    assert code == 1
    assert "linha 5" in stderr and "valor_procedimento" in stderr
    assert not out.exists()


# --- every row accounted for ----------------------------------------------------------------

PADROES = {
    "tipo_guia": "consulta",
    "registro_ans": "331988",
    "codigo_prestador_na_operadora": "00621",
    "cnes": "2223345",
    "conselho_profissional": "CRM",
    "numero_conselho_profissional": "23456",
    "uf": "RS",
    "cbos": "225125",
    "tipo_consulta": "1",
    "codigo_procedimento": "10101012",
    "numero_carteira": "002265901",
}
PERIODO = Periodo(dt.date(2023, 11, 1), dt.date(2023, 11, 30))
HEADER = "status;numero_guia_prestador;data_atendimento;valor_procedimento;observacao"

rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["conferido", "confirmado", "não conferido", "pendente", ""]),
        st.dates(min_value=dt.date(2023, 10, 1), max_value=dt.date(2023, 12, 31)),
        st.decimals(min_value=1, max_value=Decimal("9999.99"), places=2),
        st.sampled_from(["", "retorno", '"retorno; com separador"']),
    ),
    min_size=1,
    max_size=30,
)


def _csv_text(rows: list[tuple[str, dt.date, Decimal, str]]) -> str:
    lines = [HEADER]
    for index, (status, day, valor, observacao) in enumerate(rows):
        lines.append(
            f"{status};G{index};{day:%d/%m/%Y};{str(valor).replace('.', ',')};{observacao}"
        )
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(rows_strategy)
def test_every_row_is_billed_or_listed_as_left_out(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, dt.date, Decimal, str]]
) -> None:
    path = tmp_path_factory.mktemp("csv") / "in.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    batch = read_csv(path, padroes=PADROES, periodo=PERIODO)
    billed = {g.numero_guia_prestador: g for g in batch.guias}
    left_out = {r.guia: r for r in batch.removed}
    assert len(billed) + len(left_out) == len(rows)
    for index, (status, day, valor, _) in enumerate(rows):
        number = f"G{index}"
        if status in ("conferido", "confirmado") and day in PERIODO:
            guia = billed[number]
            assert isinstance(guia, GuiaConsulta)
            assert guia.dados_atendimento.procedimento.valor_procedimento == valor
        else:
            assert left_out[number].origem == f"in.csv:{index + 2}"


@settings(max_examples=60, deadline=None)
@given(rows_strategy, st.data())
def test_a_stray_quote_anywhere_never_loses_a_row(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, dt.date, Decimal, str]],
    data: st.DataObject,
) -> None:
    text = _csv_text(rows)
    position = data.draw(st.integers(min_value=len(HEADER) + 1, max_value=len(text) - 1))
    text = text[:position] + '"' + text[position:]
    path = tmp_path_factory.mktemp("csv") / "in.csv"
    path.write_text(text, encoding="utf-8")
    try:
        batch = read_csv(path, padroes=PADROES, periodo=PERIODO)
    except CsvInputError:
        return  # refused with a message: nothing is billed from the file
    assert len(batch.guias) + len(batch.removed) == len(rows)
