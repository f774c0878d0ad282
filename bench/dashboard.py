"""How long the head of service's performance dashboard takes on the current database.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cf_perf_medium .venv/bin/python bench/dashboard.py [--runs 5] [--append]

Seed the database first (`manage.py migrate && manage.py seed_council --size medium --seed 1`). The script
signs in as a head of service (the demo sign-in `head.of.service`, or the first head of service), requests
`/performance/` once cold and `--runs` times warm, and prints the wall time, the number of SQL queries and
where the time goes (reading the facts, the statutory figures by month, the operational figures, rendering).
`--append` adds the figures to bench/README.md. A benchmark: it prints figures and never fails on a timing.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--append", action="store_true", help="append the figures to bench/README.md")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from carefile.common import clock
    from carefile.frontdoor.models import Referral
    from carefile.people.models import Person
    from carefile.performance import facts_db, selectors
    from carefile.performance.facts import Period, months_before
    from carefile.workforce.models import Role, Staff

    settings.ALLOWED_HOSTS = ["*"]
    staff = (
        Staff.objects.filter(user__username="head.of.service").first()
        or Staff.objects.filter(role=Role.HEAD_OF_SERVICE, user__isnull=False).first()
    )
    if staff is None:
        sys.exit("No head of service with a sign-in: seed the database first")
    client = Client()
    client.force_login(staff.user)

    def request() -> tuple[float, int, float, float]:
        with CaptureQueriesContext(connection) as ctx:
            t, cpu = time.perf_counter(), time.process_time()
            response = client.get("/performance/")
            elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        assert response.status_code == 200, response.status_code
        sql = sum(float(q["time"]) for q in ctx.captured_queries)
        return elapsed, len(ctx.captured_queries), cpu, sql

    cold, queries, _, _ = request()
    runs = [request() for _ in range(args.runs)]
    warm = [r[0] for r in runs]
    load = os.getloadavg()[0]

    today = clock.today()
    months = selectors.last_months(today)
    window = Period(months_before(months[0].first, 12), today)
    cin_from = min(Period.rolling_year(today).first, months[0].first)
    t = time.perf_counter()
    facts = facts_db.facts(window, cin_from=cin_from)
    t_facts = time.perf_counter() - t
    t = time.perf_counter()
    selectors.statutory_figures(today=today)
    t_statutory = time.perf_counter() - t
    t = time.perf_counter()
    selectors.compute_operational(today=today, months=months)
    t_snapshot = time.perf_counter() - t
    t = time.perf_counter()
    selectors.operational_figures(today=today, months=months)
    t_ops = time.perf_counter() - t

    children = Person.objects.children().count()
    referrals = Referral.objects.count()
    rows = [
        ("database", connection.vendor + " " + connection.settings_dict.get("NAME", "")),
        ("children (all records)", f"{children:,}"),
        ("referrals (all years)", f"{referrals:,}"),
        (
            "facts read",
            f"{len(facts.cin):,} CIN episodes (13 months), {len(facts.cla):,} care episodes (24 months)",
        ),
        ("machine load average (1 min) during the run", f"{load:.1f} on {os.cpu_count()} CPUs"),
        ("first request of the process (cold)", f"{cold * 1000:.0f} ms"),
        (f"warm request, median of {args.runs} (wall)", f"{statistics.median(warm) * 1000:.0f} ms"),
        ("warm request, slowest (wall)", f"{max(warm) * 1000:.0f} ms"),
        (
            "warm request, median CPU time of the Django process",
            f"{statistics.median(r[2] for r in runs) * 1000:.0f} ms",
        ),
        (
            "warm request, median time waiting on SQL",
            f"{statistics.median(r[3] for r in runs) * 1000:.0f} ms",
        ),
        ("SQL queries per request", str(queries)),
        ("reading the facts alone (about fifteen queries)", f"{t_facts * 1000:.0f} ms"),
        (
            "statutory figures: the facts read again, then 12 months + headline",
            f"{t_statutory * 1000:.0f} ms",
        ),
        ("operational figures, read from the day's snapshot", f"{t_ops * 1000:.0f} ms"),
        (
            "taking the council snapshot (nightly: every clock of every open child)",
            f"{t_snapshot * 1000:.0f} ms",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k.ljust(width)}  {v}")
    if args.append:
        readme = ROOT / "bench" / "README.md"
        table = "\n".join(f"| {k} | {v} |" for k, v in rows)
        readme.write_text(
            readme.read_text().rstrip("\n")
            + f"\n\n## Performance dashboard\n\n```sh\nDATABASE_URL=postgresql://postgres@127.0.0.1:5432/cf_perf_medium "
            f".venv/bin/python bench/dashboard.py --append\n```\n\nTimes `/performance/` (the head of service's "
            "dashboard: 17 statutory figures with 12 monthly points each, 8 operational figures) on a seeded "
            "database, through Django's test client (no network). The facts are read once for a 24-month window "
            "in a fixed number of queries and every month's figure is computed from them in memory, so the "
            "query count does not depend on the size of the council.\n\n"
            f"Latest run ({date.today():%-d %B %Y}, `seed_council --size medium --seed 1`):\n\n"
            f"| figure | value |\n|---|---|\n{table}\n"
        )
        print(f"Appended to {readme}")


if __name__ == "__main__":
    main()
