"""The improvement plan: recommendations, actions with status and evidence, linked indicator keys."""

from datetime import date

import pytest
from django.urls import reverse

from carefile.common.extensions import actions_due_for
from carefile.quality import indicators, services
from carefile.quality.models import PlanAction, PlanStatus
from carefile.quality.services import QualityError
from carefile.workforce.models import Role

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(council):
    rec = services.recommendation_add(
        source="Ofsted focused visit",
        source_date=date(2019, 2, 4),
        text="The quality of planning",
        at=at(2026, 3, 2),
    )
    return services.plan_action_add(
        recommendation=rec,
        description="Audit plan quality",
        owner=council.manager,
        due=date(2026, 4, 1),
        indicator_keys=["cpp_ended_2y_plus_pct"],
        by=council.head,
        at=at(2026, 3, 2),
    )


def test_complete_needs_evidence_and_unknown_indicators_are_refused(council, action):
    kwargs = dict(
        action=action,
        evidence_url="",
        owner=council.manager,
        due=action.due,
        by=council.head,
        at=at(2026, 3, 3),
    )
    with pytest.raises(QualityError) as error:
        services.plan_action_update(status=PlanStatus.COMPLETE, evidence="", indicator_keys=[], **kwargs)
    assert "evidence" in error.value.errors
    with pytest.raises(QualityError):
        services.plan_action_update(
            status=PlanStatus.ON_TRACK, evidence="", indicator_keys=["nope"], **kwargs
        )
    services.plan_action_update(
        status=PlanStatus.COMPLETE, evidence="Audit done", indicator_keys=["referrals"], **kwargs
    )
    action.refresh_from_db()
    assert action.status == PlanStatus.COMPLETE and action.indicator_keys == ["referrals"]


def test_plan_page_shows_indicator_key_or_its_value(council, action, signed_in, monkeypatch):
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    monkeypatch.setattr(indicators, "_performance_function", lambda names: None)
    page = client.get(reverse("quality:plan")).content.decode()
    assert "Audit plan quality" in page and "<code>cpp_ended_2y_plus_pct</code>" in page
    monkeypatch.setattr(
        indicators,
        "_performance_function",
        lambda names: (lambda keys: {k: 12.5 for k in keys}) if "current_values" in names else None,
    )
    page = client.get(reverse("quality:plan")).content.decode()
    assert "<strong>12.5</strong>" in page


def test_a_failing_indicator_function_does_not_break_the_page(monkeypatch):
    def boom(keys):
        raise RuntimeError("no data")

    monkeypatch.setattr(indicators, "_performance_function", lambda names: boom)
    assert indicators.current_values(["referrals"]) == {}


def test_update_form_and_owner_access(council, action, signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    url = reverse("quality:plan_action_edit", args=[action.pk])
    assert client.get(url).status_code == 403
    manager, _ = signed_in(Role.TEAM_MANAGER)
    due = {"due_0": "1", "due_1": "4", "due_2": "2026"}
    response = manager.post(
        url, {"status": "on_track", "owner": council.manager.pk, **due, "evidence_url": "x y"}
    )
    assert "Enter a link in the correct format" in response.content.decode()
    response = manager.post(url, {"status": "complete", "owner": council.manager.pk, **due})
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter the evidence" in page
    response = manager.post(
        url,
        {
            "status": "at_risk",
            "owner": council.manager.pk,
            "due_0": "1",
            "due_1": "4",
            "due_2": "2026",
            "evidence": "Short of staff",
            "indicator_keys": ["assessments_within_45wd_pct"],
        },
    )
    assert response.status_code == 302
    assert PlanAction.objects.get().status == PlanStatus.AT_RISK


def test_plan_actions_are_on_the_owners_actions_due_until_complete(council, action):
    items = actions_due_for(user=council.head.user, owners=[council.manager], today=date(2026, 3, 2))
    assert [i.title for i in items if i.source == "Improvement plan"] == ["Audit plan quality"]
    PlanAction.objects.update(status=PlanStatus.COMPLETE)
    items = actions_due_for(user=council.head.user, owners=[council.manager], today=date(2026, 3, 2))
    assert not [i for i in items if i.source == "Improvement plan"]


def test_pages_for_each_role(council, action, signed_in):
    client, _ = signed_in(Role.INSPECTOR)
    assert client.get(reverse("quality:plan")).status_code == 200
    assert client.get(reverse("quality:recommendation_new")).status_code == 403
    assert client.get(reverse("quality:index")).status_code == 200
