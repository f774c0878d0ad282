"""Reading visits, notes and the child's voice; the visit clock.

Everything that lists children takes many at once and answers in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib.util import find_spec

from django.db.models import CharField, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from carefile.common.deadlines import DeadlineState, deadline_status
from carefile.common.models import ChronologyEvent
from carefile.common.workdays import add_working_days
from carefile.people.models import Person, PersonKind, Relationship
from carefile.workforce.models import Allocation, AllocationRole

from .models import (
    CaseNote,
    ChildVoice,
    IntervalUnit,
    NoteFiling,
    NoteType,
    RecordingEvent,
    Visit,
    VisitFrequency,
    VisitType,
)

# ---- the visit clock -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitRule:
    case_status: str
    interval: int
    unit: str
    amber_within: int
    source: str = ""

    @property
    def describe(self) -> str:
        unit = "working days" if self.unit == IntervalUnit.WORKING_DAYS else "days"
        if self.unit == IntervalUnit.CALENDAR_DAYS and self.interval % 7 == 0:
            return f"every {self.interval // 7} weeks"
        return f"every {self.interval} {unit}"


# The council's defaults until it sets its own in the admin (Visit frequencies). Working days exclude
# weekends and England's bank holidays; calendar days count every day. Referral and early help have no
# visit clock by default (the front door has its own; early help is not statutory social care).
DEFAULT_VISIT_FREQUENCIES: dict[str, VisitRule] = {
    "child_protection": VisitRule(
        "child_protection",
        10,
        IntervalUnit.WORKING_DAYS,
        3,
        "Local standard: at least every 10 working days (statutory-data §5 row 10)",
    ),
    "child_in_need": VisitRule(
        "child_in_need", 20, IntervalUnit.WORKING_DAYS, 5, "Local standard: at least every 20 working days"
    ),
    "assessment": VisitRule(
        "assessment",
        10,
        IntervalUnit.WORKING_DAYS,
        3,
        "Local standard: the child seen at least every 10 working days while being assessed",
    ),
    "care_leaver": VisitRule(
        "care_leaver",
        56,
        IntervalUnit.CALENDAR_DAYS,
        5,
        "Care Leavers (England) Regulations 2010: personal adviser visits about every 2 months (8 weeks)",
    ),
}


# Looked-after children are visited as the Care Planning Regulations 2010 reg 28 require, from their placement
# (within a week of it starting, then 6-weekly, 3-monthly in a long-term placement, the special cases): the care
# app computes that clock, and `visit_clocks` gives it for them, so there is one looked-after visit clock.
LOOKED_AFTER = "looked_after"
LOOKED_AFTER_RULE = VisitRule(
    LOOKED_AFTER,
    42,
    IntervalUnit.CALENDAR_DAYS,
    5,
    "Care Planning Regulations 2010 reg 28 (the care app's clock)",
)


def _care_visit_clocks(children: list, *, today: date, holidays: Container[date]) -> dict:
    """The care app's regulation 28 visit clocks of these looked-after children (none without the app)."""
    if not children or find_spec("carefile.care.selectors") is None:
        return {}
    from carefile.care.selectors import visit_clocks as care_visit_clocks

    return care_visit_clocks(children, today=today, holidays=holidays)


def visit_rules() -> dict[str, VisitRule]:
    """The visit standard for each case status: the defaults with the council's rows applied (one query)."""
    rules = dict(DEFAULT_VISIT_FREQUENCIES)
    for row in VisitFrequency.objects.exclude(case_status=LOOKED_AFTER):
        if row.enabled:
            rules[row.case_status] = VisitRule(
                row.case_status, row.interval, row.unit, row.amber_within, row.source
            )
        else:
            rules.pop(row.case_status, None)
    return rules


def visit_due(*, since: date, rule: VisitRule, holidays: Container[date]) -> date:
    """When the child must next be seen, `since` being the day they were last seen (day 0)."""
    if rule.unit == IntervalUnit.WORKING_DAYS:
        return add_working_days(since, rule.interval, holidays=holidays)
    return since + timedelta(days=rule.interval)


def _local_date(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value is not None else None


@dataclass(frozen=True)
class VisitSummary:
    last_visit: date | None = None
    last_visit_seen: bool = False
    last_seen: date | None = None
    last_seen_alone: date | None = None


def visit_summaries(child_ids: Iterable[int]) -> dict[int, VisitSummary]:
    """The last visit, last time seen and last time seen alone of each child, in one query."""
    ids = list(child_ids)
    if not ids:
        return {}
    rows = (
        Visit.objects.filter(child_id__in=ids)
        .order_by()
        .values("child_id")
        .annotate(
            last_visit=Max("visited_at"),
            last_seen=Max("visited_at", filter=Q(child_seen=True)),
            last_seen_alone=Max("visited_at", filter=Q(seen_alone=True)),
        )
    )
    return {
        r["child_id"]: VisitSummary(
            last_visit=_local_date(r["last_visit"]),
            last_visit_seen=r["last_visit"] is not None and r["last_visit"] == r["last_seen"],
            last_seen=_local_date(r["last_seen"]),
            last_seen_alone=_local_date(r["last_seen_alone"]),
        )
        for r in rows
    }


def _clock_starts(child_ids: list[int]) -> dict[int, date]:
    """For children never seen: the day the clock starts, the open referral's date or else when the current
    allocation began (two queries)."""
    from carefile.frontdoor.models import Referral

    starts: dict[int, date] = {}
    for child_id, start in Allocation.objects.filter(
        child_id__in=child_ids,
        end__isnull=True,
        role__in=[AllocationRole.SOCIAL_WORKER, AllocationRole.PERSONAL_ADVISER],
    ).values_list("child_id", "start"):
        day = _local_date(start)
        starts[child_id] = min(starts.get(child_id, day), day)
    for child_id, referral_date in Referral.objects.filter(
        child_id__in=child_ids, closure_date__isnull=True
    ).values_list("child_id", "referral_date"):
        starts[child_id] = referral_date
    return starts


@dataclass(frozen=True)
class VisitClock:
    child_id: int
    rule: VisitRule
    due: date
    state: DeadlineState
    never_seen: bool
    text: str = ""  # the label, when the clock comes from elsewhere (looked-after children)

    @property
    def label(self) -> str:
        if self.text:
            return self.text
        if self.never_seen:
            return f"First visit: child not seen yet ({self.rule.describe})"
        return f"Next visit: child seen {self.rule.describe}"


def visit_clocks(
    children: Iterable[Person], *, today: date, holidays: Container[date]
) -> dict[int, VisitClock]:
    """The visit clock of each child whose status has a visit standard: at most four queries for any number,
    and the care app's for looked-after children (regulation 28: a few more, however many)."""
    children = [c for c in children if c.kind == PersonKind.CHILD]
    looked_after = [c for c in children if c.case_status == LOOKED_AFTER and c.death_date is None]
    clocks: dict[int, VisitClock] = {
        child_id: VisitClock(
            child_id=child_id,
            rule=LOOKED_AFTER_RULE,
            due=c.due,
            state=c.state,
            never_seen=False,
            text=c.label,
        )
        for child_id, c in _care_visit_clocks(looked_after, today=today, holidays=holidays).items()
    }
    children = [c for c in children if c.case_status != LOOKED_AFTER]
    rules = visit_rules()
    due_children = [
        c for c in children if c.case_status in rules and c.date_of_birth is not None and c.death_date is None
    ]
    if not due_children:
        return clocks
    ids = [c.pk for c in due_children]
    seen = {
        child_id: _local_date(at)
        for child_id, at in Visit.objects.filter(child_id__in=ids, child_seen=True)
        .order_by()
        .values("child_id")
        .annotate(at=Max("visited_at"))
        .values_list("child_id", "at")
    }
    unseen = [i for i in ids if i not in seen]
    starts = _clock_starts(unseen) if unseen else {}
    for child in due_children:
        rule = rules[child.case_status]
        since = seen.get(child.pk) or starts.get(child.pk)
        if since is None:
            continue
        due = visit_due(since=since, rule=rule, holidays=holidays)
        clocks[child.pk] = VisitClock(
            child_id=child.pk,
            rule=rule,
            due=due,
            state=deadline_status(due=due, today=today, amber_within=rule.amber_within, holidays=holidays),
            never_seen=child.pk not in seen,
        )
    return clocks


# ---- the child's voice ---------------------------------------------------------------------------------


def latest_voice(children: Iterable) -> dict[int, ChildVoice]:
    """The most recent words of each child (children or their ids), in one query."""
    ids = [getattr(c, "pk", c) for c in children]
    if not ids:
        return {}
    newest = (
        ChildVoice.objects.filter(child_id=OuterRef("child_id")).order_by("-said_on", "-id").values("pk")[:1]
    )
    rows = (
        ChildVoice.objects.filter(child_id__in=ids, pk=Subquery(newest))
        .select_related("source_type")
        .order_by()
    )
    return {v.child_id: v for v in rows}


def voices_for_child(*, child: Person) -> QuerySet[ChildVoice]:
    return ChildVoice.objects.filter(child=child).select_related("recorded_by").order_by("-said_on", "-id")


# ---- visits and notes on a child's record --------------------------------------------------------------


def hidden_notes(user) -> QuerySet:
    """Ids of notes filed to a restricted child this user may not see: those notes are hidden everywhere."""
    invisible = Person.objects.filter(restricted=True).exclude(access_list__user=user).values("pk")
    return NoteFiling.objects.filter(child__in=invisible).values("note_id")


def note_visible_to(note: CaseNote, user, staff) -> bool:
    if not note.is_final:
        return staff is not None and note.author_id == staff.pk
    return not NoteFiling.objects.filter(note=note, note_id__in=hidden_notes(user)).exists()


def show_choices() -> list[tuple[str, str]]:
    return [
        ("", "Visits and case notes"),
        ("visits", "All visits"),
        *((f"visit:{v}", label) for v, label in VisitType.choices),
        ("notes", "All case notes"),
        *((f"note:{v}", label) for v, label in NoteType.choices),
    ]


@dataclass
class RecordRow:
    kind: str  # visit or note
    on: date
    record: Visit | CaseNote
    significant: bool = False


def records_for_child(*, child: Person, user, show: str = "", significant_only: bool = False) -> QuerySet:
    """A child's visits and finalised notes, newest first, as one union of (kind, id, on) rows to page through."""
    visits = Visit.objects.filter(child=child)
    notes = NoteFiling.objects.filter(child=child).exclude(note_id__in=hidden_notes(user))
    kind, _, subtype = show.partition(":")
    if kind in ("visits", "visit") and subtype:
        visits = visits.filter(visit_type=subtype)
    if kind in ("notes", "note") and subtype:
        notes = notes.filter(note__note_type=subtype)
    if significant_only:
        ids = _significant_ids(child)
        visits = visits.filter(pk__in=ids["visit"])
        notes = notes.filter(note_id__in=ids["note"])
    visit_rows = (
        visits.order_by()
        .annotate(
            kind=Value("visit", output_field=CharField()), record_id=F("pk"), on=TruncDate("visited_at")
        )
        .values("kind", "record_id", "on")
    )
    note_rows = (
        notes.order_by()
        .annotate(kind=Value("note", output_field=CharField()), record_id=F("note_id"), on=F("happened_on"))
        .values("kind", "record_id", "on")
    )
    if kind in ("visits", "visit"):
        return visit_rows.order_by("-on", "-record_id")
    if kind in ("notes", "note"):
        return note_rows.order_by("-on", "-record_id")
    return visit_rows.union(note_rows, all=True).order_by("-on", "-record_id")


def _significant_ids(child: Person) -> dict[str, set[int]]:
    ids: dict[str, set[int]] = {"visit": set(), "note": set()}
    for kind, data in ChronologyEvent.objects.filter(
        person=child,
        significant=True,
        kind__in=[RecordingEvent.VISIT, RecordingEvent.CASE_NOTE, RecordingEvent.MANAGEMENT_NOTE],
    ).values_list("kind", "data"):
        if kind == RecordingEvent.VISIT and data.get("visit"):
            ids["visit"].add(data["visit"])
        elif data.get("note"):
            ids["note"].add(data["note"])
    return ids


def record_rows(rows: Iterable[dict], *, child: Person) -> list[RecordRow]:
    """Turn a page of {kind, record_id, on} rows into records (three queries for the page)."""
    rows = [(r["kind"], r["record_id"], r["on"]) for r in rows]
    visit_ids = [pk for kind, pk, _ in rows if kind == "visit"]
    note_ids = [pk for kind, pk, _ in rows if kind == "note"]
    visits = Visit.objects.select_related("recorded_by").in_bulk(visit_ids)
    notes = CaseNote.objects.select_related("author").in_bulk(note_ids)
    significant = _significant_ids(child) if rows else {"visit": set(), "note": set()}
    result = []
    for kind, pk, on in rows:
        record = visits.get(pk) if kind == "visit" else notes.get(pk)
        if record is not None:
            result.append(RecordRow(kind, on, record, pk in significant[kind]))
    return result


def drafts_for(*, child: Person, staff) -> QuerySet[CaseNote]:
    if staff is None:
        return CaseNote.objects.none()
    return CaseNote.objects.drafts().filter(child=child, author=staff).order_by("-updated_at")


def recent_records(*, child: Person, user, limit: int = 5) -> list[RecordRow]:
    return record_rows(records_for_child(child=child, user=user)[:limit], child=child)


def record_events(record) -> QuerySet[ChronologyEvent]:
    """The chronology events a visit or a finalised note wrote (one per child it is filed to)."""
    if isinstance(record, Visit):
        return ChronologyEvent.objects.filter(
            person_id=record.child_id, kind=RecordingEvent.VISIT, data__visit=record.pk
        )
    return ChronologyEvent.objects.filter(
        person__in=record.filings.values("child_id"),
        kind__in=[RecordingEvent.CASE_NOTE, RecordingEvent.MANAGEMENT_NOTE],
        data__note=record.pk,
    )


def is_significant(record) -> bool:
    return record_events(record).filter(significant=True).exists()


# ---- filing a note to brothers, sisters and other children in the household ----------------------------

PARENT_KINDS = [
    "mother",
    "father",
    "parent",
    "step_parent",
    "parents_partner",
    "foster_carer",
    "kinship_carer",
]


def filing_candidates(*, child: Person, user) -> list[Person]:
    """Children a note on `child` may also be filed to: related children, children who share a parent or
    carer, and children living at the same address. Restricted children the user may not see are left out."""
    related = set(Relationship.objects.filter(person=child).values_list("other_id", flat=True))
    related |= set(Relationship.objects.filter(other=child).values_list("person_id", flat=True))
    carers = Relationship.objects.filter(other=child, kind__in=PARENT_KINDS).values("person_id")
    related |= set(
        Relationship.objects.filter(person_id__in=carers, kind__in=PARENT_KINDS).values_list(
            "other_id", flat=True
        )
    )
    home = child.addresses.filter(end__isnull=True).order_by("-start").first()
    if home is not None:
        from carefile.people.models import Address

        related |= set(
            Address.objects.filter(
                end__isnull=True, postcode=home.postcode, line1__iexact=home.line1
            ).values_list("person_id", flat=True)
        )
    related.discard(child.pk)
    return list(
        Person.objects.visible_to(user)
        .filter(pk__in=related, kind=PersonKind.CHILD, death_date__isnull=True)
        .order_by("date_of_birth", "id")
    )
