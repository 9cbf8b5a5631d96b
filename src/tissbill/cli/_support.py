"""Behaviour shared by the billing commands (build, hash, info, report).

Exit codes follow ``tissbill validate``: 0 nothing wrong, 1 errors in the files or inputs,
2 incorrect use (bad option, missing path, schemas not installed). A user's mistake is a
Portuguese message on stderr, never a traceback. Only click is imported here: the command
modules are imported by ``tissbill --help``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

from tissbill.cli import _i18n

# Click's texts in Portuguese before any option is built (a path type takes its name, used in
# messages, when it is created); every command module imports this one.
_i18n.install()

if TYPE_CHECKING:
    from rich.console import Console

    from tissbill.periodo import Periodo
    from tissbill.validation.profile import Profile

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2

OPTIONS_METAVAR = "[OPÇÕES]"
"""Every command's ``options_metavar``: click's default, ``[OPTIONS]``, is not translatable."""

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


def command(
    name: str, *, epilog: str | None = None, short_help: str | None = None
) -> Callable[[Callable[..., Any]], click.Command]:
    """A tissbill command, with the Portuguese options metavar."""
    return click.command(
        name, options_metavar=OPTIONS_METAVAR, epilog=epilog, short_help=short_help
    )


def input_files(
    name: str = "files", metavar: str = "ARQUIVO...", *, allow_dash: bool = False
) -> Callable[[F], F]:
    """The argument of a command reading one or more existing files (``-``: stdin, when
    ``allow_dash``)."""
    return click.argument(
        name,
        metavar=metavar,
        nargs=-1,
        required=True,
        type=click.Path(exists=True, dir_okay=False, allow_dash=allow_dash, path_type=Path),
    )


def format_option(*choices: str, help: str | None = None) -> Callable[[F], F]:
    """``--format`` among ``choices`` (into ``output_format``), ``text`` by default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default="text",
        show_default=True,
        help=help,
    )


def output_option(help_text: str, *, folder: bool = False) -> Callable[[F], F]:
    """``--output ARQUIVO`` (``--output-dir PASTA`` with ``folder``), ``-o``: where a command
    writes, required."""
    return click.option(
        "--output-dir" if folder else "--output",
        "-o",
        required=True,
        type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path),
        help=help_text,
    )


quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="Sem tabelas nem barra de progresso; só os problemas."
)


ledger_option = click.option(
    "--ledger",
    "ledger_location",
    metavar="CAMINHO|URL",
    help="Registro dos lotes faturados, que dá a numeração (padrão: $TISSBILL_LEDGER ou "
    "ledger.sqlite na pasta de dados do usuário). Veja docs/ledger.md.",
)


def store_option(help_text: str) -> Callable[[F], F]:
    """``--store PASTA`` of the commands that manage a store (schemas, tabelas)."""
    return click.option(
        "--store",
        "store_path",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=help_text,
    )


def store_origin(path: Path | None, env_var: str) -> str:
    """Where the store folder in use comes from, for ``list``."""
    if path is not None:
        return "opção --store"
    if os.environ.get(env_var, "").strip():
        return f"variável {env_var}"
    return "pasta de dados do usuário"


def echo_verified(
    checked: Iterable[tuple[str, Sequence[object]]],
    ok: str,
    problem_lines: Callable[[str, Sequence[object]], Iterable[str]],
) -> bool:
    """The ``verify`` of a store (schemas, tabelas): for each name and the problems found,
    ``name: ok`` on stdout when there are none, else ``problem_lines`` on stderr. Whether any
    had a problem."""
    failed = False
    for name, problems in checked:
        if problems:
            failed = True
            for line in problem_lines(name, problems):
                click.echo(line, err=True)
        else:
            click.echo(f"{name}: {ok}")
    return failed


def first_few(items: Sequence[str], limit: int) -> str:
    """The first ``limit`` of ``items`` joined by commas, then how many more were left out."""
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" e mais {more}" if more > 0 else "")


def parse_periodo(ctx: click.Context, param: click.Parameter, value: str | None) -> Periodo | None:
    """Click callback for ``--periodo AAAA-MM-DD:AAAA-MM-DD``."""
    if value is None:
        return None
    from tissbill.billing.workflow import (
        Periodo,  # the billing modules load only when a command runs
    )

    try:
        return Periodo.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _load_profile(ctx: click.Context, param: click.Parameter, value: Path | None) -> Profile:
    # Deferred for start-up time: every command loads this module.
    from tissbill.errors import TissBillError
    from tissbill.validation.profile import STRICT_PROFILE, Profile

    if value is None:
        return STRICT_PROFILE
    try:
        return Profile.load(value)
    except TissBillError as exc:
        raise click.BadParameter(str(exc)) from None


profile_option = click.option(
    "--profile",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_load_profile,
    metavar="ARQUIVO",
    help="Perfil da operadora (YAML ou JSON): severidades por código, regras opcionais, "
    "tolerância de valores. Veja docs/profiles.md.",
)


def fail(message: str, code: int = EXIT_ERRORS) -> NoReturn:
    """Print ``Erro: message`` on stderr and leave with ``code``."""
    click.echo(f"Erro: {message}", err=True)
    raise click.exceptions.Exit(code)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn tissbill's own errors, invalid input models and file-system failures into a
    message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # Deferred for start-up time: every command loads this module.
        from pydantic import ValidationError

        from tissbill.errors import (
            InputTooDeepError,
            LedgerUnavailableError,
            SchemaNotInstalledError,
            TabelaSourceError,
            TissBillError,
        )

        try:
            return func(*args, **kwargs)
        except (SchemaNotInstalledError, LedgerUnavailableError, TabelaSourceError) as exc:
            fail(str(exc), EXIT_USAGE)
        except InputTooDeepError as exc:  # no tool writes one: refused like a bad argument
            fail(str(exc), EXIT_USAGE)
        except TissBillError as exc:
            fail(str(exc))
        except ValidationError as exc:
            # Deferred for start-up time: every command loads this module.
            from tissbill.billing.workflow import describe_validation_error

            fail("dados inválidos:\n  " + describe_validation_error(exc))
        except OSError as exc:  # writing the outputs: full disk, no permission, bad path
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}")

    return wrapper


def console(*, stderr: bool = False) -> Console:
    """A rich console: colours and live displays only when the stream is a terminal (rich
    checks it, and honours NO_COLOR)."""
    # Deferred for start-up time: every command loads this module.
    from rich.console import Console

    out = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not out.is_terminal:
        out.width = 160  # logs and pipes: wide tables read better than rows wrapped at 80
    return out
