"""Every page of a person's record goes through `person_record`: it finds the person if this user may see
them and writes the access-log row.

A restricted record opened by someone off its access list shows the restricted page instead (where they may
ask for break-glass access, see `access.register_restricted_page`), and writes no access-log row; a person
who does not exist is "not found". A view under a break-glass grant is logged with the grant's reason.

`@person_record(reason=...)` adds a reason of the view's own to its access-log row: a string, or a function
`(request, person) -> str`.
"""

from collections.abc import Callable
from functools import wraps

from django.http import Http404

from carefile.common import clock
from carefile.common.audit import access_record

from . import access
from .models import Person

LARGEST_ID = 2**63 - 1


def person_record(view=None, *, reason: str | Callable | None = None):
    if view is None:
        return lambda v: person_record(v, reason=reason)

    @wraps(view)
    def wrapper(request, person_id: int, *args, **kwargs):
        if not 0 < int(person_id) <= LARGEST_ID:  # the URL's <int:…> takes any number of digits
            raise Http404("No such person")
        at = clock.now()
        person = (
            Person.objects.filter(access.person_visibility_filter(request.user, at))
            .select_related("responsible_team")
            .filter(pk=person_id)
            .first()
        )
        if person is None:
            refused = access.restricted_page(request, person_id)
            if refused is not None:
                return refused
            raise Http404("No such person")
        why = reason(request, person) if callable(reason) else (reason or "")
        if person.restricted and not access.on_access_list(request.user, person):
            granted = access.grant_reason(request.user, person, at) or ""
            why = "; ".join(r for r in (granted, why) if r)
        access_record(
            user=request.user,
            person=person,
            at=at,
            view_name=request.resolver_match.view_name if request.resolver_match else view.__name__,
            path=request.path,
            reason=why[:300],
        )
        return view(request, person, *args, **kwargs)

    wrapper.person_scoped = True
    return wrapper
