"""An install killed between its two renames, or leaving hidden folders behind, is repaired by
the next install (issue #11, item 24)."""

from __future__ import annotations

import signal
import subprocess
import sys

from tests.conftest import SHARED_SCHEMAS
from tissbill.schemas import SchemaStore, install, verify

# Runs ``tissbill schemas install`` killed (SIGKILL, nothing cleaned up) at the second rename
# of the swap: the installed folder has been moved aside, the new one not yet moved in.
_KILLED_BETWEEN_RENAMES = """
import os, pathlib, signal, sys
real_rename = pathlib.Path.rename
def rename(self, target):
    if "-novo-" in self.name:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_rename(self, target)
pathlib.Path.rename = rename
sys.argv = ["tissbill", "schemas", "install", *sys.argv[1:]]
from tissbill.cli import main
main()
"""


def _hidden(store: SchemaStore) -> list[str]:
    return sorted(p.name for p in store.root.iterdir() if p.name.startswith("."))


def test_kill_between_the_renames_is_recovered_by_the_next_install(
    good_store: SchemaStore,
) -> None:
    altered = good_store.version_dir("4.03.00") / "tissGuiasV4_03_00.xsd"
    altered.write_bytes(altered.read_bytes() + b"\n<!-- alterado -->")  # so it is reinstalled

    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLED_BETWEEN_RENAMES,
            str(SHARED_SCHEMAS / "4.03.00"),
            "--store",
            str(good_store.root),
        ],
        capture_output=True,
    )

    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert not good_store.version_dir("4.03.00").exists()  # the defect: the version vanished
    assert len(_hidden(good_store)) == 2

    # The next run, even for another version, puts 4.03.00 back (its complete new copy).
    report = install(SHARED_SCHEMAS / "4.01.00", good_store)

    assert [v.value for v in report.installed] == ["4.01.00"]
    assert verify("4.03.00", good_store) == []
    assert _hidden(good_store) == []


def test_incomplete_new_copy_gives_back_the_previous_installation(
    good_store: SchemaStore,
) -> None:
    root = good_store.root
    (root / "4.03.00").rename(root / ".4.03.00-antigo-0123456789ab")
    partial = root / ".4.03.00-novo-ba9876543210"
    partial.mkdir()
    (partial / "tissV4_03_00.xsd").write_bytes(b"<meio arquivo")

    install(SHARED_SCHEMAS / "4.01.00", good_store)

    assert verify("4.03.00", good_store) == []
    assert _hidden(good_store) == []


def test_leftover_hidden_folders_are_removed(good_store: SchemaStore) -> None:
    root = good_store.root
    for name in (".4.03.00-antigo-0123456789ab", ".4.03.00-novo-ba9876543210"):
        (root / name).mkdir()
        (root / name / "tissV4_03_00.xsd").write_bytes(b"resto")
    (root / ".outra-coisa").mkdir()  # not ours: left alone

    report = install(SHARED_SCHEMAS / "4.03.00", good_store)

    assert [v.value for v in report.unchanged] == ["4.03.00"]
    assert _hidden(good_store) == [".outra-coisa"]
    assert verify("4.03.00", good_store) == []
