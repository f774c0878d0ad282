"""Browser tests: a real Chromium driven by Playwright's sync API against pytest-django's live server.

Chromium is the system one (CHROMIUM_PATH, default /usr/bin/chromium): no browser is ever downloaded.
Each test module skips itself when that binary is missing.
"""

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

# Playwright's sync API keeps an event loop running in this thread; Django would otherwise refuse
# ORM calls made from the test body (factories, assertions on the database).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = REPO_ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM_PATH).is_file():
        return (
            f"Chromium not found at {CHROMIUM_PATH}: install the Debian package `chromium` "
            "(make e2e-browser) or set CHROMIUM_PATH"
        )
    return None


@pytest.fixture(scope="session")
def playwright():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    runner = sync_api.sync_playwright().start()
    yield runner
    runner.stop()


@pytest.fixture(scope="session")
def browser(playwright):
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser, live_server):
    ctx = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London"
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 at full strength costs most of a second per sign-in; these tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def signed_in_as(page):
    """Sign the page in through the sign-in form as the given member of staff; returns the page."""
    from carefile.testing.factories import TEST_PASSWORD

    def _sign_in(staff):
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(staff.user.username)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in/" not in url)
        return page

    return _sign_in


@dataclass
class World:
    team: object
    manager: object
    worker: object
    child: object
    other_children: list
    unallocated: object
    mother: object


@pytest.fixture
def world(transactional_db):
    """A small, fixed council: one team, its manager, a social worker with three children, an unallocated
    child, and the first child's mother with an address. Names are fixed so screenshots are stable."""
    from carefile.people import services as people_services
    from carefile.people.codes import RelationshipKind
    from carefile.people.models import Person, PersonKind
    from carefile.testing.factories import StaffFactory, TeamFactory, UserFactory
    from carefile.workforce.models import AllocationChangeReason, Role, ServiceArea
    from carefile.workforce.services import case_allocate

    now = timezone.now()
    team = TeamFactory(name="Assessment North", service_area=ServiceArea.ASSESSMENT)
    manager = StaffFactory(
        user=UserFactory(username="grace.okafor"),
        given_name="Grace",
        family_name="Okafor",
        role=Role.TEAM_MANAGER,
        team=team,
    )
    team.manager = manager
    team.save(update_fields=["manager"])
    worker = StaffFactory(
        user=UserFactory(username="sam.patel"),
        given_name="Sam",
        family_name="Patel",
        role=Role.SOCIAL_WORKER,
        team=team,
    )

    def child(given, family, born, sex, la_child_id):
        person = people_services.person_create(
            by=manager,
            at=now,
            kind=PersonKind.CHILD,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            sex=sex,
            ethnicity="WBRI",
            responsible_team=team,
            disabilities=["NONE"],
        )
        # The service numbers a child from their database id, which differs from test to test; fix the
        # number so that screenshots taken in different tests agree.
        Person.objects.filter(pk=person.pk).update(la_child_id=la_child_id)
        person.la_child_id = la_child_id
        return person

    amelia = child("Amelia", "Hughes", date(2015, 5, 17), "F", "CF0004127")
    others = [
        child("Noah", "Clarke", date(2012, 9, 3), "M", "CF0003398"),
        child("Isla", "Bennett", date(2019, 1, 22), "F", "CF0005012"),
    ]
    for c in [amelia, *others]:
        case_allocate(
            child=c, worker=worker, by=manager, at=timezone.now(), reason=AllocationChangeReason.NEW_CASE
        )
    unallocated = child("Leo", "Ward", date(2017, 11, 30), "M", "CF0004780")
    mother = people_services.person_create(
        by=worker,
        at=now,
        kind=PersonKind.ADULT,
        given_name="Rachel",
        family_name="Hughes",
        date_of_birth=date(1988, 2, 1),
        sex="F",
        ethnicity="WBRI",
    )
    people_services.relationship_add(
        person=mother,
        other=amelia,
        kind=RelationshipKind.MOTHER,
        parental_responsibility=True,
        start=date(2015, 5, 17),
        by=worker,
        at=timezone.now(),
    )
    people_services.address_add(
        person=amelia,
        by=worker,
        at=timezone.now(),
        line1="14 Prebends Walk",
        line2="",
        town="Durham",
        postcode="DH1 4QW",
        start=date(2021, 9, 1),
    )
    return World(team, manager, worker, amelia, others, unallocated, mother)


@pytest.fixture
def screenshot():
    """Save a full-page screenshot to docs/screenshots/ for the README, only when CAREFILE_SCREENSHOTS=1."""

    def _save(page, name: str) -> Path | None:
        if os.environ.get("CAREFILE_SCREENSHOTS") != "1":
            return None
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / name
        page.screenshot(path=str(path), full_page=True)
        return path

    return _save


@dataclass
class FrontDoor:
    team: object
    worker: object
    full_worker: object
    full_workers_child: object


def build_front_door(world) -> FrontDoor:
    """The front door of the `world` council: a front-door (MASH) team with a social worker, and a social worker
    in the world's assessment team who is already at their caseload cap of one child. A plain function as well
    as a fixture, so that page set-ups in test_accessibility can build it from the world they are given."""
    from carefile.people import services as people_services
    from carefile.people.models import Person, PersonKind
    from carefile.testing.factories import StaffFactory, TeamFactory, UserFactory
    from carefile.workforce.models import AllocationChangeReason, Role, ServiceArea
    from carefile.workforce.services import case_allocate

    team = TeamFactory(name="Front Door MASH", service_area=ServiceArea.FRONT_DOOR)
    worker = StaffFactory(
        user=UserFactory(username="priya.shah"),
        given_name="Priya",
        family_name="Shah",
        role=Role.SOCIAL_WORKER,
        team=team,
    )
    full_worker = StaffFactory(
        user=UserFactory(username="tom.reid"),
        given_name="Tom",
        family_name="Reid",
        role=Role.SOCIAL_WORKER,
        team=world.team,
        caseload_cap=1,
    )
    mia = people_services.person_create(
        by=world.manager,
        at=timezone.now(),
        kind=PersonKind.CHILD,
        given_name="Mia",
        family_name="Lowe",
        date_of_birth=date(2016, 3, 8),
        sex="F",
        ethnicity="WBRI",
        responsible_team=world.team,
        disabilities=["NONE"],
    )
    Person.objects.filter(pk=mia.pk).update(la_child_id="CF0006231")
    mia.la_child_id = "CF0006231"
    case_allocate(
        child=mia,
        worker=full_worker,
        by=world.manager,
        at=timezone.now(),
        reason=AllocationChangeReason.NEW_CASE,
    )
    return FrontDoor(team, worker, full_worker, mia)


@pytest.fixture
def front_door(world):
    return build_front_door(world)


@pytest.fixture
def axe_preloaded(context):
    """Load axe-core into every page the context opens, before the page's own scripts.

    The content security policy (script-src 'self') blocks the inline <script> that page.add_script_tag(path=…)
    would add; a script added through the DevTools protocol is not subject to the page's policy. axe.py sees
    window.axe is already there and does not inject it again."""
    from .axe import AXE_PATH

    if AXE_PATH.is_file():
        context.add_init_script(path=str(AXE_PATH))
    return context
