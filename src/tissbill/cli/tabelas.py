"""``tissbill tabelas``: install, list, verify and show the terminology tables the user has
(tabela 38 gives the meaning of each glosa code).

Exit codes like ``tissbill schemas``: 0 done, 1 table refused or damaged, 2 incorrect use (file
missing or not a regular file, bad option). Only click is imported at module level.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tissbill.cli._support import (
    EXIT_ERRORS,
    OPTIONS_METAVAR,
    echo_verified,
    fail,
    first_few,
    store_option,
    store_origin,
    user_errors,
)

if TYPE_CHECKING:
    from tissbill.tabelas import TabelaStore

_SHOWN_UNKNOWN = 10

_store_option = store_option(
    "Pasta das tabelas (padrão: $TISSBILL_TABELAS ou a pasta de dados do usuário)."
)


def _open_store(path: Path | None) -> TabelaStore:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.tabelas import TabelaStore

    return TabelaStore(path)


def _tabela(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.errors import TabelaError
    from tissbill.tabelas import tabela_number

    if value is None:
        return None
    try:
        return tabela_number(value)
    except TabelaError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(
    "tabelas", options_metavar=OPTIONS_METAVAR, subcommand_metavar="COMANDO [ARGUMENTOS]..."
)
def tabelas() -> None:
    """Tabelas de terminologia (TUSS) do usuário: a tabela 38 dá o significado de cada código de
    glosa. Instalar, listar, conferir e consultar."""


@tabelas.command("install", options_metavar=OPTIONS_METAVAR)
@click.argument("arquivo", metavar="ARQUIVO", type=click.Path(path_type=Path))
@click.option(
    "--tabela",
    metavar="NÚMERO",
    default="38",
    show_default=True,
    callback=_tabela,
    help="Número da tabela TUSS que o arquivo contém.",
)
@_store_option
@user_errors
def install_command(arquivo: Path, tabela: str, store_path: Path | None) -> None:
    """Instala ARQUIVO, um CSV `codigo;descricao` (UTF-8 ou ISO-8859-1), no lugar da tabela
    instalada. O arquivo é conferido inteiro antes: sem cabeçalho, linha sem código, código
    repetido com outra descrição, arquivo vazio ou binário são recusados sem mexer no que já
    está instalado."""
    report = _open_store(store_path).install(arquivo, tabela)
    installed = report.installed
    if report.changed:
        click.echo(
            f"Tabela {installed.tabela} instalada: {installed.rows} código(s) carregado(s) de "
            f"{arquivo} ({installed.encoding})."
        )
    else:
        click.echo(
            f"Tabela {installed.tabela} já estava instalada com os mesmos {installed.rows} "
            "código(s); nada foi alterado."
        )
    if report.repeated:
        click.echo(
            f"{report.repeated} linha(s) repetida(s) com a mesma descrição, lida(s) uma vez."
        )
    if report.unknown_codes:
        click.echo(
            f"Aviso: {len(report.unknown_codes)} código(s) fora da tabela 38 da versão TISS "
            "mais recente (instalados assim mesmo): "
            f"{first_few(report.unknown_codes, _SHOWN_UNKNOWN)}.",
            err=True,
        )


@tabelas.command("list", options_metavar=OPTIONS_METAVAR)
@_store_option
@user_errors
def list_command(store_path: Path | None) -> None:
    """Lista as tabelas instaladas, com o número de códigos e o arquivo de origem."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.tabelas import ENV_VAR, TabelaError

    store = _open_store(store_path)
    click.echo(f"Pasta das tabelas: {store.root} ({store_origin(store_path, ENV_VAR)})")
    numbers = store.tabelas()
    if not numbers:
        click.echo(
            "Nenhuma tabela instalada. Sem a tabela 38, os códigos de glosa aparecem sem "
            "descrição; instale com `tissbill tabelas install <arquivo.csv>`."
        )
        return
    click.echo(f"{'TABELA':<8}{'CÓDIGOS':>8}  {'SHA-256':<18}ORIGEM")
    for number in numbers:
        try:
            record = store.installed(number)
        except TabelaError:
            click.echo(f"{number:<8}{'?':>8}  danificada: rode `tissbill tabelas verify`")
            continue
        if record is not None:
            click.echo(f"{number:<8}{record.rows:>8}  {record.sha256[:16]:<18}{record.origin}")


@tabelas.command("verify", options_metavar=OPTIONS_METAVAR)
@click.argument("numeros", metavar="[TABELA]...", nargs=-1)
@_store_option
@user_errors
def verify_command(numeros: tuple[str, ...], store_path: Path | None) -> None:
    """Confere cada tabela instalada (todas, ou só as indicadas) com o SHA-256 gravado na
    instalação. Sai com código 1 se alguma foi alterada, está faltando ou se nenhuma está
    instalada."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.tabelas import tabela_number

    store = _open_store(store_path)
    targets = [tabela_number(n) for n in numeros] or list(store.tabelas())
    if not targets:
        fail(
            f"Nenhuma tabela instalada em {store.root}; nada foi conferido. Instale com "
            "`tissbill tabelas install <arquivo.csv>`."
        )
    failed = echo_verified(
        ((number, store.verify(number)) for number in targets),
        "OK, igual ao que foi instalado.",
        lambda number, problems: (f"{number}: {problem}" for problem in problems),
    )
    if failed:
        fail(
            "Reinstale a tabela com `tissbill tabelas install <arquivo.csv> --tabela <número>`.",
            EXIT_ERRORS,
        )


@tabelas.command("show", options_metavar=OPTIONS_METAVAR)
@click.argument("tabela", metavar="TABELA", callback=_tabela)
@click.argument("codigos", metavar="[CÓDIGO]...", nargs=-1)
@_store_option
@user_errors
def show_command(tabela: str, codigos: tuple[str, ...], store_path: Path | None) -> None:
    """Mostra os códigos da TABELA instalada e suas descrições (todos, ou só os indicados).
    Sai com código 1 se um código indicado não estiver na tabela."""
    store = _open_store(store_path)
    found = store.read(tabela)
    if found is None:
        fail(
            f"A tabela {tabela} não está instalada em {store.root}. Instale com "
            f"`tissbill tabelas install <arquivo.csv> --tabela {tabela}`."
        )
    rows = found[1]
    missing = [c for c in codigos if c not in rows]
    for codigo in codigos or tuple(rows):
        if codigo in rows:
            click.echo(f"{codigo}\t{rows[codigo]}")
    if missing:
        fail(f"código(s) fora da tabela {tabela}: {', '.join(missing)}.")
