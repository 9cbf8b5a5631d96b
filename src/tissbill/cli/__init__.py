"""The ``tissbill`` command line. Subcommands live in their own modules and are loaded lazily."""

from __future__ import annotations

import importlib
from typing import Any

import click

from tissbill import __version__
from tissbill.cli._support import OPTIONS_METAVAR

# name -> (module, attribute); importing a subcommand only when it runs keeps start-up fast.
_COMMANDS: dict[str, tuple[str, str]] = {
    "schemas": ("tissbill.cli.schemas", "schemas"),
    "tabelas": ("tissbill.cli.tabelas", "tabelas"),
    "validate": ("tissbill.cli.validate", "validate_command"),
    "rules": ("tissbill.cli.rules", "rules_command"),
    "build": ("tissbill.cli.build", "build_command"),
    "hash": ("tissbill.cli.hash", "hash_command"),
    "info": ("tissbill.cli.info", "info_command"),
    "report": ("tissbill.cli.report", "report_command"),
    "lotes": ("tissbill.cli.lotes", "lotes_command"),
    "glosas": ("tissbill.cli.glosas", "glosas_command"),
    "retorno": ("tissbill.cli.retorno", "retorno_command"),
    "recurso": ("tissbill.cli.recurso", "recurso_command"),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module = importlib.import_module(target[0])
        command: click.Command = getattr(module, target[1])
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
