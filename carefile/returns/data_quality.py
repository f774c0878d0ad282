"""The data-quality results: this year's CIN census and SSDA903 exported, checked with the DfE-rule validators
(scripts/validators/check_returns.py in its own virtualenv) and stored as `DataQualityIssue`s.

The validators pin old pandas and numpy, so they never run inside the application: `refresh` writes the
returns to a temporary directory and runs the checker in `.venv-validators` as a subprocess, reading its
`--json` findings. Without that virtualenv the run is stored as "unavailable" with a message saying so.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Count, Max, QuerySet

from carefile.common import clock
from carefile.people.models import Person

from .models import DataQualityIssue, DataQualityRun, ReturnName, RuleType, RunStatus

logger = logging.getLogger(__name__)

CHECKER = Path(settings.BASE_DIR) / "scripts" / "validators" / "check_returns.py"
# A refresh that has "run" for longer than this died with its process: it no longer blocks a new one.
STALE_AFTER = timedelta(hours=2)
CHECK_TIMEOUT_SECONDS = 60 * 60


def validators_python() -> Path:
    """The Python of the validators' own virtualenv (setting VALIDATORS_PYTHON or the environment's
    CAREFILE_VALIDATORS_PYTHON overrides the default, .venv-validators/bin/python)."""
    configured = getattr(settings, "VALIDATORS_PYTHON", "") or os.environ.get(
        "CAREFILE_VALIDATORS_PYTHON", ""
    )
    return Path(configured) if configured else Path(settings.BASE_DIR) / ".venv-validators" / "bin" / "python"


def validators_available() -> bool:
    return validators_python().exists()


UNAVAILABLE_MESSAGE = (
    "The DfE-rule validators are not installed: there is no virtualenv at {path}. "
    "Create it as README.md describes (python3.11 -m venv .venv-validators, then install "
    "scripts/validators/requirements.txt) and refresh again."
)


def current_collection_year(on: date | None = None) -> int:
    """The collection (end) year the day falls in: 1 April 2025 to 31 March 2026 is 2026."""
    on = on or clock.today()
    return on.year + 1 if (on.month, on.day) > (3, 31) else on.year


def latest_run(year: int) -> DataQualityRun | None:
    return DataQualityRun.objects.filter(year=year).order_by("-started_at", "-id").first()


def latest_finished_run(year: int) -> DataQualityRun | None:
    return (
        DataQualityRun.objects.filter(year=year)
        .exclude(status=RunStatus.RUNNING)
        .order_by("-started_at", "-id")
        .first()
    )


def running_run(year: int) -> DataQualityRun | None:
    return (
        DataQualityRun.objects.filter(
            year=year, status=RunStatus.RUNNING, started_at__gte=clock.now() - STALE_AFTER
        )
        .order_by("-started_at")
        .first()
    )


# ---- reads for the page --------------------------------------------------------------------------------
def rule_counts(run: DataQualityRun) -> list[dict]:
    """Issues of the run by return and rule: how many rows and how many distinct children."""
    return list(
        DataQualityIssue.objects.filter(run=run)
        .values("return_name", "rule_code", "rule_type")
        .annotate(
            count=Count("id"), children=Count("child_ref", distinct=True), description=Max("description")
        )
        .order_by("rule_type", "-count", "return_name", "rule_code")
    )


def issues(run: DataQualityRun, *, rule: str = "", return_name: str = "") -> QuerySet[DataQualityIssue]:
    found = DataQualityIssue.objects.filter(run=run).select_related("person")
    if rule:
        found = found.filter(rule_code=rule)
    if return_name:
        found = found.filter(return_name=return_name)
    return found.order_by("return_name", "rule_code", "child_ref", "id")


# ---- storing the checker's findings ---------------------------------------------------------------------


def _person_ids_for(refs: set[str]) -> dict[str, int]:
    """Map the returns' child identifiers (LAchildID / CHILD) to people: the LA child ID, else the record id
    (what the exporters write for a child without one)."""
    found = dict(Person.objects.filter(la_child_id__in=refs).values_list("la_child_id", "pk"))
    numeric = {int(r) for r in refs - found.keys() if r.isdigit()}
    if numeric:
        for pk in Person.objects.filter(pk__in=numeric, la_child_id__isnull=True).values_list(
            "pk", flat=True
        ):
            found[str(pk)] = pk
    return found


def parse_findings(findings: dict) -> list[DataQualityIssue]:
    """The checker's `--json` output as unsaved issues (one per return, rule and child). Rules reported only
    as counts (no per-child rows) become one return-level issue."""
    issues = []
    for key, return_name in (("cin", ReturnName.CIN), ("ssda903", ReturnName.SSDA903)):
        found = findings.get(key)
        if not found:
            continue
        listed = set()
        for item in found.get("issues", []):
            code = str(item.get("code", ""))[:20]
            kind = RuleType.QUERY if str(item.get("type")) == "Query" else RuleType.ERROR
            child = str(item.get("child") or "")[:40]
            if child in ("nan", "None"):
                child = ""
            listed.add(code)
            issues.append(
                DataQualityIssue(
                    return_name=return_name,
                    rule_code=code,
                    rule_type=kind,
                    description=str(item.get("description", "")),
                    child_ref=child,
                    detail=str(item.get("detail", "") or "")[:300],
                )
            )
        for bucket, kind in (("errors", RuleType.ERROR), ("queries", RuleType.QUERY)):
            for code, info in (found.get(bucket) or {}).items():
                if code in listed:
                    continue
                children = info.get("children") or []
                issues.append(
                    DataQualityIssue(
                        return_name=return_name,
                        rule_code=str(code)[:20],
                        rule_type=kind,
                        description=str(info.get("description", "")),
                        detail=", ".join(str(c) for c in children)[:300],
                    )
                )
    return issues


@transaction.atomic
def store_findings(run: DataQualityRun, findings: dict, *, message: str = "") -> int:
    """Replace the run's issues with the findings, link each to its child, and mark the run finished."""
    issues = parse_findings(findings)
    person_ids = _person_ids_for({i.child_ref for i in issues if i.child_ref})
    for issue in issues:
        issue.run = run
        issue.person_id = person_ids.get(issue.child_ref)
    DataQualityIssue.objects.filter(run=run).delete()
    DataQualityIssue.objects.bulk_create(issues, batch_size=1000)
    notes = [message] if message else []
    for key in ("cin", "ssda903"):
        raised = (findings.get(key) or {}).get("raised") or []
        if raised:
            notes.append(f"{len(raised)} {key} rule(s) raised inside the validator and were not checked.")
    run.status = RunStatus.DONE
    run.message = " ".join(notes)
    run.finished_at = clock.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return len(issues)


def _finish(run: DataQualityRun, status: str, message: str) -> None:
    run.status = status
    run.message = message
    run.finished_at = clock.now()
    run.save(update_fields=["status", "message", "finished_at"])


# ---- running a refresh ----------------------------------------------------------------------------------


def _export(year: int, directory: Path, progress) -> tuple[Path | None, Path | None, Path | None, list[str]]:
    """Write the year's CIN census and SSDA903 (and last year's SSDA903) into the directory."""
    notes = []
    cin_path = directory / f"cin_{year}.xml"
    this_903 = directory / f"ssda903_{year}"
    previous_903 = directory / f"ssda903_{year - 1}"
    try:
        from carefile.returns.cin_export import write_cin_census

        write_cin_census(year, cin_path, progress=progress)
    except ImportError:
        cin_path = None
        notes.append("The CIN census exporter is not available yet: the CIN census was not checked.")
    try:
        from carefile.returns.ssda903_export import write_ssda903

        this_903.mkdir()
        previous_903.mkdir()
        write_ssda903(year, this_903, progress=progress)
        write_ssda903(year - 1, previous_903, progress=progress)
    except ImportError:
        this_903 = previous_903 = None
        notes.append("The SSDA903 exporter is not available yet: the SSDA903 return was not checked.")
    return cin_path, this_903, previous_903, notes


def run_checker(
    year: int, *, cin: Path | None, ssda903: Path | None, previous: Path | None, out: Path
) -> subprocess.CompletedProcess:
    command = [str(validators_python()), str(CHECKER), "--year", str(year), "--json", str(out)]
    command += ["--la", settings.COUNCIL_ONS_CODE]
    if cin is not None:
        command += ["--cin", str(cin)]
    if ssda903 is not None:
        command += ["--ssda903", str(ssda903)]
        if previous is not None:
            command += ["--ssda903-previous", str(previous)]
    return subprocess.run(  # noqa: S603 - fixed command, our own paths
        command, capture_output=True, text=True, timeout=CHECK_TIMEOUT_SECONDS, check=False
    )


def refresh(
    year: int, *, run: DataQualityRun | None = None, started_by=None, progress: Callable | None = None
) -> DataQualityRun:
    """Export and check the year's returns, storing the findings in a run (new unless one is given)."""
    if run is None:
        run = DataQualityRun.objects.create(year=year, started_at=clock.now(), started_by=started_by)
    say = progress or (lambda message: None)
    if not validators_available():
        _finish(run, RunStatus.UNAVAILABLE, UNAVAILABLE_MESSAGE.format(path=validators_python()))
        return run
    try:
        with tempfile.TemporaryDirectory(prefix="carefile-dq-") as tmp:
            directory = Path(tmp)
            say(f"Exporting the {year} returns")
            cin, ssda903, previous, notes = _export(year, directory, None)
            if cin is None and ssda903 is None:
                _finish(run, RunStatus.FAILED, " ".join(notes))
                return run
            say("Running the DfE-rule validators")
            out = directory / "findings.json"
            result = run_checker(year, cin=cin, ssda903=ssda903, previous=previous, out=out)
            if not out.exists():
                tail = (result.stderr or result.stdout or "").strip().splitlines()[-3:]
                _finish(
                    run,
                    RunStatus.FAILED,
                    f"The validators stopped without results (exit {result.returncode}): " + " ".join(tail),
                )
                return run
            findings = json.loads(out.read_text(encoding="utf-8"))
        count = store_findings(run, findings, message=" ".join(notes))
        say(f"Stored {count} issues")
    except Exception as error:  # a refresh in the background must always leave its run finished
        logger.exception("Data-quality refresh %s failed", run.pk)
        _finish(run, RunStatus.FAILED, f"The refresh failed: {type(error).__name__}")
    return run


def _refresh_in_thread(run_id: int) -> None:
    try:
        run = DataQualityRun.objects.get(pk=run_id)
        refresh(run.year, run=run)
    finally:
        close_old_connections()
        connection.close()


def start_refresh(year: int, *, by=None, launcher: Callable | None = None) -> tuple[DataQualityRun, bool]:
    """Start a refresh in the background unless one is already running. Returns (run, started)."""
    current = running_run(year)
    if current is not None:
        return current, False
    run = DataQualityRun.objects.create(year=year, started_at=clock.now(), started_by=by)
    launch = launcher or _launch_thread
    transaction.on_commit(lambda: launch(run.pk))
    return run, True


def _launch_thread(run_id: int) -> None:
    threading.Thread(target=_refresh_in_thread, args=(run_id,), daemon=True, name="data-quality").start()
