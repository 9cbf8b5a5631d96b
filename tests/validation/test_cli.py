"""``tissbill validate`` and ``tissbill rules``: formats, exit codes, folders, parallel runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner, Result

from tissbill.cli import cli
from tissbill.validation.docs import render_markdown

from .conftest import CORPUS, VALID_FIXTURES, at, edited


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def lotes(tmp_path: Path) -> Path:
    """A folder with two valid lotes (one nested, one named .XML) and one broken file."""
    shutil.copy(VALID_FIXTURES / "sadt.xml", tmp_path / "sadt.xml")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(VALID_FIXTURES / "consulta.xml", tmp_path / "sub" / "deeper" / "CONSULTA.XML")
    shutil.copy(CORPUS / "truncated.xml", tmp_path / "sub" / "truncated.xml")
    (tmp_path / "sub" / "notes.txt").write_text("não é XML de lote")
    return tmp_path


@pytest.fixture
def valid_file() -> Path:
    return VALID_FIXTURES / "sadt.xml"


def json_of(result: Result) -> dict[str, object]:
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


# Exit codes.


def test_valid_file_exits_0(valid_file: Path) -> None:
    result = run("validate", str(valid_file))
    assert result.exit_code == 0, result.output
    # One valid file, one line: no summary repeating it.
    assert result.stdout == f"{valid_file}: VÁLIDO (TISS 4.03.00 · 1 guia de SP/SADT)\n"


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    bom = tmp_path / "bom.xml"
    text = (VALID_FIXTURES / "sadt.xml").read_bytes().decode("latin-1")
    bom.write_bytes(b"\xef\xbb\xbf" + text.replace("ISO-8859-1", "UTF-8", 1).encode("utf-8"))
    result = run("validate", "--format", "json", str(bom))
    findings = json_of(result)["files"][0]["findings"]  # type: ignore[index]
    assert "XML-BOM" in [f["code"] for f in findings if f["severity"] == "warning"]
    assert result.exit_code == 0


@pytest.mark.parametrize("name", ["truncated.xml", "xxe_file.xml", "xsd_enumeration.xml"])
def test_invalid_malformed_or_unsafe_files_exit_1(name: str) -> None:
    result = run("validate", str(CORPUS / name))
    assert result.exit_code == 1
    assert "INVÁLIDO" in result.stdout


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nao-existe.xml"))
    assert result.exit_code == 2
    assert "Caminho não encontrado" in result.output


def test_folder_without_xml_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2 and "Nenhum arquivo .xml" in result.output


def test_no_argument_is_a_usage_error() -> None:
    assert run("validate").exit_code == 2


def test_unknown_format_is_a_usage_error(valid_file: Path) -> None:
    assert run("validate", "--format", "xml", str(valid_file)).exit_code == 2


def test_missing_schemas_exit_2_naming_the_command(tmp_path: Path, valid_file: Path) -> None:
    result = run("validate", "--store", str(tmp_path), str(valid_file))
    assert result.exit_code == 2
    assert "tissbill schemas" in result.stderr and "4.03.00" in result.stderr
    assert result.stdout == ""


def test_missing_schemas_from_the_environment(tmp_path: Path, lotes: Path) -> None:
    result = run("validate", "--jobs", "2", str(lotes), env={"TISSBILL_SCHEMAS": str(tmp_path)})
    assert result.exit_code == 2
    assert "tissbill schemas" in result.stderr


# Folders and formats.


def test_folder_recursion_finds_every_xml(lotes: Path) -> None:
    result = run("validate", "--format", "json", "--jobs", "1", str(lotes))
    assert result.exit_code == 1
    paths = [Path(f["path"]).relative_to(lotes).as_posix() for f in json_of(result)["files"]]  # type: ignore[union-attr, index]
    assert paths == ["sadt.xml", "sub/deeper/CONSULTA.XML", "sub/truncated.xml"]


def test_same_file_twice_is_validated_once(valid_file: Path) -> None:
    result = run("validate", "--format", "json", str(valid_file), str(valid_file))
    assert json_of(result)["summary"]["files"] == 1  # type: ignore[index]


def test_json_shape(lotes: Path) -> None:
    result = run("validate", "--format", "json", str(lotes))
    data = json_of(result)
    assert list(data) == ["files", "summary"]
    assert data["summary"] == {"files": 3, "valid": 2, "errors": 1, "warnings": 0}
    for entry in data["files"]:  # type: ignore[attr-defined]
        assert set(entry) == {"path", "valid", "version", "guia_type", "guias", "findings"}
        for finding in entry["findings"]:
            assert set(finding) == {
                "code",
                "severity",
                "message",
                "line",
                "xpath",
                "guia",
                "column",
                "item",
                "snippet",
                "ctx",
            }
    broken = next(f for f in data["files"] if f["path"].endswith("truncated.xml"))  # type: ignore[attr-defined]
    assert broken["valid"] is False and broken["version"] is None and broken["guias"] == 0
    assert broken["findings"][0]["code"] == "XML-TRUNCATED"
    sadt = next(f for f in data["files"] if f["path"].endswith("sadt.xml"))  # type: ignore[attr-defined]
    assert (sadt["version"], sadt["guia_type"], sadt["guias"]) == ("4.03.00", "sp_sadt", 1)


def test_github_annotations(lotes: Path) -> None:
    bad = edited("sadt", lambda root: setattr(at(root, "//ans:numeroLote"), "text", "1" * 13))
    (lotes / "bad, lote.xml").write_bytes(bad)
    result = run("validate", "--format", "github", str(lotes))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    xsd = next(line for line in lines if "title=XSD" in line)
    # The lote is one line after the declaration: the column says where the element is.
    column = bad.split(b"\n")[1].index(b"<ans:numeroLote>") + 1
    assert xsd.startswith(f"::error file={lotes}/bad%2C lote.xml,line=2,col={column},title=XSD::")
    assert "<numeroLote>1111111111111</numeroLote>" in xsd
    truncated = next(line for line in lines if "XML-TRUNCATED" in line)
    assert truncated.startswith("::error file=") and ",line=" in truncated


def test_junit_is_xml_with_one_testcase_per_file(lotes: Path) -> None:
    result = run("validate", "--format", "junit", str(lotes))
    assert result.exit_code == 1
    suites = ElementTree.fromstring(result.stdout)
    cases = suites.findall("testsuite/testcase")
    assert len(cases) == 3
    assert suites.get("tests") == "3" and suites.get("failures") == "1"
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == 1 and failed[0].get("name", "").endswith("truncated.xml")
    failure = failed[0].find("failure")
    assert failure is not None and failure.get("type") == "XML-TRUNCATED"
    assert "truncado" in (failure.text or "")


def test_text_output_is_grouped_per_file_in_portuguese(lotes: Path) -> None:
    result = run("validate", str(lotes))
    out = result.stdout
    assert "truncated.xml: INVÁLIDO (1 erro)" in out
    assert "ERRO  XML-TRUNCATED" in out
    assert "3 arquivos: 2 válidos, 1 inválido; 1 erro, 0 avisos." in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_quiet_shows_only_problems(lotes: Path) -> None:
    result = run("validate", "--quiet", str(lotes))
    assert result.exit_code == 1
    assert "truncated.xml" in result.stdout
    assert "sadt.xml" not in result.stdout  # only an INFO finding there
    assert "arquivos:" not in result.stdout


def test_quiet_valid_run_prints_nothing(valid_file: Path) -> None:
    result = run("validate", "-q", str(valid_file))
    assert result.exit_code == 0 and result.stdout == ""


@pytest.mark.parametrize(("size", "code"), [("1K", 1), ("0.001", 1), ("10MB", 0), ("2g", 0)])
def test_max_size(valid_file: Path, size: str, code: int) -> None:
    result = run("validate", "--max-size", size, "--format", "json", str(valid_file))
    assert result.exit_code == code
    if code:
        assert json_of(result)["files"][0]["findings"][0]["code"] == "XML-TOO-LARGE"  # type: ignore[index]


def test_bad_max_size_is_a_usage_error(valid_file: Path) -> None:
    result = run("validate", "--max-size", "muito", str(valid_file))
    assert result.exit_code == 2 and "tamanho inválido" in result.output


# Parallel runs.


def test_parallel_run_matches_sequential(tmp_path: Path) -> None:
    sources = sorted(VALID_FIXTURES.glob("*.xml")) + sorted(CORPUS.glob("*.xml"))[:16]
    for index, source in enumerate(sources):
        shutil.copy(source, tmp_path / f"{index:02d}_{source.name}")
    assert len(list(tmp_path.iterdir())) == 20
    sequential = run("validate", "--format", "json", "--jobs", "1", str(tmp_path))
    parallel = run("validate", "--format", "json", "--jobs", "3", str(tmp_path))
    assert sequential.exit_code == parallel.exit_code == 1
    assert json_of(sequential) == json_of(parallel)


# tissbill rules.


def test_rules_text_lists_pipeline_codes_and_rules() -> None:
    result = run("rules")
    assert result.exit_code == 0
    for code in ("XML-TRUNCATED", "XSD", "LOT-001", "HASH-001"):
        assert code in result.stdout


def test_rules_json() -> None:
    data = json.loads(run("rules", "--format", "json").stdout)
    codes = [entry["code"] for entry in data]
    assert len(codes) == len(set(codes)) and "LOT-002" in codes
    assert set(data[0]) == {"code", "severity", "area", "scope", "title", "description", "opt_in"}
    assert [e["code"] for e in data if e["opt_in"]] == ["SIG-001"]
    assert {entry["severity"] for entry in data} <= {"error", "warning", "info"}


def test_rules_markdown_is_the_docs_page() -> None:
    assert run("rules", "--format", "markdown").stdout == render_markdown()


# Start-up stays light.


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["validate", "--help"]])
def test_cli_start_up_does_not_load_the_validation_stack(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from tissbill.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('lxml', 'tissbill.validation', 'tissbill.schemas', 'rich')"
        " if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    ).stdout
    assert "HEAVY []" in out
