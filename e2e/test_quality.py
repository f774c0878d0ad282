"""Quality end to end in a real Chromium, with axe-core on every new page.

Journey: a social worker records an assessed service (short breaks) for a disabled child; the team manager
approves it; the waiting list, filtered to disabled children, shows it with its wait. Then each other quality
page (audit rounds, a round, an audit, grading, results, the improvement plan and its action form) is opened
and checked with axe-core.
"""

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not Path(CHROMIUM_PATH).is_file():
    pytest.skip(
        f"Chromium not found at {CHROMIUM_PATH}: set CHROMIUM_PATH or install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from playwright.sync_api import expect  # noqa: E402

from .axe import AXE_PATH, assert_accessible  # noqa: E402

if not AXE_PATH.is_file():
    pytest.skip(f"axe-core not found at {AXE_PATH}: run `npm ci`", allow_module_level=True)

pytestmark = pytest.mark.e2e


def _h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def _date(page, group: str, day) -> None:
    fields = page.get_by_role("group", name=re.compile(rf"^{group}"))
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_disabled_childs_assessed_service_is_recorded_approved_and_listed_with_its_wait(
    page, world, signed_in_as, axe_preloaded
):
    from carefile.people.models import PersonDisability
    from carefile.quality.defaults import ensure_defaults
    from carefile.quality.models import ServiceRequest, ServiceStatus

    ensure_defaults()  # transactional tests flush what the data migration added

    child, worker, manager = world.child, world.worker, world.manager
    PersonDisability.objects.filter(person=child).delete()
    PersonDisability.objects.create(person=child, code="AUT")
    today = timezone.localdate()
    assessed = today - timedelta(days=30)

    # --- The social worker records the assessed need from Amelia's services page.
    signed_in_as(worker)
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name=re.compile("Record or update assessed services")).click()
    _h1(page, "Assessed services")
    assert_accessible(page)
    page.get_by_role("link", name="Record an assessed service").click()
    _h1(page, "Record an assessed service")
    assert_accessible(page)
    page.get_by_role("button", name="Save request").click()  # empty: GOV.UK errors
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_service_type").select_option(label="Short breaks")
    page.get_by_label("Assessed need").fill(
        "Monthly short breaks: Amelia's parents have had no rest for a year"
    )
    _date(page, "Date need assessed", assessed)
    page.get_by_role("button", name="Save request").click()
    _h1(page, "Assessed services")
    expect(page.locator("main")).to_contain_text("Awaiting approval")
    _sign_out(page)

    # --- The team manager approves it.
    signed_in_as(manager)
    page.goto(f"/people/{child.pk}/services/")
    page.get_by_role("link", name=re.compile("Approve or decline")).click()
    _h1(page, "Approve or decline the service")
    assert_accessible(page)
    page.get_by_label("Approved", exact=True).check()
    _date(page, "Date of decision", assessed - timedelta(days=1))  # before the assessment: refused
    page.get_by_label("Rationale").fill("Meets the short breaks eligibility criteria")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("after the need was assessed")
    approved = assessed + timedelta(days=10)
    _date(page, "Date of decision", approved)
    page.get_by_role("button", name="Save decision").click()
    _h1(page, "Assessed services")
    request = ServiceRequest.objects.get(child=child)
    assert request.status == ServiceStatus.AWAITING_START and request.decided_on == approved

    # --- The waiting list, disabled children only, shows Amelia's wait: 30 calendar days so far.
    page.goto("/services/")
    _h1(page, "Assessed services waiting list")
    page.get_by_label("Disabled children only").check()
    page.get_by_role("button", name="Apply filters").click()
    row = page.locator("tbody tr", has_text="HUGHES, Amelia")
    expect(row).to_contain_text("Short breaks")
    expect(row).to_contain_text("Approved, waiting to start")
    expect(row.locator("td").nth(6)).to_contain_text("30 days")
    expect(row.locator("td").nth(4)).to_contain_text("10 days")
    assert_accessible(page)
    # The start form refuses a start before approval, then records it; the end form follows.
    page.goto(f"/people/{child.pk}/services/start/?request={request.pk}")
    _h1(page, "Record the start of the service")
    assert_accessible(page)
    _date(page, "Start date", approved - timedelta(days=1))
    page.get_by_role("button", name="Save start").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("after the approval")
    _date(page, "Start date", today)
    page.get_by_role("button", name="Save start").click()
    _h1(page, "Assessed services")
    expect(page.locator("main")).to_contain_text("In place")
    page.get_by_role("link", name=re.compile("Record end")).click()
    _h1(page, "Record the end of the service")
    assert_accessible(page)


def test_audit_and_improvement_plan_pages_are_accessible(page, world, signed_in_as, axe_preloaded):
    from carefile.quality import services
    from carefile.quality.defaults import ensure_defaults
    from carefile.quality.models import AuditTemplate, Grade
    from carefile.testing.factories import StaffFactory
    from carefile.workforce.models import Role

    ensure_defaults()
    head = StaffFactory(role=Role.HEAD_OF_SERVICE, team=world.team)
    now = timezone.now()
    template = AuditTemplate.objects.get(name="Practice standards case file audit")
    for child in [world.child, *world.other_children]:
        child.case_status = "child_in_need"
        child.save(update_fields=["case_status"])
    audit_round = services.audit_round_create(
        name="Spring audit",
        template=template,
        teams=[world.team],
        per_team=2,
        started_on=date.today(),
        by=world.manager,
        at=now,
        seed=5,
    )
    audit = audit_round.audits.first()
    services.audit_grade(
        audit=audit,
        grades={d.pk: (Grade.GOOD, "Evident") for d in template.domains.all()},
        summary="",
        by=world.manager,
        at=now,
    )
    rec = services.recommendation_add(
        source="Ofsted focused visit",
        source_date=date(2019, 2, 4),
        text="The quality of planning and social work plans.",
        at=now,
    )
    action = services.plan_action_add(
        recommendation=rec,
        description="Audit plan quality each round",
        owner=world.manager,
        due=date.today() + timedelta(days=30),
        indicator_keys=["cpp_ended_2y_plus_pct"],
        by=head,
        at=now,
    )

    signed_in_as(head)
    for url, heading in [
        ("/quality/", "Quality"),
        ("/audits/", "Case file audits"),
        ("/audits/new/", "Start an audit round"),
        (f"/audits/{audit_round.pk}/", "Spring audit"),
        (f"/people/{audit.child_id}/audits/?audit={audit.pk}", "Case file audit"),
        (f"/people/{audit.child_id}/audits/", "Case file audits"),
        (f"/people/{audit.child_id}/audits/moderate/?audit={audit.pk}", "Moderate the audit"),
        (f"/people/{audit.child_id}/audits/actions/new/?audit={audit.pk}", "Add an action from the audit"),
        ("/audits/results/", "Case file audit results"),
        ("/improvement-plan/", "Improvement plan"),
        ("/improvement-plan/recommendations/new/", "Add a recommendation"),
        (f"/improvement-plan/recommendations/{rec.pk}/actions/new/", "Add an action"),
        (f"/improvement-plan/actions/{action.pk}/", "Update the action"),
    ]:
        page.goto(url)
        _h1(page, heading)
        assert_accessible(page)
    # Grading form, as another auditor's page for an ungraded audit.
    other = audit_round.audits.exclude(pk=audit.pk).first()
    page.goto(f"/people/{other.child_id}/audits/grade/?audit={other.pk}")
    _h1(page, "Grade the case file")
    assert_accessible(page)
    page.get_by_role("button", name="Save grades").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
