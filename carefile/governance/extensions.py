"""How governance plugs into the people app: break-glass grants widen visibility, and a restricted record
opened by someone off its list shows the break-glass page instead of "not found"."""

from carefile.people import access

from .break_glass import BreakGlassGrant


def _restricted_page(request, person_id: int):
    from .views.break_glass import restricted_page

    return restricted_page(request, person_id)


access.register_grant(BreakGlassGrant())
access.register_restricted_page(_restricted_page)
