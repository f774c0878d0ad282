"""Small builders shared by the recording tests."""

from datetime import datetime

from django.utils import timezone

from carefile.recording import services
from carefile.recording.models import Place, VisitType


def aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def visit(child, by, *, at=None, visited_at=None, seen=True, alone=True, words="", **kwargs):
    at = at or timezone.now()
    return services.visit_record(
        child=child,
        by=by,
        at=at,
        visited_at=visited_at or at,
        visit_type=kwargs.pop("visit_type", VisitType.CHILD_IN_NEED),
        place=kwargs.pop("place", Place.HOME),
        child_seen=seen,
        seen_alone=alone if seen else False,
        reason_not_seen="" if seen else kwargs.pop("reason_not_seen", "Nobody answered the door"),
        words=words,
        communication=kwargs.pop("communication", ["spoken"] if words else []),
        **kwargs,
    )


def final_note(child, by, *, at=None, also_for=(), subject="Phone call with school", body="School called."):
    at = at or timezone.now()
    note = services.note_draft_save(
        child=child,
        by=by,
        at=at,
        note_type="phone_call",
        happened_on=timezone.localtime(at).date(),
        subject=subject,
        body=body,
        also_for=also_for,
    )
    return services.note_finalise(note=note, by=by, at=at)


def visit_post(**overrides) -> dict:
    """A complete, valid visit form submission (today, 09:30, seen alone, with words)."""
    today = timezone.localdate()
    data = {
        "visit_date_0": today.day,
        "visit_date_1": today.month,
        "visit_date_2": today.year,
        "visit_time": "00:01",
        "visit_type": VisitType.CHILD_IN_NEED,
        "place": Place.HOME,
        "child_seen": "yes",
        "seen_alone": "yes",
        "words": "I like my new school",
        "communication": ["spoken"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
