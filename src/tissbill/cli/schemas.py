"""``tissbill schemas``: install, download, list and verify the official TISS XSD files.

Only click is imported at module level; the schema machinery (lxml, zipfile, urllib) loads
when a command actually runs, so ``tissbill --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from tissbill.cli._support import (
    OPTIONS_METAVAR,
    echo_verified,
    first_few,
    store_option,
    store_origin,
)

if TYPE_CHECKING:
    from tissbill.schemas import InstallReport, SchemaStore

EXIT_REFUSED = 1
EXIT_USAGE = 2
_SHOWN_IGNORED = 5


_store_option = store_option(
    "Pasta dos schemas (padrão: $TISSBILL_SCHEMAS ou a pasta de dados do usuário)."
)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn tissbill's own errors into a message on stderr and the documented exit code."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.errors import SchemaSourceError, TissBillError, UnsupportedVersionError

    try:
        yield
    except (SchemaSourceError, UnsupportedVersionError) as exc:
        _fail(str(exc), EXIT_USAGE)
    except TissBillError as exc:
        _fail(str(exc), EXIT_REFUSED)


def _open_store(path: Path | None) -> SchemaStore:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.schemas import SchemaStore

    return SchemaStore(path)


def _store_origin(path: Path | None) -> str:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.schemas import ENV_VAR

    return store_origin(path, ENV_VAR)


def _print_report(report: InstallReport) -> None:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.schemas import load_manifest

    manifest = load_manifest()
    for version in report.installed:
        count = len(manifest.release(version).files)
        click.echo(
            f"Versão TISS {version.value} instalada em {report.root / version.value} "
            f"({count} arquivos conferidos com o manifesto)."
        )
    for version in report.unchanged:
        click.echo(
            f"Versão TISS {version.value} já estava instalada em {report.root / version.value} "
            "com os mesmos arquivos; nada foi alterado."
        )
    if report.ignored:
        click.echo(
            f"{len(report.ignored)} arquivo(s) ignorado(s) por não serem XSD do Padrão TISS: "
            f"{first_few(report.ignored, _SHOWN_IGNORED)}."
        )


@click.group(
    "schemas", options_metavar=OPTIONS_METAVAR, subcommand_metavar="COMANDO [ARGUMENTOS]..."
)
def schemas() -> None:
    """Schemas XSD oficiais da ANS: instalar, baixar, listar e conferir."""


@schemas.command("install", options_metavar=OPTIONS_METAVAR)
@click.argument(
    "sources", metavar="ORIGEM...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@_store_option
def install_command(sources: tuple[Path, ...], store_path: Path | None) -> None:
    """Instala os XSD de ORIGEM: uma pasta de uma versão, uma pasta com várias versões ou o ZIP
    do Componente de Comunicação da ANS. Cada arquivo é conferido com o manifesto; arquivos
    alterados ou desconhecidos e versões incompletas são recusados sem mexer no que já está
    instalado."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.schemas import install

    with _user_errors():
        _print_report(install(sources, _open_store(store_path)))


@schemas.command("download", options_metavar=OPTIONS_METAVAR)
@click.argument("version", metavar="[VERSÃO]", required=False)
@click.option(
    "--url", metavar="URL", help="Endereço do ZIP (padrão: o endereço oficial no manifesto)."
)
@_store_option
def download_command(version: str | None, url: str | None, store_path: Path | None) -> None:
    """Baixa o ZIP oficial da ANS de VERSÃO (padrão: a versão mais recente) e o instala,
    conferindo cada arquivo com o manifesto."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.schemas import download, load_manifest
    from tissbill.versions import DEFAULT_VERSION, TissVersion

    with _user_errors():
        wanted = TissVersion.parse(version) if version else DEFAULT_VERSION
        address = url or load_manifest().release(wanted).source.zip_url
        if address:
            click.echo(f"Baixando {address} ...", err=True)
        _print_report(download(wanted, _open_store(store_path), url))


@schemas.command("list", options_metavar=OPTIONS_METAVAR)
@_store_option
def list_command(store_path: Path | None) -> None:
    """Lista as versões TISS conhecidas e se estão instaladas."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.schemas import load_manifest
    from tissbill.versions import DEFAULT_VERSION

    with _user_errors():
        store = _open_store(store_path)
        click.echo(f"Pasta dos schemas: {store.root} ({_store_origin(store_path)})")
        click.echo(f"{'VERSÃO':<9}{'SITUAÇÃO':<15}{'VIGÊNCIA':<18}")
        missing = False
        for release in load_manifest().releases:
            version = release.version
            if store.is_installed(version):
                status = "instalada"
            else:
                missing = True
                status = "incompleta" if store.version_dir(version).exists() else "não instalada"
            since = f"desde {release.valid_from:%d/%m/%Y}" if release.valid_from else "-"
            default = "padrão" if version is DEFAULT_VERSION else ""
            click.echo(f"{version.value:<9}{status:<15}{since:<18}{default}".rstrip())
        if missing:
            click.echo(
                "Para instalar: tissbill schemas download <versão> "
                "ou tissbill schemas install <pasta-ou-zip>."
            )


@schemas.command("verify", options_metavar=OPTIONS_METAVAR)
@click.argument("versions", metavar="[VERSÃO]...", nargs=-1)
@_store_option
def verify_command(versions: tuple[str, ...], store_path: Path | None) -> None:
    """Confere de novo cada arquivo instalado com o manifesto (todas as versões presentes, ou
    só as indicadas). Sai com código 1 se algum arquivo faltar ou estiver alterado, ou se
    nenhuma versão estiver instalada."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.versions import TissVersion

    with _user_errors():
        store = _open_store(store_path)
        targets = [TissVersion.parse(v) for v in versions] or [
            v for v in TissVersion if store.version_dir(v).exists()
        ]
        if not targets:
            _fail(
                f"Nenhuma versão instalada em {store.root}; nada foi conferido. Instale com "
                "`tissbill schemas download <versão>` ou `tissbill schemas install "
                "<pasta-ou-zip>`.",
                EXIT_REFUSED,
            )
        failed = echo_verified(
            ((version.value, store.verify(version)) for version in targets),
            "OK, arquivos iguais aos oficiais da ANS.",
            lambda name, problems: [
                f"{name}: {len(problems)} problema(s):",
                *(f"  - {problem}" for problem in problems),
            ],
        )
        if failed:
            _fail(
                "Reinstale com `tissbill schemas download <versão>` "
                "ou `tissbill schemas install <pasta-ou-zip>`.",
                EXIT_REFUSED,
            )
