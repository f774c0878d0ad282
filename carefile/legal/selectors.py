"""Reads of legal work: a child's legal record, and the tracker of every child in pre-proceedings or care
proceedings, in a fixed number of queries however many children there are."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Min, Prefetch, Q

from carefile.people.models import Person
from carefile.workforce.models import Allocation, AllocationRole, Staff, Team

from . import timescales
from .models import CareProceedings, Hearing, LegalPlanningMeeting, PreProceedings


@dataclass
class ChildLegalRecord:
    meetings: list[LegalPlanningMeeting]
    pre_proceedings: list[PreProceedings]
    proceedings: list[CareProceedings]

    @property
    def open_pre_proceedings(self) -> PreProceedings | None:
        return next((p for p in self.pre_proceedings if p.is_open), None)

    @property
    def open_proceedings(self) -> CareProceedings | None:
        return next((p for p in self.proceedings if p.is_open), None)


def legal_record(child: Person) -> ChildLegalRecord:
    return ChildLegalRecord(
        meetings=list(LegalPlanningMeeting.objects.filter(child=child).select_related("recorded_by")),
        pre_proceedings=list(PreProceedings.objects.filter(child=child).prefetch_related("reviews")),
        proceedings=list(
            CareProceedings.objects.filter(child=child).prefetch_related("hearings", "interim_orders")
        ),
    )


@dataclass(frozen=True)
class TrackerRow:
    child: Person
    stage: str  # "pre_proceedings" or "proceedings"
    started_on: date
    progress: timescales.Progress
    next_date: date | None  # next hearing (proceedings) or next review (pre-proceedings)
    next_label: str
    worker: Staff | None
    court: str = ""
    judge: str = ""
    case_number: str = ""

    @property
    def week(self) -> int:
        return self.progress.weeks + 1

    @property
    def team(self) -> Team | None:
        return self.worker.team if self.worker else None


def tracker_rows(
    *,
    visible: Iterable[Person] | None = None,
    today: date,
    holidays: Container[date],
    team_id: int | None = None,
    court: str = "",
    drift_only: bool = False,
) -> list[TrackerRow]:
    """Every child in pre-proceedings or proceedings (among `visible`, a queryset of people the user may see),
    most overdue first. Four queries."""
    children = Person.objects.all() if visible is None else visible
    workers = Prefetch(
        "child__allocations",
        queryset=Allocation.objects.filter(
            role=AllocationRole.SOCIAL_WORKER, end__isnull=True
        ).select_related("worker__team"),
        to_attr="open_allocations",
    )
    proceedings = list(
        CareProceedings.objects.filter(final_order="", child__in=children)
        .annotate(next_hearing=Min("hearings__on", filter=Q(hearings__on__gte=today)))
        .select_related("child")
        .prefetch_related(workers)
    )
    pre = list(
        PreProceedings.objects.filter(outcome="", child__in=children)
        .annotate(last_review=Max("reviews__held_on"))
        .select_related("child")
        .prefetch_related(workers)
    )
    rows: list[TrackerRow] = []
    for p in proceedings:
        rows.append(
            TrackerRow(
                child=p.child,
                stage="proceedings",
                started_on=p.application_on,
                progress=timescales.proceedings_progress(
                    application_on=p.application_on, concluded_on=None, today=today, holidays=holidays
                ),
                next_date=p.next_hearing,
                next_label="Next hearing",
                worker=_worker(p.child),
                court=p.court,
                judge=p.judge,
                case_number=p.case_number,
            )
        )
    for p in pre:
        rows.append(
            TrackerRow(
                child=p.child,
                stage="pre_proceedings",
                started_on=p.started_on,
                progress=timescales.pre_proceedings_progress(
                    started_on=p.started_on, ended_on=None, today=today, holidays=holidays
                ),
                next_date=timescales.next_pre_proceedings_review(p.started_on, p.last_review),
                next_label="Next review",
                worker=_worker(p.child),
            )
        )
    if team_id:
        rows = [r for r in rows if r.team and r.team.pk == team_id]
    if court:
        rows = [r for r in rows if r.court == court]
    if drift_only:
        rows = [r for r in rows if r.progress.state.rag in ("red", "amber")]
    rag = {"red": 0, "amber": 1, "green": 2}
    rows.sort(key=lambda r: (rag.get(r.progress.state.rag, 3), r.started_on, r.child.pk))
    return rows


def _worker(child: Person) -> Staff | None:
    allocations = getattr(child, "open_allocations", None) or []
    return allocations[0].worker if allocations else None


def courts() -> list[str]:
    return list(
        CareProceedings.objects.filter(final_order="")
        .order_by("court")
        .values_list("court", flat=True)
        .distinct()
    )


def upcoming_hearings(child_ids: Iterable[int], today: date) -> dict[int, Hearing]:
    result: dict[int, Hearing] = {}
    for h in (
        Hearing.objects.filter(
            proceedings__child_id__in=list(child_ids), proceedings__final_order="", on__gte=today
        )
        .select_related("proceedings")
        .order_by("on")
    ):
        result.setdefault(h.proceedings.child_id, h)
    return result
