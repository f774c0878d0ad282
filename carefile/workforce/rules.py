"""Role predicates. A user's role is their staff record's role."""

import rules

from .models import Role


def role_of(user) -> str | None:
    staff = getattr(user, "staff", None) if user is not None and user.is_authenticated else None
    return staff.role if staff is not None else None


def _role_in(*roles):
    def check(user) -> bool:
        return role_of(user) in roles

    check.__name__ = "role_in_" + "_".join(roles)
    return rules.predicate(check)


has_staff_role = rules.predicate(lambda user: role_of(user) is not None, name="has_staff_role")
is_social_worker = _role_in(Role.SOCIAL_WORKER)
is_team_manager = _role_in(Role.TEAM_MANAGER)
is_reviewing_officer = _role_in(Role.REVIEWING_OFFICER)
is_head_of_service = _role_in(Role.HEAD_OF_SERVICE)
is_analyst = _role_in(Role.PERFORMANCE_ANALYST)
is_inspector = _role_in(Role.INSPECTOR)
is_administrator = _role_in(Role.ADMINISTRATOR)
# Who may write to a child's record. Inspectors, analysts and administrators read only.
is_case_editor = _role_in(Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.REVIEWING_OFFICER, Role.HEAD_OF_SERVICE)
is_allocator = _role_in(Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)
holds_cases = _role_in(Role.SOCIAL_WORKER, Role.TEAM_MANAGER)

rules.add_perm("workforce.allocate", is_allocator)
rules.add_perm("workforce.view_caseload", holds_cases)
rules.add_perm("workforce.view_teams", has_staff_role)
rules.add_perm("workforce.manage_staff", is_administrator)
