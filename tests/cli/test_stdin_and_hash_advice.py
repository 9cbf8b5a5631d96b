"""``validate -`` and ``hash [--check] -`` read standard input; ``hash`` refuses XML that is not
TISS and, for a file without epílogo, gives advice that works."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.conftest import IPAM, OPME, run
from tissbill.xml import epilogo
from tissbill.xml.parser import parse

XML = next(IPAM.glob("expected/*.xml"))
OPME_XML = next(OPME.glob("expected/*.xml"))
NOT_TISS = b'<?xml version="1.0"?><nota><valor>10</valor></nota>'


def _without_epilogo(data: bytes) -> bytes:
    stripped = re.sub(rb"<ans:epilogo>.*?</ans:epilogo>", b"", data, flags=re.S)
    assert stripped != data
    return stripped


def test_validate_reads_one_document_from_stdin() -> None:
    result = run("validate", "-", stdin=XML.read_bytes())
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == "(entrada padrão): VÁLIDO (TISS 4.03.00 · 31 guias de Consulta)\n"


def test_validate_stdin_with_files_and_errors() -> None:
    result = run("validate", "--format", "json", "-", XML, stdin=NOT_TISS)
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == ["(entrada padrão)", str(XML)]
    assert files[0]["findings"][0]["code"] == "XML-NOT-TISS"


def test_validate_stdin_is_read_with_the_size_limit() -> None:
    result = run("validate", "--max-size", "1K", "-", stdin=XML.read_bytes())
    assert result.exit_code == 1
    assert "XML-TOO-LARGE" in result.stdout


def test_hash_check_reads_stdin() -> None:
    data = OPME_XML.read_bytes()
    assert run("hash", "--check", "-", stdin=data).stdout == "OK  -\n"
    printed = run("hash", "-", stdin=data)
    assert printed.stdout == f"{epilogo.compute(parse(data).root)}  -\n"
    wrong = re.sub(rb"<ans:hash>[^<]*</ans:hash>", b"<ans:hash>" + b"0" * 32 + b"</ans:hash>", data)
    mismatch = run("hash", "--check", "-", stdin=wrong)
    assert mismatch.exit_code == 1
    assert "tissbill hash --write ARQUIVO" in mismatch.stdout
    refused = run("hash", "--write", "-", stdin=data)
    assert refused.exit_code == 2
    assert "entrada padrão" in refused.stderr


def test_hash_of_a_file_that_is_not_tiss_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "nota.xml"
    path.write_bytes(NOT_TISS)
    for args in (["hash", path], ["hash", "--check", path], ["hash", "-"]):
        result = run(*args, stdin=NOT_TISS)
        assert result.exit_code == 1
        assert result.stdout == ""  # no MD5 of something that is not a mensagem TISS
        assert "não é uma mensagem TISS" in result.stderr
        assert "'nota'" in result.stderr


def test_check_without_epilogo_gives_advice_that_works(tmp_path: Path) -> None:
    path = tmp_path / "lote.xml"
    path.write_bytes(_without_epilogo(OPME_XML.read_bytes()))
    check = run("hash", "--check", path)
    assert check.exit_code == 1
    assert "não tem o epílogo" in check.stdout
    assert "--write" not in check.stdout  # --write cannot add an epílogo
    assert "Gere o arquivo de novo" in check.stdout
    assert run("hash", "--write", path).exit_code == 1  # what the old advice led to
