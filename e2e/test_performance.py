"""Performance dashboards in a real Chromium, with axe-core: the head of service's page (charts, the tables by
month behind them), a team manager's page, and a drill-down to the children behind a figure with a restricted
child counted but not listed and every listed child written to the access log."""

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import timezone

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not Path(CHROMIUM_PATH).is_file():
    pytest.skip(f"Chromium not found at {CHROMIUM_PATH}", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from playwright.sync_api import expect  # noqa: E402

from .axe import AXE_PATH, assert_accessible  # noqa: E402

if not AXE_PATH.is_file():
    pytest.skip(f"axe-core not found at {AXE_PATH}: run `npm ci`", allow_module_level=True)

pytestmark = pytest.mark.e2e


@pytest.fixture
def council(transactional_db, monkeypatch):
    from carefile.common import clock
    from carefile.performance.tests.conftest import Council, build_council

    monkeypatch.setattr(clock, "today", lambda: date(2025, 3, 31))
    monkeypatch.setattr(clock, "now", lambda: timezone.make_aware(datetime(2025, 3, 31, 12)))
    c = Council()
    c.kids = build_council(c)
    return c


def test_dashboards_and_drill_down_are_accessible(page, signed_in_as, council):
    from carefile.common.models import AccessLog
    from carefile.testing.factories import StaffFactory
    from carefile.workforce.models import Role

    kids = council.kids
    kids["i"].restricted = True
    kids["i"].save()
    head = StaffFactory(role=Role.HEAD_OF_SERVICE, team=None)
    signed_in_as(head)
    page.goto("/performance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance")
    expect(
        page.get_by_role("heading", name="Assessments completed within 45 working days of referral")
    ).to_be_visible()
    assert_accessible(page)
    # The table behind a chart
    page.locator("summary", has_text="By month").first.click()
    expect(page.get_by_role("table").first).to_contain_text("April 2024")
    assert_accessible(page)
    # The children behind "Children looked after at the end"
    page.get_by_role("link", name="See the children behind: Children looked after at the end").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children looked after")
    expect(page.get_by_text("1 restricted record not shown")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text(kids["h"].family_name.upper())
    expect(page.get_by_role("table")).not_to_contain_text(kids["i"].family_name.upper())
    assert_accessible(page)
    assert set(AccessLog.objects.filter(user=head.user).values_list("person_ref", flat=True)) == {
        kids["h"].pk
    }


def test_team_manager_dashboard_is_accessible(page, signed_in_as, council):
    from carefile.testing.factories import StaffFactory
    from carefile.workforce.models import Role

    manager = StaffFactory(role=Role.TEAM_MANAGER, team=council.team)
    signed_in_as(manager)
    page.goto("/performance/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Performance: {council.team.name}")
    assert_accessible(page)
