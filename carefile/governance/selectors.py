"""Reading the access log: who viewed one child."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from carefile.common.models import AccessLog
from carefile.workforce.models import User

BREAK_GLASS_PREFIX = "Break-glass"

VIEW_LABELS = {
    "people:detail": "Record",
    "people:chronology": "Chronology",
    "people:edit": "Change details",
    "allocate": "Allocate a social worker",
    "governance:break_glass": "Break-glass access given",
    "governance:viewed_by": "Who has viewed this record",
    "governance:sar_preview": "Subject access export: preview",
    "governance:sar_pdf": "Subject access export: PDF",
}


def view_label(view_name: str) -> str:
    if view_name in VIEW_LABELS:
        return VIEW_LABELS[view_name]
    app, _, name = view_name.rpartition(":")
    words = name.replace("_", " ").strip() or view_name
    return f"{app.replace('_', ' ').capitalize()}: {words}" if app else words.capitalize()


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`, local time (Europe/London), as an aware datetime."""
    return datetime.combine(day, time(0), tzinfo=timezone.get_default_timezone())


def day_bounds(day: date) -> tuple[datetime, datetime]:
    return day_start(day), day_start(day + timedelta(days=1))


def access_log_for_person(
    *, person_ref: int, user_id: int | None = None, date_from: date | None = None, date_to: date | None = None
) -> QuerySet[AccessLog]:
    """Every access-log row for one person, newest first; optionally one user's, between two days."""
    rows = AccessLog.objects.filter(person_ref=person_ref)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if date_from is not None:
        rows = rows.filter(at__gte=day_start(date_from))
    if date_to is not None:
        rows = rows.filter(at__lt=day_start(date_to + timedelta(days=1)))
    return rows.select_related("user__staff__team").order_by("-at", "-id")


def viewers_of_person(person_ref: int) -> list[tuple[int, str]]:
    """Everyone who has viewed a person, as (user id, name) choices, by name."""
    ids = AccessLog.objects.filter(person_ref=person_ref).values("user_id")
    users = User.objects.filter(pk__in=ids).select_related("staff")
    named = []
    for user in users:
        staff = getattr(user, "staff", None)
        named.append((user.pk, f"{staff.name} ({user.get_username()})" if staff else user.get_username()))
    return sorted(named, key=lambda item: item[1].lower())
