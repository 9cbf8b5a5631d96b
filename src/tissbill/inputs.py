"""Reading billing input documents (JSON or YAML) into models.

Numbers are read as :class:`~decimal.Decimal`, never float, so ``93.10`` stays ``93.10``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from tissbill.errors import TissBillError


class InputError(TissBillError):
    """An input document that cannot be read (syntax, encoding, unknown format)."""


class _DecimalLoader(yaml.SafeLoader):
    """YAML safe loader that keeps decimal numbers exact."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    assert isinstance(node, yaml.ScalarNode)
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def load_data(path: str | Path) -> Any:
    """The parsed content of a ``.json``, ``.yaml`` or ``.yml`` file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: o arquivo deve estar em UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise InputError(f"{path}: não foi possível ler o arquivo ({exc.strerror})") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(text, parse_float=Decimal)
        if suffix in (".yaml", ".yml"):
            return yaml.load(text, Loader=_DecimalLoader)  # a SafeLoader subclass
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: JSON inválido na linha {exc.lineno}: {exc.msg}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: YAML inválido: {exc}") from None
    raise InputError(f"{path}: formato não reconhecido; use .json, .yaml ou .yml")
