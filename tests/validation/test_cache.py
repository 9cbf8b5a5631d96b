"""The re-validation cache of ``tissbill validate``: an unchanged file costs a hash of its bytes,
and any change to what the verdict depends on misses the cache (never a stale verdict)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import tissbill
from tests.conftest import SCHEMAS_ROOT, schemas_dir
from tissbill.cli import cli
from tissbill.validation import api
from tissbill.validation import cache as cache_module
from tissbill.validation.cache import MAX_AGE_SECONDS, ReportCache, default_cache_root
from tissbill.validation.findings import Finding, Report, Severity
from tissbill.validation.profile import STRICT_PROFILE, Profile

from .conftest import VALID_FIXTURES

Calls = list[str]


def run(*args: str | Path) -> Result:
    # One process (-j 1), so that the validations are counted here.
    return CliRunner().invoke(cli, ["validate", "-j", "1", *map(str, args)], catch_exceptions=False)


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """The sources actually validated (not served from the cache) during the test."""
    calls: Calls = []
    real = api.validate

    def counting(source: Any, **kwargs: Any) -> Report:
        calls.append(str(source)[:40])
        return real(source, **kwargs)

    monkeypatch.setattr(api, "validate", counting)
    return calls


@pytest.fixture
def lote(tmp_path: Path) -> Path:
    path = tmp_path / "lote.xml"
    shutil.copy(VALID_FIXTURES / "sadt.xml", path)
    return path


def indexes() -> list[Path]:
    folder = default_cache_root()
    return sorted(folder.glob("*.indice")) if folder.is_dir() else []


def entries() -> dict[str, Any]:
    """Every report kept, by key: each index is a header line, then one JSON object."""
    kept: dict[str, Any] = {}
    for index in indexes():
        kept.update(json.loads(index.read_bytes().partition(b"\n")[2]))
    return kept


def write_index(index: Path, body: bytes) -> None:
    """An index with a well-formed header (its own run key, the digest of ``body``)."""
    digest = hashlib.sha256(body).hexdigest()
    index.write_bytes(f"tissbill-relatorios 2 {index.stem} {digest}\n".encode() + body)


def files_of(result: Result) -> list[dict[str, Any]]:
    files = json.loads(result.stdout)["files"]
    assert isinstance(files, list)
    return files


def test_unchanged_file_is_served_from_the_cache(lote: Path, validations: Calls) -> None:
    schemas_dir("4.03.00")
    first = run("--format", "json", lote)
    assert first.exit_code == 0 and len(validations) == 1 and len(entries()) == 1
    second = run("--format", "json", lote)
    assert second.exit_code == 0 and len(validations) == 1
    assert second.stdout == first.stdout


def test_cached_report_is_labelled_with_the_current_path(
    lote: Path, tmp_path: Path, validations: Calls
) -> None:
    schemas_dir("4.03.00")
    run(lote)
    copy = tmp_path / "outra pasta" / "copia.xml"
    copy.parent.mkdir()
    shutil.copy(lote, copy)
    result = run("--format", "json", copy, lote)
    assert len(validations) == 1
    assert [f["path"] for f in files_of(result)] == [str(copy), str(lote)]


def test_findings_come_back_whole(tmp_path: Path, validations: Calls) -> None:
    """A file with errors: every field of every finding, and the exit code, as validated."""
    schemas_dir("4.03.00")
    broken = tmp_path / "quebrado.xml"
    text = (VALID_FIXTURES / "sadt.xml").read_text(encoding="latin-1")
    broken.write_text(text.replace("<ans:hash>", "<ans:hash>0", 1), encoding="latin-1")
    first = run("--format", "json", broken)
    second = run("--format", "json", broken)
    assert len(validations) == 1
    assert first.exit_code == second.exit_code == 1
    assert files_of(first)[0]["findings"] and second.stdout == first.stdout


def test_changed_bytes_miss_the_cache(lote: Path, validations: Calls) -> None:
    schemas_dir("4.03.00")
    assert run(lote).exit_code == 0
    text = lote.read_text(encoding="latin-1")
    lote.write_text(text.replace("<ans:hash>", "<ans:hash>0", 1), encoding="latin-1")
    result = run(lote)
    assert len(validations) == 2
    assert result.exit_code == 1 and "INVÁLIDO" in result.stdout


def test_changed_profile_content_misses_the_cache(
    lote: Path, tmp_path: Path, validations: Calls
) -> None:
    """The profile is keyed by its content: the same file name with other severities misses."""
    schemas_dir("4.03.00")
    profile = tmp_path / "perfil.yaml"
    profile.write_text("severities:\n  OD-004: aviso\n", encoding="utf-8")
    assert run("--profile", profile, lote).exit_code == 0
    profile.write_text("severities:\n  SIG-001: erro\n", encoding="utf-8")
    result = run("--format", "json", "--profile", profile, lote)
    assert len(validations) == 2
    assert result.exit_code == 1
    assert [f["code"] for f in files_of(result)[0]["findings"]] == ["SIG-001"]


def test_rewritten_schema_file_misses_the_cache(
    lote: Path, tmp_path: Path, validations: Calls
) -> None:
    store = tmp_path / "schemas"
    shutil.copytree(schemas_dir("4.03.00") / "4.03.00", store / "4.03.00")
    assert run("--store", store, lote).exit_code == 0
    simple = store / "4.03.00" / "tissSimpleTypesV4_03_00.xsd"
    simple.write_bytes(simple.read_bytes())  # same bytes, but the file was replaced
    run("--store", store, lote)
    assert len(validations) == 2


def test_other_tissbill_version_misses_the_cache(
    lote: Path, validations: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas_dir("4.03.00")
    run(lote)
    monkeypatch.setattr(tissbill, "__version__", "99.0.0")
    run(lote)
    assert len(validations) == 2


def test_another_day_misses_the_cache(
    lote: Path, validations: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas_dir("4.03.00")
    run(lote)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> Tomorrow:
            day = dt.date.today() + dt.timedelta(days=1)
            return cls(day.year, day.month, day.day)

    monkeypatch.setattr(cache_module, "dt", types.SimpleNamespace(date=Tomorrow))
    run(lote)
    assert len(validations) == 2


def _run_key(**changes: Any) -> str:
    settings: dict[str, Any] = {
        "profile": STRICT_PROFILE,
        "schemas": SCHEMAS_ROOT,
        "max_bytes": 1000,
        "today": dt.date(2026, 3, 2),
    }
    return ReportCache.for_run(**(settings | changes)).run_key


@pytest.mark.parametrize(
    "change",
    [
        {"profile": Profile(severities={"SIG-001": Severity.ERROR})},
        {"profile": Profile(money_tolerance=Decimal("0.05"))},
        {"profile": Profile(anvisa_required_for_tuss=False)},
        {"schemas": Path("/outro/lugar")},
        {"max_bytes": 2000},
        {"today": dt.date(2026, 3, 3)},
    ],
    ids=["severidade", "tolerancia", "anvisa", "schemas", "tamanho", "data"],
)
def test_every_setting_is_part_of_the_key(change: dict[str, Any]) -> None:
    assert _run_key() == _run_key()
    assert _run_key(**change) != _run_key()


def test_profile_is_keyed_by_content_not_identity() -> None:
    same = Profile(severities={"SIG-001": Severity.ERROR, "OD-004": None})
    again = Profile(severities={"OD-004": None, "SIG-001": Severity.ERROR})
    assert _run_key(profile=same) == _run_key(profile=again)


def test_changed_tissbill_code_misses_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install changes rules without a new version number."""
    package = tmp_path / "tissbill"
    (package / "validation").mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "0.1.0"\n')
    rule = package / "validation" / "regras.py"
    rule.write_text("LIMITE = 1\n")
    monkeypatch.setattr(tissbill, "__file__", str(package / "__init__.py"))
    before = _run_key()
    rule.write_text("LIMITE = 2\n")
    assert _run_key() != before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff lixo",
        b"[]",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"version": null, "guia_type": null, "guias": 0}',
        b'{"version": null, "guia_type": null, "guias": "1", "findings": []}',
        b'{"version": null, "guia_type": null, "guias": 0, "findings": [{"code": "X"}]}',
        b'{"version": null, "guia_type": null, "guias": 0, "findings": [{"code": 1, '
        b'"severity": "error", "message": "m", "line": null, "xpath": null, "guia": null, '
        b'"column": null, "item": null, "snippet": null}]}',
        b'{"version": null, "guia_type": null, "guias": 0, "findings": [{"code": "X", '
        b'"severity": "grave", "message": "m", "line": null, "xpath": null, "guia": null, '
        b'"column": null, "item": null, "snippet": null}]}',
    ],
    ids=[
        "vazio",
        "binario",
        "lista",
        "aninhado",
        "sem-findings",
        "tipo",
        "campos",
        "codigo",
        "severidade",
    ],
)
def test_damaged_entry_is_ignored_and_replaced(
    lote: Path, validations: Calls, content: bytes
) -> None:
    """An entry that is not exactly a report, in an index whose header and digest are right
    (so only the entry's own checks stand between it and a verdict)."""
    schemas_dir("4.03.00")
    first = run("--format", "json", lote)
    ((key, _entry),) = entries().items()
    (index,) = indexes()
    write_index(index, b'{"' + key.encode() + b'": ' + content + b"}")
    second = run("--format", "json", lote)
    assert len(validations) == 2 and second.stdout == first.stdout
    assert entries()[key]["findings"] == []
    run(lote)
    assert len(validations) == 2  # the replaced entry serves again


def _truncated(index: bytes) -> bytes:
    return index[: len(index) - 10]


def _other_digest(index: bytes) -> bytes:
    header, _, body = index.partition(b"\n")
    return header[:-64] + b"0" * 64 + b"\n" + body


def _edited_verdict(index: bytes) -> bytes:
    """The body changed under an unchanged digest: a torn or edited file, never a verdict."""
    return index.replace(b'"findings":[]', b'"findings":[] ', 1)


def _other_run_key(index: bytes) -> bytes:
    header, _, body = index.partition(b"\n")
    magic, version, _run_key, digest = header.split(b" ")
    return b" ".join((magic, version, b"f" * 64, digest)) + b"\n" + body


@pytest.mark.parametrize(
    "damage",
    [
        lambda index: b"",
        lambda index: b"\x00\xff lixo",
        lambda index: index.partition(b"\n")[2],
        _truncated,
        _other_digest,
        _edited_verdict,
        _other_run_key,
        lambda index: index.replace(b"tissbill-relatorios 2", b"tissbill-relatorios 1"),
    ],
    ids=["vazio", "binario", "sem-cabecalho", "truncado", "resumo", "editado", "chave", "formato"],
)
def test_damaged_index_is_ignored_and_rebuilt(
    lote: Path, validations: Calls, damage: Callable[[bytes], bytes]
) -> None:
    """A damaged index (a run killed mid-write on a file system without atomic rename, a disk
    error, a hand edit) is a miss as a whole: every file is validated again, the index is
    rewritten, and no exception reaches the user."""
    schemas_dir("4.03.00")
    first = run("--format", "json", lote)
    (index,) = indexes()
    damaged = damage(index.read_bytes())
    index.write_bytes(damaged)
    second = run("--format", "json", lote)
    assert second.exit_code == 0 and second.stdout == first.stdout
    assert len(validations) == 2 and index.read_bytes() != damaged
    run(lote)
    assert len(validations) == 2  # the rebuilt index serves again


def test_one_index_holds_every_report_of_a_run(tmp_path: Path, validations: Calls) -> None:
    """A warm run reads one cache file, not one per lote."""
    schemas_dir("4.03.00")
    for name in ("sadt", "consulta", "honorarios"):
        shutil.copy(VALID_FIXTURES / f"{name}.xml", tmp_path / f"{name}.xml")
    run(tmp_path)
    assert len(indexes()) == 1 and len(entries()) == 3
    assert run(tmp_path).exit_code == 0 and len(validations) == 3


def test_concurrent_runs_merge_their_reports(tmp_path: Path) -> None:
    """Two runs that opened the same index both keep their reports: each merges under a lock
    with what is on disk, instead of overwriting the other's."""
    cache = ReportCache(tmp_path / "cache", "k" * 64, 1000)
    one, other = cache.open(), cache.open()
    one.add(cache.key(b"um"), Report("um.xml", "4.03.00", None, 0, []))
    other.add(cache.key(b"outro"), Report("outro.xml", "4.03.00", None, 0, []))
    one.save()
    other.save()
    kept = cache.open()
    assert kept.get(b"um", "a.xml") == Report("a.xml", "4.03.00", None, 0, [])
    assert kept.get(b"outro", "b.xml") == Report("b.xml", "4.03.00", None, 0, [])


def test_concurrent_commands_on_the_same_folder(tmp_path: Path) -> None:
    """Two ``tissbill validate`` on the same folder at once: both give the full verdict, and
    what they validated is kept."""
    folder = tmp_path / "lotes"
    folder.mkdir()
    for name in ("sadt", "consulta", "honorarios"):
        shutil.copy(VALID_FIXTURES / f"{name}.xml", folder / f"{name}.xml")
    broken = (VALID_FIXTURES / "sadt.xml").read_text(encoding="latin-1")
    (folder / "quebrado.xml").write_text(
        broken.replace("<ans:hash>", "<ans:hash>0", 1), encoding="latin-1"
    )
    command = [sys.executable, "-m", "tissbill", "validate", "-j", "1", "--format", "json"]
    env = dict(os.environ, TISSBILL_SCHEMAS=str(schemas_dir("4.03.00")))
    runs = [
        subprocess.Popen([*command, str(folder)], env=env, stdout=subprocess.PIPE) for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in runs]
    assert [process.returncode for process in runs] == [1, 1]
    assert outputs[0] == outputs[1]
    assert len(entries()) == 4
    again = subprocess.run([*command, str(folder)], env=env, capture_output=True, timeout=120)
    assert again.stdout == outputs[0]


def test_run_killed_while_writing_the_index(lote: Path, tmp_path: Path) -> None:
    """kill -9 after the new index is written but before it replaces the old one: the next
    run validates correctly, and the leftover is removed when the index is next written."""
    schemas_dir("4.03.00")
    first = run("--format", "json", lote)
    (index,) = indexes()
    before = index.read_bytes()
    other = tmp_path / "outro.xml"
    shutil.copy(VALID_FIXTURES / "consulta.xml", other)
    probe = (
        "import os, signal\n"
        "from tissbill.cli import cli\n"
        "os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"cli.main(['validate', '-j', '1', {str(other)!r}])\n"
    )
    env = dict(os.environ, TISSBILL_SCHEMAS=str(schemas_dir("4.03.00")))
    killed = subprocess.run([sys.executable, "-c", probe], env=env, timeout=120, check=False)
    assert killed.returncode == -9
    leftovers = [p for p in index.parent.iterdir() if p.name.endswith(".tissbill-tmp")]
    assert len(leftovers) == 1 and index.read_bytes() == before
    assert run("--format", "json", lote).stdout == first.stdout
    result = run("--format", "json", other)
    assert result.exit_code == 0 and files_of(result)[0]["valid"]
    assert [p for p in index.parent.iterdir() if p.name.endswith(".tissbill-tmp")] == []


def test_no_cache_neither_reads_nor_writes(lote: Path, validations: Calls) -> None:
    schemas_dir("4.03.00")
    assert run("--no-cache", lote).exit_code == 0
    assert not entries()
    run(lote)
    run("--no-cache", lote)
    assert len(validations) == 3


def test_ledger_runs_are_not_cached(lote: Path, validations: Calls) -> None:
    """History findings depend on the ledger's contents, which the key does not cover."""
    schemas_dir("4.03.00")
    assert run(lote, "--ledger").exit_code == 0
    assert run(lote, "--ledger").exit_code == 0
    assert len(validations) == 2 and not entries()


def test_parallel_workers_fill_the_cache(tmp_path: Path, validations: Calls) -> None:
    schemas_dir("4.03.00")
    for name in ("sadt", "consulta", "honorarios"):
        shutil.copy(VALID_FIXTURES / f"{name}.xml", tmp_path / f"{name}.xml")
    runner = CliRunner()
    first = runner.invoke(cli, ["validate", "-j", "2", "--format", "json", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert len(entries()) == 3
    second = run("--format", "json", tmp_path)
    assert validations == [] and second.stdout == first.stdout


def test_unwritable_cache_folder_only_means_no_cache(
    lote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas_dir("4.03.00")
    not_a_folder = tmp_path / "arquivo"
    not_a_folder.write_text("x")
    monkeypatch.setenv("TISSBILL_CACHE", str(not_a_folder / "cache"))
    result = run(lote)
    assert result.exit_code == 0 and "VÁLIDO" in result.stdout


def test_index_that_cannot_be_read_or_replaced_only_means_no_cache(
    lote: Path, tmp_path: Path, validations: Calls
) -> None:
    """The index's name taken by a folder: it is neither read nor replaced, and every run still
    gives the full verdict."""
    schemas_dir("4.03.00")
    broken = tmp_path / "quebrado.xml"
    text = (VALID_FIXTURES / "sadt.xml").read_text(encoding="latin-1")
    broken.write_text(text.replace("<ans:hash>", "<ans:hash>0", 1), encoding="latin-1")
    first = run("--format", "json", lote, broken)
    (index,) = indexes()
    index.unlink()
    index.mkdir()
    for _ in range(2):
        again = run("--format", "json", lote, broken)
        assert again.exit_code == 1 and again.stdout == first.stdout
    assert len(validations) == 6 and index.is_dir()


def test_unreadable_file_is_reported_and_not_cached(tmp_path: Path) -> None:
    folder = tmp_path / "pasta.xml"
    folder.mkdir()
    (folder / "dentro.txt").write_text("x")
    fifo = tmp_path / "fila.xml"
    os.mkfifo(fifo)
    result = run(fifo)
    assert result.exit_code == 1 and "não é um arquivo comum" in result.stdout
    assert not entries()


def test_library_validate_stays_uncached(lote: Path) -> None:
    schemas_dir("4.03.00")
    assert api.validate(lote).valid and api.validate(lote.read_bytes()).valid
    assert not entries()


def _entry(folder: Path, name: str, age: float, now: float) -> Path:
    path = folder / name
    path.write_text("{}")
    os.utime(path, (now - age, now - age))
    return path


def test_prune_removes_old_entries_at_most_once_an_hour(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path, "k", 1000)
    now = 2_000_000_000.0
    old = _entry(tmp_path, "velha.indice", MAX_AGE_SECONDS + 60, now)
    leftover = _entry(tmp_path, ".velha.indice.abc.tissbill-tmp", MAX_AGE_SECONDS + 60, now)
    fresh = _entry(tmp_path, "nova.indice", 60, now)
    cache.prune(now)
    assert not old.exists() and not leftover.exists() and fresh.exists()
    again = _entry(tmp_path, "outra.indice", MAX_AGE_SECONDS + 60, now)
    cache.prune(now + 60)
    assert again.exists()  # scanned a minute ago
    cache.prune(now + 3601)
    assert not again.exists()


def test_entries_are_private(lote: Path) -> None:
    """Findings quote values of the lote: only the user reads the cache."""
    schemas_dir("4.03.00")
    run(lote)
    (index,) = indexes()
    assert index.stat().st_mode & 0o077 == 0
    assert index.parent.stat().st_mode & 0o077 == 0


def test_put_then_get_round_trips_every_field(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "cache", "k", 1000)
    finding = Finding(
        "OD-004", Severity.WARNING, "mensagem çã", 3, "/a/b", "123", 7, "2", "<b>x</b>"
    )
    report = Report("original.xml", "4.03.00", "guiaSP-SADT", 2, [finding])
    kept = cache.open()
    kept.add(cache.key(b"dados"), report)
    kept.save()
    served = cache.open().get(b"dados", "novo.xml")
    assert served == Report("novo.xml", "4.03.00", "guiaSP-SADT", 2, [finding])
    assert cache.open().get(b"outros dados", "novo.xml") is None


def test_a_run_served_from_the_cache_loads_no_validation_stack(lote: Path) -> None:
    """What makes a warm run cheap: no lxml, no rules, no schema compiled (checked in a fresh
    interpreter, since this one has them loaded already)."""
    schemas_dir("4.03.00")
    assert run(lote).exit_code == 0
    probe = (
        "import sys\n"
        "from tissbill.cli import cli\n"
        "try:\n"
        f"    cli.main(['validate', {str(lote)!r}], standalone_mode=False)\n"
        "finally:\n"
        "    heavy = ('lxml', 'tissbill.validation.rules')\n"
        "    loaded = [m for m in sys.modules if m.startswith(heavy)]\n"
        "    print('carregados:', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    assert "VÁLIDO" in result.stdout, result.stderr
    assert "carregados: []" in result.stderr


def test_entries_are_written_without_syncing_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An fsync per entry would add milliseconds per file to every first run; a crash only
    loses entries (atomic_write still never leaves half of one)."""

    def no_sync(descriptor: int) -> None:
        raise AssertionError("fsync numa entrada de cache")

    monkeypatch.setattr(os, "fsync", no_sync)
    cache = ReportCache(tmp_path / "cache", "k", 1000)
    kept = cache.open()
    kept.add(cache.key(b"dados"), Report("a.xml", "4.03.00", None, 0, []))
    kept.save()
    assert cache.open().get(b"dados", "a.xml") == Report("a.xml", "4.03.00", None, 0, [])
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["k.indice"]
