"""Recording visits, case notes, corrections and the child's voice. Each service writes its chronology."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from carefile.common import chronology
from carefile.people.models import Person, PersonKind

from .models import (
    COMMUNICATION_LABEL,
    CaseNote,
    ChildVoice,
    Communication,
    NoteCorrection,
    NoteFiling,
    NoteType,
    Place,
    RecordingEvent,
    Visit,
    VisitCorrection,
    VisitType,
    VoiceSource,
)
from .selectors import record_events


class RecordingError(Exception):
    """A visit, note or correction that cannot be saved as it is. `errors` maps form fields to messages."""

    def __init__(self, message: str = "", *, errors: dict[str, str] | None = None):
        self.errors = errors or {}
        super().__init__(message or "; ".join(self.errors.values()))


class NotYourDraft(RecordingError):
    """Only the author of a draft note may change, finalise or discard it."""


class AlreadyFinal(RecordingError):
    """The note has been finalised: it can only be corrected."""


def _excerpt(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ---- the child's voice ---------------------------------------------------------------------------------


@transaction.atomic
def voice_record(
    *,
    child: Person,
    by,
    at: datetime,
    words: str,
    communication: list[str],
    source: str,
    source_ref=None,
    said_at: datetime | None = None,
) -> ChildVoice:
    """Record what a child said, in their own words, and how they communicated it.

    `source_ref` is the record the words belong to (a visit, an assessment, a review) or None; `said_at`
    is when they said it (default `at`). Writes a "The child's own words" chronology event.
    """
    words = words.strip()
    if not words:
        raise RecordingError(errors={"words": "Enter what the child said"})
    unknown = [c for c in communication if c not in COMMUNICATION_LABEL]
    if not communication or unknown:
        raise RecordingError(errors={"communication": "Choose how the child communicated"})
    if source not in VoiceSource.values:
        raise RecordingError(f"Unknown source of the child's words: {source!r}")
    said_at = said_at or at
    voice = ChildVoice.objects.create(
        child=child,
        said_on=timezone.localtime(said_at).date(),
        words=words,
        communication=list(communication),
        source=source,
        source_type=ContentType.objects.get_for_model(source_ref) if source_ref is not None else None,
        source_id=source_ref.pk if source_ref is not None else None,
        recorded_by=by,
        recorded_at=at,
    )
    chronology.record(
        person=child,
        kind=RecordingEvent.CHILD_VOICE,
        by=by,
        at=said_at,
        summary=voice_summary(child.given_name, words, communication),
        data={"voice": voice.pk, "source": source, "source_id": voice.source_id},
    )
    return voice


# ---- visits --------------------------------------------------------------------------------------------


def visit_problems(
    *,
    child: Person,
    at: datetime,
    visited_at: datetime,
    child_seen: bool,
    seen_alone: bool | None,
    reason_not_seen: str,
    words: str,
    communication: list[str],
) -> dict[str, str]:
    """What is wrong with a visit, by form field: the rules the form and the service share."""
    name = child.given_name
    problems: dict[str, str] = {}
    if visited_at > at:
        problems["visit_date"] = "The date and time of the visit must be in the past"
    elif child.date_of_birth and timezone.localtime(visited_at).date() < child.date_of_birth:
        problems["visit_date"] = f"The visit must be on or after {name}'s date of birth"
    if child_seen:
        if seen_alone is None:
            problems["seen_alone"] = f"Select yes if you saw {name} alone"
    else:
        if not reason_not_seen.strip():
            problems["reason_not_seen"] = f"Explain why {name} was not seen"
        if seen_alone:
            problems["seen_alone"] = f"{name} can only have been seen alone if they were seen"
    if words.strip() and not communication:
        problems["communication"] = f"Choose how {name} communicated"
    return problems


@transaction.atomic
def visit_record(
    *,
    child: Person,
    by,
    at: datetime,
    visited_at: datetime,
    visit_type: str,
    place: str,
    child_seen: bool,
    seen_alone: bool | None,
    reason_not_seen: str = "",
    place_detail: str = "",
    others_present: str = "",
    observations: str = "",
    words: str = "",
    communication: list[str] | None = None,
    significant: bool = False,
) -> Visit:
    """Record a visit, final at once. Writes a Visit chronology event, and the child's words if given."""
    communication = list(communication or [])
    if child.kind != PersonKind.CHILD:
        raise RecordingError("Visits are recorded on a child's record")
    problems = visit_problems(
        child=child,
        at=at,
        visited_at=visited_at,
        child_seen=child_seen,
        seen_alone=seen_alone,
        reason_not_seen=reason_not_seen,
        words=words,
        communication=communication,
    )
    if visit_type not in VisitType.values:
        problems["visit_type"] = "Choose the type of visit"
    if place not in Place.values:
        problems["place"] = "Choose where the visit was"
    if any(c not in Communication.values for c in communication):
        problems["communication"] = "Choose how the child communicated from the list"
    if problems:
        raise RecordingError(errors=problems)
    visit = Visit.objects.create(
        child=child,
        visited_at=visited_at,
        visit_type=visit_type,
        place=place,
        place_detail=place_detail.strip(),
        child_seen=child_seen,
        seen_alone=bool(child_seen and seen_alone),
        reason_not_seen="" if child_seen else reason_not_seen.strip(),
        others_present=others_present.strip(),
        observations=observations.strip(),
        words=words.strip(),
        communication=communication if words.strip() else [],
        recorded_by=by,
        recorded_at=at,
    )
    chronology.record(
        person=child,
        kind=RecordingEvent.VISIT,
        by=by,
        at=visited_at,
        summary=visit_summary(
            name=child.given_name,
            visit_type=visit.visit_type,
            place=visit.place,
            child_seen=visit.child_seen,
            seen_alone=visit.seen_alone,
            reason_not_seen=visit.reason_not_seen,
        ),
        data={"visit": visit.pk},
        significant=significant,
    )
    if visit.words:
        voice_record(
            child=child,
            by=by,
            at=at,
            words=visit.words,
            communication=visit.communication,
            source=VoiceSource.VISIT,
            source_ref=visit,
            said_at=visited_at,
        )
    return visit


VISIT_TYPE_LABEL = dict(VisitType.choices)
PLACE_LABEL = dict(Place.choices)
NOTE_TYPE_LABEL = dict(NoteType.choices)


def visit_summary(
    *, name: str, visit_type: str, place: str, child_seen: bool, seen_alone: bool, reason_not_seen: str
) -> str:
    """The visit's line on the chronology: "Child in need visit at the child's home. Amelia seen alone"."""
    if child_seen:
        seen = f"{name} seen alone" if seen_alone else f"{name} seen, not alone"
    else:
        seen = f"{name} not seen: {_excerpt(reason_not_seen, 120)}"
    return _excerpt(f"{VISIT_TYPE_LABEL[visit_type]} at {str(PLACE_LABEL[place]).lower()}. {seen}", 300)


def voice_summary(name: str, words: str, communication: list[str]) -> str:
    how = ", ".join(str(COMMUNICATION_LABEL[c]) for c in communication)
    return _excerpt(f"{name} said: “{words}” ({how})", 300)


def note_summary(*, note_type: str, subject: str, children: int) -> str:
    filed = f" (filed to {children} children)" if children > 1 else ""
    return _excerpt(f"{NOTE_TYPE_LABEL[note_type]}: {subject}{filed}", 300)


# ---- case notes ----------------------------------------------------------------------------------------


def _own_draft(note: CaseNote, by) -> None:
    if note.is_final:
        raise AlreadyFinal("This note has been finalised: add a correction instead")
    if note.author_id != by.pk:
        raise NotYourDraft("Only the author of a draft note can change it")


def _clean_also_for(also_for, *, allowed: list[Person] | None) -> list[int]:
    ids = []
    for value in also_for or []:
        pk = value.pk if isinstance(value, Person) else int(value)
        if allowed is None or any(p.pk == pk for p in allowed):
            ids.append(pk)
    return sorted(set(ids))


@transaction.atomic
def note_draft_save(
    *,
    note: CaseNote | None = None,
    child: Person,
    by,
    at: datetime,
    note_type: str = "",
    happened_on: date | None = None,
    subject: str = "",
    body: str = "",
    also_for=(),
    significant: bool = False,
    allowed_also_for: list[Person] | None = None,
) -> CaseNote:
    """Create or update a draft note. Drafts are the author's alone and are not on the chronology."""
    if note_type and note_type not in NoteType.values:
        raise RecordingError(errors={"note_type": "Choose the type of note"})
    if note is None:
        if child.kind != PersonKind.CHILD:
            raise RecordingError("Case notes are written on a child's record")
        note = CaseNote(child=child, author=by, created_at=at)
    else:
        note = CaseNote.objects.select_for_update().get(pk=note.pk)
        _own_draft(note, by)
    note.note_type = note_type
    note.happened_on = happened_on
    note.subject = subject[:200]
    note.body = body
    note.also_for = _clean_also_for(also_for, allowed=allowed_also_for)
    note.significant = significant
    note.updated_at = at
    note.save()
    return note


def note_problems(
    *, note_type: str, happened_on: date | None, subject: str, body: str, at: datetime
) -> dict[str, str]:
    problems = {}
    if note_type not in NoteType.values:
        problems["note_type"] = "Choose the type of note"
    if happened_on is None:
        problems["happened_on"] = "Enter the date it happened"
    elif happened_on > timezone.localtime(at).date():
        problems["happened_on"] = "The date it happened must be today or in the past"
    if not subject.strip():
        problems["subject"] = "Enter a subject"
    if not body.strip():
        problems["body"] = "Enter the note"
    return problems


@transaction.atomic
def note_finalise(*, note: CaseNote, by, at: datetime, may_write_management_notes: bool = False) -> CaseNote:
    """Finalise a draft: from now on it cannot change. Files it to its child and the children in `also_for`,
    writing a chronology event on each."""
    note = CaseNote.objects.select_for_update().select_related("child").get(pk=note.pk)
    _own_draft(note, by)
    problems = note_problems(
        note_type=note.note_type, happened_on=note.happened_on, subject=note.subject, body=note.body, at=at
    )
    if note.note_type == NoteType.MANAGEMENT and not may_write_management_notes:
        problems["note_type"] = "Only team managers and heads of service write management notes"
    if problems:
        raise RecordingError(errors=problems)
    note.subject = note.subject.strip()
    note.finalised_at = at
    note.updated_at = at
    note.save()
    children = [note.child, *Person.objects.filter(pk__in=note.also_for).exclude(pk=note.child_id)]
    NoteFiling.objects.bulk_create(
        [NoteFiling(note=note, child=c, happened_on=note.happened_on) for c in children]
    )
    kind = (
        RecordingEvent.MANAGEMENT_NOTE if note.note_type == NoteType.MANAGEMENT else RecordingEvent.CASE_NOTE
    )
    happened_at = note_event_at(note.happened_on, at)
    for child in children:
        chronology.record(
            person=child,
            kind=kind,
            by=by,
            at=happened_at,
            summary=note_summary(note_type=note.note_type, subject=note.subject, children=len(children)),
            data={"note": note.pk, "children": [c.pk for c in children]},
            significant=note.significant,
        )
    return note


def note_event_at(day: date, at: datetime) -> datetime:
    """The chronology time of something that happened on `day` and was recorded at `at`."""
    local = timezone.localtime(at)
    if local.date() == day:
        return at
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@transaction.atomic
def note_discard(*, note: CaseNote, by, at: datetime) -> None:
    """Delete a draft. Only its author may; a finalised note is never deleted."""
    note = CaseNote.objects.select_for_update().get(pk=note.pk)
    _own_draft(note, by)
    note.delete()


# ---- corrections and significance ----------------------------------------------------------------------


@transaction.atomic
def correction_add(*, record: Visit | CaseNote, by, at: datetime, text: str, reason: str):
    """Append a correction to a finalised visit or note, with the reason, on each child's chronology."""
    problems = {}
    if not text.strip():
        problems["text"] = "Enter the correction"
    if not reason.strip():
        problems["reason"] = "Enter why the record needs correcting"
    if problems:
        raise RecordingError(errors=problems)
    if isinstance(record, Visit):
        correction = VisitCorrection.objects.create(
            visit=record, text=text.strip(), reason=reason.strip(), by=by, at=at
        )
        children = [record.child]
        what, data = f"visit of {timezone.localtime(record.visited_at):%d %B %Y}", {"visit": record.pk}
    else:
        if not record.is_final:
            raise RecordingError("A draft is changed by editing it, not corrected")
        correction = NoteCorrection.objects.create(
            note=record, text=text.strip(), reason=reason.strip(), by=by, at=at
        )
        children = list(Person.objects.filter(note_filings__note=record))
        what, data = f"note “{record.subject}”", {"note": record.pk}
    for child in children:
        chronology.record(
            person=child,
            kind=RecordingEvent.CORRECTION,
            by=by,
            at=at,
            summary=_excerpt(f"Correction to the {what}: {reason.strip()}", 300),
            data={**data, "correction": correction.pk},
        )
    return correction


@transaction.atomic
def significance_set(*, record: Visit | CaseNote, by, at: datetime, significant: bool) -> int:
    """Mark a visit or finalised note as a significant event (or not) on every chronology it is on."""
    if isinstance(record, CaseNote) and not record.is_final:
        raise RecordingError("Finalise the note first; a draft is not on the chronology yet")
    events = record_events(record)
    changed = events.exclude(significant=significant).update(significant=significant)
    return changed
