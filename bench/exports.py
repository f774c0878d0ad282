"""Time and peak memory of the statutory-return exports on the current database (not a test; prints figures).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/mydb .venv/bin/python bench/exports.py --years 2025 2026

Runs `export_cin_census` and `export_ssda903 --no-previous` for each year, each in a process of its own, and
reports wall time, peak resident memory of that process (from wait4) and what was written. With
--tracemalloc it also runs each export in-process under tracemalloc and reports the peak of Python
allocations, which is what "memory stays flat as the council grows" is about (the process's RSS includes
Django, lxml and the interpreter). With --validators it also times scripts/validators/check_returns.py.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
VPY = ROOT / ".venv-validators" / "bin" / "python"


def run(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB and stdout of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and "check_returns" not in " ".join(cmd)):
        raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode})")
    return elapsed, usage.ru_maxrss // 1024, out.strip().splitlines()[-1] if out.strip() else ""


def traced(year: int, what: str, out: Path) -> float:
    """Peak Python allocations (MB) of one export run in this process."""
    import tracemalloc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from carefile.returns.cin_export import write_cin_census
    from carefile.returns.ssda903_export import write_ssda903

    tracemalloc.start()
    if what == "cin":
        write_cin_census(year, str(out / f"traced-{year}.xml"))
    else:
        write_ssda903(year, out / f"traced-{year}")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--years", nargs="+", type=int, default=[2025, 2026])
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--validators", action="store_true")
    args = parser.parse_args()
    print(
        f"| export | year | seconds | peak RSS (MB) |{' traced peak (MB) |' if args.tracemalloc else ''} written |"
    )
    print(f"|---|---|---|---|{'---|' if args.tracemalloc else ''}---|")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for year in args.years:
            for what, cmd in (
                (
                    "cin",
                    [
                        PY,
                        "manage.py",
                        "export_cin_census",
                        "--year",
                        str(year),
                        "--out",
                        str(out / f"cin-{year}.xml"),
                    ],
                ),
                (
                    "ssda903",
                    [
                        PY,
                        "manage.py",
                        "export_ssda903",
                        "--year",
                        str(year),
                        "--out",
                        str(out / f"903-{year}"),
                        "--no-previous",
                    ],
                ),
            ):
                seconds, rss, said = run([*cmd, "--skip-checks"])
                extra = f" {traced(year, what, out):.1f} |" if args.tracemalloc else ""
                print(f"| {what} | {year} | {seconds:.1f} | {rss} |{extra} {said} |")
                if args.validators and VPY.exists():
                    target = (
                        ["--cin", str(out / f"cin-{year}.xml")]
                        if what == "cin"
                        else ["--ssda903", str(out / f"903-{year}")]
                    )
                    seconds, rss, said = run(
                        [str(VPY), "scripts/validators/check_returns.py", "--year", str(year), *target]
                    )
                    print(
                        f"| validators ({what}) | {year} | {seconds:.1f} | {rss} |{' |' if args.tracemalloc else ''} |"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
