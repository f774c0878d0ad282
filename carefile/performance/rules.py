"""Who may see the performance pages.

Heads of service, performance analysts, administrators and inspectors (read only) see the whole council's
dashboard and any team's. A team manager sees their own team's dashboard and the children behind its figures.
Targets are set by a head of service or an administrator. The children listed behind a figure are always
narrowed to those the user may see (restricted records are counted, never listed).
"""

import rules

from carefile.workforce.rules import (
    is_administrator,
    is_analyst,
    is_head_of_service,
    is_inspector,
    is_team_manager,
)

sees_council = is_head_of_service | is_analyst | is_administrator | is_inspector


@rules.predicate
def manages_team(user, team) -> bool:
    staff = getattr(user, "staff", None)
    if staff is None or team is None:
        return False
    return staff.team_id == team.pk or team.manager_id == staff.pk


rules.add_perm("performance.view_dashboard", sees_council)
rules.add_perm("performance.view_performance", sees_council | is_team_manager)
rules.add_perm("performance.view_team", sees_council | (is_team_manager & manages_team))
rules.add_perm("performance.edit_targets", is_head_of_service | is_administrator)
