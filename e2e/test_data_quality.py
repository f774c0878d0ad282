"""The data-quality page in a real Chromium with axe-core: an analyst sees this year's validation problems
counted by rule, filters to one rule, follows a problem to the child's record and starts a refresh."""

import os
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not Path(CHROMIUM_PATH).is_file():
    pytest.skip(
        f"Chromium not found at {CHROMIUM_PATH}: set CHROMIUM_PATH or install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from django.utils import timezone  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from carefile.returns import data_quality  # noqa: E402
from carefile.returns.models import DataQualityRun  # noqa: E402

from .axe import AXE_PATH, assert_accessible  # noqa: E402

if not AXE_PATH.is_file():
    pytest.skip(f"axe-core not found at {AXE_PATH}: run `npm ci`", allow_module_level=True)

pytestmark = pytest.mark.e2e


def _findings(children):
    return {
        "cin": {
            "errors": {},
            "queries": {},
            "issues": [
                {
                    "code": "8606",
                    "type": "Error",
                    "description": "Sex must be M, F or U",
                    "child": c,
                    "detail": "Sex",
                }
                for c in children
            ]
            + [
                {
                    "code": "2887Q",
                    "type": "Query",
                    "description": "Fewer than 8 disability codes",
                    "child": "",
                }
            ],
        },
        "ssda903": {
            "errors": {},
            "queries": {},
            "issues": [
                {
                    "code": "103",
                    "type": "Error",
                    "description": "Ethnicity is not a valid code",
                    "child": children[0],
                }
            ],
        },
    }


def test_analyst_reviews_problems_by_rule_and_starts_a_refresh(
    page, world, signed_in_as, axe_preloaded, settings, tmp_path
):
    from carefile.testing.factories import StaffFactory, UserFactory
    from carefile.workforce.models import Role

    settings.VALIDATORS_PYTHON = str(tmp_path / "no-validators" / "python")
    analyst = StaffFactory(
        user=UserFactory(username="ana.lyst"),
        given_name="Ana",
        family_name="Lyst",
        role=Role.PERFORMANCE_ANALYST,
        team=None,
    )
    run = DataQualityRun.objects.create(
        year=data_quality.current_collection_year(), started_at=timezone.now()
    )
    refs = [world.child.la_child_id] + [c.la_child_id for c in world.other_children]
    data_quality.store_findings(run, _findings(refs))

    signed_in_as(analyst)
    page.get_by_role("link", name="Data quality").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data quality of the")
    expect(page.locator("#last-refresh")).not_to_contain_text("Not yet refreshed")
    expect(page.get_by_role("table", name="Number of problems for each validation rule")).to_contain_text(
        "8606"
    )
    assert_accessible(page)

    page.get_by_label("Rule").select_option("103")
    page.get_by_role("button", name="Apply filter").click()
    issues = page.locator("#issues")
    expect(issues).to_contain_text("HUGHES, Amelia")
    expect(issues).not_to_contain_text("8606")
    assert_accessible(page)

    issues.get_by_role("link", name="HUGHES, Amelia").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amelia")
    page.go_back()

    page.get_by_role("button", name="Refresh now").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Refresh started")
    assert_accessible(page)
    # Without the validators the background refresh finishes at once and the page says why.
    page.reload()
    expect(page.locator("body")).to_contain_text("validators are not installed")
