"""The one place the time is read. Call it at the edge (views, commands) and pass the result in."""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today() -> date:
    return timezone.localdate()
