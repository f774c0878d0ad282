"""A small council built record by record for the export tests: a few children whose records make a valid
CIN census and SSDA903 return for 2025-26 (collection year 2026)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from carefile.assessments.codes import Outcome, Status
from carefile.assessments.models import Assessment, AssessmentFactor
from carefile.frontdoor.models import Referral
from carefile.people.models import PersonDisability
from carefile.plans.models import Plan, PlanKind, PlanStatus
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import AllocationChangeReason, Role

YEAR = 2026


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Council:
    team: object
    worker: object
    manager: object
    nfa: object
    assessed: object
    in_need: object
    looked_after: object
    unborn: object


def referral(child, *, on: date, team, by, source="6", need="", nfa=False, closed=None, reason=""):
    return Referral.objects.create(
        child=child,
        referral_date=on,
        source=source,
        team=team,
        presenting_issue="Concerns reported",
        primary_need=need,
        referral_nfa=nfa,
        closure_date=closed,
        closure_reason=reason,
        opened_by=by,
    )


def assessment(episode, *, start: date, authorised: date | None, by, manager, factors=(), need="N1"):
    a = Assessment.objects.create(
        child=episode.child,
        referral=episode,
        start_date=start,
        clock_start=episode.referral_date,
        due_date=date(2030, 1, 1) if authorised is None else max(authorised, start).replace(year=2030),
        status=Status.AUTHORISED if authorised else Status.DRAFT,
        started_by=by,
        started_at=at(start),
        outcome=Outcome.CIN_PLAN if authorised else "",
        primary_need=need if authorised else "",
        authorised_by=manager if authorised else None,
        authorised_at=at(authorised) if authorised else None,
        authorised_on=authorised,
    )
    # Written as the seed writes them: an authorised assessment's factors cannot be added one by one.
    AssessmentFactor.objects.bulk_create([AssessmentFactor(assessment=a, code=code) for code in factors])
    return a


def cin_plan(episode, *, start: date, end: date | None, by):
    return Plan.objects.create(
        kind=PlanKind.CHILD_IN_NEED,
        child=episode.child,
        episode=episode,
        episode_start=episode.referral_date,
        status=PlanStatus.ENDED if end else PlanStatus.ACTIVE,
        start=start,
        end=end,
        end_reason="outcomes_met" if end else "",
        created_by=by,
        created_at=at(start),
        finalised_by=by,
        finalised_at=at(start),
    )


def allocate(
    child, worker, *, since: date, until: date | None = None, reason=AllocationChangeReason.NEW_CASE
):
    return AllocationFactory(
        child=child, worker=worker, start=at(since, 9), end=at(until, 9) if until else None, reason=reason
    )


def build() -> Council:
    """Five children in the 2025-26 collection year."""
    from carefile.care import services as care
    from carefile.care.models import CareReview, PreviousPermanence
    from carefile.care.services import PlacementDetails

    team = TeamFactory(name="Assessment 1")
    worker = StaffFactory(role=Role.SOCIAL_WORKER, team=team, swe_number="SW100001")
    manager = StaffFactory(role=Role.TEAM_MANAGER, team=team, swe_number="SW100002")
    iro = StaffFactory(role=Role.REVIEWING_OFFICER, team=team, swe_number="SW100003")

    nfa = PersonFactory(la_child_id="RT0000001", date_of_birth=date(2014, 3, 9), sex="M", upn="G840200012345")
    referral(nfa, on=date(2025, 5, 6), team=team, by=worker, nfa=True, closed=date(2025, 5, 6), reason="RC7")

    assessed = PersonFactory(
        la_child_id="RT0000002", date_of_birth=date(2012, 8, 1), sex="F", upn_unknown="UN5"
    )
    ep = referral(assessed, on=date(2025, 6, 2), team=team, by=worker, source="2A", need="N4")
    assessment(
        ep, start=date(2025, 6, 3), authorised=date(2025, 7, 1), by=worker, manager=manager, factors=["4B"]
    )
    ep.closure_date, ep.closure_reason = date(2025, 7, 2), "RC8"
    ep.save()

    in_need = PersonFactory(
        la_child_id="RT0000003", date_of_birth=date(2019, 1, 20), sex="M", upn_unknown="UN1"
    )
    PersonDisability.objects.create(person=in_need, code="LD")
    ep = referral(in_need, on=date(2025, 9, 1), team=team, by=worker, source="3A", need="N1")
    assessment(
        ep,
        start=date(2025, 9, 2),
        authorised=date(2025, 10, 1),
        by=worker,
        manager=manager,
        factors=["16A", "3B"],
    )
    cin_plan(ep, start=date(2025, 10, 6), end=None, by=worker)
    allocate(in_need, worker, since=date(2025, 9, 1))

    looked_after = PersonFactory(
        la_child_id="RT0000004",
        date_of_birth=date(2013, 11, 2),
        sex="F",
        upn="K840200054321",
        ethnicity="MWBC",
    )
    ep = referral(looked_after, on=date(2025, 4, 10), team=team, by=worker, need="N1")
    assessment(
        ep, start=date(2025, 4, 11), authorised=date(2025, 5, 2), by=worker, manager=manager, factors=["16A"]
    )
    allocate(looked_after, worker, since=date(2025, 4, 10))
    first = care.care_start(
        child=looked_after,
        start=date(2025, 5, 5),
        legal_status="C2",
        placement=PlacementDetails(
            place="U6", provider="PR1", postcode="DL14 6QW", urn="SC123456", placement_name="The Greens"
        ),
        cin_need="N1",
        home_postcode="DH1 1AA",
        by=worker,
        at=at(date(2025, 5, 5)),
    )
    PreviousPermanence.objects.create(
        child=looked_after,
        period=first.period,
        code="Z1",
        recorded_by=worker,
        recorded_at=at(date(2025, 5, 5)),
    )
    for held, code in ((date(2025, 5, 28), "PN1"), (date(2025, 8, 20), "PN1"), (date(2026, 2, 11), "PN2")):
        CareReview.objects.create(
            child=looked_after,
            period=first.period,
            held_on=held,
            reviewing_officer=iro,
            participation=code,
            recorded_by=iro,
            recorded_at=at(held),
        )

    unborn = PersonFactory(
        la_child_id="RT0000005",
        date_of_birth=None,
        expected_date_of_birth=date(2026, 5, 1),
        sex="U",
        upn_unknown="UN1",
    )
    referral(unborn, on=date(2026, 2, 2), team=team, by=worker, source="3B", need="N1")

    return Council(team, worker, manager, nfa, assessed, in_need, looked_after, unborn)
