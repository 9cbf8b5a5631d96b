"""Hardening of how input is obtained (issue #11, items 15–18): only regular files are read and
never past the size limit, unreadable folders are reported, deep JSON/YAML is refused, and the
library says clearly which sources it accepts."""

from __future__ import annotations

import io
import os
import signal
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.conftest import EXAMPLES, run
from tissbill import read_message, validate
from tissbill.billing.summary import summarise_file
from tissbill.errors import TissBillError, XMLInputError

H = EXAMPLES / "honorarios" / "expected" / "lote-410-honorarios.xml"


class ReadHung(Exception):
    """Not an OSError (as TimeoutError is), so no ``except OSError`` in the code swallows it."""


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Turn a read that never returns (the bug) into a failure instead of a stuck test run."""

    def expire(signum: int, frame: types.FrameType | None) -> None:
        raise ReadHung("a leitura não terminou: o arquivo especial foi lido/aberto")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "lote.xml"
    os.mkfifo(path)
    return path


def codes(report: object) -> list[str]:
    return [f.code for f in report.findings]  # type: ignore[attr-defined]


# --- item 15: only regular files, never past the limit ----------------------------------------

SPECIAL = ["/dev/zero", "/dev/urandom"]


@pytest.mark.usefixtures("hang_guard")
@pytest.mark.parametrize("device", SPECIAL)
def test_validate_refuses_devices(device: str) -> None:
    report = validate(device)
    assert codes(report) == ["FILE-UNREADABLE"]
    assert "não é um arquivo comum" in report.findings[0].message
    assert report.path == device


@pytest.mark.usefixtures("hang_guard")
def test_validate_refuses_a_fifo_without_waiting_for_a_writer(fifo: Path) -> None:
    assert codes(validate(fifo)) == ["FILE-UNREADABLE"]


@pytest.mark.usefixtures("hang_guard")
@pytest.mark.parametrize("command", [["validate"], ["info"], ["hash"], ["hash", "--check"]])
def test_cli_refuses_devices_and_fifos(command: list[str], fifo: Path) -> None:
    for path in [*SPECIAL, str(fifo)]:
        result = run(*command, path)
        assert result.exit_code == 1, (command, path, result.stdout, result.stderr)
        assert "não é um arquivo comum" in result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.usefixtures("hang_guard")
def test_library_readers_refuse_devices() -> None:
    with pytest.raises(XMLInputError, match="não é um arquivo comum"):
        read_message("/dev/zero")
    with pytest.raises(XMLInputError, match="não é um arquivo comum"):
        summarise_file(Path("/dev/urandom"))


def test_a_file_over_the_limit_is_never_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "grande.xml"
    path.write_bytes(H.read_bytes())
    limit = 1000
    assert codes(validate(path, max_bytes=limit)) == ["XML-TOO-LARGE"]
    stream = io.BytesIO(H.read_bytes())
    assert codes(validate(stream, max_bytes=limit)) == ["XML-TOO-LARGE"]
    assert stream.tell() <= limit + 1  # stopped one byte past the limit


# --- item 17: unreadable subfolders ---------------------------------------------------------


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "d"
    (root / "fechada").mkdir(parents=True)
    (root / "lote.xml").write_bytes(H.read_bytes())
    (root / "fechada" / "outro.xml").write_bytes(H.read_bytes())
    return root, root / "fechada"


def test_unreadable_subfolder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, closed = _tree(tmp_path)
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        # Tests run as root, where chmod 000 does not stop reading: fail the listing instead.
        if Path(path) == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("validate", "--jobs", "1", "--format", "json", str(root))
    assert result.exit_code == 1, result.stdout + result.stderr
    assert str(closed) in result.stdout
    assert "FILE-UNREADABLE" in result.stdout
    text = run("validate", "--jobs", "1", str(root))
    assert "1 válido" in text.stdout and "1 inválido" in text.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their permissions")
def test_chmod_000_subfolder_is_an_error(tmp_path: Path) -> None:
    root, closed = _tree(tmp_path)
    closed.chmod(0)
    try:
        result = run("validate", "--jobs", "1", str(root))
    finally:
        closed.chmod(0o755)
    assert result.exit_code == 1
    assert str(closed) in result.stdout


def test_folder_with_only_an_unreadable_subfolder_is_an_error_not_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "d"
    (root / "fechada").mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "fechada":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("validate", "--jobs", "1", str(root))
    assert result.exit_code == 1
    assert "fechada" in result.stdout


# --- item 18: what the library accepts ------------------------------------------------------


@pytest.mark.parametrize("source", [None, 123, 1.5, ["lote.xml"], object()])
def test_unsupported_sources_get_one_clear_type_error(source: object) -> None:
    for reader in (validate, read_message):
        with pytest.raises(TypeError, match="caminho") as caught:
            reader(source)  # type: ignore[operator]
        assert isinstance(caught.value, TissBillError)
        assert type(source).__name__ in str(caught.value)


def test_text_mode_file_is_refused_naming_binary_mode() -> None:
    with H.open(encoding="latin-1") as handle, pytest.raises(TypeError, match="'rb'"):
        validate(handle)


def test_binary_file_object_is_read() -> None:
    with H.open("rb") as handle:
        report = validate(handle)
    assert report.valid
    assert report.path == str(H)
    with H.open("rb") as handle:
        assert read_message(handle) == read_message(H)


def test_xml_text_is_xml_not_a_path() -> None:
    text = H.read_bytes().decode("iso-8859-1")
    report = validate(text)
    assert report.valid, report.findings
    assert report.path is None
    assert read_message(text) == read_message(H)
    # Not a file of that name; the BOM is kept, so it is reported as in a file.
    assert codes(validate("\ufeff\n  <a/>")) == ["XML-BOM", "XML-NOT-TISS"]


def test_xml_text_with_a_character_outside_the_declared_encoding_is_a_finding() -> None:
    text = H.read_bytes().decode("iso-8859-1").replace("</ans:mensagemTISS>", "")
    text += "<!-- \N{GRINNING FACE} --></ans:mensagemTISS>"
    assert codes(validate(text)) == ["XML-ENCODING"]


def test_nul_in_path_is_a_finding() -> None:
    report = validate("lote\0.xml")
    assert codes(report) == ["FILE-UNREADABLE"]
    assert "caractere nulo" in report.findings[0].message
    with pytest.raises(XMLInputError, match="caractere nulo"):
        read_message(Path("lote\0.xml"))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_every_source_kind_gives_the_same_findings(data: bytes) -> None:
    expected = [(f.code, f.message) for f in validate(data).findings]
    for source in (bytearray(data), memoryview(data), io.BytesIO(data)):
        assert [(f.code, f.message) for f in validate(source).findings] == expected


# --- item 16: deep JSON/YAML ------------------------------------------------------------------

DEEP = 100_000


def _deep_documents(tmp_path: Path) -> list[Path]:
    documents = {
        "guias.json": "[" * DEEP + "]" * DEEP,
        "guias.yaml": "[" * DEEP + "]" * DEEP,
        "blocos.yml": "".join(" " * i + "a:\n" for i in range(3000)),
        "ciclo.yaml": "guias: &x [*x]\n",  # an alias inside itself: endless nesting
    }
    for name, text in documents.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [tmp_path / name for name in documents]


def test_deep_input_profile_and_config_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "lotes"
    for path in _deep_documents(tmp_path):
        for args in (
            ["build", path, "--prestador", "00621", "-o", out],
            ["build", EXAMPLES / "ipam_consultas" / "lote.json", "--config", path, "-o", out],
            ["validate", "--profile", path, str(H)],
        ):
            result = run(*args)
            assert result.exit_code == 2, (args, result.stdout, result.stderr)
            assert "profundidade excessiva" in result.stderr
            assert "Traceback" not in result.stderr
    assert not out.exists()


@settings(max_examples=30, deadline=None)
@given(
    depth=st.integers(min_value=1, max_value=200),
    mapping=st.booleans(),
    suffix=st.sampled_from([".json", ".yaml"]),
)
def test_depth_limit_is_exact(
    tmp_path_factory: pytest.TempPathFactory, depth: int, mapping: bool, suffix: str
) -> None:
    from tissbill.billing.inputs import MAX_DEPTH, InputTooDeepError, load_data

    opening, closing = ('{"a": ', "}") if mapping else ("[", "]")
    path = tmp_path_factory.mktemp("deep") / f"doc{suffix}"
    path.write_text(opening * depth + "1" + closing * depth, encoding="utf-8")
    if depth <= MAX_DEPTH:
        data = load_data(path)
        for _ in range(depth):
            data = data["a"] if mapping else data[0]
        assert data == 1
    else:
        with pytest.raises(InputTooDeepError):
            load_data(path)


@pytest.mark.usefixtures("hang_guard")
def test_json_csv_and_profile_inputs_refuse_fifos(tmp_path: Path) -> None:
    out = tmp_path / "lotes"
    for name in ("guias.json", "atendimentos.csv", "perfil.yaml"):
        os.mkfifo(tmp_path / name)
    build_json = run("build", tmp_path / "guias.json", "--prestador", "00621", "-o", out)
    build_csv = run("build", tmp_path / "atendimentos.csv", "--prestador", "00621", "-o", out)
    profile = run("validate", "--profile", tmp_path / "perfil.yaml", str(H))
    for result in (build_json, build_csv, profile):
        assert result.exit_code in (1, 2)
        assert "não é um arquivo comum" in result.stderr
