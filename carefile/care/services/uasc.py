"""Unaccompanied asylum-seeking children: the status and the date it ceased (the UASC file)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from carefile.common import chronology
from carefile.people.models import Person
from carefile.workforce.models import Staff

from ..models import CareEvent, PeriodOfCare, UascStatus
from ..timescales import add_years, say_date
from .base import CareError, _check_alive_and_born, _lock_child, _not_future


@transaction.atomic
def uasc_record(
    *, child: Person, since: date, ceased_on: date | None = None, by: Staff, at: datetime
) -> UascStatus:
    """Record that the child is (or was) an unaccompanied asylum-seeking child, and when that ceased; recording
    it again corrects it."""
    child = _lock_child(child)
    _not_future(since, at, "The date", "since")
    _check_alive_and_born(child, since, "since")
    if ceased_on is not None:
        _not_future(ceased_on, at, "The date status ceased", "ceased_on")
        if ceased_on < since:
            raise CareError("The status cannot cease before it began", "ceased_on")
        if child.date_of_birth is not None and ceased_on > add_years(child.date_of_birth, 18):
            raise CareError("UASC status ceases on or before the 18th birthday (rule 304)", "ceased_on")
    if child.date_of_birth is not None and since >= add_years(child.date_of_birth, 18):
        raise CareError("An unaccompanied asylum-seeking child is under 18", "since")
    # An unaccompanied child had no home here: no HOME_POST, so the return derives no distance (rule 406).
    PeriodOfCare.objects.filter(child=child, start__gte=since).update(home_postcode="")
    status, created = UascStatus.objects.update_or_create(
        child=child, defaults={"since": since, "ceased_on": ceased_on, "recorded_by": by, "recorded_at": at}
    )
    summary = f"Unaccompanied asylum-seeking child from {say_date(since)}"
    if ceased_on is not None:
        summary += f"; status ceased {say_date(ceased_on)}"
    chronology.record(
        person=child, kind=CareEvent.UASC, by=by, at=at, summary=summary[:300], data={"uasc": status.pk}
    )
    return status


def uasc_ceased_on(status: UascStatus, born: date | None) -> date | None:
    """DUC: the date recorded, or the 18th birthday when the status ran out at 18."""
    if status.ceased_on is not None:
        return status.ceased_on
    if born is not None:
        return add_years(born, 18)
    return None
