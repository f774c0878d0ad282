"""The shape of a synthetic council before it is written: plain records that refer to each other by index.

Planning is pure Python driven by one `random.Random`, so the same size, seed and date give the same plan;
`writer` then turns the plan into rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from carefile.workforce import models as workforce_models
from carefile.workforce.models import ServiceArea

# How much a child of each case status counts in a caseload (the council can change these; plans use the defaults).
CASE_WEIGHTS = {k: float(v) for k, v in getattr(workforce_models, "DEFAULT_CASE_WEIGHTS", {}).items()}


def case_weight(status: str) -> float:
    return CASE_WEIGHTS.get(status, 1.0)


@dataclass(frozen=True)
class SizeSpec:
    name: str
    years: int
    open_children: int  # under-18s (and unborn) with a responsible team and a social worker
    closed_children: int  # known in the history window, case now closed
    adult_care_leavers: int  # 18-20-year-olds with a personal adviser
    team_size: int  # case-holding workers per team, at most
    heads_of_service: int
    analysts: int
    administrators: int
    over_cap_workers: int
    turnover: float  # share of case-holding workers who leave each year


SIZES = {
    "demo": SizeSpec("demo", 3, 200, 100, 10, 99, 2, 2, 2, 2, 0.25),
    "medium": SizeSpec("medium", 4, 4_000, 12_000, 300, 8, 3, 3, 2, 8, 0.12),
    "large": SizeSpec("large", 5, 15_000, 55_000, 1_100, 8, 6, 6, 3, 30, 0.12),
}


@dataclass(frozen=True)
class AreaSpec:
    area: str
    share: float  # of open children
    caseload: tuple[int, int]  # weighted caseload of a full-time worker
    weight: float  # the usual case weight of a child held here
    team_name: str
    min_teams: int = 1


# Areas that hold children's cases, in the order a case usually travels through them.
CASE_AREAS = [
    AreaSpec(ServiceArea.FRONT_DOOR, 0.015, (4, 8), 1.0, "Front Door (MASH)"),
    AreaSpec(ServiceArea.EARLY_HELP, 0.08, (9, 13), 0.5, "Early Help Team"),
    AreaSpec(ServiceArea.ASSESSMENT, 0.19, (13, 19), 1.0, "Assessment Team"),
    AreaSpec(ServiceArea.CHILD_PROTECTION, 0.36, (15, 20), 1.15, "Child Protection and CIN", min_teams=2),
    AreaSpec(ServiceArea.CHILDREN_IN_CARE, 0.155, (15, 20), 1.25, "Children in Care Team"),
    AreaSpec(ServiceArea.CARE_LEAVERS, 0.03, (11, 16), 1.25, "Care Leavers Team"),
    AreaSpec(ServiceArea.DISABILITY, 0.08, (13, 18), 1.0, "Children with Disabilities Team"),
]
AREA_BY_KEY = {a.area: a for a in CASE_AREAS}


@dataclass(slots=True)
class TeamPlan:
    idx: int
    name: str
    area: str
    manager: int | None = None


@dataclass(slots=True)
class StaffPlan:
    idx: int
    given: str
    family: str
    role: str
    job_title: str
    team: int | None
    fte: Decimal
    contract: str
    start: date
    leave: date | None
    swe: str
    cap: int = 20
    target: float = 0  # weighted caseload to allocate as social worker on the seed date
    target_children: int = 0  # or exactly this many children, when set
    username: str = ""
    kind: str = "sw"  # sw, pa (personal adviser), iro, tm, office (no cases)

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    def covers(self, start: date, end: date | None) -> bool:
        """Employed for the whole of [start, end]."""
        if self.start > start:
            return False
        if self.leave is None:
            return True
        return end is not None and self.leave >= end


@dataclass(slots=True)
class PersonPlan:
    idx: int
    kind: str
    la_id: str | None
    given: str
    family: str
    known_as: str
    dob: date | None
    edd: date | None
    sex: str
    ethnicity: str
    upn: str = ""
    upn_unknown: str = ""
    nhs: str = ""
    team: int | None = None
    restricted: bool = False
    restricted_reason: str = ""
    disabilities: tuple[str, ...] = ()
    case_status: str = ""
    created: datetime | None = None
    by: int | None = None  # staff who recorded the record, for the chronology
    addresses: list[tuple[str, str, str, str, date, date | None]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass(slots=True)
class RelationshipPlan:
    person: int
    other: int
    kind: str
    pr: bool
    start: date | None


@dataclass(slots=True)
class AllocationPlan:
    child: int
    worker: int
    role: str
    start: datetime
    end: datetime | None
    reason: str
    end_reason: str
    by: int | None
    over_cap_reason: str = ""


@dataclass(slots=True)
class AccessPlan:
    person: int
    user_staff: int  # the staff member whose sign-in is on the list
    granted_at: datetime
    granted_by: int | None


@dataclass(slots=True)
class FamilyPlan:
    children: list[int]
    adults: list[int]


@dataclass(slots=True)
class ReferralPlan:
    """An episode of need: opened by a referral, closed (or not yet) with a DfE reason."""

    child: int
    date: date
    source: str
    team: int
    priority: str
    issue: str
    need: str
    by: int
    at: datetime  # when it was opened
    closure: date | None = None
    reason: str = ""
    nfa: bool = False
    re_referral: bool = False
    previous: date | None = None  # the date of the child's referral before this one
    contact: int | None = None  # index into plan.contacts


@dataclass(slots=True)
class DecisionPlan:
    outcome: str
    options: list[str]
    rationale: str
    by: int
    at: datetime
    referral_team: int | None = None
    signed_by: int | None = None
    signed_at: datetime | None = None
    comment: str = ""


@dataclass(slots=True)
class ContactPlan:
    children: list[int]
    received: datetime
    source: str
    referrer_name: str
    referrer_organisation: str
    referrer_contact: str
    concerns: str
    consent: str
    consent_notes: str
    partner_information: str
    priority: str
    team: int
    due: date
    recorded_by: int
    recorded_at: datetime
    decision: DecisionPlan | None = None
    opens: list[int] = field(default_factory=list)  # referrals it opened, as indices into plan.referrals


@dataclass
class CouncilPlan:
    spec: SizeSpec
    on: date
    teams: list[TeamPlan] = field(default_factory=list)
    staff: list[StaffPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    relationships: list[RelationshipPlan] = field(default_factory=list)
    allocations: list[AllocationPlan] = field(default_factory=list)
    access: list[AccessPlan] = field(default_factory=list)
    families: list[FamilyPlan] = field(default_factory=list)
    referrals: list[ReferralPlan] = field(default_factory=list)
    contacts: list[ContactPlan] = field(default_factory=list)

    @property
    def window_start(self) -> date:
        return self.on - timedelta(days=365 * self.spec.years)


def at_work(rng: random.Random, day: date) -> datetime:
    """A time in the working day on `day`, in the council's time zone."""
    moment = time(rng.randint(9, 16), rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))
    return timezone.make_aware(datetime.combine(day, moment))


def days(n: int) -> timedelta:
    return timedelta(days=n)


def weighted(rng: random.Random, table: dict):
    """One key of `table`, chosen with its value as the weight."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]
