"""Layering guards: module imports form no cycle, and no import hides inside a function to
dodge one (a function-level import is only for start-up time, and its comment says so)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

SRC = REPO / "src"


def _modules() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for path in sorted((SRC / "tissbill").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _runtime_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that can run, at module level or inside a function (not the ones under
    ``if TYPE_CHECKING``): an import moved into a function still closes a cycle."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif not (isinstance(node, ast.If) and _is_type_checking(node)):
            pending.extend(ast.iter_child_nodes(node))


def _targets(node: ast.Import | ast.ImportFrom, modules: dict[str, object]) -> set[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        names = [f"{base}.{alias.name}" for alias in node.names] + [base]
    # ``from a import b`` names either the submodule a.b or an attribute of a.
    return {name for name in names if name in modules}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: set().union(*(_targets(n, modules) for n in _runtime_imports(tree))) - {name}
        for name, (_path, tree) in modules.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


def test_module_imports_have_no_cycle() -> None:
    # A package's own __init__ importing its submodules is not a cycle of the layers.
    graph = {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in _graph().items()
    }
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_the_xml_layer_knows_nothing_of_validation_or_the_cli() -> None:
    upward = {
        f"{name} → {target}"
        for name, targets in _graph().items()
        if name.startswith("tissbill.xml")
        for target in targets
        if target.startswith(("tissbill.validation", "tissbill.cli"))
    }
    assert upward == set()


def test_the_cycle_check_sees_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _function_imports(tree: ast.Module) -> Iterator[list[ast.stmt]]:
    """Runs of consecutive import statements inside function bodies."""
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for block in ast.walk(function):
            body = getattr(block, "body", None)
            nested = block is not function and isinstance(
                block, ast.FunctionDef | ast.AsyncFunctionDef
            )
            if nested or not isinstance(body, list):
                continue
            run: list[ast.stmt] = []
            for statement in [*body, None]:
                if isinstance(statement, ast.Import | ast.ImportFrom):
                    run.append(statement)
                elif run:
                    yield run
                    run = []


def undocumented_function_imports(source: str) -> list[int]:
    """Lines of function-level import runs without a comment above them or on their lines."""
    lines = source.splitlines()
    missing = set()
    for run in _function_imports(ast.parse(source)):
        first, last = run[0].lineno, run[-1].end_lineno or run[-1].lineno
        above = lines[first - 2].strip() if first >= 2 else ""
        commented = any("#" in lines[n - 1] for n in range(first, last + 1))
        if not above.startswith("#") and not commented:
            missing.add(first)
    return sorted(missing)


def test_function_level_imports_say_why() -> None:
    missing = [
        f"{path.relative_to(REPO)}:{line}"
        for path, tree in _modules().values()
        for line in undocumented_function_imports(path.read_text(encoding="utf-8"))
    ]
    assert not missing, "imports dentro de função sem comentário do motivo: " + ", ".join(missing)


def test_the_import_guard_sees_an_undocumented_import() -> None:
    source = (
        "def f():\n    import json\n    return json\n\n"
        "def g():\n    # Deferred for start-up time.\n    import csv\n    import io\n"
    )
    assert undocumented_function_imports(source) == [2]
