"""A restricted child is invisible to anyone off its access list everywhere children are listed: search, the
allocation queue, a team's page, the team timescales page, and the performance drill-down
export; someone on the list sees it in the same places (so each check can fail)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carefile.assessments import services as assessments
from carefile.common.calendar import holiday_calendar
from carefile.frontdoor.services import referral_open
from carefile.people.models import RestrictedAccess
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea

pytestmark = pytest.mark.django_db

HIDDEN = "Quillfeather"
SHOWN = "Brightwater"


@pytest.fixture
def council():
    team = TeamFactory(name="Assessment West", service_area=ServiceArea.ASSESSMENT)
    manager = StaffFactory(team=team, role=Role.TEAM_MANAGER)
    team.manager = manager
    team.save(update_fields=["manager"])
    insider = StaffFactory(team=team, role=Role.TEAM_MANAGER)
    worker = StaffFactory(team=team, role=Role.SOCIAL_WORKER)
    now = timezone.now()
    children = {}
    for family, restricted in ((HIDDEN, True), (SHOWN, False)):
        child = PersonFactory(
            family_name=family, given_name="Zara", responsible_team=team, restricted=restricted
        )
        # An assessment close to its 45-working-day due date: on the team timescales page.
        referral = referral_open(
            child=child,
            by=manager,
            at=now,
            referral_date=timezone.localdate() - timedelta(days=60),
            source="2A",
            team=team,
            presenting_issue="Concerns raised by school",
        )
        assessments.assessment_start(
            referral=referral,
            by=worker,
            at=now,
            start_date=referral.referral_date,
            holidays=holiday_calendar(),
        )
        children[family] = child
    # Unallocated children awaiting allocation, one restricted, one not: the allocation queue.
    for family, restricted in ((HIDDEN + "son", True), (SHOWN + "son", False)):
        child = PersonFactory(family_name=family, responsible_team=team, restricted=restricted)
        referral_open(
            child=child,
            by=manager,
            at=now,
            referral_date=timezone.localdate(),
            source="2A",
            team=team,
            presenting_issue="Neglect",
        )
        children[family] = child
    for child in children.values():
        if child.restricted:
            RestrictedAccess.objects.create(person=child, user=insider.user, granted_at=now)
    return team, manager, insider, worker, children


def client_for(staff):
    client = Client()
    client.force_login(staff.user)
    return client


def pages(team, children):
    return {
        "search": reverse("people:search") + "?q=Zara",
        "queue": reverse("frontdoor:queue"),
        "team": reverse("team", args=[team.pk]),
        "timescales": reverse("protection:team_timescales") + f"?team={team.pk}&within=60",
    }


@pytest.mark.parametrize("page", ["search", "queue", "team", "timescales"])
def test_a_restricted_child_is_not_listed_to_a_manager_off_its_list(council, page):
    team, manager, insider, _, children = council
    address = pages(team, children)[page]

    # Names are shown as "Zara Quillfeather" or "QUILLFEATHER, Zara": compare without case.
    outsider_body = client_for(manager).get(address).content.decode().lower()
    insider_body = client_for(insider).get(address).content.decode().lower()

    assert HIDDEN.lower() not in outsider_body
    if page != "team":  # the team page names children only when they have had many workers
        assert HIDDEN.lower() in insider_body
        assert SHOWN.lower() in outsider_body


def test_the_performance_drill_down_and_its_export_leave_out_a_restricted_child(council):
    from carefile.performance.selectors import children_list

    _, manager, insider, _, children = council
    ids = [c.pk for c in children.values()]

    outsider, hidden = children_list(ids=ids, user=manager.user)
    allowed, none_hidden = children_list(ids=ids, user=insider.user)

    assert HIDDEN not in {p.family_name for p in outsider} and hidden == 2
    assert HIDDEN in {p.family_name for p in allowed} and none_hidden == 0
