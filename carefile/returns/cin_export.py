"""The CIN census (specs/statutory-data.md §1) for one collection year, written as a stream of XML.

`write_cin_census(year, out)` writes the return for the year ending 31 March `year` (2025 = 2024-25) in the
2024-25 format and later (`Sex`, not `GenderCurrent`): one un-namespaced `<Message>` (the validators' reader
fails on a default namespace), valid against the CIN XSD of that year (`specs/schemas/CIN_schema_YYYY.xsd`;
2025-26 changes only the label of N1, so 2025 and 2026 share the layout; the 2026-27 pre-proceedings block is
not in any published schema yet and is not written).

Who is in it: every child with an episode of need (a referral) open at any time in the year — referred on or
before 31 March and not closed before 1 April — including referrals that ended with no further action.
Everything is as it stood on the ReferenceDate: a closure, authorisation or plan end after 31 March is not in
the return, and the episode, assessment or plan is sent as open.

Streaming: children are read in chunks of `CHUNK` (`.iterator(chunk_size=...)`), each chunk's episodes,
disabilities, assessments, plans and child protection modules in a fixed number of queries, and each
`<Child>` is written and dropped before the next: memory does not grow with the council.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from lxml import etree

from .progress import Progress, ensure

CHUNK = 500
SOFTWARE_CODE = "Carefile"
RELEASE = "1"
UPN_PATTERN = re.compile(r"[A-Za-z]\d{11}[\dA-Za-z]")
LA_CHILD_ID = re.compile(r"[A-Za-z0-9]{1,20}")


def census_period(year: int) -> tuple[date, date]:
    """1 April (year - 1) to 31 March year: the collection year named by the year it ends."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def check_year(year: int) -> None:
    if not isinstance(year, int) or year < 2025:
        raise ValueError(
            f"The CIN census export writes the 2024-25 format and later: give a collection year of 2025 or "
            f"later (the year the collection ends on 31 March), not {year!r}"
        )


def _by(day: date | None, reference: date) -> date | None:
    return day if day is not None and day <= reference else None


def _iso(day: date) -> str:
    return day.isoformat()


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def episodes_in_year(year: int):
    """Referrals (episodes of need) open at any time in the collection year."""
    from carefile.frontdoor.models import Referral

    first, reference = census_period(year)
    return Referral.objects.filter(referral_date__lte=reference).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=first)
    )


def children_in_year(year: int):
    from carefile.people.models import Person

    in_year = episodes_in_year(year).filter(child_id=OuterRef("pk"))
    return Person.objects.filter(Exists(in_year)).order_by("pk")


# Building the modules of one chunk of children ------------------------------------------------------------


def _chunk_facts(children: list, *, year: int) -> dict:
    """Everything the chunk's `<Child>` elements need, in a fixed number of queries."""
    from carefile.assessments.selectors import census_assessments
    from carefile.people.models import PersonDisability
    from carefile.plans.models import Plan, PlanKind, PlanStatus
    from carefile.protection.cin_census import episode_protection

    first, reference = census_period(year)
    child_ids = [c.pk for c in children]
    episodes: dict[int, list] = defaultdict(list)
    for referral in (
        episodes_in_year(year)
        .filter(child_id__in=child_ids)
        .only(
            "pk",
            "child_id",
            "referral_date",
            "source",
            "primary_need",
            "referral_nfa",
            "closure_date",
            "closure_reason",
        )
        .order_by("referral_date", "pk")
    ):
        episodes[referral.child_id].append(referral)
    episode_ids = [e.pk for eps in episodes.values() for e in eps]
    disabilities: dict[int, list[str]] = defaultdict(list)
    for person_id, code in (
        PersonDisability.objects.filter(person_id__in=child_ids)
        .order_by("person_id", "code")
        .values_list("person_id", "code")
    ):
        disabilities[person_id].append(code)
    cin_plans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for episode_id, start, end in (
        Plan.objects.filter(kind=PlanKind.CHILD_IN_NEED, episode_id__in=episode_ids, start__lte=reference)
        .exclude(status=PlanStatus.DRAFT)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .order_by("start", "pk")
        .values_list("episode_id", "start", "end")
    ):
        cin_plans[episode_id].append((start, _by(end, reference)))
    return {
        "episodes": episodes,
        "disabilities": disabilities,
        "assessments": census_assessments(referral_ids=episode_ids),
        "cin_plans": cin_plans,
        "protection": episode_protection(episode_ids, year=year),
    }


def assessment_blocks(assessments: Iterable, *, year: int) -> list[dict]:
    """The episode's `<Assessments>` in the year: started by 31 March and not authorised before 1 April.
    One authorised after 31 March is sent as open (no authorisation date, no factors)."""
    first, reference = census_period(year)
    blocks = []
    for a in sorted(assessments, key=lambda a: a.start_date):
        if a.start_date > reference:
            continue
        authorised = _by(a.authorisation_date, reference)
        if a.authorisation_date is not None and a.authorisation_date < first:
            continue
        review = a.internal_review_date
        blocks.append(
            {
                "AssessmentActualStartDate": a.start_date,
                "AssessmentInternalReviewDate": review
                if review is not None and a.start_date <= review <= reference
                else None,
                "AssessmentAuthorisationDate": authorised,
                "AssessmentFactors": list(a.factors) if authorised is not None else [],
            }
        )
    return blocks


def primary_need(referral, assessments: list[dict], raw_assessments: Iterable) -> str | None:
    """The need recorded on the episode (set at assessment or when services started)."""
    if referral.primary_need:
        return referral.primary_need
    if referral.referral_nfa:
        return None
    return "N0"


# Writing ---------------------------------------------------------------------------------------------------


def _el(parent, tag: str, value) -> None:
    if value is None or value == "":
        return
    sub = etree.SubElement(parent, tag)
    if isinstance(value, bool):
        sub.text = "1" if value else "0"
    elif isinstance(value, date):
        sub.text = _iso(value)
    else:
        sub.text = str(value)


def child_element(child, facts: dict, *, year: int, counts: dict) -> etree._Element:
    first, reference = census_period(year)
    el = etree.Element("Child")
    ids = etree.SubElement(el, "ChildIdentifiers")
    la_child_id = (
        child.la_child_id if child.la_child_id and LA_CHILD_ID.fullmatch(child.la_child_id) else None
    )
    _el(ids, "LAchildID", la_child_id or str(child.pk))
    upn = child.upn if child.upn and UPN_PATTERN.fullmatch(child.upn) else ""
    _el(ids, "UPN", upn.upper())
    former = child.former_upn if child.former_upn and UPN_PATTERN.fullmatch(child.former_upn) else ""
    _el(ids, "FormerUPN", former.upper())
    if not upn:
        _el(ids, "UPNunknown", child.upn_unknown)
    unborn = child.date_of_birth is None and child.expected_date_of_birth is not None
    _el(ids, "PersonBirthDate", child.date_of_birth)
    _el(ids, "ExpectedPersonBirthDate", child.expected_date_of_birth if unborn else None)
    _el(ids, "Sex", "U" if unborn else (child.sex or "U"))
    _el(ids, "PersonDeathDate", _by(child.death_date, reference))

    chars = etree.SubElement(el, "ChildCharacteristics")
    _el(chars, "Ethnicity", child.ethnicity or "NOBT")
    if not unborn:
        codes = facts["disabilities"].get(child.pk) or ["NONE"]
        if len(codes) > 1 and "NONE" in codes:
            codes = [c for c in codes if c != "NONE"]
        block = etree.SubElement(chars, "Disabilities")
        for code in codes:
            _el(block, "Disability", code)

    for referral in facts["episodes"][child.pk]:
        counts["episodes"] += 1
        raw = facts["assessments"].get(referral.pk, [])
        assessments = assessment_blocks(raw, year=year)
        protection = facts["protection"].get(referral.pk) or {
            "DateOfInitialCPC": None,
            "Section47": [],
            "ChildProtectionPlans": [],
        }
        closed = _by(referral.closure_date, reference)
        details = etree.SubElement(el, "CINdetails")
        _el(details, "CINreferralDate", referral.referral_date)
        _el(details, "ReferralSource", referral.source)
        _el(details, "PrimaryNeedCode", primary_need(referral, assessments, raw))
        _el(details, "CINclosureDate", closed)
        _el(details, "ReasonForClosure", referral.closure_reason if closed else None)
        _el(details, "DateOfInitialCPC", protection["DateOfInitialCPC"])
        for block in assessments:
            counts["assessments"] += 1
            a = etree.SubElement(details, "Assessments")
            for tag in (
                "AssessmentActualStartDate",
                "AssessmentInternalReviewDate",
                "AssessmentAuthorisationDate",
            ):
                _el(a, tag, block[tag])
            if block["AssessmentFactors"]:
                factors = etree.SubElement(a, "FactorsIdentifiedAtAssessment")
                for code in block["AssessmentFactors"]:
                    _el(factors, "AssessmentFactors", code)
        for start, end in facts["cin_plans"].get(referral.pk, []):
            counts["cin_plans"] += 1
            plan = etree.SubElement(details, "CINPlanDates")
            _el(plan, "CINPlanStartDate", start)
            _el(plan, "CINPlanEndDate", end)
        for s47 in protection["Section47"]:
            counts["section47"] += 1
            s = etree.SubElement(details, "Section47")
            for tag in ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"):
                _el(s, tag, s47[tag])
        _el(details, "ReferralNFA", bool(referral.referral_nfa))
        for cpp in protection["ChildProtectionPlans"]:
            counts["cp_plans"] += 1
            p = etree.SubElement(details, "ChildProtectionPlans")
            for tag in (
                "CPPstartDate",
                "CPPendDate",
                "InitialCategoryOfAbuse",
                "LatestCategoryOfAbuse",
                "NumberOfPreviousCPP",
            ):
                _el(p, tag, cpp[tag])
            if cpp["Reviews"]:
                reviews = etree.SubElement(p, "Reviews")
                for held in cpp["Reviews"]["CPPreviewDate"]:
                    _el(reviews, "CPPreviewDate", held)
    return el


def header_element(year: int) -> etree._Element:
    _, reference = census_period(year)
    header = etree.Element("Header")
    details = etree.SubElement(header, "CollectionDetails")
    _el(details, "Collection", "CIN")
    _el(details, "Year", year)
    _el(details, "ReferenceDate", reference)
    source = etree.SubElement(header, "Source")
    _el(source, "SourceLevel", "L")
    _el(source, "LEA", str(getattr(settings, "COUNCIL_LA_CODE", "840")))
    _el(source, "SoftwareCode", SOFTWARE_CODE)
    _el(source, "Release", RELEASE)
    _el(source, "SerialNo", "001")
    _el(source, "DateTime", timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat())
    return header


_CHILD_FIELDS = (
    "pk",
    "la_child_id",
    "upn",
    "former_upn",
    "upn_unknown",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "death_date",
)


def write_cin_census(year: int, out, progress: Progress | None = None) -> dict:
    """Write the CIN census for the collection year ending 31 March `year` to `out` (a path or a binary file).
    Returns the counts written: children, episodes, assessments, cin_plans, section47, cp_plans."""
    check_year(year)
    children = children_in_year(year)
    progress = ensure(progress, f"CIN census {year}", total=children.count())
    counts = {"children": 0, "episodes": 0, "assessments": 0, "cin_plans": 0, "section47": 0, "cp_plans": 0}
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write(header_element(year))
            with xf.element("Children"):
                stream = children.only(*_CHILD_FIELDS).iterator(chunk_size=CHUNK)
                for chunk in _chunks(stream, CHUNK):
                    facts = _chunk_facts(chunk, year=year)
                    for child in chunk:
                        xf.write(child_element(child, facts, year=year, counts=counts))
                        counts["children"] += 1
                        progress.advance()
                    xf.flush()
    progress.done(f"{counts['episodes']:,} episodes")
    return counts


SCHEMAS = Path(__file__).resolve().parent / "schemas"


def schema_for(year: int) -> etree.XMLSchema:
    """The CIN census XSD of the collection year (the latest we hold for later years)."""
    available = sorted(int(p.stem.rsplit("_", 1)[1]) for p in SCHEMAS.glob("CIN_schema_*.xsd"))
    chosen = max((y for y in available if y <= year), default=available[0])
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"CIN_schema_{chosen}.xsd")))


def schema_errors(path, year: int) -> list[str]:
    """Where the file breaks the year's XSD: 'line N: message' for each problem (empty when valid)."""
    schema = schema_for(year)
    schema.validate(etree.parse(str(path)))
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
