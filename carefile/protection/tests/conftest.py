"""Child protection test fixtures: a team with a social worker, a manager and a reviewing officer, and a child with
an open episode of need; helpers that walk the journey through the services."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from carefile.common.calendar import holiday_calendar
from carefile.frontdoor.models import Referral
from carefile.protection import services
from carefile.protection.codes import Agency, ConferenceDecision, EnquiryOutcome, StrategyDecision
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea

POLICE_AND_SOCIAL_CARE = [
    services.Participant("Sam Patel", Agency.SOCIAL_CARE, "Social worker"),
    services.Participant("DC Sarah Jones", Agency.POLICE, "Child abuse investigation team"),
    services.Participant("Helen Bell", Agency.HEALTH, "Named nurse"),
]


def at(y, m, d, hh=10, mm=0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def open_referral(child, *, on: date, team, by) -> Referral:
    return Referral.objects.create(
        child=child,
        referral_date=on,
        source="6",
        team=team,
        presenting_issue="Police report of domestic abuse at the home",
        opened_by=by,
    )


def discuss(child, *, by, when: datetime, decision=StrategyDecision.SECTION_47, also_about=(), now=None):
    return services.strategy_discussion_record(
        child=child,
        by=by,
        at=now or when,
        holidays=holiday_calendar(),
        held_at=when,
        participants=POLICE_AND_SOCIAL_CARE,
        information_shared="School saw bruising; police attended the home twice this month.",
        decision=decision,
        rationale="Reasonable cause to suspect significant harm from domestic abuse.",
        immediate_safety_actions="Dad to stay away from the home; police check tonight.",
        also_about=also_about,
    )


def enquiry_needing_conference(
    child, *, worker, manager, started: datetime, signed_off: datetime | None = None
):
    enquiry = discuss(child, by=worker, when=started)[0].enquiry
    services.enquiry_findings_save(
        enquiry=enquiry,
        by=worker,
        at=signed_off or started,
        findings="Amelia was seen alone and described Dad hitting Mum.",
        outcome=EnquiryOutcome.CONFERENCE,
    )
    if signed_off:
        services.enquiry_close(enquiry=enquiry, by=manager, at=signed_off)
    enquiry.refresh_from_db()
    return enquiry


def hold_initial(conference, *, chair, held_on: date, now: datetime | None = None, category="NEG", **kwargs):
    return services.initial_conference_record(
        conference=conference,
        by=chair,
        at=now or at(held_on.year, held_on.month, held_on.day, 17),
        holidays=holiday_calendar(),
        held_on=held_on,
        decision=kwargs.pop("decision", ConferenceDecision.PLAN),
        category=category,
        child_views="Amelia said she wants the shouting to stop.",
        summary="Risks from domestic abuse remain high.",
        **kwargs,
    )


def plan_from_journey(child, *, worker, manager, chair, started: datetime, held_on: date, **kwargs):
    """Strategy discussion → enquiry (conference needed) → initial conference held → the plan."""
    enquiry = enquiry_needing_conference(child, worker=worker, manager=manager, started=started)
    conference = services.initial_conference_schedule(
        enquiry=enquiry,
        by=worker,
        at=started,
        scheduled_at=at(held_on.year, held_on.month, held_on.day, 10),
        chair=chair,
    )
    hold_initial(conference, chair=chair, held_on=held_on, **kwargs)
    return child.child_protection_plans.get(end__isnull=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Staff factories set a password; PBKDF2 at full strength costs most of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def team():
    return TeamFactory(name="Child Protection East", service_area=ServiceArea.CHILD_PROTECTION)


@pytest.fixture
def worker(team):
    return StaffFactory(team=team, role=Role.SOCIAL_WORKER, given_name="Sam", family_name="Patel")


@pytest.fixture
def manager(team):
    manager = StaffFactory(team=team, role=Role.TEAM_MANAGER, given_name="Grace", family_name="Okafor")
    team.manager = manager
    team.save(update_fields=["manager"])
    return manager


@pytest.fixture
def chair():
    reviewing = TeamFactory(name="Reviewing", service_area=ServiceArea.REVIEWING)
    return StaffFactory(
        team=reviewing, role=Role.REVIEWING_OFFICER, given_name="Ruth", family_name="Chairman"
    )


@pytest.fixture
def child(team):
    return PersonFactory(
        given_name="Amelia", family_name="Hughes", responsible_team=team, case_status="assessment"
    )


@pytest.fixture
def referral(child, team, worker):
    return open_referral(child, on=date(2026, 1, 12), team=team, by=worker)
