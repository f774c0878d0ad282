from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common import chronology
from carefile.common.models import EventKind
from carefile.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def event(child, when, kind=EventKind.DETAILS_CHANGED, summary="Something", significant=False):
    return chronology.record(
        person=child,
        kind=kind,
        by=None,
        at=timezone.make_aware(when),
        summary=summary,
        significant=significant,
    )


def test_the_chronology_filters_by_type_and_dates(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    event(child, datetime(2025, 1, 10), EventKind.ADDRESS_ADDED, "Moved in January")
    event(child, datetime(2025, 6, 10), EventKind.ADDRESS_ADDED, "Moved in June")
    event(child, datetime(2025, 6, 11), EventKind.ALLOCATED, "Allocated in June")

    by_kind = client.get(
        reverse("people:chronology", args=[child.pk]), {"kind": "address_added"}
    ).content.decode()
    by_date = client.get(
        reverse("people:chronology", args=[child.pk]),
        {
            "date_from_0": "1",
            "date_from_1": "6",
            "date_from_2": "2025",
            "date_to_0": "30",
            "date_to_1": "6",
            "date_to_2": "2025",
        },
    ).content.decode()

    assert "Moved in January" in by_kind and "Moved in June" in by_kind and "Allocated in June" not in by_kind
    assert "Moved in January" not in by_date and "Moved in June" in by_date and "Allocated in June" in by_date


def test_significant_events_can_be_shown_alone_and_are_marked(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    event(child, datetime(2025, 1, 10), summary="Ordinary")
    event(child, datetime(2025, 2, 10), summary="Police protection", significant=True)

    body = client.get(reverse("people:chronology", args=[child.pk]), {"significant": "on"}).content.decode()

    assert "Police protection" in body and "Ordinary" not in body and "Significant" in body


def test_a_backwards_date_range_is_an_error(signed_in):
    client, _ = signed_in()
    child = PersonFactory()

    body = client.get(
        reverse("people:chronology", args=[child.pk]),
        {
            "date_from_0": "1",
            "date_from_1": "6",
            "date_from_2": "2025",
            "date_to_0": "1",
            "date_to_1": "5",
            "date_to_2": "2025",
        },
    ).content.decode()

    assert "There is a problem" in body and "The end date must be the same as or after the start date" in body


def test_the_printable_chronology_lists_every_event_without_the_service_chrome(signed_in):
    client, _ = signed_in()
    child = PersonFactory(given_name="Printed")
    for day in range(1, 61):
        event(child, datetime(2025, 3, 1) + timezone.timedelta(days=day), summary=f"Event {day}")

    body = client.get(reverse("people:chronology", args=[child.pk]), {"print": "1"}).content.decode()

    assert "Chronology of Printed" in body and body.count("<tr>") == 61
    assert "govuk-service-navigation" not in body


def test_an_unregistered_chronology_kind_is_refused():
    child = PersonFactory()

    with pytest.raises(ValueError, match="Unregistered chronology kind"):
        chronology.record(person=child, kind="made_up", by=None, at=timezone.now(), summary="x")
