"""``tissbill hash``: print, check or fix the epílogo hash of TISS files."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tissbill.cli._support import (
    EXIT_ERRORS,
    EXIT_OK,
    command,
    fail,
    input_files,
    quiet_option,
    user_errors,
)

if TYPE_CHECKING:
    from lxml import etree

STDIN = Path("-")
"""The file name that means standard input."""

_EPILOG = """\b
Exemplos:
  tissbill hash lote-58114-consulta.xml
  tissbill hash --check lotes/*.xml
  tissbill hash --write lote-58114-consulta.xml
  cat lote-58114-consulta.xml | tissbill hash --check -

\b
Código de saída: 0 tudo certo; 1 hash divergente ou ausente (--check), arquivo ilegível ou
que não é uma mensagem TISS; 2 uso incorreto ou arquivo inexistente.
"""


@command("hash", epilog=_EPILOG, short_help="Mostra, confere ou corrige o hash do epílogo.")
@input_files(allow_dash=True)
@click.option("--check", is_flag=True, help="Confere o hash calculado com o do epílogo.")
@click.option(
    "--write",
    is_flag=True,
    help="Corrige o hash do epílogo no próprio arquivo, sem alterar nenhum outro byte.",
)
@click.option(
    "--no-backup", is_flag=True, help="Com --write, não guarda a cópia original em ARQUIVO.bak."
)
@click.option("--force", is_flag=True, help="Com --write, corrige também arquivos somente leitura.")
@quiet_option
@user_errors
def hash_command(
    files: tuple[Path, ...], check: bool, write: bool, no_backup: bool, force: bool, quiet: bool
) -> None:
    """Mostra o hash MD5 do epílogo de arquivos XML TISS (ISO-8859-1, como exige a ANS).

    Com --check, compara com o hash gravado no epílogo e diz se ele só confere com o conteúdo
    em UTF-8 (erro comum de sistemas que geram o arquivo). Com --write, corrige o hash no
    lugar, guardando o original em ARQUIVO.bak (a não ser com --no-backup); um arquivo
    somente leitura só é corrigido com --force, e um link simbólico continua link (o arquivo
    para onde ele aponta é corrigido). Com - no lugar de um ARQUIVO, lê a mensagem da
    entrada padrão (sem --write).
    """
    if check and write:
        fail("use --check ou --write, não os dois", 2)
    if write and STDIN in files:
        fail("--write corrige arquivos no lugar; a entrada padrão (-) não pode ser corrigida", 2)
    for flag, given in (("--no-backup", no_backup), ("--force", force)):
        if given and not write:
            fail(f"{flag} só faz sentido com --write", 2)
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.errors import TissBillError
    from tissbill.files import describe_os_error

    ok = True
    for path in files:
        try:
            if write:
                ok &= _write(path, backup=not no_backup, force=force, quiet=quiet)
            elif check:
                ok &= _check(path, quiet=quiet)
            else:
                from tissbill.xml import epilogo

                click.echo(f"{epilogo.compute(_message(path))}  {path}")
        except TissBillError as exc:  # one file's error never skips the next files
            click.echo(f"Erro: {path}: {exc}", err=True)
            ok = False
        except OSError as exc:
            click.echo(f"Erro: {exc.filename or path}: {describe_os_error(exc)}", err=True)
            ok = False
    raise click.exceptions.Exit(EXIT_OK if ok else EXIT_ERRORS)


def _message(path: Path) -> etree._Element:
    """The parsed ``mensagemTISS`` of ``path`` (``-``: standard input); another XML document
    is an error, because its "hash" would mean nothing."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from lxml import etree

    from tissbill.errors import TissBillError
    from tissbill.xml.namespaces import TISS_NS, q
    from tissbill.xml.parser import parse

    root = parse(sys.stdin.buffer if path == STDIN else path).root
    if root.tag != q("mensagemTISS"):
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise TissBillError(
            f"não é uma mensagem TISS: o elemento raiz é '{name}', e não 'ans:mensagemTISS' "
            f"(no namespace {TISS_NS})"
        )
    return root


def _check(path: Path, *, quiet: bool) -> bool:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.xml import epilogo

    result = epilogo.verify(_message(path))
    expected = result.expected or "(impossível: há caracteres fora do ISO-8859-1)"
    status = epilogo.HashStatus
    if result.status is status.VALID:
        if not quiet:
            click.echo(f"OK  {path}")
        return True
    if result.declared is None:  # no element to fill: --write would refuse this file
        click.echo(
            f"DIVERGENTE  {path}: o arquivo não tem o epílogo (ans:epilogo/ans:hash), "
            f"obrigatório no fim da mensagemTISS; o hash correto é {expected}. Gere o arquivo "
            "de novo no sistema de origem (tissbill build sempre grava o epílogo)."
        )
        return False
    if result.status is status.MISSING:
        detail = f"epílogo sem hash; o hash correto é {expected}"
    elif result.status is status.UTF8_VARIANT:
        detail = (
            f"o hash declarado {result.declared} confere com o conteúdo em UTF-8, não em "
            f"ISO-8859-1 como exige o padrão TISS; o hash correto é {expected}"
        )
    else:
        detail = (
            f"hash declarado {result.declared} não confere (nem na variante UTF-8); "
            f"o hash correto é {expected}"
        )
    fix = "salve a mensagem em um arquivo e corrija com: tissbill hash --write ARQUIVO"
    if path != STDIN:
        fix = f"corrija com: tissbill hash --write {path}"
    click.echo(f"DIVERGENTE  {path}: {detail}. {fix[0].upper()}{fix[1:]}")
    return False


def _write(path: Path, *, backup: bool, force: bool, quiet: bool) -> bool:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill import files
    from tissbill.xml.parser import read_source
    from tissbill.xml.rehash import rewrite_hash

    # A link stays a link: the file it points to is the one rewritten.
    target = Path(os.path.realpath(path))
    # Under the lock, a concurrent run either finished (the file is already correct and the
    # backup holds the original) or has not started: the backup is taken once, from the
    # original bytes.
    with files.locked(target) as status:
        if not force and not status.st_mode & 0o222:
            click.echo(
                f"Erro: {path}: arquivo somente leitura; não foi alterado "
                "(use --force para corrigi-lo mesmo assim).",
                err=True,
            )
            return False
        original = read_source(target)
        result = rewrite_hash(original)
        if not result.changed:
            if not quiet:
                click.echo(f"já correto  {path}")
            return True
        if backup:
            copy = path.with_name(path.name + ".bak")
            files.remove_stale_temps(copy)
            files.atomic_write(copy, original, mode=stat.S_IMODE(status.st_mode))
        files.atomic_write(target, result.data, mode=stat.S_IMODE(status.st_mode))
    if not quiet:
        click.echo(f"corrigido  {path}: {result.old or '(vazio)'} → {result.new}")
    return True
