"""How long the daily unusual-access report takes on a large access log.

    .venv/bin/python bench/unusual_access_bench.py [--rows 1000000] [--days 30] [--children 20000] [--staff 1200]

It creates a PostgreSQL database of its own (127.0.0.1, user postgres, or BENCH_PG_URL), migrates it, loads
teams, staff, children with allocations and an access log of `--rows` rows spread over `--days` working hours
(with some evening, weekend and bulk viewing), then times the report for one day, cold and warm, and drops
the database. A benchmark: it prints figures and never fails on a timing.
"""

import argparse
import hashlib
import io
import os
import random
import re
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--staff", type=int, default=1_200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    admin_url = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"carefile_uabench_{os.getpid()}"
    os.environ["DATABASE_URL"] = re.sub(r"/[^/]*$", f"/{name}", admin_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        run(args, rng)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args, rng: random.Random) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from carefile.common.calendar import holiday_calendar
    from carefile.governance.unusual_access import unusual_access_report
    from carefile.people.models import Person
    from carefile.workforce.models import Allocation, Staff, Team, User

    began = time.monotonic()
    call_command("migrate", verbosity=0)
    tz = timezone.get_default_timezone()
    teams = Team.objects.bulk_create(Team(name=f"Team {i}", service_area="assessment") for i in range(40))
    users = User.objects.bulk_create(User(username=f"user{i}", password="!") for i in range(args.staff))
    surnames = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Khan", "Patel", "Murphy"]
    staff = Staff.objects.bulk_create(
        Staff(
            user=u,
            given_name="Worker",
            family_name=rng.choice(surnames) if i % 10 == 0 else f"Staffname{i}",
            role="social_worker",
            team=teams[i % len(teams)],
            start_date=date(2020, 1, 1),
        )
        for i, u in enumerate(users)
    )
    people = []
    for i in range(args.children):
        p = Person(
            kind="child",
            la_child_id=f"B{i:07d}",
            given_name="Child",
            family_name=rng.choice(surnames) if i % 7 == 0 else f"Family{i}",
            date_of_birth=date(2012, 1, 1),
            responsible_team=teams[i % len(teams)],
        )
        p.refresh_search_keys()
        people.append(p)
    people = Person.objects.bulk_create(people, batch_size=5000)
    start = timezone.make_aware(datetime(2024, 1, 1))
    Allocation.objects.bulk_create(
        (
            Allocation(child=p, worker=staff[(i * 7) % len(staff)], start=start, reason="new_case")
            for i, p in enumerate(people)
        ),
        batch_size=5000,
    )
    loaded = time.monotonic() - began

    # The access log: most views in working hours by staff in the child's team; some not.
    first_day = date(2025, 3, 3)
    days = [first_day + timedelta(days=d) for d in range(args.days)]
    buffer = io.StringIO()
    for n in range(args.rows):
        day = rng.choice(days)
        minute = rng.randint(7 * 60, 20 * 60 - 1) if rng.random() < 0.97 else rng.randint(0, 24 * 60 - 1)
        at = datetime.combine(day, dtime(minute // 60, minute % 60, rng.randint(0, 59)), tzinfo=tz)
        child = rng.randrange(len(people))
        viewer = (child * 7) % len(staff) if rng.random() < 0.8 else rng.randrange(len(staff))
        digest = hashlib.sha256(str(n).encode()).hexdigest()
        buffer.write(
            f"{at.isoformat()}\t{users[viewer].pk}\t{people[child].pk}\t{people[child].pk}\tpeople:detail\t"
            f"/people/{people[child].pk}/\t\t{'0' * 64}\t{digest}\n"
        )
    # One bulk viewer on the report day: 60 children in 40 minutes.
    report_day = days[len(days) // 2]
    for k in range(60):
        at = datetime.combine(report_day, dtime(14, 0), tzinfo=tz) + timedelta(seconds=40 * k)
        digest = hashlib.sha256(f"bulk{k}".encode()).hexdigest()
        p = people[rng.randrange(len(people))]
        buffer.write(
            f"{at.isoformat()}\t{users[0].pk}\t{p.pk}\t{p.pk}\tpeople:detail\t/people/{p.pk}/\t\t{'0' * 64}\t{digest}\n"
        )
    buffer.seek(0)
    began = time.monotonic()
    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(
            "COPY common_accesslog (at, user_id, person_id, person_ref, view_name, path, reason, previous_hash, "
            "row_hash) FROM STDIN"
        ) as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        cursor.execute("ANALYZE")
    copied = time.monotonic() - began
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM common_accesslog")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM common_accesslog WHERE at >= %s AND at < %s",
            [
                datetime.combine(report_day, dtime(0), tzinfo=tz),
                datetime.combine(report_day + timedelta(days=1), dtime(0), tzinfo=tz),
            ],
        )
        on_day = cursor.fetchone()[0]

    holidays = holiday_calendar()
    timings = []
    for _ in range(3):
        t = time.monotonic()
        report = unusual_access_report(on=report_day, holidays=holidays)
        timings.append(time.monotonic() - t)
    weekend = report_day + timedelta(days=(5 - report_day.weekday()) % 7)
    t = time.monotonic()
    weekend_report = unusual_access_report(on=weekend, holidays=holidays)
    weekend_time = time.monotonic() - t

    print(f"Unusual-access report on PostgreSQL {connection.pg_version // 10000}")
    print(f"  access-log rows                     {total:,} over {args.days} days")
    print(f"  children / staff                    {args.children:,} / {args.staff:,}")
    print(f"  rows on the report day              {on_day:,} ({report_day:%a %d %b %Y})")
    print(f"  report, first run                   {timings[0]:.2f} s")
    print(f"  report, warm (best of 2)            {min(timings[1:]):.2f} s")
    print(f"  weekend day ({weekend_report.views:,} views)          {weekend_time:.2f} s")
    print(
        f"  found: {len(report.outside_team):,} outside team/caseload, {len(report.shared_surname):,} shared "
        f"surnames, {len(report.bulk)} bulk, {len(report.out_of_hours):,} out of hours"
    )
    print(f"  (loading took {loaded:.0f} s, copying the log {copied:.0f} s)")


if __name__ == "__main__":
    main()
