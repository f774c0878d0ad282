"""Ofsted ILACS Annex A: the child-level lists inspectors ask for at the start of an inspection.

One sheet per list ("List 1" … "List 11"), headed exactly as the LIIA Annex A schema
(`carefile/returns/schemas/Annex_A_schema.yml`, from specs/schemas), one row per child-event. Windows count back
from the inspection date: 6 months for Lists 1–8, 12 months for Lists 10–11; Lists 6–8 also hold everyone
open on the date. Values follow the current template: lettered options embedding the statutory code
(`e) 2A: Schools`), yes/no as `a) Yes` / `b) No`, dates as real dates shown DD/MM/YYYY.

Lists whose records Carefile does not hold yet are written with their headings only and named in the result
(`AnnexAResult.headings_only`). The workbook is streamed (openpyxl write-only) and each list is read in
chunks, so memory does not grow with the council. Restricted children are included — the lists must be
complete — and every child written is access-logged as a bulk access (docs/adr/0011-returns.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from carefile.assessments.codes import Outcome as AssessmentOutcome
from carefile.assessments.models import Assessment
from carefile.care.codes import LegalStatus, Placement, ReasonCeased
from carefile.care.models import CareReview, Episode, MissingEpisode, PeriodOfCare
from carefile.common.audit import access_record
from carefile.frontdoor.codes import ClosureReason, PrimaryNeed, ReferralSource
from carefile.frontdoor.models import ContactChild, Referral
from carefile.people.models import Person, PersonDisability
from carefile.protection.codes import NO_CONFERENCE_OUTCOMES, ConferenceDecision, ConferenceKind
from carefile.protection.models import ChildProtectionPlan, Conference, Section47Enquiry
from carefile.recording.models import Visit
from carefile.workforce.models import Allocation, AllocationRole

CHUNK = 1000
DATE_FORMAT = "DD/MM/YYYY"

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ["Allocated Team", "Allocated Worker"]

# The exact headings of the LIIA Annex A schema (column_map.list_N), in order.
HEADINGS: dict[int, list[str]] = {
    1: COMMON + ["Date of Contact", "Contact Source"],
    2: COMMON + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    3: COMMON
    + [
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
    ]
    + ALLOCATED,
    4: COMMON
    + [
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
    ]
    + ALLOCATED,
    5: COMMON
    + [
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
    ]
    + ALLOCATED,
    6: COMMON
    + [
        DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
    ]
    + ALLOCATED,
    7: COMMON
    + [
        DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
    ]
    + ALLOCATED,
    8: COMMON
    + [
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        DISABILITY,
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    ]
    + ALLOCATED,
    9: COMMON
    + [
        "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        DISABILITY,
        "Allocated Team",
        "Allocated Worker",
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ],
    10: [
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        DISABILITY,
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ],
    11: [
        "Individual adopter identifier",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ],
}

TITLES = {
    1: "Contacts",
    2: "Early help",
    3: "Referrals",
    4: "Assessments",
    5: "Section 47 enquiries and ICPCs",
    6: "Children in need",
    7: "Child protection",
    8: "Children in care",
    9: "Care leavers",
    10: "Adoption",
    11: "Adopters",
}

# ---- coded values (specs/statutory-data.md §3.1) ---------------------------------------------------------

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
ETHNICITY = {
    code: f"{letter}) {code}"
    for letter, code in zip(
        "abcdefghijklmnopqrst",
        [
            "WBRI",
            "WIRI",
            "WIRT",
            "WOTH",
            "WROM",
            "MWBC",
            "MWBA",
            "MWAS",
            "MOTH",
            "AIND",
            "APKN",
            "ABAN",
            "AOTH",
            "BCRB",
            "BAFR",
            "BOTH",
            "CHNE",
            "OOTH",
            "REFU",
            "NOBT",
        ],
        strict=True,
    )
}
_SOURCE_LETTERS = [
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "p1",
    "q",
    "r",
    "s",
    "t",
    "u",
]
_SOURCE_CODES = [
    "1A",
    "1B",
    "1C",
    "1D",
    "2A",
    "2B",
    "3A",
    "3B",
    "3C",
    "3D",
    "3E",
    "3F",
    "4",
    "5A",
    "5B",
    "5C",
    "5D",
    "6",
    "7",
    "8",
    "9",
    "10",
]
SOURCE = {
    code: f"{letter}) {code}: {ReferralSource(code).label}"
    for letter, code in zip(_SOURCE_LETTERS, _SOURCE_CODES, strict=True)
}
NEED = {
    code: f"{letter}) {code}: {PrimaryNeed(code).label.split(' – ', 1)[1]}"
    for letter, code in zip(
        "abcdefghij", ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"], strict=True
    )
}
CLOSURE = {
    code: f"{letter}) {code}: {ClosureReason(code).label.split(' – ', 1)[1]}"
    for letter, code in zip("abcdefghi", [f"RC{n}" for n in range(1, 10)], strict=True)
}
CATEGORY = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
}
CATEGORY["MUL"] = "e) Multiple/not recommended"
_REC = [
    "E11",
    "E12",
    "E2",
    "E3",
    "E4A",
    "E4B",
    "E13",
    "E41",
    "E45",
    "E46",
    "E47",
    "E48",
    "E5",
    "E6",
    "E7",
    "E9",
    "E14",
    "E15",
    "E16",
    "E8",
]
REASON_CEASED = {
    code: f"{letter}) {code}: {ReasonCeased(code).label.split(' – ', 1)[1]}"
    for letter, code in zip("abcdefghijklmnopqrst", _REC, strict=True)
}
REASON_CEASED["E17"] = f"v) E17: {ReasonCeased('E17').label.split(' – ', 1)[1]}"
_PLACE = [
    "U1",
    "U2",
    "U3",
    "U4",
    "U5",
    "U6",
    "A3",
    "A4",
    "A5",
    "A6",
    "P1",
    "P2",
    "P3",
    "H5",
    "K1",
    "K2",
    "R1",
    "R2",
    "R3",
    "R5",
    "S1",
    "Z1",
    "T0",
    "T1",
    "T2",
    "T3",
]
PLACEMENT = {
    code: f"{letter}) {code}: {Placement(code).label.split(' – ', 1)[1]}"
    for letter, code in zip("abcdefghijklmnopqrstuvwxyz", _PLACE, strict=True)
}
PLACEMENT["T4"] = f"zz) T4: {Placement('T4').label.split(' – ', 1)[1]}"
PROVIDER = {f"PR{n}": f"{letter}) PR{n}" for n, letter in enumerate("abcdef")}
CARE_STATUS = {
    "looked_after": "a) Looked after child",
    "child_protection": "b) Child Protection plan",
    "child_in_need": "c) Child in need plan",
    "assessment": "d) Open assessment",
    "closed": "e) Closed episode",
}
NEEDS_SUPPORT = {AssessmentOutcome.CIN_PLAN, AssessmentOutcome.STRATEGY, AssessmentOutcome.LOOKED_AFTER}
PROTECTION_POWERS = {"L1", "L2"}


def _coded(mapping: dict[str, str], code: str, label: str = "") -> str:
    """The template's value for a code; an unlettered `code: label` for codes the template has no letter for."""
    if not code:
        return ""
    return mapping.get(code) or (f"{code}: {label}" if label else code)


def _legal_status(code: str) -> str:
    return f"{code}: {LegalStatus(code).label.split(' – ', 1)[1]}" if code in LegalStatus.values else code


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


# ---- the run ---------------------------------------------------------------------------------------------


@dataclass
class AnnexAResult:
    on: date
    rows: dict[int, int] = field(default_factory=dict)
    headings_only: list[int] = field(default_factory=list)
    children: set[int] = field(default_factory=set)


@dataclass
class Window:
    on: date
    start: date  # 6 months back
    year_start: date  # 12 months back
    end_at: datetime  # the end of the inspection date, aware

    @classmethod
    def for_date(cls, on: date) -> Window:
        end_at = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
        return cls(
            on=on, start=on - relativedelta(months=6), year_start=on - relativedelta(months=12), end_at=end_at
        )

    def at(self, d: date) -> datetime:
        return timezone.make_aware(datetime.combine(d, time.min))


def _chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Children:
    """The common columns and allocations of a chunk of children, read in a few queries."""

    def __init__(self, ids: set[int], w: Window):
        self.people = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("responsible_team")}
        codes = defaultdict(set)
        for person_id, code in PersonDisability.objects.filter(person_id__in=ids).values_list(
            "person_id", "code"
        ):
            codes[person_id].add(code)
        self.disability = {
            pk: (UNKNOWN if not codes[pk] else (NO if codes[pk] == {"NONE"} else YES)) for pk in self.people
        }
        self.workers: dict[tuple[int, str], Allocation] = {}
        allocations = (
            Allocation.objects.filter(child_id__in=ids, start__lt=w.end_at)
            .filter(Q(end__isnull=True) | Q(end__gte=w.end_at))
            .select_related("worker__team")
            .order_by("start")
        )
        for allocation in allocations:
            self.workers[(allocation.child_id, allocation.role)] = allocation
        self.w = w

    def common(self, pk: int) -> list:
        p = self.people[pk]
        return [
            p.la_child_id or str(p.pk),
            GENDER.get(p.sex, ""),
            ETHNICITY.get(p.ethnicity, "u) UNKNOWN"),
            p.date_of_birth or p.expected_date_of_birth,
            p.age_on(self.w.on) if p.date_of_birth else None,
        ]

    def allocated(self, pk: int, role: str = AllocationRole.SOCIAL_WORKER) -> list:
        allocation = self.workers.get((pk, role))
        person = self.people[pk]
        if allocation is None:
            team = person.responsible_team.name if person.responsible_team_id else ""
            return [team, ""]
        worker = allocation.worker
        team = (
            worker.team.name
            if worker.team_id
            else (person.responsible_team.name if person.responsible_team_id else "")
        )
        return [team, worker.name]


def _count_by_child(queryset, field_name: str = "child_id") -> Counter:
    return Counter(queryset.values_list(field_name, flat=True))


# ---- the lists -------------------------------------------------------------------------------------------


def list_1(w: Window) -> Iterator[tuple[int, list]]:
    links = (
        ContactChild.objects.filter(
            contact__received_at__gte=w.at(w.start), contact__received_at__lt=w.end_at
        )
        .order_by("contact__received_at", "id")
        .values_list("child_id", "contact__received_at", "contact__source")
    )
    for chunk in _chunks(links.iterator(chunk_size=CHUNK)):
        kids = _Children({c for c, _, _ in chunk}, w)
        for child_id, received_at, source in chunk:
            yield (
                child_id,
                kids.common(child_id) + [timezone.localtime(received_at).date(), _coded(SOURCE, source)],
            )


def list_3(w: Window) -> Iterator[tuple[int, list]]:
    referrals = Referral.objects.filter(referral_date__gte=w.start, referral_date__lte=w.on).order_by(
        "referral_date", "id"
    )
    for chunk in _chunks(referrals.iterator(chunk_size=CHUNK)):
        ids = {r.child_id for r in chunk}
        kids = _Children(ids, w)
        in_year = _count_by_child(
            Referral.objects.filter(child_id__in=ids, referral_date__gt=w.year_start, referral_date__lte=w.on)
        )
        for r in chunk:
            yield (
                r.child_id,
                kids.common(r.child_id)
                + [
                    r.referral_date,
                    _coded(SOURCE, r.source),
                    _yes_no(r.referral_nfa),
                    in_year[r.child_id],
                ]
                + kids.allocated(r.child_id),
            )


def _seen_between(ids: set[int], w: Window) -> dict[int, list[tuple[date, bool]]]:
    """Each child's visits up to the date at which they were seen: (day, seen alone), newest first."""
    seen = defaultdict(list)
    visits = (
        Visit.objects.filter(child_id__in=ids, child_seen=True, visited_at__lt=w.end_at)
        .order_by("-visited_at")
        .values_list("child_id", "visited_at", "seen_alone")
    )
    for child_id, at, alone in visits:
        seen[child_id].append((timezone.localtime(at).date(), alone))
    return seen


def list_4(w: Window) -> Iterator[tuple[int, list]]:
    assessments = (
        Assessment.objects.filter(start_date__lte=w.on)
        .filter(Q(start_date__gte=w.start) | Q(authorised_on__isnull=True) | Q(authorised_on__gte=w.start))
        .order_by("start_date", "id")
    )
    for chunk in _chunks(assessments.iterator(chunk_size=CHUNK)):
        ids = {a.child_id for a in chunk}
        kids = _Children(ids, w)
        seen = _seen_between(ids, w)
        for a in chunk:
            authorised = a.authorised_on if a.authorised_on and a.authorised_on <= w.on else None
            until = authorised or w.on
            was_seen = any(a.start_date <= d <= until for d, _ in seen[a.child_id])
            needs = None if authorised is None else a.outcome in NEEDS_SUPPORT
            yield (
                a.child_id,
                kids.common(a.child_id)
                + [
                    kids.disability[a.child_id],
                    a.start_date,
                    YES if was_seen else NO,
                    authorised,
                    _yes_no(needs),
                ]
                + kids.allocated(a.child_id),
            )


def list_5(w: Window) -> Iterator[tuple[int, list]]:
    enquiries = (
        Section47Enquiry.objects.filter(start_date__lte=w.on)
        .filter(Q(start_date__gte=w.start) | Q(closed_on__isnull=True) | Q(closed_on__gt=w.on))
        .order_by("start_date", "id")
    )
    for chunk in _chunks(enquiries.iterator(chunk_size=CHUNK)):
        ids = {e.child_id for e in chunk}
        kids = _Children(ids, w)
        icpcs = {
            c.enquiry_id: c
            for c in Conference.objects.filter(
                enquiry_id__in=[e.pk for e in chunk], kind=ConferenceKind.INITIAL, held_on__lte=w.on
            )
        }
        s47_year = _count_by_child(
            Section47Enquiry.objects.filter(
                child_id__in=ids, start_date__gt=w.year_start, start_date__lte=w.on
            )
        )
        icpc_year = _count_by_child(
            Conference.objects.filter(
                child_id__in=ids, kind=ConferenceKind.INITIAL, held_on__gt=w.year_start, held_on__lte=w.on
            )
        )
        for e in chunk:
            decided = e.outcome if e.closed_on and e.closed_on <= w.on else ""
            unnecessary = None if not decided else decided in NO_CONFERENCE_OUTCOMES
            icpc = icpcs.get(e.pk)
            plan = None
            if icpc is not None and icpc.decision:
                plan = icpc.decision == ConferenceDecision.PLAN
            yield (
                e.child_id,
                kids.common(e.child_id)
                + [
                    kids.disability[e.child_id],
                    e.start_date,
                    _yes_no(unnecessary),
                    icpc.held_on if icpc else None,
                    _yes_no(plan),
                    s47_year[e.child_id],
                    icpc_year[e.child_id],
                ]
                + kids.allocated(e.child_id),
            )


def _open_on(model, ids: set[int], on: date, start: str = "start", end: str = "end") -> set[int]:
    flt = Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))
    return set(model.objects.filter(flt, child_id__in=ids).values_list("child_id", flat=True))


def list_6(w: Window) -> Iterator[tuple[int, list]]:
    episodes = (
        Referral.objects.filter(referral_date__lte=w.on, referral_nfa=False)
        .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=w.start))
        .order_by("referral_date", "id")
    )
    for chunk in _chunks(episodes.iterator(chunk_size=CHUNK)):
        ids = {r.child_id for r in chunk}
        kids = _Children(ids, w)
        seen = _seen_between(ids, w)
        in_care = _open_on(PeriodOfCare, ids, w.on)
        on_plan = _open_on(ChildProtectionPlan, ids, w.on)
        assessed = set(
            Assessment.objects.filter(
                referral_id__in=[r.pk for r in chunk], authorised_on__lte=w.on
            ).values_list("referral_id", flat=True)
        )
        for r in chunk:
            closed = r.closure_date if r.closure_date and r.closure_date <= w.on else None
            if closed:
                status = "closed"
            elif r.child_id in in_care:
                status = "looked_after"
            elif r.child_id in on_plan:
                status = "child_protection"
            elif r.pk in assessed:
                status = "child_in_need"
            else:
                status = "assessment"
            last_seen = next((d for d, _ in seen[r.child_id]), None)
            yield (
                r.child_id,
                kids.common(r.child_id)
                + [
                    kids.disability[r.child_id],
                    r.referral_date,
                    _coded(NEED, r.primary_need),
                    last_seen,
                    closed,
                    _coded(CLOSURE, r.closure_reason) if closed else "",
                    CARE_STATUS[status],
                ]
                + kids.allocated(r.child_id),
            )


def list_7(w: Window) -> Iterator[tuple[int, list]]:
    plans = (
        ChildProtectionPlan.objects.filter(start__lte=w.on)
        .filter(Q(end__isnull=True) | Q(end__gte=w.start))
        .order_by("start", "id")
    )
    for chunk in _chunks(plans.iterator(chunk_size=CHUNK)):
        ids = {p.child_id for p in chunk}
        kids = _Children(ids, w)
        seen = _seen_between(ids, w)
        reviews = defaultdict(list)
        for plan_id, held in Conference.objects.filter(
            cp_plan_id__in=[p.pk for p in chunk], kind=ConferenceKind.REVIEW, held_on__lte=w.on
        ).values_list("cp_plan_id", "held_on"):
            reviews[plan_id].append(held)
        powers = set(
            Episode.objects.filter(
                child_id__in=ids, legal_status__in=PROTECTION_POWERS, start__gt=w.start, start__lte=w.on
            ).values_list("child_id", flat=True)
        )
        starts = defaultdict(list)
        for child_id, start in ChildProtectionPlan.objects.filter(child_id__in=ids).values_list(
            "child_id", "start"
        ):
            starts[child_id].append(start)
        for p in chunk:
            ended = p.end if p.end and p.end <= w.on else None
            visit = next(((d, alone) for d, alone in seen[p.child_id] if d >= p.start), None)
            previous = sum(1 for s in starts[p.child_id] if s < p.start) + p.previous_plans_elsewhere
            yield (
                p.child_id,
                kids.common(p.child_id)
                + [
                    kids.disability[p.child_id],
                    p.start,
                    _coded(CATEGORY, p.initial_category),
                    _coded(CATEGORY, p.latest_category),
                    visit[0] if visit else None,
                    _yes_no(visit[1]) if visit else "",
                    max(reviews[p.pk]) if reviews[p.pk] else None,
                    ended,
                    _yes_no(p.child_id in powers),
                    previous,
                ]
                + kids.allocated(p.child_id),
            )


def list_8(w: Window) -> Iterator[tuple[int, list]]:
    periods = (
        PeriodOfCare.objects.filter(start__lte=w.on, short_breaks=False)
        .filter(Q(end__isnull=True) | Q(end__gte=w.start))
        .order_by("start", "id")
    )
    for chunk in _chunks(periods.iterator(chunk_size=CHUNK)):
        ids = {p.child_id for p in chunk}
        kids = _Children(ids, w)
        seen = _seen_between(ids, w)
        episodes = defaultdict(list)
        for e in Episode.objects.filter(child_id__in=ids, start__lte=w.on).order_by("start", "id"):
            episodes[e.period_id].append(e)
        ends = defaultdict(list)
        for child_id, end in PeriodOfCare.objects.filter(child_id__in=ids, end__isnull=False).values_list(
            "child_id", "end"
        ):
            ends[child_id].append(end)
        latest_review = {}
        for child_id, held in CareReview.objects.filter(child_id__in=ids, held_on__lte=w.on).values_list(
            "child_id", "held_on"
        ):
            latest_review[child_id] = max(held, latest_review.get(child_id, held))
        missing = defaultdict(list)
        for m in MissingEpisode.objects.filter(
            child_id__in=ids,
            period__isnull=False,
            started_at__gte=w.at(w.year_start),
            started_at__lt=w.end_at,
        ).order_by("started_at"):
            missing[m.child_id].append(m)
        extras = _care_extras(ids, w)
        placements_year = defaultdict(int)
        for child_episodes in episodes.values():
            for e in child_episodes:
                if e.new_episode_reason != "L" and e.start > w.year_start:
                    placements_year[e.child_id] += 1
        for p in chunk:
            chain = episodes[p.pk]
            current = chain[-1] if chain else None
            ceased = p.end if p.end and p.end <= w.on else None
            legal_start = None
            if current is not None:
                legal_start = current.start
                for e in reversed(chain):
                    if e.legal_status != current.legal_status:
                        break
                    legal_start = e.start
            second = any(p.start - relativedelta(months=12) <= end <= p.start for end in ends[p.child_id])
            child_missing = [m for m in missing[p.child_id] if m.kind == "M"]
            last_missing = child_missing[-1] if child_missing else None
            last_seen = next((d for d, _ in seen[p.child_id]), None)
            yield (
                p.child_id,
                kids.common(p.child_id)
                + [
                    extras.uasc(p.child_id),
                    kids.disability[p.child_id],
                    p.start,
                    _coded(NEED, p.cin_need),
                    _yes_no(second),
                    legal_start,
                    _legal_status(current.legal_status) if current else "",
                    latest_review.get(p.child_id),
                    last_seen,
                    extras.permanence.get(p.pk, ""),
                    latest_review.get(p.child_id),  # the reviewing officer meets the child at the review
                    extras.health.get(p.child_id),
                    extras.dental.get(p.child_id),
                    placements_year[p.child_id],
                    ceased,
                    _coded(REASON_CEASED, current.reason_ceased) if ceased and current else "",
                    current.placement_start if current else None,
                    _coded(PLACEMENT, current.place, current.get_place_display().split(" – ", 1)[-1])
                    if current
                    else "",
                    _coded(PROVIDER, current.provider) if current else "",
                    current.postcode if current else "",
                    current.urn if current else "",
                    ("b) Out" if current.outside_england else "") if current else "",
                    "",  # LA of placement: not held yet
                    len(child_missing),
                    sum(1 for m in missing[p.child_id] if m.kind == "A"),
                    _yes_no(last_missing.offered_at is not None) if last_missing else "",
                    _yes_no(last_missing.response == "accepted")
                    if last_missing and last_missing.offered_at
                    else "",
                ]
                + kids.allocated(p.child_id),
            )


# ---- records of the care app that came later: optional, so the lists degrade to blank without them ----------

PERMANENCE = {
    "return_home": "a) Return to family",
    "adoption": "b) Adoption",
    "family": "c) SGO/CAO",
    "independence": "d) Supported living in the community",
    "residential": "e) Long-term residential placement",
    "long_term_foster": "f) Long-term fostering",
}
ELIGIBILITY = {
    "relevant": "a) Relevant child",
    "former_relevant": "b) Former relevant child",
    "qualifying": "c) Qualifying care leaver",
    "eligible": "d) Eligible child",
}
IN_TOUCH = {
    "YES": "a) Yes",
    "NO": "b) No",
    "DIED": "c) Died",
    "REFU": "d) REFU",
    "NREQ": "e) NREQ",
    "RHOM": "f) RHOM",
}
REVERSAL = {"RD1": "a) RD1", "RD2": "b) RD2", "RD3": "c) RD3", "RD4": "d) RD4"}
ADOPTION_PLACEMENTS = {"A3", "A4", "A5", "A6"}
ADOPTED = {"E11", "E12"}
CARE_MODELS = (
    "UascStatus",
    "PermanencePlan",
    "HealthCheck",
    "CareLeaver",
    "PathwayPlan",
    "LeaverContact",
    "AdoptionDecision",
    "AdoptionMatch",
)


def _care_models():
    from carefile.care import models as care_models

    return care_models if all(hasattr(care_models, name) for name in CARE_MODELS) else None


class _CareExtras:
    def __init__(self):
        self.uasc_children: set[int] = set()
        self.permanence: dict[int, str] = {}
        self.health: dict[int, date] = {}
        self.dental: dict[int, date] = {}
        self.held = False

    def uasc(self, child_id: int) -> str:
        if not self.held:
            return ""
        return YES if child_id in self.uasc_children else NO


def _care_extras(ids: set[int], w: Window) -> _CareExtras:
    extras = _CareExtras()
    m = _care_models()
    if m is None:
        return extras
    extras.held = True
    extras.uasc_children = set(
        m.UascStatus.objects.filter(child_id__in=ids, since__lte=w.on)
        .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gt=w.year_start))
        .values_list("child_id", flat=True)
    )
    for period_id, kind in (
        m.PermanencePlan.objects.filter(child_id__in=ids, agreed_on__lte=w.on)
        .order_by("agreed_on", "id")
        .values_list("period_id", "kind")
    ):
        extras.permanence[period_id] = PERMANENCE.get(kind, "g) Other")
    for child_id, kind, held in m.HealthCheck.objects.filter(
        child_id__in=ids,
        held_on__lte=w.on,
        kind__in=["initial_assessment", "review_assessment", "dental_check"],
    ).values_list("child_id", "kind", "held_on"):
        target = extras.dental if kind == "dental_check" else extras.health
        target[child_id] = max(held, target.get(child_id, held))
    return extras


def list_9(w: Window) -> Iterator[tuple[int, list]]:
    m = _care_models()
    leavers = m.CareLeaver.objects.select_related("personal_adviser").order_by("child_id")
    for chunk in _chunks(leavers.iterator(chunk_size=CHUNK)):
        ids = {c.child_id for c in chunk}
        kids = _Children(ids, w)
        uasc = set(
            m.UascStatus.objects.filter(child_id__in=ids, since__lte=w.on).values_list("child_id", flat=True)
        )
        pathway = {}
        for child_id, agreed in m.PathwayPlan.objects.filter(
            child_id__in=ids, agreed_on__lte=w.on
        ).values_list("child_id", "agreed_on"):
            pathway[child_id] = max(agreed, pathway.get(child_id, agreed))
        contacts = {
            c.child_id: c
            for c in m.LeaverContact.objects.filter(child_id__in=ids, contact_on__lte=w.on).order_by(
                "contact_on", "id"
            )
        }
        for leaver in chunk:
            contact = contacts.get(leaver.child_id)
            accommodation = contact.accommodation if contact else ""
            suitable = ""
            if len(accommodation) == 2 and accommodation[1] in "12":
                suitable = "a) Suitable" if accommodation[1] == "1" else "b) Unsuitable"
            adviser = leaver.personal_adviser.name if leaver.personal_adviser_id else ""
            yield (
                leaver.child_id,
                kids.common(leaver.child_id)
                + [
                    YES if leaver.child_id in uasc else NO,
                    kids.disability[leaver.child_id],
                    *kids.allocated(leaver.child_id),
                    adviser,
                    ELIGIBILITY.get(leaver.eligibility, ""),
                    pathway.get(leaver.child_id),
                    IN_TOUCH.get(contact.in_touch, "") if contact else "",
                    contact.contact_on if contact else None,
                    accommodation if accommodation not in ("", "0") else "",
                    suitable,
                    contact.activity if contact and contact.activity != "0" else "",
                ],
            )


def list_10(w: Window) -> Iterator[tuple[int, list]]:
    m = _care_models()
    decisions = (
        m.AdoptionDecision.objects.filter(decided_on__lte=w.on)
        .select_related("period")
        .order_by("decided_on", "id")
    )
    for chunk in _chunks(decisions.iterator(chunk_size=CHUNK)):
        ids = {d.child_id for d in chunk}
        kids = _Children(ids, w)
        matches = {}
        for decision_id, matched in m.AdoptionMatch.objects.filter(
            decision_id__in=[d.pk for d in chunk], matched_on__lte=w.on
        ).values_list("decision_id", "matched_on"):
            matches[decision_id] = max(matched, matches.get(decision_id, matched))
        by_period = defaultdict(list)
        for e in Episode.objects.filter(period_id__in={d.period_id for d in chunk}, start__lte=w.on).order_by(
            "start"
        ):
            by_period[e.period_id].append(e)
        for d in chunk:
            chain = by_period[d.period_id]
            order = next((e.start for e in chain if e.legal_status == "E1"), None)
            placed = next((e.start for e in chain if e.place in ADOPTION_PLACEMENTS), None)
            adopted = next(
                (e.end for e in chain if e.reason_ceased in ADOPTED and e.end and e.end <= w.on), None
            )
            reversed_on = d.reversed_on if d.reversed_on and d.reversed_on <= w.on else None
            # In the list: adopted or reversed within the 12 months, or decided and not yet done either.
            still_open = reversed_on is None and adopted is None
            recent = any(x is not None and x > w.year_start for x in (adopted, reversed_on))
            if not (still_open or recent):
                continue
            common = kids.common(d.child_id)
            yield (
                d.child_id,
                [common[0], ""]
                + common[1:]
                + [
                    kids.disability[d.child_id],
                    d.period.start,
                    d.decided_on,
                    order,
                    matches.get(d.pk),
                    placed,
                    adopted,
                    reversed_on,
                    REVERSAL.get(d.reversal_reason, "") if reversed_on else "",
                    None,  # fostering for adoption / concurrent planning: not recorded
                ],
            )


# Lists whose records Carefile holds; the others are written with their headings only.
BUILDERS: dict[int, Callable[[Window], Iterator[tuple[int, list]]]] = {
    1: list_1,
    3: list_3,
    4: list_4,
    5: list_5,
    6: list_6,
    7: list_7,
    8: list_8,
}
if _care_models() is not None:
    BUILDERS[9] = list_9
    BUILDERS[10] = list_10
    BUILDERS = dict(sorted(BUILDERS.items()))
HEADINGS_ONLY = [n for n in HEADINGS if n not in BUILDERS]


def sheet_name(number: int) -> str:
    return f"List {number}"


def write_annex_a(
    on: date, out: Path | str, *, progress: Callable[[str], None] | None = None
) -> AnnexAResult:
    """Write the Annex A workbook for an inspection on `on`. Returns rows per list and the children in it."""
    say = progress or (lambda message: None)
    w = Window.for_date(on)
    result = AnnexAResult(on=on, headings_only=list(HEADINGS_ONLY))
    workbook = Workbook(write_only=True)
    for number, headings in HEADINGS.items():
        sheet = workbook.create_sheet(sheet_name(number))
        sheet.append(headings)
        count = 0
        builder = BUILDERS.get(number)
        if builder is not None:
            for child_id, row in builder(w):
                sheet.append([_cell(sheet, value) for value in row])
                result.children.add(child_id)
                count += 1
        result.rows[number] = count
        say(
            f"List {number} ({TITLES[number]}): {count} rows"
            + ("" if builder else " – headings only, not held")
        )
    workbook.save(str(out))
    return result


def _cell(sheet, value):
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return "" if value is None else value


def log_bulk_access(result: AnnexAResult, *, user, at: datetime | None = None) -> int:
    """Access-log every child in the export: the lists name children, restricted ones included."""
    from carefile.common import clock

    at = at or clock.now()
    reason = f"Ofsted Annex A export for {result.on:%d/%m/%Y} (bulk access)"
    logged = 0
    for chunk in _chunks(sorted(result.children)):
        for person in Person.objects.filter(pk__in=chunk):
            access_record(
                user=user,
                person=person,
                at=at,
                view_name="returns:export_annex_a",
                path="manage.py export_annex_a",
                reason=reason,
            )
            logged += 1
    return logged
