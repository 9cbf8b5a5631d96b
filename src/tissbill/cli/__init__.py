"""The ``tissbill`` command line. Subcommands live in their own modules and are loaded lazily."""

from __future__ import annotations

import importlib
from typing import Any

import click

from tissbill import __version__
from tissbill.cli._support import OPTIONS_METAVAR

# Each subcommand lives in tissbill.cli.<name>, imported only when it runs (keeps start-up fast);
# its click object is <name>_command, or <name> for the groups of subcommands.
_COMMANDS = (
    "build",
    "glosas",
    "hash",
    "info",
    "lotes",
    "recurso",
    "report",
    "retorno",
    "rules",
    "validate",
)
_GROUPS = ("schemas", "tabelas")


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS + _GROUPS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _GROUPS:
            attribute = cmd_name
        elif cmd_name in _COMMANDS:
            attribute = f"{cmd_name}_command"
        else:
            return None
        module = importlib.import_module(f"tissbill.cli.{cmd_name}")
        command: click.Command = getattr(module, attribute)
        return command


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar="COMANDO [ARGUMENTOS]...",
)
@click.version_option(__version__, prog_name="tissbill")
def cli() -> None:
    """tissbill: gera e valida arquivos XML TISS (ANS) para faturamento."""


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``tissbill`` script."""
    return cli.main(args=argv, prog_name="tissbill")
