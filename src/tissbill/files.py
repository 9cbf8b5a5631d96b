"""The user's files: the one place tissbill reads them and the one place it writes them.

Reading: a path may name something that is not a file at all: a device (``/dev/zero`` never
ends), a FIFO (opening one waits for a writer), a socket or a folder. Those are refused after
opening without blocking, and a regular file is read in bounded chunks, so neither a huge file
nor one that grows while it is read can exhaust memory (:func:`read_file`).

Writing: a file is never written in place. The bytes go to a temporary file created
exclusively (``O_EXCL``, so a planted symlink is never followed) with an unpredictable name in
the target's folder, are flushed to disk, and the temporary file is renamed over the target: a
crash, a full disk or ``ulimit -f`` leaves either the old file or the new one, never half of
one. The rename replaces a symlink sitting at the target's name instead of following it.
Rewrites of an existing file (``hash --write``) also hold an exclusive lock on it, so two
processes never interleave; whoever holds the lock removes the temporary files a killed run
left next to the file (:func:`atomic_write`, :func:`locked`).
"""

from __future__ import annotations

import errno
import fcntl
import functools
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tissbill.errors import FileReadError, FileWriteError

TEMP_SUFFIX = ".tissbill-tmp"

_REASONS = {
    errno.EFBIG: "arquivo maior que o limite de tamanho permitido (ulimit -f)",
    errno.ENOSPC: "disco cheio",
    errno.EDQUOT: "cota de disco excedida",
    errno.EACCES: "sem permissão de escrita",
    errno.EPERM: "operação não permitida",
    errno.EROFS: "sistema de arquivos somente leitura",
    errno.EISDIR: "é uma pasta",
    errno.ENOENT: "arquivo ou pasta inexistente",
    errno.ENOTDIR: "parte do caminho não é uma pasta",
}


DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""Largest input read by default (100 MB): far above any real lote, small enough for memory."""

_CHUNK = 1024 * 1024
# Opening a FIFO without O_NONBLOCK waits for a writer forever; regular files ignore the flag.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def too_large_message(size: int | None, limit: int) -> str:
    """Why a file over ``limit`` bytes is refused (``size`` None: it grew while being read)."""
    what = f"Arquivo de {size / 1_048_576:.1f} MB" if size is not None else "O arquivo"
    return (
        f"{what} excede o limite de {limit / 1_048_576:.1f} MB; um lote TISS real é muito "
        "menor. Ajuste o limite se o arquivo for legítimo."
    )


def data_folder(env_var: str, name: str) -> Path:
    """The folder where tissbill keeps its own ``name`` data (schemas, tabelas): the path in the
    environment variable ``env_var`` when set, else ``name`` in the user data folder."""
    configured = os.environ.get(env_var, "").strip()
    if configured:
        return Path(configured).expanduser()
    # Deferred for start-up time: only needed without the environment variable.
    from platformdirs import user_data_dir

    return Path(user_data_dir("tissbill")) / name


def read_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path``; :class:`FileReadError` for anything else."""
    name = os.fspath(path)
    if "\0" in name:
        raise FileReadError(
            "FILE-UNREADABLE",
            f"O caminho {name!r} contém um caractere nulo (\\0): não é um nome de arquivo válido.",
        )
    try:
        fd = os.open(name, _OPEN_FLAGS)
    except FileNotFoundError:
        raise FileReadError("FILE-NOT-FOUND", f"Arquivo não encontrado: {name}") from None
    except OSError as exc:
        raise _unreadable(name, exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileReadError("FILE-UNREADABLE", f"{name} é uma pasta, não um arquivo.")
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(
                "FILE-UNREADABLE",
                f"{name} não é um arquivo comum (é um dispositivo, FIFO ou socket) e não foi "
                "lido. Informe o caminho de um arquivo gravado em disco.",
            )
        if info.st_size > max_bytes:
            raise FileReadError("FILE-TOO-LARGE", too_large_message(info.st_size, max_bytes))
        # Asking for the size stat gives (plus the byte that tells a file grew) reads a lote
        # in one call into a buffer of its size, not a megabyte per file.
        return read_limited(functools.partial(os.read, fd), max_bytes, first=info.st_size + 1)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    finally:
        os.close(fd)


def read_limited(read: Callable[[int], bytes], max_bytes: int, *, first: int = _CHUNK) -> bytes:
    """Everything ``read(size)`` gives until it gives nothing, in chunks (``first`` bytes at
    most, then a megabyte), stopping one byte past ``max_bytes`` (:class:`FileReadError`
    ``FILE-TOO-LARGE``): also for files and streams that grow while being read."""
    chunks: list[bytes] = []
    total = 0
    size = max(1, first)
    while True:
        chunk = read(min(size, max_bytes + 1 - total))
        size = _CHUNK
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise FileReadError("FILE-TOO-LARGE", too_large_message(None, max_bytes))


def _unreadable(name: str, exc: OSError) -> FileReadError:
    return FileReadError("FILE-UNREADABLE", f"Não foi possível ler {name}: {exc.strerror or exc}")


def describe_os_error(exc: OSError) -> str:
    """A Portuguese reason for ``exc`` (``strerror`` is English and names no file)."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def _default_mode() -> int:
    # The mode a plain open() would give a new file: 0666 less the umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(
    target: Path, data: bytes, *, mode: int | None = None, durable: bool = True
) -> None:
    """Replace (or create) ``target`` with ``data``, atomically and durably.

    ``mode`` defaults to the mode of the regular file already at ``target``, else to the
    mode a new file gets. A symlink at ``target`` is replaced, never followed: callers that
    mean to rewrite a link's destination resolve it first. Raises :class:`FileWriteError`
    naming ``target``; the temporary file is removed on any failure. ``durable=False`` skips
    the syncs to disk (milliseconds per file) for data that may be lost in a crash, such as a
    cache: readers still see the old file or the whole new one.
    """
    folder = target.parent
    if mode is None:
        try:
            current = target.lstat()
        except FileNotFoundError:
            mode = _default_mode()
        else:
            regular = stat.S_ISREG(current.st_mode)
            mode = stat.S_IMODE(current.st_mode) if regular else _default_mode()
    # Deferred for start-up time: tempfile loads shutil, random and the compression modules,
    # which a run that only reads (validation served from the cache of reports) never needs.
    import tempfile

    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise FileWriteError(target, describe_os_error(exc)) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
            os.fchmod(out.fileno(), mode)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise FileWriteError(target, describe_os_error(exc)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse it)."""
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stale_temps(target: Path) -> None:
    """Remove the temporary files an interrupted :func:`atomic_write` of ``target`` left.

    Only safe while nobody else may be writing ``target``: call it under :func:`locked`.
    """
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[^./]+{re.escape(TEMP_SUFFIX)}")
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if pattern.fullmatch(entry.name) and not entry.is_dir(follow_symlinks=False):
            with suppress(OSError):
                os.unlink(entry.path)


@contextmanager
def locked(path: Path) -> Iterator[os.stat_result]:
    """Hold an exclusive lock on the regular file ``path``; yields its status once locked.

    A rewrite renames a new file over ``path``, so a process that waited on the old one
    would hold a lock nobody else sees: after locking, the path is checked to still be the
    file that was locked, and locking starts over when it is not. Stale temporary files of
    ``path`` are removed once the lock is held.
    """
    while True:
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            raise FileWriteError(path, describe_os_error(exc)) from None
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise FileWriteError(path, "não é um arquivo comum")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                current = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                current = None
            if current is not None and (current.st_dev, current.st_ino) == (
                status.st_dev,
                status.st_ino,
            ):
                remove_stale_temps(path)
                yield os.fstat(descriptor)
                return
        finally:
            os.close(descriptor)  # closing releases the lock


@contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (which must exist) while changing what is in it."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
