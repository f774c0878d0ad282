"""No lost saves: save records through HTTP while SIGKILLing the server at random moments.

    .venv/bin/python bench/kill_test.py [--kills 200] [--max-seconds 1500] [--seed 1] [--keep-db]

It creates a PostgreSQL database of its own (on 127.0.0.1, as user postgres, or KILL_TEST_PG_URL), migrates
it, makes one social worker and one child, then runs Carefile under `manage.py runserver --noreload` on a free
loopback port and records new addresses for the child through the "Record a new address" page, one after
another, while a timer SIGKILLs the server at a random moment (0–1.5 s after it is ready), restarts it and
carries on. Each save is *acknowledged* when the server answered with a redirect to the child's page.

At the end it checks, in the database:
- every acknowledged save is present (lost acknowledged saves must be 0);
- nothing is present that was never sent;
- no half-written record: every address has its chronology event and every event its address, exactly one
  address is open, and each earlier address ends the day the next starts (the three writes of one save);
- the access log's hash chain verifies (`audit_verify`);
and prints the figures. It drops its database afterwards. It is a benchmark, not a test: not part of pytest.
"""

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PASSWORD = "Kill-test-password-42"
FIRST_DAY = date(1900, 1, 1)

SETUP = """
from django.utils import timezone
from datetime import date
from carefile.workforce.models import User, Staff, Team, Role
from carefile.people import services
team = Team.objects.create(name="Kill test team", service_area="assessment")
user = User.objects.create_user("killtest", password={password!r})
staff = Staff.objects.create(user=user, given_name="Kill", family_name="Test", role=Role.SOCIAL_WORKER,
                             team=team, start_date=date(2020, 1, 1))
child = services.person_create(by=staff, at=timezone.now(), kind="child", given_name="Kim", family_name="Saved",
                               date_of_birth=date(2015, 1, 1), sex="F", ethnicity="WBRI")
print("CHILD", child.pk)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Client:
    """A tiny HTTP client with a cookie jar: one connection per request, no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 10):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        headers = {"Connection": "close", "Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), content
        finally:
            conn.close()


class Server:
    def __init__(self, env: dict, log: Path):
        self.env, self.log = env, log
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> float:
        began = time.monotonic()
        self.port = free_port()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [PYTHON, "manage.py", "runserver", f"{HOST}:{self.port}", "--noreload", "--skip-checks"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"The server stopped while starting: see {self.log}")
            try:
                status, _, _ = Client(self.port).request("GET", "/healthz", timeout=1)
                if status == 200:
                    return time.monotonic() - began
            except OSError:
                pass
            time.sleep(0.02)
        raise SystemExit(f"The server did not start within 60 s: see {self.log}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def sign_in(client: Client) -> None:
    client.request("GET", "/sign-in/")
    status, headers, _ = client.request(
        "POST",
        "/sign-in/",
        {"username": "killtest", "password": PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"]},
    )
    if status != 302:
        raise SystemExit(f"Could not sign in (status {status})")


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args[:1])} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def check(db_url: str, child_id: int, acked: set[str], doubtful: set[str], sent: set[str]) -> dict:
    with psycopg.connect(db_url) as db:
        rows = db.execute(
            'SELECT id, line1, start, "end" FROM people_address WHERE person_id = %s ORDER BY start, id',
            (child_id,),
        ).fetchall()
        events = db.execute(
            "SELECT (data->>'address')::bigint FROM common_chronologyevent WHERE person_id = %s AND kind = %s",
            (child_id, "address_added"),
        ).fetchall()
    present = {line1 for _, line1, _, _ in rows}
    address_ids = {pk for pk, _, _, _ in rows}
    event_ids = [e for (e,) in events]
    half_written = len(address_ids - set(event_ids)) + len(set(event_ids) - address_ids)
    half_written += len(event_ids) - len(set(event_ids))  # an event written twice
    open_addresses = sum(1 for *_, end in rows if end is None)
    chain_breaks = sum(
        1 for (_, _, _, end), (_, _, next_start, _) in zip(rows, rows[1:], strict=False) if end != next_start
    )
    return {
        "present": len(present),
        "lost": len(acked - present),
        "phantom": len(present - sent),
        "doubt_committed": len(doubtful & present),
        "doubt_not_committed": len(doubtful - present),
        "half_written": half_written + chain_breaks + (0 if open_addresses == 1 or not rows else 1),
        "open_addresses": open_addresses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--max-seconds", type=float, default=1500, help="Stop killing after this long")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=1.5, help="Kill at most this long after start")
    parser.add_argument("--keep-db", action="store_true", help="Leave the database for inspection")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    admin_url = os.environ.get("KILL_TEST_PG_URL", f"postgresql://postgres@{HOST}:5432/postgres")
    name = f"carefile_killtest_{os.getpid()}"
    db_url = re.sub(r"/[^/]*$", f"/{name}", admin_url)
    env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_DEBUG": "true", "CAREFILE_REQUIRE_2FA": "false"}
    log = Path(tempfile.gettempdir()) / f"{name}.log"

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    server = Server(env, log)
    try:
        print(f"Database {name}: migrating…", flush=True)
        manage(env, "migrate", "--noinput")
        child_id = int(
            re.search(r"CHILD (\d+)", manage(env, "shell", "-c", SETUP.format(password=PASSWORD))).group(1)
        )
        path = f"/people/{child_id}/addresses/new/"

        acked: set[str] = set()
        doubtful: set[str] = set()
        sent: set[str] = set()
        refused = 0
        kills = 0
        restarts: list[float] = []
        number = 0
        began = time.monotonic()
        client: Client | None = None

        while kills < args.kills and time.monotonic() - began < args.max_seconds:
            restarts.append(server.start())
            if client is None:
                client = Client(server.port)
                sign_in(client)
            client.port = server.port
            delay = rng.uniform(0, args.max_delay)
            timer = threading.Timer(delay, server.kill)
            timer.start()
            while True:
                number += 1
                line1 = f"Kill test save {number}"
                start = FIRST_DAY + timedelta(days=number)
                form = {
                    "csrfmiddlewaretoken": client.cookies["csrftoken"],
                    "line1": line1,
                    "line2": "",
                    "town": "Durham",
                    "postcode": "DH1 5UQ",
                    "start_0": str(start.day),
                    "start_1": str(start.month),
                    "start_2": str(start.year),
                }
                sent.add(line1)
                try:
                    status, headers, _ = client.request("POST", path, form)
                except OSError:
                    doubtful.add(line1)  # sent, no answer: it may or may not have been saved
                    break
                if status == 302 and headers.get("Location", "").rstrip("/").endswith(f"/people/{child_id}"):
                    acked.add(line1)
                else:
                    refused += 1
                    doubtful.add(line1)
                if not server.alive():
                    break
            timer.join()
            server.kill()
            kills += 1
            if kills % 20 == 0:
                print(f"  {kills} kills, {len(acked)} acknowledged saves so far", flush=True)
        elapsed = time.monotonic() - began

        figures = check(db_url, child_id, acked, doubtful, sent)
        audit = manage(env, "audit_verify").strip()
        print()
        print("Kill test: SIGKILL of `runserver --noreload` against PostgreSQL while saving addresses")
        print(f"  kills                               {kills}")
        print(f"  duration                            {elapsed:.0f} s")
        print(f"  saves sent                          {len(sent)}")
        print(f"  saves acknowledged (302)            {len(acked)}")
        print(f"  in flight at a kill, saved          {figures['doubt_committed']}")
        print(f"  in flight at a kill, not saved      {figures['doubt_not_committed']}")
        print(f"  refused by the server               {refused}")
        print(f"  acknowledged saves lost             {figures['lost']}")
        print(f"  records never sent but present      {figures['phantom']}")
        print(f"  half-written records                {figures['half_written']}")
        print(f"  restart to first request (mean)     {sum(restarts) / len(restarts):.2f} s")
        print(f"  {audit}")
        ok = figures["lost"] == 0 and figures["phantom"] == 0 and figures["half_written"] == 0
        print("PASS: no acknowledged save lost, no half-written record" if ok else "FAIL")
        if not ok:
            sys.exit(1)
    finally:
        server.kill()
        if not args.keep_db:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            print(f"Kept database {name}")


if __name__ == "__main__":
    main()
