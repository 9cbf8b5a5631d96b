"""Reading billing input documents (JSON or YAML) into models.

Numbers are read as :class:`~decimal.Decimal`, never float, so ``93.10`` stays ``93.10``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from tissbill.errors import FileReadError, InputError, InputTooDeepError
from tissbill.files import read_file


class _DecimalLoader(yaml.SafeLoader):
    """YAML safe loader that keeps decimal numbers exact."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    assert isinstance(node, yaml.ScalarNode)
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted: a guia is under ten levels deep, and a
document nested thousands deep exhausts the parsers' recursion before saying anything useful."""


def load_data(path: str | Path) -> Any:
    """The parsed content of a ``.json``, ``.yaml`` or ``.yml`` file."""
    path = Path(path)
    try:
        text = read_file(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: o arquivo deve estar em UTF-8 ({exc.reason})") from None
    except FileReadError as exc:
        raise InputError(exc.message) from None  # it names the path
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(text, parse_float=Decimal)
        elif suffix in (".yaml", ".yml"):
            data = yaml.load(text, Loader=_DecimalLoader)  # a SafeLoader subclass
        else:
            raise InputError(f"{path}: formato não reconhecido; use .json, .yaml ou .yml")
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: JSON inválido na linha {exc.lineno}: {exc.msg}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: YAML inválido: {exc}") from None
    except RecursionError:
        raise _too_deep(path) from None
    if _depth_exceeds(data, MAX_DEPTH):
        raise _too_deep(path)
    return data


def _too_deep(path: Path) -> InputTooDeepError:
    return InputTooDeepError(
        f"{path}: listas ou blocos aninhados em profundidade excessiva (mais de {MAX_DEPTH} "
        "níveis); o arquivo não é um documento de faturamento válido e foi recusado."
    )


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether lists/mappings nest deeper than ``limit``, walked without recursion.

    YAML anchors make a shared or even cyclic graph: a node is walked again only when it is
    reached deeper than before, so the walk ends and a cycle counts as too deep.
    """
    deepest: dict[int, int] = {}
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Iterable[Any] = [*node.keys(), *node.values()]
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth >= limit:
            return True
        if deepest.get(id(node), -1) >= depth:
            continue
        deepest[id(node)] = depth
        stack.extend((child, depth + 1) for child in children)
    return False
