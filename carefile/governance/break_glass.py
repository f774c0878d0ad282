"""Break-glass access: a user off a restricted record's access list opens it for 24 hours with a typed reason.

The grant is written to the access log with the reason, and every user on the record's access list is told,
on their Alerts page and by email. Restricted records stay out of search and lists for everyone else: the
only ways in are the record's own address and the break-glass page, where the LA child ID is typed.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.timezone import localtime

from carefile.common.audit import access_record
from carefile.people.access import on_access_list
from carefile.people.models import Person

from .models import Alert, AlertKind, BreakGlassAccess

GRANT_HOURS = 24
MIN_REASON = 20
MAX_REASON = 250  # the access log keeps 300 characters: "Break-glass: " and the reason
VIEW_NAME = "governance:break_glass"


class BreakGlassRefused(Exception):
    """Break-glass access cannot be given; the message says why."""


def _live(user, at: datetime):
    return BreakGlassAccess.objects.filter(user=user, at__lte=at, expires__gt=at)


class BreakGlassGrant:
    """The `carefile.people.access` grant: live break-glass accesses widen what a user sees."""

    def visibility_filter(self, user, at: datetime) -> Q:
        return Q(restricted=True) & Q(Exists(_live(user, at).filter(person=OuterRef("pk"))))

    def reason(self, user, person, at: datetime) -> str | None:
        grant = _live(user, at).filter(person=person).order_by("-at").first()
        return f"Break-glass: {grant.reason}"[:300] if grant else None


def live_grant(*, user, person, at: datetime) -> BreakGlassAccess | None:
    return _live(user, at).filter(person=person).order_by("-at").first()


def record_owners(person: Person):
    """The users on a restricted record's access list: the people told of any break-glass access."""
    from carefile.workforce.models import User

    return User.objects.filter(restricted_access__person=person, is_active=True).order_by("username")


def _display_name(user) -> str:
    staff = getattr(user, "staff", None)
    return staff.name if staff is not None else user.get_username()


@transaction.atomic
def break_glass_open(*, user, person: Person, reason: str, at: datetime, path: str) -> BreakGlassAccess:
    """Give `user` 24 hours' access to restricted `person`, log it with the reason and alert the owners."""
    reason = " ".join(reason.split())
    if not person.restricted:
        raise BreakGlassRefused("This record is not restricted: open it as usual")
    if on_access_list(user, person):
        raise BreakGlassRefused("You are on this record's access list already")
    if len(reason) < MIN_REASON:
        raise BreakGlassRefused(f"Reason must be at least {MIN_REASON} characters")
    if len(reason) > MAX_REASON:
        raise BreakGlassRefused(f"Reason must be {MAX_REASON} characters or fewer")
    grant = BreakGlassAccess.objects.create(
        user=user, person=person, reason=reason, at=at, expires=at + timedelta(hours=GRANT_HOURS)
    )
    access_record(
        user=user, person=person, at=at, view_name=VIEW_NAME, path=path, reason=f"Break-glass: {reason}"
    )
    who = _display_name(user)
    child_ref = person.la_child_id or f"record {person.pk}"
    message = (
        f"{who} used break-glass access to open the restricted record {child_ref} at "
        f"{localtime(at):%H:%M on %d %B %Y}. Their reason: “{reason}”. "
        f"Their access ends at {localtime(grant.expires):%H:%M on %d %B %Y}."
    )
    owners = list(record_owners(person))
    Alert.objects.bulk_create(
        Alert(
            recipient=owner,
            kind=AlertKind.BREAK_GLASS,
            person=person,
            la_child_id=person.la_child_id or "",
            message=message,
            at=at,
        )
        for owner in owners
    )
    addresses = [o.email for o in owners if o.email]
    if addresses:
        transaction.on_commit(lambda: _mail(addresses, message))
    return grant


def _mail(addresses: list[str], message: str) -> None:
    send_mail(
        subject=f"{settings.SERVICE_NAME}: break-glass access to a restricted record",
        message=(
            f"{message}\n\nIf you did not expect this, tell information governance.\n"
            f"Your alerts in {settings.SERVICE_NAME}: /alerts/"
        ),
        from_email=None,
        recipient_list=addresses,
        fail_silently=True,
    )
