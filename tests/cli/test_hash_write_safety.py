"""``hash --write`` as an attacker and a crash would try it (issue #11, items 19-21): planted
symlinks, concurrent runs, kill -9 and ``ulimit -f`` mid-write, read-only and linked files."""

from __future__ import annotations

import os
import re
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import EXAMPLES, run

H = EXAMPLES / "honorarios" / "expected" / "lote-410-honorarios.xml"
_HASH = re.compile(rb"(<ans:hash>)[0-9a-fA-F]*(</ans:hash>)")


def _corrupted(padding: int = 0) -> bytes:
    """H with a wrong hash; ``padding`` bytes of comment make it larger without changing it."""
    data = _HASH.sub(rb"\g<1>" + b"0" * 32 + rb"\g<2>", H.read_bytes())
    assert data != H.read_bytes()
    if padding:
        data = data.replace(b"?>", b"?>\n<!--" + b"x" * padding + b"-->", 1)
    return data


def _fixed(corrupted: bytes) -> bytes:
    """What --write must turn ``corrupted`` into (the right hash, every other byte kept)."""
    match = _HASH.search(H.read_bytes())
    assert match is not None
    return _HASH.sub(match.group(0), corrupted)


def _cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "tissbill", *map(str, args)]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_planted_symlinks_at_the_backup_and_old_temp_names_are_not_followed(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"do not touch")
    path = tmp_path / "lote.xml"
    corrupted = _corrupted()
    path.write_bytes(corrupted)
    (tmp_path / "lote.xml.bak").symlink_to(victim)
    (tmp_path / ".lote.xml.parcial").symlink_to(victim)

    result = run("hash", "--write", path)

    assert result.exit_code == 0, result.stderr
    assert victim.read_bytes() == b"do not touch"
    backup = tmp_path / "lote.xml.bak"
    assert not backup.is_symlink()
    assert backup.read_bytes() == corrupted
    assert path.read_bytes() == _fixed(corrupted)
    assert _names(tmp_path) == [".lote.xml.parcial", "lote.xml", "lote.xml.bak", "victim.txt"]


def test_concurrent_writes_keep_the_original_in_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "lote.xml"
    corrupted = _corrupted(padding=2_000_000)  # slow enough for the runs to overlap
    path.write_bytes(corrupted)
    processes = [
        subprocess.Popen(
            _cli("hash", "--write", path), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(6)
    ]
    outputs = [(p.wait(timeout=120), *p.communicate()) for p in processes]

    for code, _, stderr in outputs:
        assert code == 0, stderr.decode()
    assert sum(b"corrigido" in out for _, out, _ in outputs) == 1
    assert sum("já correto".encode() in out for _, out, _ in outputs) == 5
    assert (tmp_path / "lote.xml.bak").read_bytes() == corrupted
    assert path.read_bytes() == _fixed(corrupted)
    assert _names(tmp_path) == ["lote.xml", "lote.xml.bak"]


# Runs the CLI with os.fsync killing the process (SIGKILL, nothing cleaned up) when the file
# synced is the Nth regular file: 1 is the backup's temporary file, 2 the lote's.
_KILLED_AT_FSYNC = """
import os, signal, stat, sys
kill_at, path = int(sys.argv[1]), sys.argv[2]
real_fsync = os.fsync
calls = 0
def fsync(fd):
    global calls
    if stat.S_ISREG(os.fstat(fd).st_mode):
        calls += 1
        if calls == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    real_fsync(fd)
os.fsync = fsync
sys.argv = ["tissbill", "hash", "--write", path]
from tissbill.cli import main
main()
"""


@pytest.mark.parametrize("kill_at", [1, 2], ids=["copia", "lote"])
def test_kill_9_mid_write_loses_nothing_and_the_next_run_cleans_up(
    tmp_path: Path, kill_at: int
) -> None:
    path = tmp_path / "lote.xml"
    corrupted = _corrupted()
    path.write_bytes(corrupted)

    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_AT_FSYNC, str(kill_at), str(path)], capture_output=True
    )

    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert path.read_bytes() == corrupted
    backup = tmp_path / "lote.xml.bak"
    assert not backup.exists() or backup.read_bytes() == corrupted  # never a truncated copy

    again = run("hash", "--write", path)
    assert again.exit_code == 0, again.stderr
    assert path.read_bytes() == _fixed(corrupted)
    assert backup.read_bytes() == corrupted
    assert _names(tmp_path) == ["lote.xml", "lote.xml.bak"]


def _file_size_limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_file_size_limit_names_the_file_and_does_not_skip_the_next_one(tmp_path: Path) -> None:
    big = tmp_path / "a.xml"
    big.write_bytes(_corrupted(padding=300_000))
    small = tmp_path / "b.xml"
    small.write_bytes(_corrupted())

    result = subprocess.run(
        _cli("hash", "--write", big, small),
        capture_output=True,
        preexec_fn=lambda: _file_size_limit(200_000),
    )

    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in stderr
    assert f"Erro: {big}: não foi possível gravar {big}.bak: arquivo maior que o limite" in stderr
    assert big.read_bytes() == _corrupted(padding=300_000)
    assert small.read_bytes() == _fixed(_corrupted())
    assert (tmp_path / "b.xml.bak").read_bytes() == _corrupted()
    assert _names(tmp_path) == ["a.xml", "b.xml", "b.xml.bak"]


def test_read_only_file_needs_force_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "lote.xml"
    corrupted = _corrupted()
    path.write_bytes(corrupted)
    path.chmod(0o444)

    refused = run("hash", "--write", path)
    assert refused.exit_code == 1
    assert f"Erro: {path}: arquivo somente leitura" in refused.stderr
    assert "--force" in refused.stderr
    assert path.read_bytes() == corrupted
    assert _names(tmp_path) == ["lote.xml"]

    forced = run("hash", "--write", "--force", path)
    assert forced.exit_code == 0, forced.stderr
    assert path.read_bytes() == _fixed(corrupted)
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert (tmp_path / "lote.xml.bak").read_bytes() == corrupted


def test_force_without_write_is_a_usage_error() -> None:
    result = run("hash", "--force", H)
    assert result.exit_code == 2
    assert "--force só faz sentido com --write" in result.stderr


def test_symlinked_file_is_rewritten_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "arquivo" / "lote.xml"
    real.parent.mkdir()
    corrupted = _corrupted()
    real.write_bytes(corrupted)
    link = tmp_path / "lote.xml"
    link.symlink_to(real)

    result = run("hash", "--write", link)

    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == _fixed(corrupted)
    assert (tmp_path / "lote.xml.bak").read_bytes() == corrupted
    assert _names(real.parent) == ["lote.xml"]
