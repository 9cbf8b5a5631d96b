"""``tissbill build -o DIR`` never replaces a lote silently and writes the lotes of a run all
or none (issue #11, item 23)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.cli.conftest import EXAMPLES, run

MISTURA = EXAMPLES / "mistura_250_guias" / "lote.json"
EXPECTED = sorted(p.name for p in (MISTURA.parent / "expected").iterdir())


def test_existing_lote_is_refused_without_force_and_nothing_is_written(tmp_path: Path) -> None:
    sent = tmp_path / EXPECTED[1]
    sent.write_bytes(b"lote enviado antes")

    result = run("build", MISTURA, "-o", tmp_path, "--quiet")

    assert result.exit_code == 1
    assert f"Erro: já existe(m) em {tmp_path}: {EXPECTED[1]}; nenhum lote foi gravado" in (
        result.stderr
    )
    assert "--force" in result.stderr
    assert sent.read_bytes() == b"lote enviado antes"
    assert [p.name for p in tmp_path.iterdir()] == [EXPECTED[1]]


def test_force_replaces_existing_lotes(tmp_path: Path) -> None:
    (tmp_path / EXPECTED[0]).write_bytes(b"antigo")
    result = run("build", MISTURA, "-o", tmp_path, "--quiet", "--force")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == EXPECTED
    for name in EXPECTED:
        assert (tmp_path / name).read_bytes() == (MISTURA.parent / "expected" / name).read_bytes()


def test_a_failure_on_the_second_lote_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace
    calls: list[str] = []

    def disk_full_on_the_second_lote(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)
        real(source, target)

    monkeypatch.setattr(os, "replace", disk_full_on_the_second_lote)
    out = tmp_path / "lotes"

    result = run("build", MISTURA, "-o", out, "--quiet")

    assert result.exit_code == 1
    assert f"{Path(calls[1]).name}: disco cheio" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []  # neither the first lote nor the temporary folder
