"""A deterministic synthetic council: plan it from one seeded `random.Random`, then write it in stages.

The same size, seed and date always give the same teams, staff, people, identifiers, allocations, contacts
and referrals. After the front door, other apps' seed stages run in turn (`STAGE_HOOKS`), each with its own
random source derived from the seed. `seed_council` is what the management command of the same name calls.
"""

from __future__ import annotations

import importlib
import random
import re
import time
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from carefile.common.calendar import holiday_calendar
from carefile.common.models import ChronologyEvent
from carefile.frontdoor.models import Contact, Referral
from carefile.people.models import Person, PersonKind
from carefile.workforce.models import Allocation, AllocationRole, Staff, Team

from .families import PeoplePlanner, plan_people
from .frontdoor import plan_front_door
from .identifiers import IdentifierMint
from .plan import SIZES, CouncilPlan
from .staffing import plan_workforce
from .writer import Writer

# Seed stages of other apps, run after the front door in this order when their module and function exist.
# Each is called as fn(rng=random.Random(f"{seed}-{name}"), on=on, holidays=holidays) in its own transaction
# and may return a dict of counts for the progress line.
STAGE_HOOKS: tuple[tuple[str, str, str], ...] = (
    ("workforce", "carefile.seed.staffing", "fill_census_details"),
    ("assessments", "carefile.assessments.seed", "seed_assessments"),
    ("plans", "carefile.plans.seed", "seed_plans"),
    ("protection", "carefile.protection.seed", "seed_protection"),
    ("care", "carefile.care.seed", "seed_care"),
    ("recording", "carefile.recording.seed", "seed_recording"),
    ("oversight", "carefile.oversight.seed", "seed_oversight"),
    ("quality", "carefile.quality.seed", "seed_quality"),
    ("legal", "carefile.legal.seed", "seed_legal"),
)


def _la_code() -> str:
    code = str(getattr(settings, "COUNCIL_LA_CODE", "840"))
    return code if re.fullmatch(r"\d{3}", code) else "840"


def build_plan(*, size: str, seed: int, on: date, holidays: Container[date] | None = None) -> CouncilPlan:
    """The whole council in memory, before anything is written."""
    rng = random.Random(seed)
    plan = CouncilPlan(spec=SIZES[size], on=on)
    mint = IdentifierMint(rng, _la_code())
    signins = plan_workforce(rng, plan, mint)
    plan_people(rng, plan, mint, signins)
    # The front door has a random source of its own, so the council planned so far does not depend on it.
    front_door_rng = random.Random(f"{seed}-frontdoor")
    people = PeoplePlanner(front_door_rng, plan, mint, signins)
    plan_front_door(front_door_rng, plan, people, holidays if holidays is not None else holiday_calendar())
    return plan


def find_hook(module_name: str, function_name: str) -> tuple[Callable | None, str]:
    """The stage function, or None and why not: its module or function is not there (yet)."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if missing and (module_name == missing or module_name.startswith(missing + ".")):
            return None, f"{module_name} does not exist yet"
        raise
    function = getattr(module, function_name, None)
    if not callable(function):
        return None, f"{module_name} has no {function_name} yet"
    return function, ""


def _describe(result: object) -> str:
    if isinstance(result, dict):
        parts = [
            f"{value:,} {key}" if isinstance(value, int) else f"{key} {value}"
            for key, value in result.items()
        ]
        return ", ".join(parts) or "nothing to add"
    if isinstance(result, int):
        return f"{result:,} rows"
    return "done"


@dataclass
class SeedResult:
    counts: dict[str, int]
    seconds: float


def council_counts(on: date) -> dict[str, int]:
    """What the database holds now, in the terms the command reports."""
    eighteen_ago = date(on.year - 18, on.month, 28 if (on.month, on.day) == (2, 29) else on.day)
    children = Person.objects.filter(kind=PersonKind.CHILD)
    under_18 = Q(date_of_birth__gt=eighteen_ago) | Q(date_of_birth__isnull=True)
    current = Q(leave_date__isnull=True) | Q(leave_date__gt=on)
    allocated = Exists(
        Allocation.objects.filter(child=OuterRef("pk"), end__isnull=True, role=AllocationRole.SOCIAL_WORKER)
    )
    open_children = children.filter(under_18, responsible_team__isnull=False)
    return {
        "teams": Team.objects.count(),
        "staff": Staff.objects.filter(current).count(),
        "leavers": Staff.objects.exclude(current).count(),
        "children": children.count(),
        "open children": open_children.filter(allocated).count(),
        "awaiting allocation": open_children.exclude(allocated).count(),
        "unborn": children.filter(date_of_birth__isnull=True).count(),
        "care leavers 18+": children.filter(responsible_team__isnull=False).exclude(under_18).count(),
        "adults": Person.objects.filter(kind=PersonKind.ADULT).count(),
        "allocations": Allocation.objects.count(),
        "open social worker allocations": Allocation.objects.filter(
            end__isnull=True, role=AllocationRole.SOCIAL_WORKER
        ).count(),
        "contacts": Contact.objects.count(),
        "contacts awaiting screening": Contact.objects.filter(decision__isnull=True).count(),
        "referrals (episodes)": Referral.objects.count(),
        "open episodes": Referral.objects.filter(closure_date__isnull=True).count(),
        "re-referrals": Referral.objects.filter(re_referral=True).count(),
        "chronology events": ChronologyEvent.objects.count(),
    }


def seed_council(*, size: str, seed: int, on: date, report: Callable[[str], None] = print) -> SeedResult:
    started = time.perf_counter()

    def stage(label: str, work: Callable[[], object], detail: Callable[[], str]) -> None:
        t0 = time.perf_counter()
        work()
        report(f"  {label}: {detail()} ({time.perf_counter() - t0:.1f} s)")

    holidays = holiday_calendar()
    holder: dict[str, CouncilPlan] = {}

    def plan_it() -> None:
        holder["plan"] = build_plan(size=size, seed=seed, on=on, holidays=holidays)

    report(f"Seeding a {size} council (seed {seed}, history up to {on:%d %B %Y})")
    stage(
        "planned",
        plan_it,
        lambda: (
            f"{len(holder['plan'].people):,} people, {len(holder['plan'].staff):,} staff, "
            f"{len(holder['plan'].contacts):,} contacts"
        ),
    )
    plan = holder["plan"]
    writer = Writer(plan, report)
    stage("teams and staff", writer.workforce, lambda: f"{len(plan.teams)} teams, {len(plan.staff):,} staff")
    stage(
        "people",
        writer.people,
        lambda: (
            f"{len(plan.people):,} people, {len(plan.relationships):,} relationships, "
            f"{sum(len(p.addresses) for p in plan.people):,} addresses"
        ),
    )
    stage("allocations", writer.allocations, lambda: f"{len(plan.allocations):,} allocations")
    events: dict[str, int] = {}
    stage("chronology", lambda: events.update(n=writer.chronology()), lambda: f"{events['n']:,} events")
    front: dict[str, int] = {}
    stage("front door", lambda: front.update(writer.frontdoor()), lambda: _describe(front))
    for name, module_name, function_name in STAGE_HOOKS:
        run_hook(name, module_name, function_name, seed=seed, on=on, holidays=holidays, report=report)
    return SeedResult(counts=council_counts(on), seconds=time.perf_counter() - started)


def run_hook(
    name: str,
    module_name: str,
    function_name: str,
    *,
    seed: int,
    on: date,
    holidays: Container[date],
    report: Callable[[str], None],
) -> None:
    function, why_not = find_hook(module_name, function_name)
    if function is None:
        report(f"  {name}: skipped ({why_not})")
        return
    t0 = time.perf_counter()
    try:
        with transaction.atomic():
            result = function(rng=random.Random(f"{seed}-{name}"), on=on, holidays=holidays)
    except Exception as error:
        report(f"  {name}: failed in {module_name}.{function_name}: {type(error).__name__}: {error}")
        raise
    report(f"  {name}: {_describe(result)} ({time.perf_counter() - t0:.1f} s)")
