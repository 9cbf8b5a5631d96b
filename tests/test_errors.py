"""One exception tree: every exception class tissbill defines is a TissBillError from
tissbill.errors, so one ``except TissBillError`` catches whatever bad input causes."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import tissbill
from tissbill import errors
from tissbill.errors import TissBillError
from tissbill.versions import TissVersion


def _defined_exceptions() -> set[type[BaseException]]:
    found: set[type[BaseException]] = set()
    for info in pkgutil.walk_packages(tissbill.__path__, "tissbill."):
        if info.name.endswith("__main__") or ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__.startswith("tissbill."):
                found.add(value)
    return found


def test_every_public_exception_is_a_tissbill_error_defined_in_errors() -> None:
    public = {e for e in _defined_exceptions() if not e.__name__.startswith("_")}
    assert len(public) > 20
    assert {e.__name__ for e in public if not issubclass(e, TissBillError)} == set()
    assert {e.__name__ for e in public if e.__module__ != "tissbill.errors"} == set()


def test_the_documented_hierarchy_lists_every_error() -> None:
    documented = errors.__doc__ or ""
    defined = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, TissBillError)
    }
    assert {name for name in defined if re.search(rf"\b{name}\b", documented) is None} == set()


def test_an_unsupported_version_is_a_tissbill_error_and_still_a_value_error() -> None:
    with pytest.raises(TissBillError, match=r"'9\.99\.99' não suportada.*4\.03\.00") as info:
        TissVersion.parse("9.99.99")
    assert isinstance(info.value, ValueError)
    assert info.value.value == "9.99.99"


def test_errors_are_the_same_class_where_they_are_raised() -> None:
    from tissbill.xml.reader import ReadError

    assert ReadError is errors.ReadError is tissbill.ReadError
