"""Reading the user's files: regular files only, and never more than a size limit.

Every command and library entry point reads its input through :func:`read_file`. A path may name
something that is not a file at all: a device (``/dev/zero`` never ends), a FIFO (opening one
waits for a writer), a socket or a folder. Those are refused after opening without blocking, and
a regular file is read in bounded chunks, so neither a huge file nor one that grows while it is
read can exhaust memory.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable

from tissbill.errors import TissBillError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""Largest input read by default (100 MB): far above any real lote, small enough for memory."""

_CHUNK = 1024 * 1024
# Opening a FIFO without O_NONBLOCK waits for a writer forever; regular files ignore the flag.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class FileReadError(TissBillError):
    """A user file that cannot be read. ``code`` is ``FILE-NOT-FOUND``, ``FILE-UNREADABLE`` or
    ``FILE-TOO-LARGE``; the message names the path."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def too_large_message(size: int | None, limit: int) -> str:
    """Why a file over ``limit`` bytes is refused (``size`` None: it grew while being read)."""
    what = f"Arquivo de {size / 1_048_576:.1f} MB" if size is not None else "O arquivo"
    return (
        f"{what} excede o limite de {limit / 1_048_576:.1f} MB; um lote TISS real é muito "
        "menor. Ajuste o limite se o arquivo for legítimo."
    )


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
        return read_limited(functools.partial(os.read, fd), max_bytes)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    finally:
        os.close(fd)


def read_limited(read: Callable[[int], bytes], max_bytes: int) -> bytes:
    """Everything ``read(size)`` gives until it gives nothing, in chunks, stopping one byte past
    ``max_bytes`` (:class:`FileReadError` ``FILE-TOO-LARGE``): also for files and streams that
    grow while being read."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise FileReadError("FILE-TOO-LARGE", too_large_message(None, max_bytes))


def _unreadable(name: str, exc: OSError) -> FileReadError:
    return FileReadError("FILE-UNREADABLE", f"Não foi possível ler {name}: {exc.strerror or exc}")
