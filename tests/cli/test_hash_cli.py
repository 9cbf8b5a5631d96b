"""``tissbill hash``: print, --check (with the UTF-8 variant) and --write, which must change
nothing but the text of the epílogo hash element."""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

import pytest
from lxml import etree

from tests.cli.conftest import EXPECTED_XML, OPME, run
from tissbill.xml import epilogo
from tissbill.xml.parser import parse

_HASH_TEXT = re.compile(rb"(<(?:[\w.-]+:)?hash>)([^<]*)(</(?:[\w.-]+:)?hash>)")
OPME_XML = next(OPME.glob("expected/*.xml"))


def _last_hash(data: bytes) -> re.Match[bytes]:
    """The epílogo's hash element: the last one (a comment before it may imitate it)."""
    matches = list(_HASH_TEXT.finditer(data))
    assert matches
    return matches[-1]


def _with_hash(data: bytes, value: bytes) -> bytes:
    """``data`` with the text of the epílogo hash element replaced."""
    match = _last_hash(data)
    return data[: match.start(2)] + value + data[match.end(2) :]


def _declared(data: bytes) -> str:
    return _last_hash(data).group(2).decode("ascii")


def _assert_write_restores(path: Path, original: bytes) -> None:
    result = run("hash", "--write", path)
    assert result.exit_code == 0, result.stderr
    assert "corrigido" in result.stdout
    assert path.read_bytes() == original


@pytest.mark.parametrize("source", EXPECTED_XML, ids=lambda p: p.name)
def test_write_changes_only_the_hash_text_of_every_example(source: Path, tmp_path: Path) -> None:
    original = source.read_bytes()
    corrupted = _with_hash(original, b"0" * 32)
    path = tmp_path / source.name
    path.write_bytes(corrupted)
    _assert_write_restores(path, original)
    assert (tmp_path / (source.name + ".bak")).read_bytes() == corrupted


def _reserialise(source: Path, encoding: str, *, pretty: bool) -> bytes:
    tree = etree.parse(str(source))
    body = etree.tostring(tree, encoding=encoding, xml_declaration=True, pretty_print=pretty)
    assert isinstance(body, bytes)
    return body


@pytest.mark.parametrize(
    ("encoding", "pretty"), [("ISO-8859-1", True), ("UTF-8", False), ("UTF-8", True)]
)
def test_write_on_pretty_printed_and_utf8_files(
    tmp_path: Path, encoding: str, pretty: bool
) -> None:
    original = _reserialise(OPME_XML, encoding, pretty=pretty)
    assert epilogo.verify(parse(original).root).ok  # whitespace between tags is not hashed
    if encoding == "UTF-8":
        assert "CÂNULA".encode() in original
    path = tmp_path / "lote.xml"
    path.write_bytes(_with_hash(original, b"ffffffffffffffffffffffffffffffff"))
    _assert_write_restores(path, original)


@pytest.mark.parametrize(
    "rewrite",
    [
        pytest.param(
            lambda d: d.replace(b"ans:", b"tiss:").replace(b"xmlns:ans=", b"xmlns:tiss="),
            id="outro-prefixo",
        ),
        pytest.param(
            lambda d: (
                d.replace(b"<ans:", b"<")
                .replace(b"</ans:", b"</")
                .replace(b"xmlns:ans=", b"xmlns=")
            ),
            id="namespace-padrao",
        ),
        pytest.param(
            lambda d: d.replace(b"?>\n", b'?>\n<!-- <ans:hash>0</ans:hash> "> -->\n', 1),
            id="comentario-com-tag-falsa",
        ),
    ],
)
def test_write_with_other_prefixes_and_decoys(tmp_path: Path, rewrite: object) -> None:
    assert callable(rewrite)
    original: bytes = rewrite(OPME_XML.read_bytes())
    assert epilogo.verify(parse(original).root).ok
    path = tmp_path / "lote.xml"
    path.write_bytes(_with_hash(original, b"abc"))
    _assert_write_restores(path, original)


@pytest.mark.parametrize("empty", [b"<ans:hash/>", b"<ans:hash />"])
def test_write_fills_an_empty_hash_element(tmp_path: Path, empty: bytes) -> None:
    original = OPME_XML.read_bytes()
    element = re.search(rb"<ans:hash>[^<]*</ans:hash>", original)
    assert element is not None
    path = tmp_path / "lote.xml"
    path.write_bytes(original.replace(element.group(0), empty))
    check = run("hash", "--check", path)
    assert check.exit_code == 1
    assert "epílogo sem hash" in check.stdout
    # Only the "/" goes: the rest of the start tag, spaces included, stays as it was.
    start_tag = empty.replace(b"/", b"")
    _assert_write_restores(path, original.replace(b"<ans:hash>", start_tag))


def test_write_keeps_a_valid_file_untouched_and_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "lote.xml"
    original = _with_hash(OPME_XML.read_bytes(), _declared(OPME_XML.read_bytes()).upper().encode())
    path.write_bytes(original)  # upper case is tolerated: nothing to fix
    result = run("hash", "--write", path)
    assert result.exit_code == 0
    assert "já correto" in result.stdout
    assert path.read_bytes() == original
    assert not path.with_name("lote.xml.bak").exists()


def test_no_backup_and_file_mode_preserved(tmp_path: Path) -> None:
    path = tmp_path / "lote.xml"
    path.write_bytes(_with_hash(OPME_XML.read_bytes(), b"1"))
    path.chmod(0o640)
    result = run("hash", "--write", "--no-backup", "-q", path)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert path.read_bytes() == OPME_XML.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lote.xml"]


def test_print_and_check(tmp_path: Path) -> None:
    printed = run("hash", *EXPECTED_XML)
    assert printed.exit_code == 0
    lines = printed.stdout.splitlines()
    assert lines == [f"{_declared(p.read_bytes())}  {p}" for p in EXPECTED_XML]

    checked = run("hash", "--check", *EXPECTED_XML)
    assert checked.exit_code == 0
    assert checked.stdout.count("OK  ") == len(EXPECTED_XML)

    bad = tmp_path / "bad.xml"
    bad.write_bytes(_with_hash(OPME_XML.read_bytes(), b"0" * 32))
    mismatch = run("hash", "--check", OPME_XML, bad)
    assert mismatch.exit_code == 1
    assert f"DIVERGENTE  {bad}" in mismatch.stdout
    assert "nem na variante UTF-8" in mismatch.stdout
    assert f"tissbill hash --write {bad}" in mismatch.stdout


def test_check_recognises_the_utf8_variant(tmp_path: Path) -> None:
    utf8 = _reserialise(OPME_XML, "UTF-8", pretty=False)
    payload = epilogo.hash_payload(parse(utf8).root)
    assert not payload.isascii()  # "CÂNULA", "NÃO SE APLICA": the two digests differ
    variant = hashlib.md5(payload.encode("utf-8"), usedforsecurity=False).hexdigest()
    path = tmp_path / "utf8.xml"
    path.write_bytes(_with_hash(utf8, variant.encode()))
    result = run("hash", "--check", path)
    assert result.exit_code == 1
    assert "confere com o conteúdo em UTF-8, não em ISO-8859-1" in result.stdout
    _assert_write_restores(path, utf8)


def test_unreadable_files_are_errors_without_traceback(tmp_path: Path) -> None:
    not_xml = tmp_path / "nota.xml"
    not_xml.write_bytes(b"%PDF-1.4 ...")
    no_epilogo = tmp_path / "sem-epilogo.xml"
    no_epilogo.write_bytes(re.sub(rb"<ans:epilogo>.*</ans:epilogo>", b"", OPME_XML.read_bytes()))
    result = run("hash", "--write", not_xml, no_epilogo)
    assert result.exit_code == 1
    assert f"Erro: {not_xml}: O arquivo não é XML: parece ser um PDF" in result.stderr
    assert "não tem o elemento epilogo/hash" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args", [["--check", "--write"], ["--no-backup"]], ids=["check-e-write", "no-backup-so"]
)
def test_incompatible_options_exit_2(args: list[str]) -> None:
    result = run("hash", *args, OPME_XML)
    assert result.exit_code == 2
    assert result.stderr.startswith("Erro: ")
