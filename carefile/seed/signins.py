"""The demonstration sign-ins every seeded council has: one per role, all with the same published password."""

from dataclasses import dataclass

from carefile.workforce.models import Role

DEMO_PASSWORD = "Carefile-demo-2026"


@dataclass(frozen=True)
class DemoSignin:
    username: str
    role: str
    about: str


DEMO_SIGNINS: list[DemoSignin] = [
    DemoSignin(
        "social.worker", Role.SOCIAL_WORKER, "Child protection social worker with a caseload of about 15"
    ),
    DemoSignin("team.manager", Role.TEAM_MANAGER, "Manages the social worker's team; holds 3 cases"),
    DemoSignin(
        "reviewing.officer", Role.REVIEWING_OFFICER, "Independent reviewing officer for children in care"
    ),
    DemoSignin("head.of.service", Role.HEAD_OF_SERVICE, "Head of service"),
    DemoSignin("analyst", Role.PERFORMANCE_ANALYST, "Performance analyst"),
    DemoSignin("inspector", Role.INSPECTOR, "Inspector with read-only access"),
    DemoSignin("admin", Role.ADMINISTRATOR, "Council administrator; also signs in to Django admin"),
]

DEMO_USERNAMES = [s.username for s in DEMO_SIGNINS]
