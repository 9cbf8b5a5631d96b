"""Golden files: every bundled example builds to exactly the committed XML, which is valid."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import assert_valid_xsd
from tissbill.xml.reader import read_message

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
_spec = importlib.util.spec_from_file_location("regenerate", EXAMPLES / "regenerate.py")
assert _spec is not None and _spec.loader is not None
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)

INPUTS = regenerate.input_files()


def test_every_example_folder_has_input_and_expected_output() -> None:
    names = {p.parent.name for p in INPUTS}
    assert names >= {
        "ipam_consultas",
        "pasa_opme_resumo",
        "sadt_exames",
        "honorarios",
        "mistura_250_guias",
    }


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.parent.name)
def test_example_builds_to_golden_xml(source: Path) -> None:
    expected_dir = source.parent / "expected"
    built = regenerate.build_expected(source)
    committed = {p.name: p.read_bytes() for p in expected_dir.glob("*.xml")}
    assert sorted(built) == sorted(committed), "run: python examples/regenerate.py"
    for name, xml in built.items():
        assert xml == committed[name], f"{name} differs; run: python examples/regenerate.py"
        assert_valid_xsd(xml, "4.03.00")
        assert read_message(xml).guias


def test_generated_inputs_are_committed() -> None:
    import json

    for name, document in regenerate.generated_inputs().items():
        committed = json.loads((EXAMPLES / name / "lote.json").read_text(encoding="utf-8"))
        assert committed == json.loads(json.dumps(document, default=str)), name
