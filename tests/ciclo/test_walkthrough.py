"""docs/ciclo.md runs as written: every ``sh`` block's commands, in order, in a scratch folder
beside the repository's examples, each exiting 0; every line of the ``text`` block after a
``sh`` block appears in what that block printed; and the files the walk-through produces are
the example's (the recursos up to their date and time, the reconciliation byte for byte)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, schemas_dir
from tissbill.cli import cli
from tissbill.models.retornos import MensagemPrestador
from tissbill.xml.reader import read_message

PAGE = REPO / "docs" / "ciclo.md"
CICLO = REPO / "examples" / "ciclo"
_BLOCK = re.compile(r"^```(sh|text)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def steps() -> list[tuple[list[list[str]], list[str]]]:
    """Each ``sh`` block's commands (continuation lines joined) with the output lines shown
    after it."""
    found: list[tuple[list[list[str]], list[str]]] = []
    for language, body in _BLOCK.findall(PAGE.read_text(encoding="utf-8")):
        if language == "sh":
            commands = [shlex.split(line) for line in body.replace("\\\n", " ").splitlines()]
            found.append(([c for c in commands if c], []))
        else:
            assert found, "a text block before any command"
            found[-1][1].extend(line.strip() for line in body.splitlines() if line.strip())
    return found


def _flat(text: str) -> str:
    # Tables and long lines may wrap at the console's width: compare words, not layout.
    return " ".join(text.split())


def _without_date(message: MensagemPrestador) -> object:
    dumped = message.model_dump(exclude={"epilogo"})
    dumped["cabecalho"]["identificacao_transacao"].pop("data_registro_transacao")
    dumped["cabecalho"]["identificacao_transacao"].pop("hora_registro_transacao")
    recurso = dumped["prestador_para_operadora"]["recurso_glosa"]["guia_recurso_glosa"]
    recurso.pop("data_recurso")
    return dumped


def test_every_command_of_the_walk_through_runs_and_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TISSBILL_SCHEMAS", str(schemas_dir()))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(REPO / "examples")
    found = steps()
    assert len(found) >= 7
    for commands, shown in found:
        printed = ""
        for command in commands:
            assert command[0] == "tissbill", command
            result = CliRunner().invoke(cli, command[1:])
            assert result.exit_code == 0, (command, result.output)
            printed += result.output
        for line in shown:
            assert _flat(line) in _flat(printed), (line, printed)

    for number in (1, 2):
        recurso = (tmp_path / "recursos" / f"recurso-{number}.xml").read_bytes()
        example = CICLO / f"05_recurso-{number}.xml"
        assert _without_date(_prestador(recurso)) == _without_date(_prestador(example))
    conciliacao = (tmp_path / "conciliacao.json").read_bytes()
    assert conciliacao == (CICLO / "07_conciliacao.json").read_bytes()


def _prestador(source: bytes | Path) -> MensagemPrestador:
    message = read_message(source)
    assert isinstance(message, MensagemPrestador)
    return message
