"""tissbill performance figures, each measured next to its baseline in the same run.

    python benchmarks/run.py            # full sizes, a table on stdout
    python benchmarks/run.py --json     # one JSON line (for CI dashboards)
    python benchmarks/run.py --quick    # tiny sizes: a smoke run, figures not meaningful

Absolute times depend on the machine and on what else runs on it; the ratios to a baseline
measured in the same run (interleaved, medians of several repetitions) are what we track.
See benchmarks/README.md for the method and the latest figures.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import baseline_writer
import inputs

SCHEMAS_ENV = "TISSBILL_SCHEMAS"


@dataclass(frozen=True)
class Sizes:
    lote_guias: int
    lote_repeat: int
    folder_files: int
    folder_guias: int
    folder_repeat: int
    build_guias: int
    build_repeat: int
    memory_bytes: int
    startup_repeat: int


FULL = Sizes(
    lote_guias=100,
    lote_repeat=21,
    folder_files=1000,
    folder_guias=10,
    folder_repeat=3,
    build_guias=10_000,
    build_repeat=5,
    memory_bytes=100 * 1024 * 1024,
    startup_repeat=21,
)
QUICK = Sizes(
    lote_guias=10,
    lote_repeat=3,
    folder_files=8,
    folder_guias=2,
    folder_repeat=1,
    build_guias=100,
    build_repeat=1,
    memory_bytes=1024 * 1024,
    startup_repeat=3,
)


@dataclass(frozen=True)
class Figure:
    """One measured figure. ``value`` is what the target applies to (a ratio, or an absolute
    amount for start-up times and memory), ``met`` whether it is within the target."""

    name: str
    description: str
    unit: str
    tissbill: float
    baseline: float
    baseline_description: str
    value: float
    value_unit: str
    target: float
    met: bool
    detail: dict[str, Any]


# --- timing helpers -------------------------------------------------------------------------


def _seconds(func: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _cpu_seconds(func: Callable[[], object]) -> float:
    """CPU time (user + system) of ``func`` here and in the children it waited for: steadier
    than wall time when other processes share the cores."""
    gc.collect()
    before = os.times()
    func()
    after = os.times()
    return sum(after[i] - before[i] for i in range(4))


def _interleaved(
    subject: Callable[[], object], baseline: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Medians of ``repeat`` alternated runs of each, so drift on a noisy machine hits both."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        ours.append(_seconds(subject))
        theirs.append(_seconds(baseline))
    return statistics.median(ours), statistics.median(theirs)


def _ratio_figure(
    name: str,
    description: str,
    baseline_description: str,
    times: tuple[float, float],
    target: float,
    detail: dict[str, Any],
) -> Figure:
    ours, theirs = times
    ratio = ours / theirs
    return Figure(
        name=name,
        description=description,
        unit="s",
        tissbill=ours,
        baseline=theirs,
        baseline_description=baseline_description,
        value=ratio,
        value_unit="x",
        target=target,
        met=ratio <= target,
        detail=detail,
    )


def _run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, capture_output=True, check=False, **kwargs)


# --- the baseline validator -----------------------------------------------------------------


def _bare_validator() -> Callable[[bytes], bool]:
    """Bare lxml: safe parse, the precompiled official XSD, one MD5 pass over the bytes."""
    from lxml import etree

    schema_path = Path(os.environ[SCHEMAS_ENV]) / inputs.VERSION / "tissV4_03_00.xsd"
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)

    def check(data: bytes) -> bool:
        root = etree.fromstring(data, parser)
        hashlib.md5(data, usedforsecurity=False).hexdigest()
        return schema.validate(root)

    return check


# --- figures --------------------------------------------------------------------------------


def validate_lote(sizes: Sizes) -> Figure:
    from tissbill.validation.api import validate

    (lote,) = inputs.build(inputs.sadt_guias(sizes.lote_guias))
    data = lote.xml
    bare = _bare_validator()
    report = validate(data)  # warm: compiles the XSD, imports the rules
    if not report.valid or not bare(data):
        raise RuntimeError(f"benchmark lote is not valid: {report.errors}")
    times = _interleaved(lambda: validate(data), lambda: bare(data), sizes.lote_repeat)
    return _ratio_figure(
        "validate_lote",
        f"validate one {sizes.lote_guias}-guia SP/SADT lote (XSD + rules + hash)",
        "safe lxml parse + precompiled XSD + MD5",
        times,
        2.0,
        {"bytes": len(data), "guias": sizes.lote_guias, "repeat": sizes.lote_repeat},
    )


def validate_scaling(sizes: Sizes) -> Figure:
    """One lote of N guias against ten lotes of N/10: any rule whose work grows faster than the
    number of guias (pairwise comparisons, a whole-lote search per guia) shows up here."""
    from tissbill.validation.api import validate

    small_guias = max(1, sizes.lote_guias // 10)
    (big,) = inputs.build(inputs.sadt_guias(sizes.lote_guias))
    smalls = [
        lote.xml
        for start in range(0, sizes.lote_guias, small_guias)
        for lote in inputs.build(inputs.sadt_guias(small_guias, start=start))
    ]
    for data in (big.xml, *smalls):
        if not validate(data).valid:
            raise RuntimeError("benchmark lote is not valid")

    def one_by_one() -> None:
        for data in smalls:
            validate(data)

    times = _interleaved(lambda: validate(big.xml), one_by_one, sizes.lote_repeat)
    return _ratio_figure(
        "validate_scaling",
        f"validate one {sizes.lote_guias}-guia SP/SADT lote",
        f"validate {len(smalls)} lotes of {small_guias} guias, the same guias in all",
        times,
        1.25,
        {"guias": sizes.lote_guias, "small_lotes": len(smalls), "repeat": sizes.lote_repeat},
    )


def _tissbill_command() -> list[str]:
    script = Path(sys.executable).with_name("tissbill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tissbill"]


def _lote_folder(sizes: Sizes, workdir: Path) -> list[Path]:
    """The 1,000 lote files of the folder figures, written on first use."""
    folder = workdir / "folder"
    if folder.is_dir():
        return sorted(folder.glob("*.xml"))
    guias = inputs.mixed_guias(sizes.folder_files * sizes.folder_guias)
    return inputs.write_files(inputs.build(guias, max_guias=sizes.folder_guias), folder)


def _folder_cli(command: list[str], files: int, env: dict[str, str]) -> Callable[[], None]:
    def cli() -> None:
        result = _run(command, env=env)
        document = json.loads(result.stdout)
        if result.returncode != 0 or len(document["files"]) != files:
            raise RuntimeError(f"tissbill validate failed: {result.stderr.decode()[-2000:]}")

    return cli


def _bare_loop(paths: list[Path]) -> Callable[[], None]:
    bare = _bare_validator()

    def loop() -> None:
        for path in paths:
            if not bare(path.read_bytes()):
                raise RuntimeError(f"{path} is not valid")

    return loop


def validate_folder(sizes: Sizes, workdir: Path) -> Figure:
    paths = _lote_folder(sizes, workdir)
    folder = workdir / "folder"
    # Every file validated each time: the cache is measured by revalidate_folder.
    command = [*_tissbill_command(), "validate", str(folder), "--format", "json", "--no-cache"]
    cpus = os.cpu_count() or 1
    cli = _folder_cli(command, len(paths), dict(os.environ))
    times = _interleaved(cli, _bare_loop(paths), sizes.folder_repeat)
    return _ratio_figure(
        "validate_folder",
        f"tissbill validate DIR --format json on {len(paths)} lotes of {sizes.folder_guias} "
        f"guias ({cpus} cores, subprocess)",
        "the bare validator looped over the same files in one process, reading included",
        times,
        1.5,
        {
            "files": len(paths),
            "bytes": sum(p.stat().st_size for p in paths),
            "cpus": cpus,
            "repeat": sizes.folder_repeat,
        },
    )


def revalidate_folder(sizes: Sizes, workdir: Path) -> Figure:
    """The same folder validated again, unchanged: every report comes from the cache."""
    paths = _lote_folder(sizes, workdir)
    folder = workdir / "folder"
    command = [*_tissbill_command(), "validate", str(folder), "--format", "json"]
    env = dict(os.environ, TISSBILL_CACHE=str(workdir / "cache"))
    cli = _folder_cli(command, len(paths), env)
    loop = _bare_loop(paths)
    cli()  # fills the cache
    times = _interleaved(cli, loop, sizes.folder_repeat)
    cpu = [(_cpu_seconds(cli), _cpu_seconds(loop)) for _ in range(sizes.folder_repeat)]
    cpu_cli = statistics.median(c for c, _ in cpu)
    cpu_loop = statistics.median(b for _, b in cpu)
    # The floor of any warm run: starting the command (interpreter, click, tissbill's CLI) plus
    # a fresh interpreter that only reads and SHA-256s every file, as the cache must.
    version = _subprocess([*_tissbill_command(), "--version"], env)
    hashing = _subprocess([sys.executable, "-c", _HASH_ONLY, str(folder)], env)
    floor = [
        (_cpu_seconds(version) + _cpu_seconds(hashing), _seconds(version) + _seconds(hashing))
        for _ in range(sizes.folder_repeat)
    ]
    floor_cpu = statistics.median(c for c, _ in floor)
    floor_wall = statistics.median(w for _, w in floor)
    return _ratio_figure(
        "revalidate_folder",
        f"tissbill validate DIR --format json again on the same {len(paths)} unchanged lotes "
        "(cache warm, subprocess)",
        "the bare validator looped over the same files in one process, reading included",
        times,
        0.2,
        {
            "files": len(paths),
            "repeat": sizes.folder_repeat,
            "cpu_tissbill": cpu_cli,
            "cpu_baseline": cpu_loop,
            "cpu_ratio": cpu_cli / cpu_loop if cpu_loop > 0 else None,
            "floor_wall": floor_wall,
            "floor_wall_ratio": floor_wall / times[1] if times[1] > 0 else None,
            "floor_cpu": floor_cpu,
            "floor_cpu_ratio": floor_cpu / cpu_loop if cpu_loop > 0 else None,
        },
    )


_HASH_ONLY = """\
import hashlib, os, sys
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as file:
            hashlib.sha256(file.read()).digest()
"""
"""The part of a warm run the issue sets as its cost: every file read and hashed (a fresh
interpreter, no tissbill)."""


def _subprocess(command: list[str], env: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        if _run(command, env=env).returncode != 0:
            raise RuntimeError(f"{command[:3]} failed")

    return run


def build(sizes: Sizes) -> Figure:
    guias = inputs.mixed_guias(sizes.build_guias)
    settings = inputs.settings()
    when = settings.data_registro
    assert when is not None

    def ours() -> list[bytes]:
        return [lote.xml for lote in inputs.build(guias)]

    def bare() -> list[bytes]:
        return baseline_writer.build(
            guias,
            prestador=settings.prestador,
            when=when,
            versao=settings.versao.value,
        )

    built, written = ours(), bare()
    if built != written:
        raise RuntimeError("the baseline writer does not produce tissbill's bytes")
    times = _interleaved(ours, bare, sizes.build_repeat)
    return _ratio_figure(
        "build",
        f"build {sizes.build_guias} mixed guias into lotes (models -> XML bytes with hash)",
        "straight-line lxml writer + MD5 (benchmarks/baseline_writer.py), identical bytes",
        times,
        3.0,
        {
            "guias": sizes.build_guias,
            "lotes": len(built),
            "bytes": sum(map(len, built)),
            "identical_output": True,
            "repeat": sizes.build_repeat,
        },
    )


def _peak_rss_kb() -> int:
    """Peak resident memory of this process, in KB.

    Linux keeps ``ru_maxrss`` across fork and exec, so a child started by a big parent would
    report the parent's peak; ``VmHWM`` belongs to the process image and starts afresh at exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _memory_probe(mode: str, path: str, warmup: str) -> None:
    """Child process: peak RSS growth while validating ``path`` (after a warm-up that loads
    the code and compiles the XSD, which belong to the interpreter baseline)."""
    size = Path(path).stat().st_size
    if mode == "tissbill":
        from tissbill.validation.api import validate

        def work(p: str) -> bool:
            return validate(Path(p), max_bytes=2 * size + 1).valid
    else:
        bare = _bare_validator()

        def work(p: str) -> bool:
            return bare(Path(p).read_bytes())

    work(warmup)
    gc.collect()
    before = _peak_rss_kb()
    valid = work(path)
    after = _peak_rss_kb()
    print(json.dumps({"before_kb": before, "after_kb": after, "valid": valid}))


def memory(sizes: Sizes, workdir: Path) -> Figure:
    big = workdir / "big.xml"
    big.write_bytes(inputs.lote_of_size(sizes.memory_bytes))
    small = workdir / "small.xml"
    small.write_bytes(inputs.build(inputs.sadt_guias(2))[0].xml)
    size_mb = big.stat().st_size / 2**20
    peaks: dict[str, float] = {}
    for mode in ("tissbill", "baseline"):
        result = _run([sys.executable, __file__, "--memory-probe", mode, str(big), str(small)])
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode()[-2000:])
        probe = json.loads(result.stdout)
        if not probe["valid"]:
            raise RuntimeError(f"{mode}: the big lote did not validate")
        peaks[mode] = (probe["after_kb"] - probe["before_kb"]) / 1024
    times_input = peaks["tissbill"] / size_mb
    # Tiny (--quick) inputs can fit in memory the warm-up already touched.
    versus = peaks["tissbill"] / peaks["baseline"] if peaks["baseline"] > 0 else None
    return Figure(
        name="memory",
        description=f"peak memory validating a {size_mb:.0f} MB lote (100 big SP/SADT guias)",
        unit="MB",
        tissbill=peaks["tissbill"],
        baseline=peaks["baseline"],
        baseline_description="bare lxml parse + XSD + MD5 of the same file",
        value=times_input,
        value_unit="x input",
        target=10.0,
        met=times_input <= 10.0,
        detail={"input_mb": size_mb, "ratio_to_baseline": versus},
    )


def _wall_ms(command: list[str], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = _run(command)
        out.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode()[-2000:])
    return out


def startup(sizes: Sizes) -> list[Figure]:
    bare_cmd = [sys.executable, "-c", "pass"]
    import_cmd = [sys.executable, "-c", "import tissbill"]
    version_cmd = [*_tissbill_command(), "--version"]
    bare: list[float] = []
    imported: list[float] = []
    version: list[float] = []
    for _ in range(sizes.startup_repeat):  # interleaved, one of each per round
        bare += _wall_ms(bare_cmd, 1)
        imported += _wall_ms(import_cmd, 1)
        version += _wall_ms(version_cmd, 1)
    python = statistics.median(bare)
    import_ms = statistics.median(imported)
    version_ms = statistics.median(version)
    return [
        Figure(
            name="import",
            description="python -c 'import tissbill' minus python -c pass",
            unit="ms",
            tissbill=import_ms,
            baseline=python,
            baseline_description="python -c pass",
            value=import_ms - python,
            value_unit="ms",
            target=150.0,
            met=import_ms - python <= 150.0,
            detail={"repeat": sizes.startup_repeat},
        ),
        Figure(
            name="startup",
            description="tissbill --version, wall time",
            unit="ms",
            tissbill=version_ms,
            baseline=python,
            baseline_description="python -c pass",
            value=version_ms,
            value_unit="ms",
            target=300.0,
            met=version_ms <= 300.0,
            detail={"repeat": sizes.startup_repeat},
        ),
    ]


# --- output ---------------------------------------------------------------------------------


def _amount(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.1f} {unit}"


def _table(figures: list[Figure]) -> str:
    rows = [("figure", "tissbill", "baseline", "value", "target", "met")]
    for f in figures:
        rows.append(
            (
                f.name,
                _amount(f.tissbill, f.unit),
                _amount(f.baseline, f.unit),
                f"{f.value:.2f} {f.value_unit}",
                f"<= {f.target:g} {f.value_unit}",
                "yes" if f.met else "NO",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    notes = [f"  {f.name}: {f.description}; baseline: {f.baseline_description}" for f in figures]
    return "\n".join([*lines, "", *notes])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke run)")
    parser.add_argument(
        "--only", action="append", help="run only these figures (validate_lote, ...)"
    )
    parser.add_argument("--memory-probe", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault(SCHEMAS_ENV, str(inputs.SHARED_SCHEMAS))
    if args.memory_probe:
        _memory_probe(*args.memory_probe)
        return 0
    sizes = QUICK if args.quick else FULL
    everything = [
        "validate_lote",
        "validate_scaling",
        "validate_folder",
        "revalidate_folder",
        "build",
        "memory",
    ]
    wanted = set(args.only or [*everything, "startup"])
    started = time.perf_counter()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="tissbill-bench-") as tmp:
        workdir = Path(tmp)
        if "validate_lote" in wanted:
            figures.append(validate_lote(sizes))
        if "validate_scaling" in wanted:
            figures.append(validate_scaling(sizes))
        if "validate_folder" in wanted:
            figures.append(validate_folder(sizes, workdir))
        if "revalidate_folder" in wanted:
            figures.append(revalidate_folder(sizes, workdir))
        if "build" in wanted:
            figures.append(build(sizes))
        if "memory" in wanted:
            figures.append(memory(sizes, workdir))
        if "startup" in wanted:
            figures.extend(startup(sizes))
    result = {
        "quick": args.quick,
        "seconds": round(time.perf_counter() - started, 1),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "figures": {f.name: asdict(f) for f in figures},
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(_table(figures))
        print(f"\n{'quick' if args.quick else 'full'} run, {result['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
