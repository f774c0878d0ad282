"""Planning the front door of the synthetic council: episodes of need, contacts, screening decisions, the queue.

Every child open to a social worker has one open episode (a `Referral`) that began on or before their current
involvement; children whose involvement ended have closed episodes; some children had a referral closed with
no further action earlier, so re-referrals within 12 months occur and are flagged. Contacts arrive at the
front door over the last weeks (a few hundred a week at medium size), each with its children, screening
decision, rationale and manager sign-off; those that became referrals are linked to them. The allocation
queue holds newly referred children not yet allocated to a social worker.

Planning uses its own `random.Random` (seeded from the council's seed) after the rest of the council has
been planned, so adding the front door leaves the teams, staff, people and allocations as they were.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Container
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from django.utils import timezone

from carefile.frontdoor.codes import ClosureReason, PrimaryNeed, ReferralSource
from carefile.frontdoor.models import OPENS_REFERRAL, Consent, Outcome, Priority
from carefile.workforce.models import AllocationRole, ServiceArea

from . import names
from .families import DEFAULT_FAMILY_SIZES, PeoplePlanner
from .plan import (
    AllocationPlan,
    ContactPlan,
    CouncilPlan,
    DecisionPlan,
    FamilyPlan,
    PersonPlan,
    ReferralPlan,
    StaffPlan,
    days,
)

A = ServiceArea
TZ = timezone.get_default_timezone()


class Weights:
    """A table of choices and their weights, ready to draw from (the same draws as `plan.weighted`)."""

    def __init__(self, table: dict):
        self.keys = list(table)
        self.cum = list(accumulate(table.values()))


def weighted(rng: random.Random, table: Weights):
    return rng.choices(table.keys, cum_weights=table.cum)[0]


# Weeks of contacts held, and how many arrive a week (None: one for every 6 open children).
CONTACT_WEEKS = {"demo": 8, "medium": 26, "large": 26}
CONTACTS_A_WEEK = {"demo": 40, "medium": None, "large": None}
# Children referred and waiting for a social worker on the seed date.
QUEUE_CHILDREN = {"demo": 12, "medium": 120, "large": 400}
# Contacts received 2-3 working days ago that still have no screening decision.
OVERDUE_UNDECIDED = {"demo": 3, "medium": 8, "large": 20}

SOURCES = Weights(
    {
        "6": 30,
        "2A": 15,
        "2B": 5,
        "3A": 3,
        "3B": 4,
        "3C": 1,
        "3D": 2,
        "3E": 3,
        "3F": 2,
        "1A": 5,
        "1B": 2,
        "1C": 1,
        "1D": 1,
        "4": 3,
        "5A": 4,
        "5B": 2,
        "5C": 2,
        "5D": 5,
        "7": 3,
        "8": 4,
        "9": 2,
        "10": 1,
    }
)
assert set(SOURCES.keys) == set(ReferralSource.values)
UNBORN_SOURCES = Weights({"3D": 50, "3F": 20, "3A": 10, "6": 10, "5C": 10})
PRIMARY_NEEDS = Weights({"N1": 56, "N2": 4, "N3": 5, "N4": 11, "N5": 12, "N6": 3, "N7": 1, "N8": 5, "N0": 3})
assert set(PRIMARY_NEEDS.keys) <= set(PrimaryNeed.values) - {"N9"}
NON_REFERRAL_OUTCOMES = Weights({Outcome.NFA: 25, Outcome.INFORMATION: 20, Outcome.EARLY_HELP: 20})
REFERRAL_SHARE = 0.35  # referral to social care 30%, strategy discussion 5%
CONSENT = Weights({Consent.GIVEN: 62, Consent.REFUSED: 12, Consent.NOT_SOUGHT: 14, Consent.OVERRIDDEN: 12})

CONCERNS = (
    "Police attended a domestic abuse incident at the family home overnight; {child} was in the house. "
    "Mother's partner was arrested.",
    "School report that {child} arrives hungry, in the same clothes all week, and has missed 12 days this term.",
    "{child} told a teacher that Dad hit them with a belt; a mark was seen on the upper arm.",
    "Health visitor concerned about poor home conditions, missed immunisations and the baby's weight.",
    "Mother says she cannot cope with {child}'s behaviour and asks for the council to look after them.",
    "{child} has been reported missing three times this month and was found with older men in town.",
    "Neighbour reports children left alone in the flat late at night and shouting heard most evenings.",
    "Attendance at A&E with an injury the explanation given does not fit.",
    "Mother's mental health has got worse; she has stopped her medication and the children are caring for her.",
    "Both parents misuse alcohol; {child} told the school nurse there is often no food at home.",
    "Housing officer reports the family are to be evicted next week and have nowhere to go.",
    "{child} told a youth worker they are being made to carry drugs to pay off a debt.",
    "Probation tell us a man convicted of offences against children has moved in with the family.",
    "School worried about {child}'s self-harm: cuts on the arms and comments about not wanting to be alive.",
    "Anonymous caller worried that the children are shouted at and smacked and look unkempt.",
    "Another council tells us the family have moved here; the children were on child protection plans there.",
    "GP concerned that {child} has lost weight and has not been brought to three appointments.",
    "Father arrested for possessing indecent images of children; there are children in the household.",
    "Parents separated and arguing at every handover; {child} is caught in the middle and very distressed.",
    "Early help worker reports no progress after six months: attendance and home conditions are worse.",
    "{child} looks after a disabled parent and is falling behind at school.",
    "{child} has been sending images to an adult they met through an online game.",
    "Police found {child} drunk and alone in the park at 2am; parents did not know where they were.",
    "Parents have learning disabilities and are struggling to manage the children's routines and health needs.",
)
UNBORN_CONCERNS = (
    "Midwife reports a pregnant mother with a history of drug misuse whose older children were removed.",
    "Pregnant mother is experiencing domestic abuse from the baby's father; police called twice this month.",
    "Late booking at 30 weeks; mother is homeless and has not engaged with antenatal care.",
)
PARTNER_INFORMATION = (
    "Police: two previous domestic incidents at the address in the last year.",
    "Police: no information held on the adults in the household.",
    "School: attendance 84%; the designated safeguarding lead knows the family well.",
    "School: no concerns about attendance; teachers report the child is quiet and withdrawn.",
    "Health: registered with a GP; immunisations up to date.",
    "Health: missed the two-year development review and two dental appointments.",
    "Probation: the father is on licence until next year.",
    "Housing: rent arrears; the tenancy is at risk.",
    "Early help: a family support worker worked with the family last year; closed when things improved.",
    "Adult mental health: mother is known to the community mental health team.",
)
RATIONALES = {
    Outcome.NFA: (
        "The concern has been explained and the parents acted to keep the child safe; no role for children's "
        "services.",
        "Checks with school and health give no cause for concern; universal services remain involved.",
        "A one-off incident with the child not present; the parents know what support is available.",
    ),
    Outcome.INFORMATION: (
        "Advice given to the referrer on supporting the family through universal services.",
        "Mother was given information about local parenting support and how to contact us again.",
        "The family need practical help rather than social work; signposted to housing advice and the food bank.",
    ),
    Outcome.EARLY_HELP: (
        "Needs are below the threshold for social care but the family would benefit from a family support "
        "worker; consent given for early help.",
        "Emerging concerns about attendance and routines: early help assessment offered and accepted.",
        "The family agree to a team around the family meeting through early help.",
    ),
    Outcome.REFERRAL: (
        "The child may be a child in need: a social work assessment is needed to understand the concerns.",
        "Repeated concerns over recent months suggest needs early help has not met; referral for assessment.",
        "The concerns about neglect meet the threshold for a child and family assessment.",
    ),
    Outcome.STRATEGY: (
        "Reasonable cause to suspect the child is suffering, or likely to suffer, significant harm: strategy "
        "discussion today with police and health.",
        "Disclosure of physical harm by a parent: strategy discussion needed before the parents are told.",
        "The risk of exploitation is high; strategy discussion with police to plan section 47 enquiries.",
    ),
}
CHECKS = (
    "Partner checks completed with police, school and health.",
    "Previous contacts and the family's history considered.",
    "The child's views were gathered through school.",
    "Consent and the parents' understanding of the concerns considered.",
)
SIGN_OFF_COMMENTS = (
    "",
    "",
    "Agreed.",
    "Agreed: a proportionate response to what we know.",
    "Agreed; make sure the referrer is told the outcome.",
    "Agreed. Check with school again in two weeks.",
)
ORGANISATIONS = {
    "2B": "Education welfare service",
    "3B": "Demo County health visiting service",
    "3C": "School nursing service",
    "3D": "Community midwifery team",
    "3E": "Demo County Hospital emergency department",
    "3F": "Child and adolescent mental health service",
    "4": "Demo County Homes",
    "5A": "Adult social care",
    "5B": "Youth service",
    "5C": "Northshire County Council children's services",
    "5D": "Demo County early help service",
    "6": "Demo County Police",
    "7": "Probation service",
    "8": "Brightstart family centre",
}
WAITING_DAYS = Weights(
    {
        **dict.fromkeys(range(0, 3), 6),
        **dict.fromkeys(range(3, 6), 9),
        **dict.fromkeys(range(6, 11), 5),
        **dict.fromkeys(range(11, 16), 2.5),
        **dict.fromkeys(range(16, 26), 0.8),
    }
)
# Working days between a referral and the first allocation of an episode that was allocated.
REFERRAL_LAG = Weights({1: 22, 2: 20, 3: 15, 4: 12, 5: 10, 7: 8, 10: 7, 15: 4, 20: 2})
FRONT_DOOR_LAG = Weights({0: 10, 1: 55, 2: 35})
IN_CARE_CLOSURES = Weights({"RC1": 12, "RC3": 10, "RC4": 22, "RC5": 4, "RC7": 52})
PROTECTION_CLOSURES = Weights({"RC3": 3, "RC5": 6, "RC7": 91})
OTHER_CLOSURES = Weights({"RC5": 3, "RC7": 97})
QUEUE_PRIORITY = Weights({Priority.URGENT: 8, Priority.HIGH: 25, Priority.STANDARD: 67})
OPEN_CASE_OUTCOMES = Weights({Outcome.INFORMATION: 70, Outcome.NFA: 30})
CONTACT_SUBJECTS = Weights({"new": 30, "open": 42, "known": 28})
NEW_FAMILY_SIZES = Weights({1: 55, 2: 28, 3: 12, 4: 5})
SERIOUS_PRIORITY = Weights({Priority.URGENT: 20, Priority.HIGH: 40, Priority.STANDARD: 40})
OTHER_PRIORITY = Weights({Priority.URGENT: 2, Priority.HIGH: 16, Priority.STANDARD: 82})
REFERRER_HERITAGE = Weights({"WBRI": 80, "AIND": 5, "BAFR": 5, "WOTH": 5, "APKN": 5})
SERIOUS_EPISODE_PRIORITY = Weights({Priority.URGENT: 22, Priority.HIGH: 38, Priority.STANDARD: 40})
EPISODE_PRIORITY = Weights({Priority.URGENT: 5, Priority.HIGH: 22, Priority.STANDARD: 73})
QUEUE_FAMILY_SIZES = Weights(DEFAULT_FAMILY_SIZES)


def _aware(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=TZ)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(TZ)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FrontDoorPlanner:
    def __init__(
        self, rng: random.Random, plan: CouncilPlan, people: PeoplePlanner, holidays: Container[date]
    ):
        self.rng, self.plan, self.people, self.holidays = rng, plan, people, holidays
        self.on = plan.on
        spec = plan.spec
        self.window_start = self.on - days(7 * CONTACT_WEEKS[spec.name] - 1)
        self.team_area = [t.area for t in plan.teams]
        self.teams_by_area: dict[str, list[int]] = defaultdict(list)
        for t in plan.teams:
            self.teams_by_area[t.area].append(t.idx)
        self.fd_teams = self.teams_by_area[A.FRONT_DOOR]
        self.fd_workers = {
            t: [s for s in plan.staff if s.team == t and s.kind == "sw"] for t in self.fd_teams
        }
        self._on_duty: dict[tuple[int, date], list[StaffPlan]] = {}
        self.sw: dict[int, list[AllocationPlan]] = defaultdict(list)
        for a in plan.allocations:
            if a.role == AllocationRole.SOCIAL_WORKER:
                self.sw[a.child].append(a)
        for allocs in self.sw.values():
            allocs.sort(key=lambda a: a.start)
        self.family_of: dict[int, int] = {}
        self.episodes: dict[int, list[ReferralPlan]] = defaultdict(list)
        self.first_allocated: dict[int, datetime] = {}  # referral index -> first allocation of its episode
        self.queue_families: list[int] = []

    # ---- small helpers ------------------------------------------------------------------------------------

    def working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def back(self, day: date, n: int) -> date:
        """`n` working days before `day` (n = 0: the day itself)."""
        while n > 0:
            day -= timedelta(days=1)
            if self.working(day):
                n -= 1
        return day

    def forward(self, day: date, n: int) -> date:
        while n > 0:
            day += timedelta(days=1)
            if self.working(day):
                n -= 1
        return day

    def on_duty(self, team: int, day: date) -> list[StaffPlan]:
        key = (team, day)
        if key not in self._on_duty:
            workers = [
                w for w in self.fd_workers[team] if w.start <= day and (w.leave is None or w.leave > day)
            ]
            self._on_duty[key] = workers or [self.manager(team)]
        return self._on_duty[key]

    def manager(self, team: int) -> StaffPlan:
        return self.plan.staff[self.plan.teams[team].manager]

    def area_of(self, alloc: AllocationPlan) -> str:
        team = self.plan.staff[alloc.worker].team
        return self.team_area[team] if team is not None else A.CHILD_PROTECTION

    def team_of(self, alloc: AllocationPlan) -> int:
        team = self.plan.staff[alloc.worker].team
        return team if team is not None else self.teams_by_area[A.ASSESSMENT][0]

    def age_on(self, person: PersonPlan, day: date) -> float:
        return (day - person.dob).days / 365.25 if person.dob else -1.0

    def source(self, unborn: bool = False) -> str:
        return weighted(self.rng, UNBORN_SOURCES if unborn else SOURCES)

    def concerns(self, children: list[PersonPlan]) -> str:
        rng = self.rng
        if all(c.dob is None for c in children):
            return rng.choice(UNBORN_CONCERNS)
        born = [c for c in children if c.dob]
        who = (born[0].known_as or born[0].given) if len(born) == 1 else "the children"
        text = rng.choice(CONCERNS).format(child=who)
        return text[0].upper() + text[1:]

    def priority(self, serious: bool) -> str:
        return weighted(self.rng, SERIOUS_EPISODE_PRIORITY if serious else EPISODE_PRIORITY)

    def fd_team(self) -> int:
        return self.rng.choice(self.fd_teams)

    # ---- episodes from the allocation histories -----------------------------------------------------------

    def run(self) -> None:
        for i, fam in enumerate(self.plan.families):
            for child in fam.children:
                self.family_of[child] = i
        for fam in self.plan.families:
            self.family_episodes(fam)
        self.queue()
        for fam in self.plan.families:
            self.earlier_referrals(fam)
        self.flag_re_referrals()
        ContactPlanner(self).run()
        self.record_times()

    def _runs(self, allocs: list[AllocationPlan]) -> list[list[AllocationPlan]]:
        runs: list[list[AllocationPlan]] = []
        for a in allocs:
            last = runs[-1][-1] if runs else None
            if last is not None and last.end is not None and a.start - last.end <= timedelta(days=1):
                runs[-1].append(a)
            else:
                runs.append([a])
        return runs

    def _stretches(self, run: list[AllocationPlan]) -> list[tuple[list[AllocationPlan], date | None]]:
        """The parts of a run held by social care (not early help), each with the date it ended (None: open)."""
        out = []
        current: list[AllocationPlan] = []
        for a in run:
            if self.area_of(a) == A.EARLY_HELP:
                if current:
                    out.append((current, a.start.date()))
                    current = []
            else:
                current.append(a)
        if current:
            last = current[-1]
            out.append((current, last.end.date() if last.end is not None else None))
        return out

    def family_episodes(self, fam: FamilyPlan) -> None:
        rng, people = self.rng, self.plan.people
        groups: dict[tuple, dict] = {}
        for c in fam.children:
            child = people[c]
            previous_end: date | None = None
            for run in self._runs(self.sw.get(c, [])):
                for stretch, end in self._stretches(run):
                    areas = [self.area_of(a) for a in stretch]
                    key = (end, areas[-1])
                    if key not in groups:
                        serious = any(a in (A.CHILD_PROTECTION, A.CHILDREN_IN_CARE) for a in areas)
                        only_front_door = all(a == A.FRONT_DOOR for a in areas)
                        groups[key] = {
                            "lag": weighted(
                                rng, FRONT_DOOR_LAG if areas[0] == A.FRONT_DOOR else REFERRAL_LAG
                            ),
                            "source": self.source(unborn=child.dob is None),
                            "priority": self.priority(serious),
                            "need": self._need(areas, end, only_front_door),
                            "issue": self.concerns([people[x] for x in fam.children]),
                            "nfa": end is not None and only_front_door,
                            "reason": self._closure_reason(areas, end, child) if end else "",
                            "fd_team": self.fd_team(),
                        }
                    g = groups[key]
                    first = stretch[0]
                    start = first.start.date()
                    referral_date = self.back(start, g["lag"])
                    if child.dob is not None:
                        referral_date = max(referral_date, child.dob)
                    elif child.edd is not None:
                        referral_date = max(referral_date, child.edd - days(279))
                    if previous_end is not None:
                        referral_date = max(referral_date, previous_end + days(1))
                    referral_date = min(referral_date, start)
                    closure = max(end, referral_date) if end is not None else None
                    reason = g["reason"]
                    if (
                        closure is not None
                        and reason == ClosureReason.RC1
                        and self.age_on(child, closure) > 9
                    ):
                        reason = ClosureReason.RC7
                    opener = rng.choice(self.on_duty(g["fd_team"], referral_date))
                    team = child.team if closure is None and child.team is not None else self.team_of(first)
                    referral = self._add(
                        ReferralPlan(
                            child=c,
                            date=referral_date,
                            source=g["source"],
                            team=team,
                            priority=g["priority"],
                            issue=_short(g["issue"], 300),
                            need=g["need"],
                            by=opener.idx,
                            at=self._opened_at(referral_date, first.start),
                            closure=closure,
                            reason=reason if closure is not None else "",
                            nfa=g["nfa"],
                        )
                    )
                    self.first_allocated[referral] = first.start
                    previous_end = closure

    def _need(self, areas: list[str], end: date | None, only_front_door: bool) -> str:
        if only_front_door:
            return ""
        if A.DISABILITY in areas:
            return "N2" if self.rng.random() < 0.85 else "N1"
        return weighted(self.rng, PRIMARY_NEEDS)

    def _closure_reason(self, areas: list[str], end: date, child: PersonPlan) -> str:
        rng, last = self.rng, areas[-1]
        if last == A.CHILDREN_IN_CARE:
            return weighted(rng, IN_CARE_CLOSURES)
        if last == A.CHILD_PROTECTION:
            return weighted(rng, PROTECTION_CLOSURES)
        if last == A.DISABILITY and self.age_on(child, end) >= 17.5:
            return "RC6" if rng.random() < 0.7 else "RC7"
        # RC8/RC9 (closed after an assessment) are for the assessments stage to set once it records one.
        return weighted(rng, OTHER_CLOSURES)

    def _opened_at(self, day: date, allocated: datetime | None) -> datetime:
        at = _aware(day, self.rng.randint(9 * 60, 16 * 60 + 30))
        if allocated is not None and at > allocated:
            at = max(allocated - timedelta(minutes=self.rng.randint(20, 90)), _aware(day, 0))
        return at

    def _add(self, referral: ReferralPlan) -> int:
        self.plan.referrals.append(referral)
        self.episodes[referral.child].append(referral)
        return len(self.plan.referrals) - 1

    # ---- the allocation queue -----------------------------------------------------------------------------

    def queue(self) -> None:
        rng, on = self.rng, self.on
        target = QUEUE_CHILDREN[self.plan.spec.name]
        queued = 0
        while queued < target:
            area = A.FRONT_DOOR if rng.random() < 0.35 else A.ASSESSMENT
            team = rng.choice(self.teams_by_area[area])
            n = min(weighted(rng, QUEUE_FAMILY_SIZES), target - queued)
            fam_index = len(self.plan.families)
            fam = self.people.family(n=n, area=A.ASSESSMENT, ref=on, unborn=rng.random() < 0.06)
            self.queue_families.append(fam_index)
            priority = weighted(rng, QUEUE_PRIORITY)
            wait = weighted(rng, WAITING_DAYS)
            if priority == Priority.URGENT:
                wait = min(wait, rng.randint(0, 3))
            referral_date = self.back(on, wait)
            unborn = all(c.dob is None for c in fam.children)
            source, issue = self.source(unborn), self.concerns(fam.children)
            fd_team = self.fd_team()
            for child in fam.children:
                self.family_of[child.idx] = fam_index
                child.team, child.case_status = team, "referral"
                self._add(
                    ReferralPlan(
                        child=child.idx,
                        date=max(referral_date, child.dob) if child.dob else referral_date,
                        source=source,
                        team=team,
                        priority=priority,
                        issue=_short(issue, 300),
                        need="",
                        by=rng.choice(self.on_duty(fd_team, referral_date)).idx,
                        at=self._opened_at(referral_date, None),
                    )
                )
            queued += len(fam.children)

    # ---- earlier referrals closed with no further action --------------------------------------------------

    def earlier_referrals(self, fam: FamilyPlan) -> None:
        """For some families, a referral closed with no further action months or years before the first episode."""
        rng, people = self.rng, self.plan.people
        firsts = [self.episodes[c][0].date for c in fam.children if self.episodes.get(c)]
        if not firsts or rng.random() >= 0.3:
            return
        gap = rng.randint(21, 365) if rng.random() < 0.55 else rng.randint(366, 1100)
        day = min(firsts) - days(gap)
        if day < self.plan.window_start - days(365):
            return
        closure = self.forward(day, rng.randint(0, 4))
        team = rng.choice(self.teams_by_area[A.ASSESSMENT])
        source, issue = self.source(), self.concerns([people[c] for c in fam.children])
        fd_team = self.fd_team()
        opener = rng.choice(self.on_duty(fd_team, day))
        for c in fam.children:
            child = people[c]
            episodes = self.episodes.get(c)
            if child.dob is None or child.dob > day or self.age_on(child, day) >= 17.5:
                continue
            if episodes and closure >= episodes[0].date:
                continue
            referral = ReferralPlan(
                child=c,
                date=day,
                source=source,
                team=team,
                priority=Priority.STANDARD,
                issue=_short(issue, 300),
                need="",
                by=opener.idx,
                at=self._opened_at(day, None),
                closure=closure,
                reason=ClosureReason.RC7,
                nfa=True,
            )
            self.plan.referrals.append(referral)
            self.episodes[c].insert(0, referral)

    def flag_re_referrals(self) -> None:
        for episodes in self.episodes.values():
            episodes.sort(key=lambda r: r.date)
            for before, after in zip(episodes, episodes[1:], strict=False):
                assert before.closure is not None and before.closure < after.date, "episodes overlap"
                after.re_referral = (after.date - before.date).days <= 365
                after.previous = before.date

    # ---- when each record was created ---------------------------------------------------------------------

    def record_times(self) -> None:
        """A person's record exists from the first time the front door heard of them."""
        people = self.plan.people
        first: dict[int, tuple[datetime, int]] = {}

        def seen(person: int, at: datetime, by: int) -> None:
            if person not in first or at < first[person][0]:
                first[person] = (at, by)

        for contact in self.plan.contacts:
            for c in contact.children:
                seen(c, contact.received, contact.recorded_by)
        for r in self.plan.referrals:
            if r.contact is None:
                seen(r.child, r.at, r.by)
        for person, (at, by) in first.items():
            p = people[person]
            if p.created is None or at < p.created:
                p.created, p.by = at, by
        for fam in self.plan.families:
            known = [people[c] for c in fam.children if people[c].created is not None]
            if not known:
                continue
            earliest = min(known, key=lambda p: p.created)
            for a in fam.adults:
                adult = people[a]
                if adult.created is None or earliest.created < adult.created:
                    adult.created, adult.by = earliest.created, earliest.by


class ContactPlanner:
    """Contacts over the last weeks: those that became referrals, and the rest with other outcomes."""

    def __init__(self, fd: FrontDoorPlanner):
        self.fd, self.rng, self.plan, self.on = fd, fd.rng, fd.plan, fd.on
        self.people = fd.plan.people
        spec = self.plan.spec
        per_week = CONTACTS_A_WEEK[spec.name] or spec.open_children / 6
        self.total = round(per_week * CONTACT_WEEKS[spec.name])
        self.days = [fd.window_start + days(i) for i in range((self.on - fd.window_start).days + 1)]
        self.day_weights = [1.0 if fd.working(d) else 0.12 for d in self.days]

    def run(self) -> None:
        referral_contacts = self.referral_contacts()
        subjects = self.filler_subjects(max(0, self.total - referral_contacts))
        eligible = sum(1 for _, _, in_episode in subjects if in_episode)
        target = REFERRAL_SHARE * self.total - referral_contacts
        p_referral = min(0.9, max(0.0, target / eligible)) if eligible else 0.0
        for day, children, in_episode in subjects:
            if in_episode and self.rng.random() < p_referral:
                outcome = Outcome.STRATEGY if self.rng.random() < 1 / 7 else Outcome.REFERRAL
            elif in_episode:  # about a child already open: shared with the allocated worker
                outcome = weighted(self.rng, OPEN_CASE_OUTCOMES)
            else:
                outcome = weighted(self.rng, NON_REFERRAL_OUTCOMES)
            self.add_contact(day, children, outcome, [])
        self.plan.contacts.sort(key=lambda c: c.received)
        for i, contact in enumerate(self.plan.contacts):
            for r in contact.opens:
                self.plan.referrals[r].contact = i
        self.decide()

    # ---- who and when -------------------------------------------------------------------------------------

    def referral_contacts(self) -> int:
        groups: dict[tuple[int, date], list[int]] = defaultdict(list)
        for i, r in enumerate(self.plan.referrals):
            if r.date >= self.fd.window_start:
                groups[(self.fd.family_of.get(r.child, -r.child - 1), r.date)].append(i)
        for (_, day), referrals in groups.items():
            first = self.plan.referrals[referrals[0]]
            urgent = first.priority == Priority.URGENT
            outcome = Outcome.STRATEGY if (urgent and self.rng.random() < 0.6) else Outcome.REFERRAL
            self.add_contact(day, [self.plan.referrals[r].child for r in referrals], outcome, referrals)
        return len(groups)

    def filler_subjects(self, n: int) -> list[tuple[date, list[int], bool]]:
        rng, fd, people = self.rng, self.fd, self.people
        open_families, known_families = [], []
        queued = set(fd.queue_families)
        for i, fam in enumerate(self.plan.families):
            if i in queued:
                continue
            episodes = [r for c in fam.children for r in fd.episodes.get(c, ())]
            if any(r.closure is None for r in episodes):
                open_families.append(fam)
            elif episodes or any(c in fd.sw for c in fam.children):
                known_families.append(fam)
        chosen_days = rng.choices(self.days, weights=self.day_weights, k=n)
        out = []
        for day in chosen_days:
            kind = weighted(rng, CONTACT_SUBJECTS)
            children: list[int] = []
            if kind != "new":
                fam = rng.choice(open_families if kind == "open" else known_families)
                children = [
                    c
                    for c in fam.children
                    if (people[c].dob is not None and people[c].dob <= day and fd.age_on(people[c], day) < 18)
                    or (people[c].dob is None and any(r.date <= day for r in fd.episodes.get(c, ())))
                ]
            if not children:
                fam_plan = fd.people.family(
                    n=weighted(rng, NEW_FAMILY_SIZES), area=A.FRONT_DOOR, ref=day, adults_p=0.8
                )
                children = [c.idx for c in fam_plan.children]
            in_episode = all(
                any(r.date <= day and (r.closure is None or r.closure > day) for r in fd.episodes.get(c, ()))
                for c in children
            )
            out.append((day, children, in_episode))
        return out

    def received_at(self, day: date) -> datetime:
        rng = self.rng
        if day == self.on:  # the last day is still under way: only what came in overnight and this morning
            return _aware(day, rng.randint(0, 9 * 60 + 15))
        if self.fd.working(day) and rng.random() < 0.86:
            return _aware(day, rng.randint(8 * 60 + 30, 17 * 60 + 15))
        if self.fd.working(day):
            return _aware(
                day, rng.choice((rng.randint(0, 8 * 60 + 29), rng.randint(17 * 60 + 16, 23 * 60 + 59)))
            )
        return _aware(day, rng.randint(0, 23 * 60 + 59))

    def add_contact(self, day: date, children: list[int], outcome: str, opens: list[int]) -> None:
        rng, fd, people = self.rng, self.fd, self.people
        kids = [people[c] for c in children]
        received = self.received_at(day)
        if opens:
            # The referral was opened before the child was first allocated.
            allocated = [fd.first_allocated[r] for r in opens if r in fd.first_allocated]
            if allocated and min(allocated).date() == day and min(allocated) <= received + timedelta(hours=1):
                received = max(_aware(day, 0), min(allocated) - timedelta(minutes=rng.randint(60, 240)))
            first = self.plan.referrals[opens[0]]
            source, priority, concerns = first.source, first.priority, first.issue
        else:
            unborn = all(k.dob is None for k in kids)
            source = fd.source(unborn)
            concerns = fd.concerns(kids)
            serious = outcome in OPENS_REFERRAL
            priority = weighted(rng, SERIOUS_PRIORITY) if serious else weighted(rng, OTHER_PRIORITY)
        team = fd.fd_team()
        name, organisation, how = self.referrer(source)
        consent = weighted(rng, CONSENT)
        if outcome == Outcome.STRATEGY and consent == Consent.GIVEN and rng.random() < 0.5:
            consent = Consent.OVERRIDDEN
        consent_notes = {
            Consent.OVERRIDDEN: "Proceeding without consent: asking the parents could put the child at risk.",
            Consent.NOT_SOUGHT: "Not sought: the referrer fears seeking it would put the child at risk.",
            Consent.REFUSED: "Mother refused consent to share information; she was told why we may need to.",
        }.get(consent, "")
        partner = ""
        if rng.random() < 0.6:
            partner = " ".join(rng.sample(PARTNER_INFORMATION, rng.randint(1, 3)))
        recorder = rng.choice(fd.on_duty(team, day))
        recorded_at = received + timedelta(minutes=rng.randint(5, 90))
        if day == self.on:
            recorded_at = min(recorded_at, _aware(day, 9 * 60 + 29))
            recorded_at = max(recorded_at, received)
        contact = ContactPlan(
            children=children,
            received=received,
            source=source,
            referrer_name=name,
            referrer_organisation=organisation,
            referrer_contact=how,
            concerns=concerns,
            consent=consent,
            consent_notes=consent_notes,
            partner_information=partner,
            priority=priority,
            team=team,
            due=fd.forward(day, 1),
            recorded_by=recorder.idx,
            recorded_at=recorded_at,
            decision=DecisionPlan(outcome=outcome, options=[], rationale="", by=-1, at=received),
            opens=opens,
        )
        self.plan.contacts.append(contact)

    def referrer(self, source: str) -> tuple[str, str, str]:
        rng = self.rng
        heritage = names.HERITAGE_BY_ETHNICITY[weighted(rng, REFERRER_HERITAGE)]
        given = rng.choice(heritage.women if rng.random() < 0.7 else heritage.men)
        family = rng.choice(heritage.surnames)
        phone = f"01632 960{rng.randint(0, 999):03d}"
        if source in ("9", "10"):
            return "", "", ""
        if source == "6":
            return f"PC {given} {family}", ORGANISATIONS["6"], f"101 extension {rng.randint(2000, 7999)}"
        if source in ("2A",):
            town = rng.choice(names.TOWNS)[0]
            school = f"{town} {rng.choice(('Primary School', 'Academy', 'High School', 'Infant School'))}"
            return f"{given} {family} (designated safeguarding lead)", school, phone
        if source == "3A":
            return f"Dr {given} {family}", f"{rng.choice(names.TOWNS)[0]} Medical Centre", phone
        if source.startswith("1"):
            email = f"{given.lower()}.{family.lower()}@mail.example"
            return f"{given} {family}", "", rng.choice((phone, email))
        email = f"{given.lower()}.{family.lower()}@demo-county.example"
        return f"{given} {family}", ORGANISATIONS.get(source, ""), rng.choice((phone, email))

    # ---- screening decisions and sign-off -----------------------------------------------------------------

    def decide(self) -> None:
        rng, fd, on = self.rng, self.fd, self.on
        two_or_three_ago = (fd.back(on, 2), fd.back(on, 3))
        recent = [
            i
            for i, c in enumerate(self.plan.contacts)
            if not c.opens and _local(c.received).date() in two_or_three_ago
        ]
        overdue = set(rng.sample(recent, min(OVERDUE_UNDECIDED[self.plan.spec.name], len(recent))))
        last_days = {fd.back(on, 1), on}
        for i, contact in enumerate(self.plan.contacts):
            decision = contact.decision
            day = _local(contact.received).date()
            if i in overdue or (day == on and not contact.opens):
                contact.decision = None
                continue
            decided = self.decided_at(contact, urgent=bool(contact.opens))
            if decided is None:
                contact.decision = None
                continue
            by_manager = rng.random() < 0.2
            decider = (
                fd.manager(contact.team)
                if by_manager
                else rng.choice(fd.on_duty(contact.team, decided.date()))
            )
            decision.by, decision.at = decider.idx, decided
            others = [o for o in Outcome.values if o != decision.outcome]
            decision.options = sorted({decision.outcome, *rng.sample(others, rng.choice((1, 1, 2)))})
            sentences = [rng.choice(RATIONALES[decision.outcome])]
            if rng.random() < 0.6:
                sentences.insert(0, rng.choice(CHECKS))
            decision.rationale = " ".join(sentences)
            if decision.outcome in OPENS_REFERRAL:
                if contact.opens:
                    decision.referral_team = self.plan.referrals[contact.opens[0]].team
                else:
                    decision.referral_team = self.people[contact.children[0]].team
                    if decision.referral_team is None:
                        decision.referral_team = rng.choice(fd.teams_by_area[A.ASSESSMENT])
            for r in contact.opens:
                referral = self.plan.referrals[r]
                referral.at, referral.by = decided, decider.idx
                referral.issue = _short(contact.concerns, 300)
                referral.source, referral.priority = contact.source, contact.priority
            if by_manager or decider.kind == "tm":
                decision.signed_by, decision.signed_at = decider.idx, decided
                continue
            awaiting = rng.random() < (0.45 if decided.date() in last_days else 0.015)
            signed = self.signed_at(decided)
            if awaiting or signed is None:
                continue
            decision.signed_by, decision.signed_at = fd.manager(contact.team).idx, signed
            decision.comment = rng.choice(SIGN_OFF_COMMENTS)

    def decided_at(self, contact: ContactPlan, *, urgent: bool) -> datetime | None:
        """Within the working day after receipt mostly, a few late; None when that is still to come."""
        rng, fd = self.rng, self.fd
        received = _local(contact.received)
        day = received.date()
        if urgent:
            at = received + timedelta(minutes=rng.randint(20, 150))
            if contact.opens:
                allocated = [fd.first_allocated[r] for r in contact.opens if r in fd.first_allocated]
                if allocated and at >= min(allocated):
                    at = received + (min(allocated) - received) / 2
            if day == self.on:
                at = min(at, _aware(day, 9 * 60 + 30))
            return max(at, received + timedelta(minutes=1))
        late = rng.random() < 0.12
        in_hours = fd.working(day) and received.hour < 15
        if late:
            day = fd.forward(day, rng.randint(2, 4))
        elif in_hours and rng.random() < 0.55:
            at = received + timedelta(minutes=rng.randint(30, 150))
            return at if day < self.on else None
        else:
            day = fd.forward(day, 1)
        if day > self.on:
            return None
        if day == self.on:  # this morning, before the seed date's working day is under way
            return max(_aware(day, rng.randint(9 * 60, 9 * 60 + 30)), received + timedelta(minutes=5))
        return _aware(day, rng.randint(9 * 60, 17 * 60))

    def signed_at(self, decided: datetime) -> datetime | None:
        rng, fd = self.rng, self.fd
        local = _local(decided)
        at = local + timedelta(minutes=rng.randint(20, 240))
        if at.hour >= 18 or not fd.working(at.date()) or rng.random() < 0.3:
            day = fd.forward(local.date(), 1)
            at = _aware(day, rng.randint(9 * 60, 12 * 60))
        return at if at.date() < self.on else None


def plan_front_door(
    rng: random.Random, plan: CouncilPlan, people: PeoplePlanner, holidays: Container[date]
) -> None:
    FrontDoorPlanner(rng, plan, people, holidays).run()
