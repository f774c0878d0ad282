"""Which children get which care: children in care now, young people who left it, and short breaks."""

from __future__ import annotations

import random
from collections.abc import Container
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from carefile.people.models import Address, CaseStatus, Person, PersonKind
from carefile.workforce.models import Allocation, AllocationRole, Role, ServiceArea, Staff

from .common import (
    EARLIER_PERIOD_SHARE,
    SHORT_BREAK_SHARE,
    _age,
    _birthday,
)
from .extras import seed_care_extras
from .plan import (
    _Builder,
    _Ep,
    _Period,
    _Places,
)
from .write import _write

# ---- the whole council ----------------------------------------------------------------------------------


def _staff_lookups():
    """Each child's social worker and reviewing officer now, the first day an IRO was allocated, and staff to fall
    back on (two queries)."""
    social: dict[int, int] = {}
    iro: dict[int, int] = {}
    iro_start: dict[int, date] = {}
    for child_id, worker_id, role, start, end in Allocation.objects.filter(
        role__in=[AllocationRole.SOCIAL_WORKER, AllocationRole.REVIEWING_OFFICER]
    ).values_list("child_id", "worker_id", "role", "start", "end"):
        day = timezone.localtime(start).date()
        if role == AllocationRole.REVIEWING_OFFICER:
            if child_id not in iro_start or day < iro_start[child_id]:
                iro_start[child_id] = day
            if end is None:
                iro[child_id] = worker_id
        elif end is None:
            social[child_id] = worker_id
    staff = list(
        Staff.objects.filter(role__in=[Role.TEAM_MANAGER, Role.REVIEWING_OFFICER]).values_list("pk", "role")
    )
    managers = [pk for pk, role in staff if role == Role.TEAM_MANAGER]
    iros = [pk for pk, role in staff if role == Role.REVIEWING_OFFICER]
    return social, iro, iro_start, managers, iros


def _home_postcodes(child_ids: list[int]) -> dict[int, str]:
    result: dict[int, str] = {}
    for person_id, postcode in (
        Address.objects.filter(person_id__in=child_ids)
        .order_by("person_id", "start")
        .values_list("person_id", "postcode")
    ):
        result[person_id] = postcode  # the latest
    return result


@transaction.atomic
def seed_care(*, rng: random.Random, on: date, holidays: Container[date]) -> dict[str, int]:
    """Periods of care, episodes, reviews, missing episodes and short breaks for the children in the database."""
    children = list(
        Person.objects.filter(
            kind=PersonKind.CHILD, case_status=CaseStatus.LOOKED_AFTER, date_of_birth__isnull=False
        )
        .exclude(periods_of_care__isnull=False)
        .order_by("pk")
        .values_list("pk", "date_of_birth")
    )
    social, iro, iro_start, managers, iros = _staff_lookups()
    if not managers and not social:
        return {"periods of care": 0}
    fallback = managers[0] if managers else next(iter(social.values()))
    homes = _home_postcodes([pk for pk, _ in children])
    first_cic = _first_children_in_care_allocation()
    places = _Places(rng, la_urn=f"SC{rng.randint(480000, 489999)}")
    builder = _Builder(rng, on, places)
    periods: list[_Period] = []
    for pk, born in children:
        if born >= on - timedelta(days=3):
            continue
        if pk in iro_start:
            start = iro_start[pk] - timedelta(days=rng.randint(1, 10))
        elif pk in first_cic:
            start = timezone.localtime(first_cic[pk]).date() - timedelta(days=rng.randint(0, 60))
        else:
            start = on - timedelta(days=rng.randint(30, 900))
        start = min(max(start, born + timedelta(days=rng.randint(1, 20))), on - timedelta(days=1))
        if _age(born, start) >= 18:
            start = _birthday(born, 18) - timedelta(days=rng.randint(30, 300))
        home = homes.get(pk, "")
        gap_start = start - timedelta(days=rng.randint(300, 1200))
        if rng.random() < EARLIER_PERIOD_SHARE and gap_start > born + timedelta(days=30):
            earlier_end = min(gap_start + timedelta(days=rng.randint(30, 250)), start - timedelta(days=60))
            if earlier_end > gap_start + timedelta(days=14):
                periods.append(builder.period(pk, born, gap_start, earlier_end, home))
        periods.append(builder.period(pk, born, start, None, home))
    periods.extend(_short_breaks(rng, on, places))
    born_of = dict(
        Person.objects.filter(pk__in={p.child_id for p in periods}).values_list("pk", "date_of_birth")
    )
    counts = _write(rng, on, holidays, periods, born_of, social, iro, iros, fallback)
    # Young people who left care, then health, permanence, UASC and leaving-care records for everyone.
    counts.update(seed_past_care(rng=rng, on=on, holidays=holidays))
    extras = seed_care_extras(rng=rng, on=on, holidays=holidays, social=social, fallback=fallback)
    for key in [k for k in extras if k.startswith("-")]:  # reviews withdrawn after an adoption order
        counts[key[1:]] -= extras.pop(key)
    counts.update(extras)
    return counts


@transaction.atomic
def seed_past_care(
    *, rng: random.Random, on: date, holidays: Container[date], case_status: str = CaseStatus.CARE_LEAVER
) -> dict[str, int]:
    """Closed periods of care for young people who have left care (by default those whose case status is
    "care_leaver"), so that the return's care-leaver rules find the care they left (rule 1002) and leaving-care
    eligibility can be read from the record. Each was looked after from their first allocation to a
    children-in-care team (or a few years before 18) until their 18th birthday, or for a few until between 16
    and 18; at least 100 days, so all of them were looked after for 13 weeks after turning 14.
    `seed_care` calls it after the children in care."""
    children = list(
        Person.objects.filter(kind=PersonKind.CHILD, case_status=case_status, date_of_birth__isnull=False)
        .exclude(periods_of_care__isnull=False)
        .order_by("pk")
        .values_list("pk", "date_of_birth")
    )
    social, iro, _, managers, iros = _staff_lookups()
    if not children or (not managers and not social):
        return {"past periods of care": 0}
    fallback = managers[0] if managers else next(iter(social.values()))
    homes = _home_postcodes([pk for pk, _ in children])
    first_cic = _first_children_in_care_allocation()
    builder = _Builder(rng, on, _Places(rng, la_urn=f"SC{rng.randint(480000, 489999)}"))
    periods = []
    for pk, born in children:
        end = (
            _birthday(born, 18)
            if rng.random() < 0.85
            else _birthday(born, 16) + timedelta(days=rng.randint(30, 700))
        )
        end = min(end, on - timedelta(days=1))
        start = (
            timezone.localtime(first_cic[pk]).date()
            if pk in first_cic
            else end - timedelta(days=rng.randint(400, 1800))
        )
        start = max(min(start, end - timedelta(days=100)), born + timedelta(days=1))
        if end <= start + timedelta(days=14):
            continue
        reasons = {"E5": 35, "E17": 30, "E6": 10, "E8": 10, "E13": 15} if _age(born, end) >= 18 else None
        periods.append(builder.period(pk, born, start, end, homes.get(pk, ""), end_reasons=reasons))
    born_of = dict(children)
    counts = _write(rng, on, holidays, periods, born_of, social, iro, iros, fallback)
    return {"past periods of care": counts["periods of care"], "past care episodes": counts["care episodes"]}


def _first_children_in_care_allocation() -> dict[int, datetime]:
    return dict(
        Allocation.objects.filter(
            role=AllocationRole.SOCIAL_WORKER, worker__team__service_area=ServiceArea.CHILDREN_IN_CARE
        )
        .values("child_id")
        .annotate(first=Min("start"))
        .values_list("child_id", "first")
    )


def _short_breaks(rng: random.Random, on: date, places: _Places) -> list[_Period]:
    """Disabled children in need with an agreed series of short breaks: V4 (the agreement) or V3 (each break)."""
    candidates = list(
        Person.objects.filter(
            kind=PersonKind.CHILD,
            case_status=CaseStatus.CHILD_IN_NEED,
            responsible_team__service_area=ServiceArea.DISABILITY,
            date_of_birth__lte=on - timedelta(days=5 * 365),
        )
        .exclude(periods_of_care__isnull=False)
        .order_by("pk")
        .values_list("pk", "date_of_birth")
    )
    periods: list[_Period] = []
    for pk, born in candidates:
        if rng.random() >= SHORT_BREAK_SHARE or _age(born, on) >= 17:
            continue
        where = places.short_break()
        if rng.random() < 0.5:
            start = on - timedelta(days=rng.randint(60, 540))
            p = _Period(pk, start, None, "N2", "", short_breaks=True)
            p.episodes.append(_Ep(start, "S", "V4", where, start))
            periods.append(p)
            continue
        day = on - timedelta(days=rng.randint(300, 360))
        used = 0
        while day < on - timedelta(days=7) and used < 60:
            nights = rng.randint(1, 4)
            end = day + timedelta(days=nights)
            p = _Period(pk, day, end, "N2", "", short_breaks=True)
            p.episodes.append(_Ep(day, "S", "V3", where, day, end=end, rec="E4A"))
            periods.append(p)
            used += nights
            day = end + timedelta(days=rng.randint(20, 50))
    return periods
