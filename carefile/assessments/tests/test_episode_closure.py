"""Closing the child-in-need episode: DfE reasons RC1–RC9, refused while an assessment is unauthorised."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.extensions import closure_blockers
from carefile.common.models import ChronologyEvent
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus
from carefile.testing.factories import AllocationFactory
from carefile.workforce.models import Allocation

from .. import services
from .conftest import at, authorised, start, submitted

pytestmark = pytest.mark.django_db


def close(referral, by, reason="RC7", closure_date=None, now=None):
    return services.episode_close(
        referral=referral,
        by=by,
        at=now or timezone.now(),
        closure_date=closure_date or timezone.localdate(),
        reason=reason,
    )


def test_an_unauthorised_assessment_blocks_closure(referral, worker, manager):
    start(referral, worker, start_date=date(2025, 12, 3))

    with pytest.raises(
        services.EpisodeCloseError, match="started on 3 December 2025 has not been authorised"
    ):
        close(referral, manager)

    referral.refresh_from_db()
    assert referral.closure_date is None


def test_the_blocker_is_a_registered_closure_check(referral, worker):
    submitted(referral, worker)

    assert any("has not been authorised" in reason for reason in closure_blockers(referral))


def test_closure_after_an_authorised_assessment(referral, worker, manager, child):
    authorised(referral, worker, manager, outcome="nfa", factors=["21"], primary_need="N0")
    allocation = AllocationFactory(child=child, worker=worker)

    close(referral, manager, reason="RC8")

    referral.refresh_from_db()
    child.refresh_from_db()
    assert (referral.closure_date, referral.closure_reason) == (timezone.localdate(), "RC8")
    assert child.case_status == CaseStatus.NOT_OPEN
    assert Allocation.objects.get(pk=allocation.pk).end is None  # closing ends nothing else
    event = ChronologyEvent.objects.get(person=child, kind="referral_closed")
    assert "RC8" in event.summary


@pytest.mark.parametrize("reason", ["RC8", "RC9"])
def test_closed_after_assessment_needs_an_authorised_assessment(referral, manager, reason):
    with pytest.raises(services.EpisodeCloseError, match=f"{reason} .*needs an authorised assessment"):
        close(referral, manager, reason=reason)

    assert Referral.objects.get().closure_date is None


def test_died_needs_the_childs_date_of_death(referral, manager, child):
    with pytest.raises(services.EpisodeCloseError, match="date of death"):
        close(referral, manager, reason="RC2")

    child.death_date = date(2026, 1, 10)
    child.save()
    close(referral, manager, reason="RC2", closure_date=date(2026, 1, 12))
    assert Referral.objects.get().closure_reason == "RC2"


def test_closure_cannot_come_before_the_referral(referral, manager):
    with pytest.raises(services.EpisodeCloseError, match="on or after the referral date"):
        close(referral, manager, closure_date=date(2025, 11, 30))


def test_closure_cannot_come_before_the_last_authorisation(referral, worker, manager):
    assessment = submitted(referral, worker)
    services.assessment_authorise(assessment=assessment, by=manager, at=at(2026, 1, 20))

    with pytest.raises(services.EpisodeCloseError, match="last assessment was authorised, 20 January 2026"):
        close(referral, manager, closure_date=date(2026, 1, 19))

    close(referral, manager, closure_date=date(2026, 1, 20), reason="RC7")


def test_only_a_manager_closes_an_episode(referral, worker):
    with pytest.raises(services.EpisodeCloseError, match="Only a team manager"):
        close(referral, worker)


def test_the_close_page_shows_why_the_episode_cannot_close(referral, worker, manager, client):
    start(referral, worker, start_date=date(2025, 12, 3))
    client.force_login(manager.user)

    page = client.get(reverse("assessments:episode_close", args=[referral.child_id]))
    attempt = client.post(
        reverse("assessments:episode_close", args=[referral.child_id]),
        {"closure_date_0": "5", "closure_date_1": "1", "closure_date_2": "2026", "reason": "RC7"},
    )

    assert (
        "has not been authorised" in page.content.decode() and "Go to the assessment" in page.content.decode()
    )
    body = attempt.content.decode()
    assert attempt.status_code == 200 and "There is a problem" in body and "has not been authorised" in body
    assert Referral.objects.get().closure_date is None


def test_the_close_page_closes_the_episode(referral, worker, manager, client):
    authorised(referral, worker, manager, outcome="early_help", factors=["4B"], primary_need="N3")
    client.force_login(manager.user)
    today = timezone.localdate()

    response = client.post(
        reverse("assessments:episode_close", args=[referral.child_id]),
        {
            "closure_date_0": today.day,
            "closure_date_1": today.month,
            "closure_date_2": today.year,
            "reason": "RC9",
        },
    )

    assert response.status_code == 302 and response["Location"] == reverse(
        "people:detail", args=[referral.child_id]
    )
    assert Referral.objects.get().closure_reason == "RC9"


def test_the_close_page_says_when_there_is_nothing_to_close(child, manager, client):
    client.force_login(manager.user)

    response = client.get(reverse("assessments:episode_close", args=[child.pk]))

    assert response.status_code == 200 and "no open episode of need" in response.content.decode()


def test_a_social_worker_cannot_open_the_close_page(referral, worker, client):
    client.force_login(worker.user)

    response = client.get(reverse("assessments:episode_close", args=[referral.child_id]))

    assert response.status_code == 403
