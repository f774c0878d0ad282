"""Child protection's part of the CIN census (statutory-data §1.2–1.3), per episode of need (CINdetails).

For each episode: the CINdetails-level `DateOfInitialCPC` (a transfer-in conference, not preceded by a
section 47 enquiry), the `Section47` modules and the `ChildProtectionPlans` modules, as dicts whose keys are
the XSD element names in XSD order. A value of None means "leave the element out". Dates are `date`s,
`ICPCnotRequired` a bool (write 1/0), `NumberOfPreviousCPP` an int, and `Reviews` either None or
{"CPPreviewDate": [dates]}.

The pure functions take plain facts (`S47Facts`, `PlanFacts`) and the census year; `episode_protection`
reads the facts of many episodes in a fixed number of queries. Everything is as it stood on the
ReferenceDate (31 March): a conference held on 2 April is not in the return for the year before.

Which modules go in the year's return:
- a Section47 that started in the year, whose conference was held in the year (8715), or that was still
  under way at the start of the year (no conference yet, and not concluded without one before it);
- a ChildProtectionPlans module for a plan open at any time in the year; its reviews are those held in the
  year (each strictly after the plan started, 8841), its latest category the one set last by the ReferenceDate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


def census_period(year: int) -> tuple[date, date]:
    """The collection year ending 31 March `year` (2025 = 1 April 2024 to 31 March 2025)."""
    return date(year - 1, 4, 1), date(year, 3, 31)


@dataclass(frozen=True)
class S47Facts:
    start: date
    icpc_target: date
    icpc_held: date | None = None
    no_conference_needed: bool = False
    concluded_on: date | None = None


@dataclass(frozen=True)
class PlanFacts:
    start: date
    end: date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[date] = field(default_factory=list)
    # (held_on, category) for each review conference that set the latest category, oldest first.
    category_changes: list[tuple[date, str]] = field(default_factory=list)


def _by(day: date | None, reference: date) -> date | None:
    """A date as known on the ReferenceDate: later ones have not happened yet."""
    return day if day is not None and day <= reference else None


def section47_included(s: S47Facts, *, year: int) -> bool:
    first, reference = census_period(year)
    if s.start > reference:
        return False
    held = _by(s.icpc_held, reference)
    concluded = _by(s.concluded_on, reference)
    if s.start >= first or (held is not None and held >= first):
        return True
    if held is not None:
        return False  # its conference was in an earlier year
    return not (s.no_conference_needed and concluded is not None and concluded < first)


def section47_block(s: S47Facts, *, year: int) -> dict:
    _, reference = census_period(year)
    held = _by(s.icpc_held, reference)
    concluded = _by(s.concluded_on, reference)
    return {
        "S47ActualStartDate": s.start,
        "InitialCPCtarget": s.icpc_target,
        "DateOfInitialCPC": held,
        "ICPCnotRequired": held is None and s.no_conference_needed and concluded is not None,
    }


def section47_blocks(facts: Iterable[S47Facts], *, year: int) -> list[dict]:
    return [
        section47_block(s, year=year)
        for s in sorted(facts, key=lambda s: s.start)
        if section47_included(s, year=year)
    ]


def plan_included(p: PlanFacts, *, year: int) -> bool:
    first, reference = census_period(year)
    end = _by(p.end, reference)
    return p.start <= reference and (end is None or end >= first)


def plan_block(p: PlanFacts, *, year: int) -> dict:
    first, reference = census_period(year)
    latest = p.initial_category
    for held, category in sorted(p.category_changes):
        if held <= reference:
            latest = category
    reviews = sorted(d for d in p.reviews if first <= d <= reference and d > p.start)
    return {
        "CPPstartDate": p.start,
        "CPPendDate": _by(p.end, reference),
        "InitialCategoryOfAbuse": p.initial_category,
        "LatestCategoryOfAbuse": latest,
        "NumberOfPreviousCPP": p.previous_plans,
        "Reviews": {"CPPreviewDate": reviews} if reviews else None,
    }


def plan_blocks(facts: Iterable[PlanFacts], *, year: int) -> list[dict]:
    return [
        plan_block(p, year=year) for p in sorted(facts, key=lambda p: p.start) if plan_included(p, year=year)
    ]


def cindetails_initial_cpc(transfer_in_conferences: Iterable[date | None], *, year: int) -> date | None:
    """CINdetails DateOfInitialCPC: the transfer-in conference held in the year (not preceded by an S47)."""
    first, reference = census_period(year)
    held = sorted(d for d in transfer_in_conferences if d is not None and first <= d <= reference)
    return held[0] if held else None


# Reading the facts ---------------------------------------------------------------------------------------


def episode_protection(episode_ids: Iterable[int], *, year: int) -> dict[int, dict]:
    """For each episode: {"DateOfInitialCPC": date | None, "Section47": [...], "ChildProtectionPlans": [...]}.

    Six queries for any number of episodes.
    """
    from .codes import NO_CONFERENCE_OUTCOMES, ConferenceKind
    from .models import ChildProtectionPlan, Conference, Section47Enquiry

    ids = list(episode_ids)
    s47: dict[int, list[S47Facts]] = defaultdict(list)
    held_initial = dict(
        Conference.objects.filter(
            episode_id__in=ids, kind=ConferenceKind.INITIAL, held_on__isnull=False
        ).values_list("enquiry_id", "held_on")
    )
    for pk, episode_id, start, target, outcome, closed_on in Section47Enquiry.objects.filter(
        episode_id__in=ids
    ).values_list("pk", "episode_id", "start_date", "icpc_target", "outcome", "closed_on"):
        s47[episode_id].append(
            S47Facts(
                start=start,
                icpc_target=target,
                icpc_held=held_initial.get(pk),
                no_conference_needed=outcome in NO_CONFERENCE_OUTCOMES,
                concluded_on=closed_on,
            )
        )
    transfers: dict[int, list[date | None]] = defaultdict(list)
    for episode_id, held_on in Conference.objects.filter(
        episode_id__in=ids, kind=ConferenceKind.TRANSFER_IN
    ).values_list("episode_id", "held_on"):
        transfers[episode_id].append(held_on)
    plans = list(
        ChildProtectionPlan.objects.filter(episode_id__in=ids).values_list(
            "pk",
            "episode_id",
            "child_id",
            "start",
            "end",
            "initial_category",
            "latest_category",
            "previous_plans_elsewhere",
        )
    )
    earlier: dict[int, list[date]] = defaultdict(list)
    for child_id, start in ChildProtectionPlan.objects.filter(child_id__in={p[2] for p in plans}).values_list(
        "child_id", "start"
    ):
        earlier[child_id].append(start)
    reviews: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for plan_id, held_on, category in Conference.objects.filter(
        cp_plan_id__in=[p[0] for p in plans], kind=ConferenceKind.REVIEW, held_on__isnull=False
    ).values_list("cp_plan_id", "held_on", "category"):
        reviews[plan_id].append((held_on, category))
    plan_facts: dict[int, list[PlanFacts]] = defaultdict(list)
    for pk, episode_id, child_id, start, end, initial, _latest, elsewhere in plans:
        held = sorted(reviews.get(pk, []))
        plan_facts[episode_id].append(
            PlanFacts(
                start=start,
                end=end,
                initial_category=initial,
                latest_category=_latest,
                previous_plans=sum(1 for s in earlier[child_id] if s < start) + elsewhere,
                reviews=[d for d, _ in held],
                category_changes=[(d, c) for d, c in held if c],
            )
        )
    return {
        episode_id: {
            "DateOfInitialCPC": cindetails_initial_cpc(transfers.get(episode_id, []), year=year),
            "Section47": section47_blocks(s47.get(episode_id, []), year=year),
            "ChildProtectionPlans": plan_blocks(plan_facts.get(episode_id, []), year=year),
        }
        for episode_id in ids
    }
