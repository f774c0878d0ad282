"""A small council built straight through the ORM for the performance tests: episodes of need with assessments,
enquiries, conferences and plans; periods of care with their SSDA903 episodes; missing incidents. Dates sit on
the edges that matter: bank holidays, 31 March and 1 April."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from carefile.assessments.models import Assessment
from carefile.care.models import Episode, MissingEpisode, PeriodOfCare
from carefile.frontdoor.models import Referral
from carefile.protection.models import ChildProtectionPlan, Conference, Section47Enquiry, StrategyDiscussion
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(d: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, hour))


class Council:
    """Writes records for children of one team, recorded by one worker."""

    def __init__(self, team=None, worker=None):
        self.team = team or TeamFactory(service_area=ServiceArea.CHILD_PROTECTION)
        self.worker = worker or StaffFactory(team=self.team, role=Role.SOCIAL_WORKER)

    def child(self, **kw):
        kw.setdefault("responsible_team", self.team)
        kw.setdefault("case_status", "child_in_need")
        return PersonFactory(**kw)

    def referral(self, child, on: date, *, nfa=False, closed: date | None = None) -> Referral:
        return Referral.objects.create(
            child=child,
            referral_date=on,
            source="6",
            team=self.team,
            presenting_issue="Concerns",
            primary_need="" if nfa else "N1",
            referral_nfa=nfa,
            closure_date=closed,
            closure_reason=("RC8" if not nfa else "RC7") if closed else "",
            opened_by=self.worker,
        )

    def assessment(self, referral, start: date, authorised: date | None) -> Assessment:
        return Assessment.objects.create(
            child=referral.child,
            referral=referral,
            start_date=start,
            clock_start=referral.referral_date,
            due_date=referral.referral_date + timedelta(days=63),
            status="authorised" if authorised else "draft",
            outcome="cin_plan" if authorised else "",
            primary_need="N1" if authorised else "",
            started_by=self.worker,
            started_at=at(start),
            authorised_by=self.worker if authorised else None,
            authorised_at=at(authorised) if authorised else None,
            authorised_on=authorised,
        )

    def enquiry(
        self, referral, start: date, *, icpc: date | None = None, plan_end: date | None = None, previous=0
    ):
        child = referral.child
        discussion = StrategyDiscussion.objects.create(
            child=child,
            episode=referral,
            held_at=at(start),
            information_shared="Shared",
            decision="s47",
            rationale="Risk",
            recorded_by=self.worker,
            recorded_at=at(start),
        )
        enquiry = Section47Enquiry.objects.create(
            child=child,
            episode=referral,
            started_by=discussion,
            start_date=start,
            icpc_target=start + timedelta(days=21),
            outcome="conference" if icpc else "",
            outcome_by=self.worker if icpc else None,
            outcome_at=at(start) if icpc else None,
            signed_off_by=self.worker if icpc else None,
            signed_off_at=at(start) if icpc else None,
            closed_on=start if icpc else None,
        )
        plan = None
        if icpc:
            conference = Conference.objects.create(
                kind="initial",
                child=child,
                episode=referral,
                enquiry=enquiry,
                target_date=start + timedelta(days=21),
                held_on=icpc,
                decision="plan",
                category="NEG",
            )
            plan = self.plan(referral, conference, icpc, end=plan_end, previous=previous)
        return enquiry, plan

    def transfer_in(self, referral, held: date, *, end: date | None = None, previous=1):
        conference = Conference.objects.create(
            kind="transfer_in",
            child=referral.child,
            episode=referral,
            target_date=held,
            transfer_from="Elsewhere Council",
            notified_on=held - timedelta(days=10),
            held_on=held,
            decision="plan",
            category="EMO",
        )
        return self.plan(referral, conference, held, end=end, previous=previous)

    def plan(self, referral, conference, start: date, *, end=None, previous=0):
        return ChildProtectionPlan.objects.create(
            child=referral.child,
            episode=referral,
            start=start,
            end=end,
            initial_category=conference.category,
            latest_category=conference.category,
            previous_plans_elsewhere=previous,
            conference=conference,
            end_reason="no_longer_at_risk" if end else "",
            started_by=self.worker,
            started_at=at(start),
        )

    def care(self, child, episodes: list[tuple], *, short_breaks=False) -> PeriodOfCare:
        """`episodes`: (start, RNE, LS, PLACE, postcode, urn, end, REC) in order; the period runs from the
        first start to the last end."""
        first, last = episodes[0], episodes[-1]
        period = PeriodOfCare.objects.create(
            child=child,
            start=first[0],
            end=last[6],
            cin_need="N1",
            home_postcode="AB1 1AA",
            short_breaks=short_breaks,
            started_by=self.worker,
            started_at=at(first[0]),
        )
        placement_start = first[0]
        for start, rne, ls, place, post, urn, end, rec in episodes:
            if rne in {"S", "P", "B"}:
                placement_start = start
            Episode.objects.create(
                child=child,
                period=period,
                start=start,
                new_episode_reason=rne,
                legal_status=ls,
                place=place,
                provider="" if place.startswith("T") else "PR1",
                postcode=post,
                urn=urn,
                end=end,
                reason_ceased=rec,
                placement_start=placement_start,
                recorded_by=self.worker,
                recorded_at=at(start),
            )
        return period

    def leaver(self, child, age, in_touch, activity, accommodation, on):
        from carefile.care.models import CareLeaver, LeaverContact

        CareLeaver.objects.get_or_create(
            child=child,
            defaults={"eligibility": "former_relevant", "updated_by": self.worker, "updated_at": at(on)},
        )
        return LeaverContact.objects.create(
            child=child,
            age=age,
            contact_on=on,
            in_touch=in_touch,
            activity=activity,
            accommodation=accommodation,
            recorded_by=self.worker,
            recorded_at=at(on),
        )

    def missing(self, child, period, kind, start: datetime, ended: datetime | None = None, offered=None):
        return MissingEpisode.objects.create(
            child=child,
            period=period,
            kind=kind,
            started_at=start,
            ended_at=ended,
            offered_at=offered,
            recorded_by=self.worker,
            recorded_at=start,
        )


def build_council(council: Council) -> dict:
    """The acceptance council for collection year 2025 (1 April 2024 to 31 March 2025)."""
    c = council
    kids = {}
    # a: referred on Thursday 28 March 2024, before the year; across Good Friday and Easter Monday 2024 and
    # the two May bank holidays, WD(28 Mar, 5 Jun 2024) = 45: in time.
    a = kids["a"] = c.child()
    ra = c.referral(a, date(2024, 3, 28))
    c.assessment(ra, date(2024, 3, 28), date(2024, 6, 5))
    b = kids["b"] = c.child()
    rb = c.referral(b, date(2024, 4, 1))  # the first day of the year
    c.assessment(rb, date(2024, 4, 2), date(2024, 6, 6))  # WD(1 Apr, 6 Jun 2024) = 46: late
    # r: a re-referral exactly 12 months after the previous one, still open on 1 April
    r = kids["r"] = c.child()
    c.referral(r, date(2023, 5, 10), closed=date(2024, 4, 15))
    c.referral(r, date(2024, 5, 10))
    # n: an NFA referral on 31 March 2025
    n = kids["n"] = c.child()
    c.referral(n, date(2025, 3, 31), nfa=True, closed=date(2025, 3, 31))
    # z: referred on 1 April 2025, after the year
    z = kids["z"] = c.child()
    c.referral(z, date(2025, 4, 1))
    # d: enquiry from a Saturday strategy discussion (21 December 2024); conference on 15 January 2025 is the
    # 15th working day over Christmas and New Year; the plan is a second one (one elsewhere before)
    d = kids["d"] = c.child(case_status="child_protection")
    rd = c.referral(d, date(2024, 12, 19))
    c.enquiry(rd, date(2024, 12, 21), icpc=date(2025, 1, 15), previous=1)
    # e: enquiry started 25 March 2025, conference on 2 April 2025 (after the year)
    e = kids["e"] = c.child()
    re_ = c.referral(e, date(2025, 3, 24))
    c.enquiry(re_, date(2025, 3, 25))
    # f: a plan that lasted exactly two years, ending on 1 April 2024
    f = kids["f"] = c.child()
    rf = c.referral(f, date(2022, 3, 20), closed=date(2024, 4, 20))
    c.enquiry(rf, date(2022, 3, 21), icpc=date(2022, 4, 1), plan_end=date(2024, 4, 1))
    # g: a transfer-in conference on 10 June 2024 starts a plan that ends on 31 March 2025
    g = kids["g"] = c.child()
    rg = c.referral(g, date(2024, 6, 3))
    c.transfer_in(rg, date(2024, 6, 10), end=date(2025, 3, 31), previous=0)
    # Looked after: h since February 2024 with a temporary move and back, a legal change and a new placement
    h = kids["h"] = c.child(case_status="looked_after")
    ph = c.care(
        h,
        [
            (date(2024, 2, 1), "S", "C2", "U4", "AB1 1AA", "SC000001", date(2024, 6, 1), "X1"),
            (date(2024, 6, 1), "P", "C2", "T1", "", "", date(2024, 6, 5), "X1"),
            (date(2024, 6, 5), "P", "C2", "U4", "AB1 1AA", "SC000001", date(2024, 8, 1), "X1"),
            (date(2024, 8, 1), "L", "E1", "U4", "AB1 1AA", "SC000001", date(2024, 9, 1), "X1"),
            (date(2024, 9, 1), "P", "E1", "K2", "CD2 2BB", "SC000002", None, ""),
        ],
    )
    c.missing(h, ph, "M", at(date(2024, 4, 1), 22), at(date(2024, 4, 2), 9), offered=at(date(2024, 4, 3), 9))
    i = kids["i"] = c.child(case_status="looked_after")
    pi = c.care(
        i,
        [
            (date(2024, 5, 1), "S", "V2", "U6", "EF3 3CC", "SC000003", date(2024, 7, 1), "X1"),
            (date(2024, 7, 1), "P", "V2", "U6", "GH4 4DD", "SC000004", date(2024, 11, 1), "X1"),
            (date(2024, 11, 1), "B", "C1", "K2", "JK5 5EE", "SC000005", None, ""),
        ],
    )
    c.missing(i, pi, "A", at(date(2024, 6, 1)), at(date(2024, 6, 1), 20))
    j = kids["j"] = c.child(case_status="looked_after")
    c.care(j, [(date(2024, 4, 1), "S", "V2", "U4", "LM6 6FF", "SC000006", date(2025, 3, 31), "E4A")])
    k = kids["k"] = c.child(case_status="child_in_need")
    c.care(k, [(date(2024, 6, 1), "S", "V3", "U4", "", "", date(2024, 6, 3), "E8")], short_breaks=True)
    # Care leavers: l1 turned 19 on 10 May 2024 (in touch, in education, suitably housed); l2 turned 18 on
    # 1 January 2025 (not in touch). Both left care before the year.
    l1 = kids["l1"] = c.child(case_status="care_leaver", date_of_birth=date(2005, 5, 10))
    c.care(l1, [(date(2020, 6, 1), "S", "C2", "U4", "NP1 1AA", "SC000007", date(2023, 5, 10), "E13")])
    c.leaver(l1, 19, "YES", "F1", "D1", date(2024, 5, 20))
    l2 = kids["l2"] = c.child(case_status="care_leaver", date_of_birth=date(2007, 1, 1))
    c.care(l2, [(date(2022, 3, 1), "S", "C2", "U4", "NP2 2BB", "SC000008", date(2024, 3, 1), "E13")])
    c.leaver(l2, 18, "NO", "G6", "U2", date(2025, 1, 10))
    return kids


@pytest.fixture
def council(db):
    c = Council()
    c.kids = build_council(c)
    return c
