"""Installing official XSD files into the store, every file checked against the manifest.

A source is a folder with the XSD files of one version, a folder holding several version
folders, the official ANS ZIP, or single ``.xsd`` files. Files are identified by their digest
and name, not by where they sit (location only picks which of several identical copies is
kept). Everything is checked before anything is written; each version is then written to a
staging folder inside the store and renamed into place, so an existing installation is either
left untouched or replaced whole. A run killed between the renames leaves hidden
``.X-novo-*``/``.X-antigo-*`` folders: the next install, holding a lock on the store, puts the
version back in place from them and removes them.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import zipfile
import zlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from tissbill import files as safe_files
from tissbill.errors import SchemaInstallError, SchemaSourceError
from tissbill.schemas.manifest import Manifest, SchemaFile, lf_sha256, load_manifest
from tissbill.schemas.store import MAX_XSD_BYTES, SchemaStore
from tissbill.versions import TissVersion

MAX_TOTAL_BYTES = 64 * 1024 * 1024
"""Most XSD bytes read from the sources of one install; three official versions need ~1 MB."""
MAX_ZIP_ENTRIES = 10_000
MAX_RATIO = 100
"""Largest uncompressed/compressed ratio accepted for a ZIP member; real XSDs stay near 10."""
_RATIO_FLOOR = 1024 * 1024
"""Below this size a high ratio cannot hurt, and tiny files compress unpredictably."""
_CHUNK = 64 * 1024
_UTF8_NAMES = 0x800  # general purpose flag bit 11: the member name is UTF-8
_DRIVE = re.compile(r"^[A-Za-z]:")
_LEFTOVER = re.compile(r"\.(?P<version>[0-9.]+)-(?P<kind>novo|antigo)-[0-9a-f]+")


@dataclass(frozen=True, slots=True)
class InstallReport:
    """What :func:`install` did."""

    root: Path
    installed: tuple[TissVersion, ...]
    """Versions written to the store."""
    unchanged: tuple[TissVersion, ...]
    """Versions found in the sources that were already installed with the very same bytes."""
    ignored: tuple[str, ...]
    """Files left aside on purpose (not ``.xsd``, or another ANS component such as monitoring)."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    label: str
    folder: str
    """The folder (or ZIP folder) the file sits in: copies next to a version's own files win."""
    name: str
    data: bytes


@dataclass(slots=True)
class _Collected:
    """Files read from the sources, under a shared byte budget."""

    manifest: Manifest
    candidates: list[_Candidate] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    total: int = 0

    def wants(self, name: str) -> bool:
        return name.lower().endswith(".xsd") and not self.manifest.is_ignored(name)

    def add(self, label: str, folder: str, name: str, data: bytes) -> None:
        self.total += len(data)
        if self.total > MAX_TOTAL_BYTES:
            raise SchemaInstallError(
                [
                    f"{label}: as fontes somam mais de {_mb(MAX_TOTAL_BYTES)} de XSD; "
                    "isso não é um pacote de schemas TISS."
                ]
            )
        self.candidates.append(_Candidate(label, folder, name, data))


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.0f} MB"


def install(
    sources: Path | str | Iterable[Path | str],
    store: SchemaStore | None = None,
    *,
    only: Collection[TissVersion | str] | None = None,
) -> InstallReport:
    """Install the official XSD files found in ``sources`` into ``store`` (default store if None).

    ``only`` restricts which versions are installed (all files are still checked). Raises
    :class:`SchemaSourceError` for a missing or unusable source and :class:`SchemaInstallError`
    when any file is unknown or altered, a version is incomplete, or a ZIP is unsafe.
    """
    paths = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    if not paths:
        raise SchemaSourceError("Informe ao menos uma pasta, ZIP ou arquivo .xsd para instalar.")
    collected = _Collected(load_manifest())
    for raw in paths:
        _collect_path(Path(raw).expanduser(), collected)
    return _install(collected, store or SchemaStore(), only, ", ".join(str(p) for p in paths))


def install_zip(
    stream: IO[bytes],
    label: str,
    store: SchemaStore | None = None,
    *,
    only: Collection[TissVersion | str] | None = None,
) -> InstallReport:
    """Like :func:`install` for a ZIP already open as a binary stream (e.g. just downloaded)."""
    collected = _Collected(load_manifest())
    _collect_zip(stream, label, collected)
    return _install(collected, store or SchemaStore(), only, label)


def _collect_path(source: Path, collected: _Collected) -> None:
    if source.is_dir():
        _collect_folder(source, collected)
    elif source.is_file():
        if zipfile.is_zipfile(source):
            with source.open("rb") as stream:
                _collect_zip(stream, str(source), collected)
        elif source.name.lower().endswith(".zip"):
            raise SchemaInstallError([f"{source}: ZIP inválido ou incompleto."])
        elif source.name.lower().endswith(".xsd"):
            if collected.wants(source.name):
                collected.add(str(source), str(source.parent), source.name, _read_file(source))
            else:
                collected.ignored.append(str(source))
        else:
            raise SchemaSourceError(
                f"{source} não é uma pasta, um ZIP nem um arquivo .xsd; informe a pasta com os "
                "XSD ou o ZIP do Componente de Comunicação da ANS."
            )
    else:
        raise SchemaSourceError(f"Pasta ou arquivo não encontrado: {source}")


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_XSD_BYTES:
            raise SchemaInstallError(
                [f"{path}: maior que {_mb(MAX_XSD_BYTES)}; não é um XSD TISS."]
            )
        return path.read_bytes()
    except OSError as exc:
        raise SchemaSourceError(f"Não foi possível ler {path}: {exc.strerror or exc}") from None


def _collect_folder(folder: Path, collected: _Collected) -> None:
    def unreadable(exc: OSError) -> None:
        raise SchemaSourceError(f"Não foi possível ler a pasta {exc.filename}: {exc.strerror}")

    for current, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in sorted(names):
            path = Path(current) / name
            if collected.wants(name):
                collected.add(str(path), current, name, _read_file(path))
            else:
                collected.ignored.append(str(path))


def member_name(info: zipfile.ZipInfo) -> str:
    """The name of a ZIP member as its author wrote it.

    With flag bit 11 the name is UTF-8 and :mod:`zipfile` already decoded it. Without it the
    format says CP437 and :mod:`zipfile` decoded it so; but many tools store UTF-8 without the
    flag, and Windows in Brazil stores code page 850 (which is how ANS's
    "Padrão TISS Comunicação 040300" folder arrives). Recover the raw bytes and try those.
    """
    if info.flag_bits & _UTF8_NAMES:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp850")


def is_unsafe_member(name: str) -> bool:
    """True for ZIP names that could escape a folder: absolute, drive-letter or ``..`` paths."""
    normalised = name.replace("\\", "/")
    return (
        "\x00" in normalised
        or normalised.startswith("/")
        or bool(_DRIVE.match(normalised))
        or ".." in normalised.split("/")
    )


def _collect_zip(stream: IO[bytes], label: str, collected: _Collected) -> None:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SchemaInstallError([f"{label}: ZIP inválido ou corrompido ({exc})."]) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise SchemaInstallError([f"{label}: ZIP com {len(infos)} entradas; recusado."])
        named = [(info, member_name(info)) for info in infos]
        unsafe = [name for _, name in named if is_unsafe_member(name)]
        if unsafe:
            raise SchemaInstallError(
                [
                    f"{label}: o ZIP contém caminho inseguro (absoluto ou com '..'): {name}"
                    for name in unsafe
                ]
            )
        for info, name in named:
            if info.is_dir():
                continue
            where = f"{label}: {name}"
            member = PurePosixPath(name.replace("\\", "/"))
            if not collected.wants(member.name):
                collected.ignored.append(where)
            elif stat.S_ISLNK(info.external_attr >> 16):
                raise SchemaInstallError([f"{where}: link simbólico dentro do ZIP; recusado."])
            else:
                data = _read_member(archive, info, where, collected)
                collected.add(where, f"{label}: {member.parent}", member.name, data)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, collected: _Collected
) -> bytes:
    bomb = f"{where}: descompactado fica grande demais (possível ZIP bomb); recusado."
    limit = min(MAX_XSD_BYTES, MAX_TOTAL_BYTES - collected.total)
    if info.file_size > limit or _ratio_too_high(info.file_size, info.compress_size):
        raise SchemaInstallError([bomb])
    # The header may lie: count what really comes out, and stop at the limit.
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SchemaInstallError([bomb])
                chunks.append(chunk)
    except SchemaInstallError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise SchemaInstallError([f"{where}: não foi possível descompactar ({exc})."]) from None
    except NotImplementedError:
        raise SchemaInstallError(
            [f"{where}: método de compressão não suportado; recompacte o ZIP (deflate)."]
        ) from None
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise SchemaInstallError([f"{where}: {exc}"]) from None
    if _ratio_too_high(size, info.compress_size):
        raise SchemaInstallError([bomb])
    return b"".join(chunks)


def _ratio_too_high(size: int, compressed: int) -> bool:
    return size > _RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1)


def _install(
    collected: _Collected,
    store: SchemaStore,
    only: Collection[TissVersion | str] | None,
    described: str,
) -> InstallReport:
    manifest = collected.manifest
    problems: list[str] = []
    found: dict[TissVersion, dict[str, list[_Candidate]]] = {}
    evidence: dict[TissVersion, set[str]] = {}
    for candidate in collected.candidates:
        matches = manifest.matches(lf_sha256(candidate.data))
        same_name = [(r, f) for r, f in matches if f.name == candidate.name]
        if same_name:
            for release, official in same_name:
                found.setdefault(release.version, {}).setdefault(official.name, []).append(
                    candidate
                )
            # A file found in a single release (tissV4_03_00.xsd...) tells which versions are
            # present, and where; shared files (xmldsig-core-schema.xsd) only complete them.
            if len(same_name) == 1:
                evidence.setdefault(same_name[0][0].version, set()).add(candidate.folder)
        elif matches:
            problems.append(
                f"{candidate.label}: tem o conteúdo do arquivo oficial {matches[0][1].name}, mas "
                "outro nome; os schemas se incluem pelo nome, use o nome original."
            )
        elif candidate.name in manifest.known_names:
            problems.append(
                f"{candidate.label}: difere do arquivo oficial da ANS (SHA-256 não confere); "
                "foi alterado ou está corrompido."
            )
        else:
            problems.append(
                f"{candidate.label}: XSD desconhecido; não pertence a nenhuma versão TISS que esta "
                "versão do tissbill conhece."
            )

    present = set(evidence)
    wanted = {TissVersion.parse(v) for v in only} if only is not None else present
    for version in sorted(wanted - present):
        problems.append(f"{described}: não contém os schemas da versão TISS {version.value}.")
    selected = sorted(wanted & present)
    if not selected and not problems:
        problems.append(f"{described}: nenhum arquivo XSD do Padrão TISS encontrado.")
    for version in selected:
        missing = sorted(manifest.release(version).names - found[version].keys())
        if missing:
            problems.append(
                f"Versão TISS {version.value} incompleta em {described}; "
                f"faltam: {', '.join(missing)}."
            )
    if problems:
        raise SchemaInstallError(problems)

    chosen = {v: _choose(found[v], evidence[v]) for v in selected}
    root = store.root
    with ExitStack() as stack:
        try:
            root.mkdir(parents=True, exist_ok=True)
            stack.enter_context(safe_files.locked_folder(root))
            recover(root, manifest)
        except OSError as exc:
            raise _write_error(exc, root, []) from None
        unchanged = [v for v in selected if _already_installed(store, v, chosen[v])]
        _write(root, {v: files for v, files in chosen.items() if v not in unchanged})
    installed = tuple(v for v in selected if v not in unchanged)
    return InstallReport(store.root, installed, tuple(unchanged), tuple(collected.ignored))


def _choose(found: Mapping[str, list[_Candidate]], folders: set[str]) -> dict[str, bytes]:
    """One copy per file, preferring the version's own folder so its exact bytes are kept."""
    return {
        name: next((c for c in copies if c.folder in folders), copies[0]).data
        for name, copies in found.items()
    }


def _already_installed(
    store: SchemaStore, version: TissVersion, files: Mapping[str, bytes]
) -> bool:
    folder = store.version_dir(version)
    try:
        return all((folder / name).read_bytes() == data for name, data in files.items())
    except OSError:
        return False


def _write(root: Path, versions: Mapping[TissVersion, Mapping[str, bytes]]) -> None:
    staged: dict[TissVersion, Path] = {}
    replaced: list[TissVersion] = []
    try:
        # Stage every version first so a write error leaves the store exactly as it was.
        for version, files in versions.items():
            staging = root / f".{version.value}-novo-{secrets.token_hex(6)}"
            staging.mkdir()
            staged[version] = staging
            for name, data in files.items():
                with (staging / name).open("wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
        for version, staging in staged.items():
            _swap(staging, root / version.value)
            replaced.append(version)
    except OSError as exc:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
        raise _write_error(exc, root, replaced) from None


def _write_error(exc: OSError, root: Path, replaced: Sequence[TissVersion]) -> SchemaInstallError:
    return SchemaInstallError(
        [
            f"Não foi possível gravar em {exc.filename or root}: {exc.strerror or exc}. "
            "Verifique as permissões da pasta ou escolha outra com --store ou TISSBILL_SCHEMAS."
        ],
        replaced,
    )


def recover(root: Path, manifest: Manifest | None = None) -> None:
    """Put back in place what an install killed mid-way left in the store ``root``, and remove
    its hidden ``.X-novo-*``/``.X-antigo-*`` folders. Call it holding the store's lock.

    A version whose folder vanished (killed between the two renames of :func:`_swap`) gets
    its new copy when that copy matches the manifest (every version is staged whole before
    any rename), else its previous one.
    """
    manifest = manifest or load_manifest()
    leftovers: dict[str, list[tuple[str, Path]]] = {}
    try:
        entries = sorted(root.iterdir())
    except FileNotFoundError:
        return
    for entry in entries:
        match = _LEFTOVER.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink():
            leftovers.setdefault(match["version"], []).append((match["kind"], entry))
    for version, found in leftovers.items():
        target = root / version
        if not (target.exists() or target.is_symlink()):
            new = [path for kind, path in found if kind == "novo"]
            old = [path for kind, path in found if kind == "antigo"]
            release = next((r for r in manifest.releases if r.version.value == version), None)
            complete = [p for p in new + old if release and _matches(p, release.files)]
            chosen = next(iter(complete or old), None)
            if chosen is not None:
                chosen.rename(target)
        for _, path in found:
            shutil.rmtree(path, ignore_errors=True)


def _matches(folder: Path, expected: Iterable[SchemaFile]) -> bool:
    """True when ``folder`` holds every file of ``expected`` with the official content."""
    try:
        for official in expected:
            path = folder / official.name
            if path.stat().st_size > MAX_XSD_BYTES:
                return False
            if lf_sha256(path.read_bytes()) != official.sha256:
                return False
    except OSError:
        return False
    return True


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; on failure the previous installation is restored."""
    if not (target.exists() or target.is_symlink()):
        staging.rename(target)
        return
    previous = target.with_name(f".{target.name}-antigo-{secrets.token_hex(6)}")
    target.rename(previous)
    try:
        staging.rename(target)
    except OSError:
        previous.rename(target)
        raise
    if previous.is_symlink() or previous.is_file():
        previous.unlink()
    else:
        shutil.rmtree(previous, ignore_errors=True)
