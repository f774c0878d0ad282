"""Case file audits: the reproducible sample, grading, moderation by a second auditor, results, actions."""

from datetime import date

import pytest
from django.urls import reverse

from carefile.common.extensions import actions_due_for
from carefile.common.models import AccessLog
from carefile.quality import selectors, services
from carefile.quality.models import AuditStatus, AuditTemplate, CaseAudit, Grade
from carefile.quality.services import QualityError
from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Role

from .conftest import at

pytestmark = pytest.mark.django_db


def test_sample_is_reproducible_and_per_team():
    cases = {1: list(range(100, 140)), 2: list(range(200, 203))}
    first = services.draw_sample(seed=42, per_team=5, cases_by_team=cases)
    assert first == services.draw_sample(seed=42, per_team=5, cases_by_team={2: cases[2][::-1], 1: cases[1]})
    assert len(first[1]) == 5 and set(first[1]) <= set(cases[1])
    assert first[2] == [200, 201, 202]  # fewer cases than asked: all of them
    assert services.draw_sample(seed=43, per_team=5, cases_by_team=cases)[1] != first[1]


@pytest.fixture
def template(db):
    return AuditTemplate.objects.get(name="Practice standards case file audit")


@pytest.fixture
def audit_round(council, template):
    for _ in range(6):
        PersonFactory(responsible_team=council.team, case_status="child_in_need")
    PersonFactory(responsible_team=council.team, case_status="")  # closed: never sampled
    PersonFactory(responsible_team=council.team, case_status="child_in_need", restricted=True)
    return services.audit_round_create(
        name="March 2026",
        template=template,
        teams=[council.team, council.other_team],
        per_team=4,
        started_on=date(2026, 3, 2),
        by=council.manager,
        at=at(2026, 3, 2),
        seed=99,
    )


def test_round_samples_open_unrestricted_cases_with_stored_seed(council, audit_round):
    audits = CaseAudit.objects.filter(round=audit_round)
    assert audits.filter(team=council.team).count() == 4
    assert audits.filter(team=council.other_team).count() == 1  # only Ben is open there
    assert not audits.filter(child__restricted=True).exists()
    assert not audits.filter(child__case_status="").exists()
    again = services.draw_sample(
        seed=audit_round.seed, per_team=4, cases_by_team=selectors.open_cases_by_team([council.team])
    )
    assert sorted(again[council.team.pk]) == sorted(
        audits.filter(team=council.team).values_list("child_id", flat=True)
    )


def _grade_all(audit, template, by, grade=Grade.GOOD):
    grades = {d.pk: (grade, "Seen in the file") for d in template.domains.all()}
    return services.audit_grade(audit=audit, grades=grades, summary="ok", by=by, at=at(2026, 3, 5))


def test_grading_needs_every_domain_with_a_comment(council, audit_round, template):
    audit = audit_round.audits.first()
    domains = list(template.domains.all())
    with pytest.raises(QualityError) as error:
        services.audit_grade(
            audit=audit, grades={domains[0].pk: (2, "")}, summary="", by=council.manager, at=at(2026, 3, 5)
        )
    assert f"comment_{domains[0].pk}" in error.value.errors and f"grade_{domains[1].pk}" in error.value.errors
    audit = _grade_all(audit, template, council.manager)
    assert audit.status == AuditStatus.GRADED and audit.grades.count() == 4


def test_moderation_by_a_second_auditor_with_reasons_for_changes(council, audit_round, template):
    audit = _grade_all(audit_round.audits.first(), template, council.manager)
    first, *rest = template.domains.all()
    with pytest.raises(QualityError):
        services.audit_moderate(audit=audit, changes={}, note="", by=council.manager, at=at(2026, 3, 6))
    with pytest.raises(QualityError) as error:
        services.audit_moderate(
            audit=audit,
            changes={first.pk: (Grade.INADEQUATE, "")},
            note="",
            by=council.head,
            at=at(2026, 3, 6),
        )
    assert f"reason_{first.pk}" in error.value.errors
    services.audit_moderate(
        audit=audit,
        changes={first.pk: (Grade.REQUIRES_IMPROVEMENT, "No child's words")},
        note="",
        by=council.head,
        at=at(2026, 3, 6),
    )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATED and audit.moderator == council.head
    grades = {g.domain_id: g for g in audit.grades.all()}
    assert grades[first.pk].final_grade == Grade.REQUIRES_IMPROVEMENT and grades[first.pk].changed
    assert all(grades[d.pk].final_grade == Grade.GOOD and not grades[d.pk].changed for d in rest)
    with pytest.raises(QualityError):
        _grade_all(audit, template, council.manager)


def test_results_use_final_grades_by_team_and_domain(council, audit_round, template):
    audits = list(audit_round.audits.all())
    _grade_all(audits[0], template, council.manager, Grade.GOOD)
    _grade_all(audits[1], template, council.manager, Grade.INADEQUATE)
    first = template.domains.first()
    services.audit_moderate(
        audit=audits[1],
        changes={first.pk: (Grade.GOOD, "Better than it looked")},
        note="",
        by=council.head,
        at=at(2026, 3, 6),
    )
    result = selectors.results([audit_round])[0]
    assert result.overall.total == 8 and result.moderated == 1
    assert result.overall.good_or_better_pct == 62.5  # 5 of 8
    assert result.by_domain[first.name].good_or_better_pct == 100.0


def test_audit_page_is_access_logged_and_grading_form_validates(council, audit_round, template, signed_in):
    audit = audit_round.audits.first()
    client, staff = signed_in(Role.TEAM_MANAGER)
    url = reverse("quality:audit", args=[audit.child_id]) + f"?audit={audit.pk}"
    assert client.get(url).status_code == 200
    assert AccessLog.objects.filter(
        user=staff.user, person_id=audit.child_id, reason="Case file audit"
    ).exists()
    response = client.post((reverse("quality:audit_grade", args=[audit.child_id]) + f"?audit={audit.pk}"), {})
    assert "govuk-error-summary" in response.content.decode()
    data = {f"grade_{d.pk}": "2" for d in template.domains.all()} | {
        f"comment_{d.pk}": "Fine" for d in template.domains.all()
    }
    assert (
        client.post(
            (reverse("quality:audit_grade", args=[audit.child_id]) + f"?audit={audit.pk}"), data
        ).status_code
        == 302
    )
    # The same auditor cannot moderate their own audit.
    assert "Moderate the audit" not in client.get(url).content.decode()


def test_round_page_logs_listed_children(council, audit_round, signed_in):
    client, staff = signed_in(Role.HEAD_OF_SERVICE)
    assert client.get(reverse("quality:audit_round", args=[audit_round.pk])).status_code == 200
    assert AccessLog.objects.filter(user=staff.user, view_name="quality:audit_round").count() == 5


def test_analysts_read_results_but_do_not_grade(council, audit_round, signed_in):
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    assert client.get(reverse("quality:audit_results")).status_code == 200
    assert client.get(reverse("quality:audits")).status_code == 200
    audit = audit_round.audits.first()
    assert (
        client.get(reverse("quality:audit_grade", args=[audit.child_id]) + f"?audit={audit.pk}").status_code
        == 403
    )
    assert client.get(reverse("quality:audit_round_new")).status_code == 403
    sw, _ = signed_in(Role.SOCIAL_WORKER)
    assert sw.get(reverse("quality:audits")).status_code == 403


def test_new_round_form(council, template, signed_in):
    PersonFactory(responsible_team=council.team, case_status="child_in_need")
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    response = client.post(reverse("quality:audit_round_new"), {"name": "", "per_team": "0"})
    page = response.content.decode()
    assert "Enter name of the round" in page and "Cases per team must be between 1 and 50" in page
    response = client.post(
        reverse("quality:audit_round_new"),
        {
            "name": "April",
            "template": template.pk,
            "teams": [council.team.pk],
            "per_team": "3",
            "started_on_0": "1",
            "started_on_1": "4",
            "started_on_2": "2026",
            "seed": "7",
        },
    )
    assert response.status_code == 302
    assert CaseAudit.objects.filter(round__name="April").count() == 2  # Ava and the new child


def test_audit_actions_appear_on_the_owners_actions_due(council, audit_round, template):
    audit = _grade_all(audit_round.audits.first(), template, council.manager)
    action = services.audit_action_add(
        audit=audit,
        description="Record the child's words",
        owner=council.worker,
        due=date(2026, 3, 20),
        by=council.manager,
        at=at(2026, 3, 5),
    )
    items = actions_due_for(user=council.manager.user, owners=[council.worker], today=date(2026, 3, 25))
    mine = [i for i in items if i.source == "Case audit"]
    assert [i.title for i in mine] == ["Record the child's words"] and mine[0].overdue_on(date(2026, 3, 25))
    services.audit_action_done(
        action=action, done_on=date(2026, 3, 19), by=council.worker, at=at(2026, 3, 25)
    )
    items = actions_due_for(user=council.manager.user, owners=[council.worker], today=date(2026, 3, 25))
    assert not [i for i in items if i.source == "Case audit"]
