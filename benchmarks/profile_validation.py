"""Where the time of validating one lote goes: phases, floors and the costliest rules.

    python benchmarks/profile_validation.py            # the 100-guia SP/SADT lote of run.py
    python benchmarks/profile_validation.py --guias 10 --top 15

Every figure is the minimum of ``--repeat`` runs over the same lote, each phase called directly
and timed alone (so they do not add up exactly to ``validate()``). The rule table wraps each
rule's run, so its total is a little above the rules phase. ``run.py`` gives the ratios the
issue's targets are set on; this script explains them (see README.md, "where the time goes").
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import inputs
from lxml import etree

from tissbill.schemas import load_schema
from tissbill.validation import catalogue, declaration, engine, xsd
from tissbill.validation.api import validate
from tissbill.validation.context import MessageContext
from tissbill.validation.profile import STRICT_PROFILE
from tissbill.versions import TissVersion
from tissbill.xml.parser import parse_bytes


def _best_ms(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def _no_hits(_context: object) -> Iterable[declaration.Hit]:
    return ()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guias", type=int, default=100, help="SP/SADT guias in the lote")
    parser.add_argument("--repeat", type=int, default=25, help="runs per figure (minimum kept)")
    parser.add_argument("--top", type=int, default=20, help="rules listed, costliest first")
    args = parser.parse_args(argv)
    os.environ.setdefault("TISSBILL_SCHEMAS", str(inputs.SHARED_SCHEMAS))

    (lote,) = inputs.build(inputs.sadt_guias(args.guias))
    data = lote.xml
    if not validate(data).valid:  # also warms up: XSD compiled, rules imported
        raise SystemExit("the benchmark lote is not valid")
    schema = load_schema(TissVersion(inputs.VERSION))
    bare = etree.XMLParser(resolve_entities=False, no_network=True)
    document = parse_bytes(data)
    bare_root = etree.fromstring(data, bare)

    def message() -> MessageContext:
        context = MessageContext(document.root, version=inputs.VERSION, profile=STRICT_PROFILE)
        context.schema_valid = True  # as validate() sets it for this valid lote
        return context

    def evaluate() -> None:
        engine.evaluate(message())

    def best(func: Callable[[], object]) -> float:
        return _best_ms(func, args.repeat)

    rows: list[tuple[str, float]] = [
        ("baseline: bare safe parse", best(lambda: etree.fromstring(data, bare))),
        ("baseline: precompiled XSD validate", best(lambda: schema.validate(bare_root))),
        ("baseline: MD5 of the bytes", best(lambda: hashlib.md5(data).hexdigest())),
        ("parse_bytes (safe parse + encoding checks)", best(lambda: parse_bytes(data))),
        ("xsd.check", best(lambda: xsd.check(document.tree, schema))),
        ("rules: evaluate()", best(evaluate)),
        (
            "  epílogo hash + leaf scan alone",
            best(lambda: message().hash_check),
        ),
        ("validate() total", best(lambda: validate(data))),
    ]
    rules = [*catalogue.message_rules(), *catalogue.guia_rules()]
    checks = {rule: rule.check for rule in rules}
    try:
        # The engine's own cost: every rule called on every guia, each returning at once.
        for rule in rules:
            object.__setattr__(rule, "check", _no_hits)
        rows.append(("  engine alone (every rule a no-op)", best(evaluate)))
    finally:
        for rule, check in checks.items():
            object.__setattr__(rule, "check", check)

    print(f"lote: {args.guias} SP/SADT guias, {len(data):,} bytes; minimum of {args.repeat} runs")
    for label, value in rows:
        print(f"{label:<46}{value:8.2f} ms")
    print()
    _print_rules(evaluate, args.repeat, args.top, args.guias)
    return 0


def _print_rules(evaluate: Callable[[], None], repeat: int, top: int, guias: int) -> None:
    spent: dict[str, float] = defaultdict(float)
    apply = engine._apply

    def timed(rule: declaration.Rule, *rest: Any) -> None:
        start = time.perf_counter()
        apply(rule, *rest)
        spent[rule.code] += time.perf_counter() - start

    setattr(engine, "_apply", timed)  # noqa: B010  (patched for timing, restored below)
    try:
        for _ in range(repeat):
            evaluate()
    finally:
        engine._apply = apply
    total = sum(spent.values()) / repeat * 1000
    print(f"rules by time (mean of {repeat} runs; {len(spent)} rules ran, {total:.2f} ms in all)")
    ranked = sorted(spent.items(), key=lambda item: -item[1])
    for code, seconds in ranked[:top]:
        ms = seconds / repeat * 1000
        print(f"  {code:<10}{ms:7.2f} ms  {ms / total:6.1%}  {ms * 1000 / guias:6.1f} µs/guia")
    rest = sum(seconds for _, seconds in ranked[top:]) / repeat * 1000
    print(f"  {'others':<10}{rest:7.2f} ms  {rest / total:6.1%}  ({len(ranked) - top} rules)")


if __name__ == "__main__":
    raise SystemExit(main())
