"""Care leavers: who is one when care ends, their personal adviser, pathway plans and the contact around each
birthday from the 17th to the 21st (OC3).

A young person is entitled to leaving-care support when they were looked after for at least 13 weeks after
their 14th birthday, ending at 16 or later (Children Act 1989, Sch 2 para 19B; Care Leavers (England)
Regulations 2010): eligible while still looked after at 16 or 17, relevant after leaving care at 16 or 17,
former relevant from 18. Short breaks do not count. A child who was adopted, died or whose care passed to
another council does not become a care leaver here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from carefile.common import chronology
from carefile.people.models import CaseStatus, Person
from carefile.workforce.models import Staff

from .. import codes
from ..codes import LeaverEligibility
from ..models import CareEvent, CareLeaver, Episode, LeaverContact, PathwayPlan, PeriodOfCare
from ..timescales import add_years, birthday_contact_window, say_date
from .base import CareError, _check_alive_and_born, _lock_child, _not_future, status_after_care

THIRTEEN_WEEKS = timedelta(weeks=13)
NOT_LEAVERS = frozenset({"E11", "E12", "E2", "E3"})


def _looked_after_days(child: Person, since: date, until: date) -> int:
    total = 0
    for start, end in (
        Episode.objects.filter(child=child, start__lt=until)
        .exclude(legal_status__in=list(codes.SHORT_BREAK_STATUSES))
        .values_list("start", "end")
    ):
        end = min(end or until, until)
        start = max(start, since)
        if end > start:
            total += (end - start).days
    return total


def eligibility_on(child: Person, day: date) -> str | None:
    """The leaving-care status of the young person on `day`, from their care record; None when not entitled."""
    born = child.date_of_birth
    if born is None or day < add_years(born, 16):
        return None
    if child.death_date is not None and child.death_date <= day:
        return None
    if _looked_after_days(child, add_years(born, 14), day + timedelta(days=1)) < THIRTEEN_WEEKS.days:
        return None
    last = (
        Episode.objects.filter(child=child, start__lte=day)
        .exclude(legal_status__in=list(codes.SHORT_BREAK_STATUSES))
        .order_by("-start")
        .first()
    )
    if last is None:
        return None
    if last.end is None or last.end > day:
        return LeaverEligibility.ELIGIBLE if day < add_years(born, 18) else None
    if last.reason_ceased in NOT_LEAVERS:
        return None
    if last.end < add_years(born, 16):
        return None
    return LeaverEligibility.RELEVANT if day < add_years(born, 18) else LeaverEligibility.FORMER_RELEVANT


@status_after_care
def care_leaver_after_care(child: Person, period: PeriodOfCare) -> str | None:
    """When care ends for a young person entitled to leaving-care support, their case becomes a care leaver's,
    and their leaving-care record says which kind."""
    if period.short_breaks or period.end is None:
        return None
    eligibility = eligibility_on(child, period.end)
    if eligibility is None:
        return None
    CareLeaver.objects.update_or_create(
        child=child,
        defaults={
            "eligibility": eligibility,
            "updated_by_id": period.ended_by_id or period.started_by_id,
            "updated_at": period.ended_at or period.started_at,
        },
    )
    return CaseStatus.CARE_LEAVER


@transaction.atomic
def personal_adviser_allocate(
    *, child: Person, adviser: Staff, since: date, by: Staff, at: datetime
) -> CareLeaver:
    """Allocate a personal adviser to a young person entitled to leaving-care support (from 16 while still
    looked after)."""
    child = _lock_child(child)
    _not_future(since, at, "The date", "since")
    eligibility = eligibility_on(child, since)
    if eligibility is None:
        raise CareError(
            f"{child.given_name} was not entitled to leaving-care support on {say_date(since)}: a young person "
            "looked after for 13 weeks since 14, from their 16th birthday",
            "since",
        )
    leaver, _ = CareLeaver.objects.update_or_create(
        child=child,
        defaults={
            "eligibility": eligibility,
            "personal_adviser": adviser,
            "adviser_since": since,
            "updated_by": by,
            "updated_at": at,
        },
    )
    chronology.record(
        person=child,
        kind=CareEvent.PERSONAL_ADVISER,
        by=by,
        at=at,
        summary=f"Personal adviser {adviser.name} from {say_date(since)}"[:300],
        data={"care_leaver": leaver.pk, "adviser": adviser.pk},
    )
    return leaver


@transaction.atomic
def pathway_plan_record(
    *,
    child: Person,
    agreed_on: date,
    young_person_views: str = "",
    summary: str = "",
    by: Staff,
    at: datetime,
) -> PathwayPlan:
    child = _lock_child(child)
    _not_future(agreed_on, at, "The date", "agreed_on")
    _check_alive_and_born(child, agreed_on, "agreed_on")
    if eligibility_on(child, agreed_on) is None:
        raise CareError(
            f"{child.given_name} was not entitled to leaving-care support on {say_date(agreed_on)}",
            "agreed_on",
        )
    try:
        with transaction.atomic():
            plan = PathwayPlan.objects.create(
                child=child,
                agreed_on=agreed_on,
                young_person_views=young_person_views.strip(),
                summary=summary.strip(),
                recorded_by=by,
                recorded_at=at,
            )
    except IntegrityError as error:
        raise CareError(
            f"A pathway plan is already recorded on {say_date(agreed_on)}", "agreed_on"
        ) from error
    chronology.record(
        person=child,
        kind=CareEvent.PATHWAY_PLAN,
        by=by,
        at=at,
        summary=f"Pathway plan agreed or reviewed on {say_date(agreed_on)}",
        data={"pathway_plan": plan.pk},
    )
    return plan


@transaction.atomic
def leaver_contact_record(
    *,
    child: Person,
    age: int,
    contact_on: date,
    in_touch: str,
    activity: str,
    accommodation: str,
    by: Staff,
    at: datetime,
) -> LeaverContact:
    """What the council knew of the care leaver around their birthday (OC3); recording it again corrects it."""
    child = _lock_child(child)
    born = child.date_of_birth
    if born is None:
        raise CareError(f"Record {child.given_name}'s date of birth first")
    if in_touch not in codes.InTouch.values:
        raise CareError("Choose whether the council is in touch", "in_touch")
    if activity not in codes.Activity.values:
        raise CareError("Choose the young person's activity", "activity")
    if accommodation not in codes.Accommodation.values:
        raise CareError("Choose the young person's accommodation", "accommodation")
    problems = codes.leaver_contact_problems(
        age=age, in_touch=in_touch, activity=activity, accommodation=accommodation
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise CareError(message, field)
    _not_future(contact_on, at, "The date of the contact", "contact_on")
    first, last = birthday_contact_window(born, age)
    if not (first <= contact_on <= last):
        raise CareError(
            f"Contact for the {age}th birthday is between {say_date(first)} and {say_date(last)}",
            "contact_on",
        )
    birthday = add_years(born, age)
    if (
        Episode.objects.filter(child=child, start__lte=birthday)
        .filter(Q(end__isnull=True) | Q(end__gte=birthday))
        .exclude(legal_status__in=list(codes.SHORT_BREAK_STATUSES))
        .exists()
    ):
        raise CareError(
            f"{child.given_name} was looked after on their {age}th birthday: the return asks about care leavers "
            "only (rules 1007, 1016)",
            "age",
        )
    if eligibility_on(child, min(birthday, contact_on)) is None and eligibility_on(child, birthday) is None:
        raise CareError(f"{child.given_name} is not a care leaver (rules 1001, 1002)")
    contact, _ = LeaverContact.objects.update_or_create(
        child=child,
        age=age,
        defaults={
            "contact_on": contact_on,
            "in_touch": in_touch,
            "activity": activity,
            "accommodation": accommodation,
            "recorded_by": by,
            "recorded_at": at,
        },
    )
    chronology.record(
        person=child,
        kind=CareEvent.LEAVER_CONTACT,
        by=by,
        at=at,
        summary=f"Contact around the {age}th birthday: {codes.InTouch(in_touch).label}, "
        f"{codes.Activity(activity).label}, {codes.Accommodation(accommodation).label}"[:300],
        data={"contact": contact.pk},
    )
    return contact
