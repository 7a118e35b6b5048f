"""Time kcbilat as whole processes beside its references, and print ratios (docs/benchmarks.md).

    .venv/bin/python bench/run.py                       # sizes 1000,10000,20000; 5 runs
    .venv/bin/python bench/run.py --sizes 1000 --runs 3 # a quick look

Every figure is the median of several runs of a fresh process, started through the
virtualenv's own interpreter and console script (a version-manager shim would add
~140 ms to each), with kcbilat's bytecode compiled first, as an installed wheel has it.
Peak memory is the child's maximum resident set size. "cold" runs
start with an empty kcbilat cache; "warm" runs after one run has filled it. The
references run in the same session: `python -c pass`, a minimal Typer+rich app
(bench/minimal_app.py) and check-jsonschema with kcbilat's exported schemas on the
same files (installed into its own virtualenv on first use).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
KCBILAT = str(BIN / "kcbilat")
PYTHON = sys.executable
WORK = Path(os.environ.get("KCBILAT_BENCH_DIR", Path(tempfile.gettempdir()) / "kcbilat-bench"))


def measure(
    cmd: list[str], runs: int, env: dict[str, str] | None = None, before: object = None
) -> tuple[float, float]:
    """Median seconds and the largest peak RSS (MiB) of `runs` fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed with {status}")
    return statistics.median(times), max(peaks)


def check_jsonschema() -> str:
    venv = WORK / "venv-check-jsonschema"
    exe = venv / "bin" / "check-jsonschema"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "check-jsonschema"], check=True)
    return str(exe)


def data_set(n: int) -> Path:
    root = WORK / f"data-{n}"
    if not (root / "agreements").is_dir():
        sys.path.insert(0, str(HERE))
        from generate import generate

        generate(n, root)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,20000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-runs", type=int, default=3, help="runs for the big data sets")
    parser.add_argument("--no-reference", action="store_true", help="skip check-jsonschema")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    WORK.mkdir(parents=True, exist_ok=True)
    # An installed wheel has its bytecode compiled; an editable install only after a first
    # run, and never under PYTHONDONTWRITEBYTECODE (~15 ms of compiling on every start).
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "src" / "kcbilat")], check=True)
    cache = WORK / "cache"
    cold = {"KCBILAT_CACHE_DIR": str(cache)}

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    rows: list[tuple[str, float, float, str]] = []

    def add(
        name: str,
        result: tuple[float, float],
        base: float | None = None,
        what: str = "",
        target: str = "",
    ) -> float:
        ratio = f"{result[0] / base:.2f}× {what}" if base else ""
        if target:
            ratio += f" (target {target})"
        rows.append((name, result[0], result[1], ratio))
        print(f"{name:<54} {result[0] * 1000:8.0f} ms {result[1]:6.0f} MiB  {ratio}", flush=True)
        return result[0]

    runs = args.runs
    bundled = ["--data", str(REPO / "data")]
    add("python -c pass", measure([PYTHON, "-c", "pass"], runs))
    app = add(
        "minimal Typer+rich app: 20-row table",
        measure([PYTHON, str(HERE / "minimal_app.py"), "show"], runs),
    )
    app_help = add(
        "minimal Typer+rich app: --help",
        measure([PYTHON, str(HERE / "minimal_app.py"), "--help"], runs),
    )
    add("kcbilat --help", measure([KCBILAT, "--help"], runs), app_help, "app --help", "≤ 1.1")
    add("kcbilat --version", measure([KCBILAT, "--version"], runs), app_help, "app --help", "≤ 1.1")
    add(
        "kcbilat status, bundled data, cold",
        measure([KCBILAT, "status", *bundled], runs, cold, clear),
        app,
        "app",
        "≤ 2",
    )
    measure([KCBILAT, "status", *bundled], 1, cold)
    add(
        "kcbilat status, bundled data, warm",
        measure([KCBILAT, "status", *bundled], runs, cold),
        app,
        "app",
        "≤ 1.1",
    )
    add(
        "kcbilat validate, bundled data, warm",
        measure([KCBILAT, "validate", *bundled], runs, cold),
        app,
        "app",
    )
    #: the warm dashboards of issue 15: (name, extra arguments, target at 10,000)
    dashboards = [
        ("status", [], "≤ 8"),
        ("status --agreement X", ["--agreement", "agreement-00042"], "≤ 3"),
        ("status --status overdue", ["--status", "overdue"], "≤ 3"),
        ("status --format json", ["--format", "json"], "≤ 10"),
    ]
    validate_cold: dict[int, float] = {}
    warm: dict[tuple[str, int], float] = {}
    for n in sizes:
        root = data_set(n)
        slow = args.slow_runs if n >= 10_000 else runs
        where = ["--data", str(root)]
        validate_cold[n] = add(
            f"kcbilat validate, {n} agreements, cold",
            measure([KCBILAT, "validate", *where], slow, cold, clear),
        )
        add(
            f"kcbilat validate, {n} agreements, warm",
            measure([KCBILAT, "validate", *where], slow, cold),
        )
        for name, extra, target in dashboards:
            command = [KCBILAT, *name.split()[:1], *where, *extra]
            measure(command, 1, cold)  # the answer to this question, saved
            warm[name, n] = add(
                f"kcbilat {name}, {n} agreements, warm",
                measure(command, slow, cold),
                app,
                "app",
                f"{target} at 10,000" if n == 10_000 else "",
            )
        if not args.no_reference and n in (1000, 10_000):
            exe = check_jsonschema()
            files = sorted(str(p) for p in (root / "agreements").glob("*.yaml"))
            schema = str(REPO / "schemas" / "agreement.json")
            ref = add(
                f"check-jsonschema, {n} agreement files",
                measure([exe, "--schemafile", schema, *files], 1 if n >= 10_000 else 3),
            )
            rows.append(
                (
                    f"  ratio kcbilat validate cold / check-jsonschema ({n})",
                    validate_cold[n] / ref,
                    0,
                    "target ≤ 0.1",
                )
            )
            print(f"  ratio {validate_cold[n] / ref:.2f}", flush=True)
    if 10_000 in validate_cold and 20_000 in validate_cold:
        ratio = validate_cold[20_000] / validate_cold[10_000]
        rows.append(("  ratio validate cold 20,000 / 10,000", ratio, 0, "target ≤ 2.1"))
        print(f"  scaling 20k/10k: {ratio:.2f}")
        for name, _, _ in dashboards:
            ratio = warm[name, 20_000] / warm[name, 10_000]
            rows.append((f"  ratio {name} warm 20,000 / 10,000", ratio, 0, "target ≤ 2.1"))
            print(f"  scaling {name} 20k/10k: {ratio:.2f}")
    print()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}"
    )
    print()
    print("| what | time | peak memory | ratio |")
    print("|---|---:|---:|---|")
    for name, secs, mib, ratio in rows:
        if name.startswith("  ratio"):
            print(f"| {name.strip()} | {secs:.2f} | | {ratio} |")
        else:
            print(f"| {name} | {secs * 1000:.0f} ms | {mib:.0f} MiB | {ratio} |")


if __name__ == "__main__":
    main()
