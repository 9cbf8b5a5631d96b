"""Every text the CLI prints is Portuguese: click's own (usage, help, errors) and pydantic's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.conftest import IPAM, run

# Words of click's and pydantic's English texts; option names (--help) are not text.
ENGLISH = re.compile(
    r"\b(Usage|Options|Commands|Missing|Invalid|required|Error|Try|help|No such|Show|"
    r"default|does not exist|is not one of|Field required|Input should|TEXT|INTEGER|FILE|"
    r"PATH|DIRECTORY|ARGS|COMMAND)\b"
)
XML = next(IPAM.glob("expected/*.xml"))


def _guia_fields() -> list[str]:
    from tissbill.models import GuiaSPSADT

    return sorted(GuiaSPSADT.model_fields)


_GUIA_FIELDS = _guia_fields()


def _english(text: str) -> list[str]:
    return ENGLISH.findall(re.sub(r"--?[a-z][\w-]*", "", text))


def _command_paths() -> list[list[str]]:
    from tissbill.cli import cli

    paths: list[list[str]] = []

    def walk(command: click.Command, path: list[str]) -> None:
        paths.append(path)
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, [*path, name])

    walk(cli, [])
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "tissbill")
def test_help_of_every_command_is_portuguese(path: list[str]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Uso: ")
    assert "Opções:" in result.stdout
    assert _english(result.stdout) == []


@pytest.mark.parametrize(
    "args",
    [
        ["nao-existe"],
        ["validat"],
        ["validate"],
        ["validate", "--format", "xml", "a.xml"],
        ["validate", "--jobs", "-1", "a.xml"],
        ["validate", "--jobs"],
        ["validate", "--opcao-que-nao-existe"],
        ["build"],
        ["build", "nao-existe.csv", "-o", "out"],
        ["build", str(IPAM / "lote.json")],
        ["build", str(IPAM / "lote.json"), "-o", "out", "--max-guias", "500"],
        ["build", str(IPAM / "lote.json"), "-o", "out", "--versao-tiss", "9"],
        ["build", str(IPAM / "lote.json"), "-o", "out", "--numero-lote-inicial", "x"],
        ["hash", "nao-existe.xml"],
        ["info"],
        ["info", str(XML), "a", "--format", "yaml"],
        ["report", str(XML)],
        ["rules", "--format"],
        ["lotes", "--estado", "perdido"],
        ["lotes", "importar", "nao-existe"],
        ["schemas", "nao-existe"],
        ["schemas", "list", "a", "b"],
    ],
)
def test_click_errors_are_portuguese(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.strip()
    assert _english(result.stdout + result.stderr) == []


def test_version_is_portuguese() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert "versão" in result.stdout


def test_build_input_errors_are_portuguese(tmp_path: Path) -> None:
    document = json.loads((IPAM / "lote.json").read_text(encoding="utf-8"))
    guia = document["guias"][0]
    del guia["dados_beneficiario"]["numero_carteira"]
    guia["dados_atendimento"]["data_atendimento"] = "2023-02-30"
    guia["dados_atendimento"]["tipo_consulta"] = []
    source = tmp_path / "guias.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = run("build", source, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "numero_carteira: campo obrigatório não informado" in result.stderr
    assert "data_atendimento: data inválida" in result.stderr
    assert "tipo_consulta:" in result.stderr
    assert _english(result.stderr) == []


@pytest.mark.parametrize("command", ["info", "report"])
def test_lote_file_model_errors_are_portuguese(tmp_path: Path, command: str) -> None:
    xml = XML.read_text(encoding="iso-8859-1")
    bad = tmp_path / "lote.xml"
    bad.write_text(xml.replace("2023-11-02<", "2023-13-02<", 1), encoding="iso-8859-1")
    result = (
        run(command, bad, "-o", tmp_path / "r.html") if command == "report" else run(command, bad)
    )
    assert result.exit_code == 1
    assert "data_atendimento: data inválida (use AAAA-MM-DD)" in result.stderr
    assert _english(result.stderr) == []


def test_every_pydantic_error_has_a_portuguese_text() -> None:
    from tissbill.models.messages import error_text

    unknown = error_text({"type": "url_parsing", "msg": "Input should be a valid URL", "input": 1})
    assert "Input should" not in unknown
    assert "1" in unknown  # the value the user gave is shown
    own = {"type": "value_error", "msg": "Value error, no máximo 2 casas decimais"}
    assert error_text(own) == "no máximo 2 casas decimais"


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(_GUIA_FIELDS), _VALUES, max_size=6))
def test_any_invalid_guia_is_explained_in_portuguese(data: dict[str, object]) -> None:
    from pydantic import ValidationError

    from tissbill.models import GuiaSPSADT
    from tissbill.models.messages import error_text

    try:
        GuiaSPSADT.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            text = error_text(error)
            assert text
            assert not re.search(r"Input should|Field required|Value error", text)
