"""``tissbill.spec``: the checked-in facts equal what the official XSDs say, the generator's
``--check``, the query API, and a synthetic next version picked up with no code change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.conftest import schemas_dir
from tissbill import spec
from tissbill.cli.build import build_command
from tissbill.errors import SpecError, TissBillError
from tissbill.spec.__main__ import main as spec_cli
from tissbill.spec.generator import generate_all, generate_facts
from tissbill.versions import TissVersion

SADT_TOTAL = (
    "mensagemTISS/prestadorParaOperadora/loteGuias/guiasTISS/guiaSP-SADT/"
    "procedimentosExecutados/procedimentoExecutado/valorTotal"
)


def _schema_root() -> Path:
    """The official XSDs of every version (skipped without them, a failure in CI)."""
    return schemas_dir()


@cache
def _generated(root: Path) -> dict[str, str]:
    return generate_all(root)


def test_checked_in_spec_is_what_the_xsds_say() -> None:
    generated = _generated(_schema_root())
    checked_in = {p.name: p.read_text(encoding="utf-8") for p in spec.DATA_DIR.glob("*.json")}
    assert sorted(checked_in) == sorted(generated)
    for name, text in generated.items():
        assert checked_in[name] == text, f"{name}: rode `python -m tissbill.spec generate`"


def test_generate_check_exits_1_on_a_difference_and_0_when_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The generation itself is checked above; here the command's comparison and writing.
    generated = _generated(_schema_root())
    monkeypatch.setattr("tissbill.spec.generator.generate_all", lambda root: generated)
    out = tmp_path / "data"
    shutil.copytree(spec.DATA_DIR, out)
    check = ["generate", "--check", "--out", str(out)]
    assert CliRunner().invoke(spec_cli, check).exit_code == 0

    changed = out / "4.02.00.json"
    changed.write_text(changed.read_text(encoding="utf-8").replace("st_texto12", "st_texto13"))
    result = CliRunner().invoke(spec_cli, check)
    assert result.exit_code == 1
    assert "4.02.00.json" in result.stderr and "python -m tissbill.spec generate" in result.stderr

    assert CliRunner().invoke(spec_cli, ["generate", "--out", str(out)]).exit_code == 0
    assert changed.read_text(encoding="utf-8") == generated["4.02.00.json"]
    assert CliRunner().invoke(spec_cli, check).exit_code == 0


def test_generate_without_schemas_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        spec_cli, ["generate", "--check", "--schemas", str(tmp_path), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "não estão instalados" in result.stderr and "Traceback" not in result.output


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode("iso-8859-1")
    assert text.count(old) == 1, old
    path.write_bytes(text.replace(old, new).encode("iso-8859-1"))


def test_a_synthetic_next_version_is_picked_up_with_no_code_change(tmp_path: Path) -> None:
    root = _schema_root()
    folder = tmp_path / "4.04.00"
    shutil.copytree(root / "4.03.00", folder)
    folder.chmod(0o755)
    for path in folder.iterdir():
        path.chmod(0o644)
    # One element added, one field widened, one enumeration value added.
    _edit(
        folder / "tissComplexTypesV4_03_00.xsd",
        '<element name="descricaoGlosa" type="ans:st_texto500" minOccurs="0"/>',
        '<element name="descricaoGlosa" type="ans:st_texto500" minOccurs="0"/>'
        '<element name="complementoGlosa" type="ans:st_texto100" minOccurs="0"/>',
    )
    _edit(
        folder / "tissV4_03_00.xsd",
        '<element name="sequencialTransacao" type="ans:st_texto12"/>',
        '<element name="sequencialTransacao" type="ans:st_texto20"/>',
    )
    _edit(
        folder / "tissSimpleTypesV4_03_00.xsd",
        '<simpleType name="dm_tabela">\r\n\t\t<restriction base="string">',
        '<simpleType name="dm_tabela">\r\n\t\t<restriction base="string"><enumeration value="99"/>',
    )
    current = spec.for_version(TissVersion.V4_03_00)
    following = spec.VersionSpec(generate_facts(folder, "4.04.00"))

    assert [c.to_dict() for c in spec.diff(current, following)] == [
        {
            "kind": "widened",
            "where": "cabecalhoTransacao/identificacaoTransacao/sequencialTransacao",
            "before": "st_texto12",
            "after": "st_texto20",
        },
        {"kind": "added", "where": "ct_motivoGlosa/complementoGlosa", "before": None,
         "after": "st_texto100"},
        {"kind": "enumeration", "where": "dm_tabela", "before": [], "after": ["99"]},
    ]  # fmt: skip
    sequencial = "mensagemTISS/cabecalho/identificacaoTransacao/sequencialTransacao"
    assert current.element(sequencial).facets["max_length"] == 12
    assert following.element(sequencial).facets["max_length"] == 20
    assert "99" in following.enum_values("dm_tabela")
    assert "complementoGlosa" in following.element_names()
    assert "complementoGlosa" not in current.element_names()


def test_checked_in_changes_are_the_diff_of_consecutive_versions() -> None:
    versions = [spec.for_version(v) for v in TissVersion]
    changes = spec.load_changes()
    assert list(changes) == ["4.01.00..4.02.00", "4.02.00..4.03.00"]
    recent = [spec.Change(**c) for c in changes["4.02.00..4.03.00"]]
    assert recent == list(spec.diff(versions[1], versions[2]))
    assert spec.Change("added", "dm_centroConsumo") in recent
    assert spec.Change("enumeration", "dm_versao", [], ["4.03.00"]) in recent


def test_element_facts_by_path() -> None:
    v403 = spec.for_version(TissVersion.V4_03_00)
    padrao = v403.element("mensagemTISS/cabecalho/Padrao")
    assert padrao.kind == "enum" and padrao.required and padrao.max_occurs == 1
    assert {v.value for v in TissVersion} <= set(padrao.values)

    total = v403.element(SADT_TOTAL)
    assert (total.kind, total.facets["total_digits"], total.facets["fraction_digits"]) == (
        "decimal",
        10,
        2,
    )
    assert spec.for_version("4.01.00").element(SADT_TOTAL).facets["total_digits"] == 8

    guias = v403.element("mensagemTISS/prestadorParaOperadora/loteGuias/guiasTISS")
    kinds = {child.name: child for child in v403.children(guias.path)}
    assert {"guiaSP-SADT", "guiaConsulta", "guiaResumoInternacao", "guiaHonorarios"} <= set(kinds)
    assert all(c.choice is not None and not c.required for c in kinds.values())
    assert kinds["guiaSP-SADT"].max_occurs == 100

    registro = "mensagemTISS/cabecalho/identificacaoTransacao/dataRegistroTransacao"
    assert v403.element(registro).kind == "date"
    assert v403.element("mensagemTISS/Signature").kind == "signature"
    assert v403.find("mensagemTISS/cabecalho/naoExiste") is None
    assert v403.find("mensagemTISS/cabecalho/Padrao/filho") is None


def test_elements_by_kind() -> None:
    v403 = spec.for_version("4.03.00")
    dates = v403.element_names("date")
    assert {"dataAtendimento", "dataRegistroTransacao", "validadeCarteira"} <= dates
    assert "horaInicial" in v403.element_names("time")
    assert "valorTotal" in v403.element_names("decimal")
    assert "centroConsumo" in v403.element_names("enum")
    assert "centroConsumo" not in spec.for_version("4.02.00").element_names()
    every = list(v403.paths())
    assert len(every) > 5000 and len({e.path for e in every}) == len(every)
    assert all(e.kind == "date" for e in v403.paths("date"))


def test_unknown_things_are_portuguese_tissbill_errors() -> None:
    with pytest.raises(SpecError, match=r"não existe na versão TISS 4\.03\.00"):
        spec.for_version("4.03.00").element("mensagemTISS/naoExiste")
    with pytest.raises(SpecError, match="não existe"):
        spec.for_version("4.03.00").enum_values("dm_naoExiste")
    with pytest.raises(SpecError, match="não suportada"):
        spec.for_version("9.99.99")
    assert issubclass(SpecError, TissBillError)


def test_every_supported_version_has_facts() -> None:
    assert spec.available_versions() == tuple(TissVersion)


def test_import_tissbill_does_not_load_the_spec() -> None:
    code = "import sys, tissbill; print('tissbill.spec' in sys.modules, 'xmlschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    code = (
        "import sys; from tissbill import spec; spec.for_version('4.03.00'); "
        "print('xmlschema' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


def _facts(
    rows: list[list[object]], extra: dict[str, list[list[object]]], max_length: int
) -> spec.VersionSpec:
    return spec.VersionSpec(
        {
            "version": "x",
            "roots": {"m": "/m"},
            "complex": {"/m": rows, **extra},
            "simple": {"st_t": {"kind": "text", "max_length": max_length, "min_length": 1}},
            "signature": [],
        }
    )


def test_diff_of_an_element_with_an_anonymous_type_and_of_occurrences() -> None:
    old = _facts([["a", "st_t", 1, 1]], {}, 5)
    new = _facts([["a", "st_t", 0, None], ["b", "/m/b", 1, 1]], {"/m/b": [["c", "st_t", 1, 1]]}, 10)
    assert [c.to_dict() for c in spec.diff(old, new)] == [
        {"kind": "widened", "where": "/m/a", "before": [1, 1], "after": [0, None]},
        {"kind": "added", "where": "/m/b", "before": None, "after": "/m/b"},
        {"kind": "widened", "where": "st_t", "before": {"max_length": 5},
         "after": {"max_length": 10}},
    ]  # fmt: skip
    assert [c.kind for c in spec.diff(new, old)] == ["removed", "narrowed", "narrowed"]
    assert new.element("m/b/c").facets["max_length"] == 10


def test_build_version_choices_are_the_supported_versions() -> None:
    (option,) = [p for p in build_command.params if p.name == "versao"]
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == tuple(v.value for v in spec.available_versions())
