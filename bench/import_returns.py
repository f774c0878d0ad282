"""How long `import_returns` takes, and its peak memory, for generated legacy returns of N children.

    .venv/bin/python bench/import_returns.py [--children 1000 10000] [--year 2025]

For each size it creates a PostgreSQL database of its own (127.0.0.1, user postgres, or BENCH_PG_URL),
migrates it, adds one assessment team, writes a CIN census and SSDA903 files for N generated children
(`carefile/returns/tests/fixtures/builders.generate`: a quarter looked after), then runs
`manage.py import_returns` in a child process twice — the import, then the same files again (which must
change nothing) — and reports wall time and the child's peak resident memory (ru_maxrss). A benchmark: it
prints figures and never fails on a timing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# Runs a management command and reports its own peak RSS (kB) on the last line of stderr.
WRAPPER = (
    "import resource, sys\n"
    "from django.core.management import execute_from_command_line\n"
    "try:\n"
    "    execute_from_command_line(['manage.py', *sys.argv[1:]])\n"
    "finally:\n"
    "    print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def _run(args: list[str], env: dict) -> tuple[float, int, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    peak = int(re.findall(r"PEAK_KB (\d+)", done.stderr)[-1])
    return elapsed, peak, done.stdout


def bench(n: int, year: int, admin_url: str) -> dict:
    name = f"carefile_importbench_{os.getpid()}_{n}"
    url = re.sub(r"/[^/]*$", f"/{name}", admin_url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
    }
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [
                python,
                "manage.py",
                "shell",
                "-c",
                "from carefile.workforce.models import Team; "
                "Team.objects.create(name='Assessment team', service_area='assessment')",
            ],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
            import django

            django.setup()
            from carefile.returns.tests.fixtures.builders import generate, write_903, write_cin

            children, tables = generate(n, year=year, seed=1)
            cin = write_cin(Path(tmp) / "cin.xml", children, year=year)
            d903 = write_903(Path(tmp) / "903", tables)
            size = cin.stat().st_size + sum(p.stat().st_size for p in d903.iterdir())
            del children, tables
            cmd = [
                "import_returns",
                "--year",
                str(year),
                "--cin",
                str(cin),
                "--ssda903",
                str(d903),
            ]
            first, peak1, out1 = _run(cmd, env)
            again, peak2, out2 = _run(cmd, env)
        created = sum(int(m) for m in re.findall(r": (\d+) created", out1))
        created_again = sum(int(m) for m in re.findall(r": (\d+) created", out2))
        return {
            "children": n,
            "input_mb": size / 1e6,
            "records": created,
            "first_s": first,
            "again_s": again,
            "peak_mb": peak1 / 1024,
            "created_again": created_again,
        }
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    admin_url = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    print(
        "| children | input files | records created | import | re-import (no change) | peak RSS of the import |"
    )
    print("|---|---|---|---|---|---|")
    for n in args.children:
        r = bench(n, args.year, admin_url)
        assert r["created_again"] == 0, "the second import created records"
        print(
            f"| {r['children']:,} | {r['input_mb']:.1f} MB | {r['records']:,} | {r['first_s']:.1f} s "
            f"| {r['again_s']:.1f} s | {r['peak_mb']:.0f} MB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
