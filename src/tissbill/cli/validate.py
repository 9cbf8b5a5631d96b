"""``tissbill validate``: validate TISS XML files and folders.

Only click is imported at module level: ``tissbill --help`` imports every command module, and
the validation stack (lxml, schemas, rules) is loaded when a validation actually runs.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tissbill.cli._support import (
    command,
    format_option,
    profile_option,
)

if TYPE_CHECKING:
    from tissbill.ledger import Ledger
    from tissbill.validation.cache import ReportCache
    from tissbill.validation.findings import Report
    from tissbill.validation.profile import Profile
    from tissbill.xml.parser import Source

STDIN = "-"
"""The path that names standard input (one document, read in this process)."""
STDIN_LABEL = "(entrada padrão)"

_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([kmg]?)b?\s*$", re.IGNORECASE)
_UNITS = {"": 1024**2, "k": 1024, "m": 1024**2, "g": 1024**3}


def _parse_size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """``100MB``, ``512K``, ``2G`` → bytes; a bare number is in megabytes."""
    match = _SIZE.match(value)
    number = float(match.group(1).replace(",", ".")) if match else 0.0
    if match is None or number <= 0:
        raise click.BadParameter(
            f"tamanho inválido: {value!r} (use, por exemplo, 100MB, 512K ou 2G)"
        )
    return int(number * _UNITS[match.group(2).lower()])


@dataclass(frozen=True, slots=True)
class _Task:
    path: str
    max_bytes: int
    store: str | None
    profile: Profile
    ledger: str | None = None
    """Ledger location for the history checks ("" = the default one); None: no history."""
    cache: ReportCache | None = None
    """Set when the report is to be kept: the bytes validated are read here and their key
    returned with the report (:class:`_Validated`); None: not kept."""


@dataclass(frozen=True, slots=True)
class _Validated:
    """A worker's report, with the cache key of the very bytes it validated (None: not kept)."""

    report: Report
    key: str | None = None


@dataclass(frozen=True, slots=True)
class _SchemasMissing:
    """A worker's report that the schemas of a version are not installed.

    Passed back as a plain value: the exception itself does not survive pickling.
    """

    message: str


@command("validate")
@click.argument(
    "paths", metavar="CAMINHO...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@format_option(
    "text",
    "json",
    "github",
    "junit",
    help="text: para pessoas; json: um objeto JSON; github: anotações do GitHub Actions; "
    "junit: XML JUnit para painéis de CI.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Processos em paralelo (0 = um por núcleo de CPU; 1 = sem paralelismo).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="Só os problemas: sem barra de progresso, sem resumo."
)
@click.option(
    "--max-size",
    "max_bytes",
    callback=_parse_size,
    metavar="TAMANHO",
    default="100MB",
    show_default=True,
    help="Tamanho máximo de arquivo lido (ex.: 100MB, 512K, 2G; número sem unidade = MB).",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Pasta dos schemas XSD (padrão: $TISSBILL_SCHEMAS ou a pasta de dados do usuário).",
)
@click.option(
    "--ledger",
    "ledger_location",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[CAMINHO|URL]",
    help="Compara também com os lotes já faturados (numeroLote e transação reutilizados, guias "
    "já apresentadas, períodos de internação); sem valor, usa o ledger padrão.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Valida todos os arquivos de novo, sem ler nem gravar o cache de resultados.",
)
@profile_option
def validate_command(
    paths: tuple[Path, ...],
    output_format: str,
    jobs: int,
    quiet: bool,
    max_bytes: int,
    store: Path | None,
    ledger_location: str | None,
    no_cache: bool,
    profile: Profile,
) -> None:
    """Valida arquivos XML TISS (ou pastas, recursivamente) contra o XSD oficial e as regras.

    Com - no lugar de um CAMINHO, valida o documento lido da entrada padrão (ex.: cat
    lote.xml | tissbill validate -).

    Código de saída: 0 se nenhum arquivo tem erro (avisos são permitidos), 1 se algum arquivo
    tem erro (inclusive XML mal formado ou inseguro, ou caminho que não é um arquivo comum) ou
    alguma subpasta não pôde ser lida, 2 para uso incorreto, caminho inexistente ou schemas não
    instalados.

    Um arquivo idêntico, byte a byte, a um já validado hoje com a mesma versão do tissbill, o
    mesmo perfil e os mesmos schemas instalados não é validado de novo: o resultado vem do
    cache (pasta de cache do usuário, ou $TISSBILL_CACHE). Com --ledger nada vem do cache.
    """
    from_stdin = any(str(p) == STDIN for p in paths)
    files, unreadable = _collect([p for p in paths if str(p) != STDIN])
    store_path = str(store) if store is not None else None
    if ledger_location is not None:
        _check_ledger(ledger_location)
    reports: list[Report] = unreadable
    if from_stdin:  # read here, before any worker starts: a pipe can be read only once
        stdin_result = _validate_one(_Task(STDIN, max_bytes, store_path, profile, ledger_location))
        if isinstance(stdin_result, _SchemasMissing):
            click.echo(f"Erro: {stdin_result.message}", err=True)
            raise click.exceptions.Exit(2)
        stdin_result.report.path = STDIN_LABEL
        reports.append(stdin_result.report)
    # History checks depend on the ledger's contents, which the cache key does not cover.
    cache = None if no_cache or ledger_location is not None else _cache(profile, store, max_bytes)
    kept = cache.open() if cache is not None else None
    cached = [kept.lookup(path) for path in files] if kept is not None else []
    pending = [
        _Task(path, max_bytes, store_path, profile, ledger_location, cache)
        for index, path in enumerate(files)
        if not cached or cached[index] is None
    ]
    workers = min(jobs or _available_cpus(), len(pending))
    show_progress = not quiet and len(pending) > 1 and sys.stderr.isatty()
    if workers > 1:
        results = _run_parallel(pending, workers, show_progress)
    else:
        results = _run_sequential(pending, show_progress)
    try:
        for result in _in_order(cached, results):
            if isinstance(result, _SchemasMissing):
                click.echo(f"Erro: {result.message}", err=True)
                raise click.exceptions.Exit(2)
            if isinstance(result, _Validated):
                if kept is not None and result.key is not None:
                    kept.add(result.key, result.report)
                result = result.report
            reports.append(result)
    finally:
        results.close()  # stops the workers at once when the run is cut short
        if kept is not None:  # also what was validated before a run was cut short
            kept.save()
            kept.cache.prune()

    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.validation.formats import render

    output = render(reports, output_format, color=sys.stdout.isatty(), quiet=quiet)
    if output:
        click.echo(output)
    raise click.exceptions.Exit(0 if all(r.valid for r in reports) else 1)


def _cache(profile: Profile, store: Path | None, max_bytes: int) -> ReportCache:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.schemas.location import store_root
    from tissbill.validation.cache import ReportCache

    return ReportCache.for_run(profile=profile, schemas=store_root(store), max_bytes=max_bytes)


def _in_order(
    cached: list[Report | None], validated: _Results
) -> Iterator[Report | _Validated | _SchemasMissing]:
    """The cached reports and the fresh results merged back in the order of the files."""
    for report in cached:
        yield report if report is not None else next(validated)
    yield from validated  # every file, when nothing was looked up


def _check_ledger(location: str) -> None:
    """Open the ledger once up front: a ledger that cannot be used stops the run (exit 2)."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.errors import LedgerUnavailableError
    from tissbill.ledger import Ledger

    try:
        Ledger.open(location or None).close()
    except LedgerUnavailableError as exc:
        click.echo(f"Erro: {exc}", err=True)
        raise click.exceptions.Exit(2) from None


def _available_cpus() -> int:
    """CPUs this process may run on (a container or taskset may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _collect(paths: Sequence[Path]) -> tuple[list[str], list[Report]]:
    """Files named on the command line plus every ``*.xml`` under the folders, without repeats,
    and an error report for each subfolder that could not be listed (never skipped silently)."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.validation.findings import Finding, Report, Severity

    found: dict[str, None] = {}
    unreadable: list[Report] = []

    def folder_error(exc: OSError) -> None:
        where = exc.filename or "?"
        message = (
            f"A pasta {where} não pôde ser lida ({exc.strerror or exc}): os arquivos dentro "
            "dela não foram validados."
        )
        finding = Finding("FILE-UNREADABLE", Severity.ERROR, message)
        unreadable.append(Report(path=str(where), findings=[finding]))

    for path in paths:
        if path.is_dir():
            errors_before = len(unreadable)
            # Plain strings, sorted by their parts as paths sort: Path objects for 1,000 names
            # cost more than the rest of a run served from the cache of reports. Named as
            # Path(folder, name) names them: without the "./" of the current folder.
            skip = len(os.curdir + os.sep) if str(path) == os.curdir else 0
            xml_files = sorted(
                (
                    os.path.join(folder, name)[skip:]
                    for folder, _, names in os.walk(path, onerror=folder_error)
                    for name in names
                    if os.path.splitext(name)[1].lower() == ".xml"
                ),
                key=_path_parts,
            )
            if not xml_files and len(unreadable) == errors_before:
                raise click.UsageError(f"Nenhum arquivo .xml encontrado na pasta {path}.")
            found.update(dict.fromkeys(xml_files))
        elif path.exists():
            found[str(path)] = None
        else:
            raise click.UsageError(f"Caminho não encontrado: {path}")
    return list(found), unreadable


def _path_parts(path: str) -> list[str]:
    return path.split(os.sep)


def _validate_one(task: _Task) -> _Validated | _SchemasMissing:
    """Validate one file; runs in the worker processes too (each compiles each XSD once)."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.errors import SchemaNotInstalledError, TissBillError
    from tissbill.files import read_file
    from tissbill.schemas import SchemaStore
    from tissbill.validation.api import validate

    store = SchemaStore(task.store) if task.store is not None else None
    history = None
    if task.ledger is not None:
        # Deferred for start-up time: loaded when the command runs, not for --help.
        from tissbill.ledger import Ledger

        # One ledger per process, opened on its first file (workers cannot share connections).
        history = _OPEN_LEDGERS.get(task.ledger)
        if history is None:
            history = _OPEN_LEDGERS[task.ledger] = Ledger.open(task.ledger or None)
    source: Source = Path(task.path)
    if task.path == STDIN:
        source = sys.stdin.buffer
    elif task.cache is not None:
        # Validate the very bytes the entry is keyed by, even if the file changes meanwhile.
        with suppress(TissBillError):  # unreadable: validate() reports it, nothing is kept
            source = read_file(task.path, max_bytes=task.max_bytes)
    try:
        report = validate(
            source,
            profile=task.profile,
            max_bytes=task.max_bytes,
            store=store,
            history=history,
        )
    except SchemaNotInstalledError as exc:
        return _SchemasMissing(str(exc))
    if isinstance(source, bytes) and task.cache is not None:
        report.path = task.path
        return _Validated(report, task.cache.key(source))
    return _Validated(report)


_OPEN_LEDGERS: dict[str, Ledger] = {}

_Results = Generator["_Validated | _SchemasMissing", None, None]


def _run_sequential(tasks: list[_Task], show_progress: bool) -> _Results:
    with _progress(len(tasks), show_progress) as advance:
        for task in tasks:
            result = _validate_one(task)
            advance()
            yield result


def _run_parallel(tasks: list[_Task], workers: int, show_progress: bool) -> _Results:
    # Several files per round trip amortise the pickling; several rounds per worker keep the
    # load balanced when some files are much larger than others.
    chunksize = max(1, min(64, len(tasks) // (workers * 4)))
    # Deferred for start-up time: multiprocessing loads only when files are validated in
    # parallel, never for a run served from the cache of reports.
    from concurrent.futures import ProcessPoolExecutor

    with (
        ProcessPoolExecutor(max_workers=workers) as pool,
        _progress(len(tasks), show_progress) as advance,
    ):
        try:
            for result in pool.map(_validate_one, tasks, chunksize=chunksize):
                advance()
                yield result
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """Yield an ``advance()`` callable; a rich progress bar on stderr when ``enabled``."""
    if not enabled:
        yield lambda: None
        return
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("Validando"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("validate", total=total)
        yield lambda: progress.advance(task)
