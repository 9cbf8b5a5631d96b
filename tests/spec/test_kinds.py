"""The GuiaKind table: every element and path in it exists in every TISS version's facts, every
guia the XSD allows in a lote has a row, and no other source file names a guia element."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tissbill import models, spec
from tissbill.spec.kinds import (
    BUILT_KINDS,
    GUIA_KINDS,
    KIND_BY_ELEMENT,
    rule_group_kinds,
    slugs_phrase,
)
from tissbill.validation.catalogue import all_rules
from tissbill.validation.declaration import Scope
from tissbill.versions import TissVersion

GUIAS_TISS = "mensagemTISS/prestadorParaOperadora/loteGuias/guiasTISS"
SRC = Path(__file__).resolve().parents[2] / "src" / "tissbill"
GUIA_ELEMENTS = re.compile(
    r"(?<![\w-])(guiaSP-SADT|guiaResumoInternacao|guiaHonorarios|guiaConsulta|guiaOdonto)(?![\w-])"
)
"""A guia element's name, not a type named after it (``ct_guiaSP-SADT``)."""


@pytest.mark.parametrize("version", list(TissVersion))
def test_every_guia_of_the_lote_choice_is_in_the_table(version: TissVersion) -> None:
    alternatives = spec.for_version(version).children(GUIAS_TISS)
    assert {e.name for e in alternatives} == set(KIND_BY_ELEMENT)
    assert all(e.choice is not None for e in alternatives)


@pytest.mark.parametrize("version", list(TissVersion))
@pytest.mark.parametrize("kind", GUIA_KINDS, ids=lambda k: k.slug)
def test_every_path_of_the_table_exists_in_the_spec(
    version: TissVersion, kind: spec.GuiaKind
) -> None:
    facts = spec.for_version(version)
    guia = f"{GUIAS_TISS}/{kind.element}"
    paths = [
        kind.cabecalho or "numeroGuiaPrestador",
        kind.beneficiario,
        kind.procedimentos,
        kind.despesas,
        kind.totals,
        kind.fim_atendimento,
    ]
    for path in filter(None, paths):
        assert facts.find(f"{guia}/{path}") is not None, (version, kind.element, path)
    if kind.cabecalho:
        assert facts.find(f"{guia}/{kind.cabecalho}/numeroGuiaPrestador") is not None
    if kind.fim_atendimento:
        assert facts.element(f"{guia}/{kind.fim_atendimento}").kind == "date"


def test_slugs_labels_and_models_are_unique_and_consistent() -> None:
    for attribute in ("element", "slug", "label", "guia_label"):
        values = [getattr(kind, attribute) for kind in GUIA_KINDS]
        assert len(set(values)) == len(values), attribute
    for kind in GUIA_KINDS:
        if kind.model is None:
            continue
        model = getattr(models, kind.model)
        assert model.__tiss_element__ == kind.element
        assert model.model_fields["tipo_guia"].default == kind.slug
    assert [k.slug for k in BUILT_KINDS] == [
        "consulta",
        "sp_sadt",
        "resumo_internacao",
        "honorarios",
    ]
    assert slugs_phrase() == "consulta, sp_sadt, resumo_internacao ou honorarios"


def test_rule_groups_declare_the_kinds_their_rules_run_for() -> None:
    for checked in all_rules():
        group = rule_group_kinds(checked.code)
        if checked.scope is Scope.GUIA and group is not None:
            assert checked.guia_types is not None
            assert checked.guia_types >= {k.element for k in group}, checked.code
        if checked.guia_types is not None:
            assert checked.guia_types <= set(KIND_BY_ELEMENT), checked.code


def test_no_source_file_outside_the_table_names_a_guia_element() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "spec" / "kinds.py" or (SRC / "spec" / "data") in path.parents:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if GUIA_ELEMENTS.search(line):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert found == []
