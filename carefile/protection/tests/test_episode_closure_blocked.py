"""CIN census rule: an episode cannot be closed while its section 47 enquiry is open (or while what that
enquiry asked for is unfinished); the close service and the close page refuse, saying why."""

from datetime import date

import pytest
from django.urls import reverse

from carefile.assessments.services import EpisodeCloseError, episode_close
from carefile.frontdoor.codes import ClosureReason
from carefile.frontdoor.models import Referral
from carefile.protection import services

from .conftest import at, enquiry_needing_conference

pytestmark = pytest.mark.django_db


def test_the_dfe_closure_reasons_are_rc1_to_rc9():
    assert ClosureReason.values == [f"RC{n}" for n in range(1, 10)]


@pytest.mark.parametrize("reason", ["RC1", "RC5", "RC7"])
def test_an_open_section_47_enquiry_blocks_closing_the_episode(child, referral, worker, manager, reason):
    enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 2, 2))

    with pytest.raises(EpisodeCloseError, match="The section 47 enquiry is still open"):
        episode_close(
            referral=referral, by=manager, at=at(2026, 2, 10), closure_date=date(2026, 2, 10), reason=reason
        )

    referral.refresh_from_db()
    assert referral.closure_date is None and referral.closure_reason == ""


def test_the_close_page_says_the_enquiry_is_open_and_closes_nothing(client, child, referral, worker, manager):
    enquiry = enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 2, 2))
    services.enquiry_close(enquiry=enquiry, by=manager, at=at(2026, 2, 3))
    client.force_login(manager.user)

    page = client.get(reverse("assessments:episode_close", args=[child.pk])).content.decode()

    assert "This episode cannot close yet." in page
    assert "initial conference that has not been held" in page
    assert Referral.objects.get(pk=referral.pk).closure_date is None
