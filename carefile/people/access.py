"""Who may see whom. Restricted records are invisible to anyone not on their access list.

Two extension points let a later app (information governance) widen and explain access without this app
knowing it:

- a *grant* (`register_grant`) names restricted records a user may see for a while though they are not on
  the access list (break-glass access), and the reason, which goes into the access log;
- the *restricted page* (`register_restricted_page`) is what someone off the list sees when they open a
  restricted record's address. Without one, the record is simply "not found".
"""

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


class AccessGrant(Protocol):
    def visibility_filter(self, user, at: datetime) -> Q:
        """A filter on Person: the restricted records `user` may see at `at` through this grant."""

    def reason(self, user, person, at: datetime) -> str | None:
        """Why `user` may see restricted `person` at `at` through this grant, or None if they may not."""


_grants: list[AccessGrant] = []
_restricted_page: list[Callable] = []


def register_grant(grant: AccessGrant) -> None:
    if grant not in _grants:
        _grants.append(grant)


def register_restricted_page(page: Callable) -> None:
    """`page(request, person_id) -> HttpResponse`, shown instead of a restricted record."""
    _restricted_page[:] = [page]


def person_visibility_filter(user, at: datetime | None = None) -> Q:
    """A filter on Person: unrestricted records, restricted records whose access list names `user`, and
    restricted records `user` holds a live grant to (break-glass)."""
    from .models import RestrictedAccess

    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    at = at or timezone.now()
    on_list = RestrictedAccess.objects.filter(person=OuterRef("pk"), user=user)
    visible = Q(restricted=False) | Q(Exists(on_list))
    for grant in _grants:
        visible |= grant.visibility_filter(user, at)
    return visible


def on_access_list(user, person) -> bool:
    return person.access_list.filter(user=user).exists()


def grant_reason(user, person, at: datetime | None = None) -> str | None:
    """Why `user`, not on restricted `person`'s access list, may see it now; None if they may not."""
    at = at or timezone.now()
    for grant in _grants:
        reason = grant.reason(user, person, at)
        if reason is not None:
            return reason
    return None


def can_see_person(user, person, at: datetime | None = None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if not person.restricted:
        return True
    return on_access_list(user, person) or grant_reason(user, person, at) is not None


def restricted_page(request, person_id: int):
    """The page someone off the access list sees for a restricted record, or None: "not found"."""
    from .models import Person

    if not _restricted_page or not Person.objects.filter(pk=person_id, restricted=True).exists():
        return None
    return _restricted_page[0](request, person_id)
