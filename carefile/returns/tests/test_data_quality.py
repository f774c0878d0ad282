"""The data-quality page and its refresh: findings stored from the checker's JSON, linked to children,
counted by rule, filtered and paged; restricted children counted but never named to those not on their list."""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from carefile.common.models import AccessLog
from carefile.people.models import RestrictedAccess
from carefile.returns import data_quality
from carefile.returns.models import DataQualityIssue, DataQualityRun, RunStatus
from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Role

URL = "/returns/data-quality/"


def findings(cin_children=(), ssda_children=()):
    """What scripts/validators/check_returns.py --json writes (the shape its parser reads)."""
    return {
        "cin": {
            "errors": {
                "8606": {"description": "Child's sex must be recorded", "children": list(cin_children)}
            },
            "queries": {"2887Q": {"description": "Fewer than 8 disability codes", "children": []}},
            "raised": [],
            "issues": [
                {
                    "code": "8606",
                    "type": "Error",
                    "description": "Child's sex must be recorded",
                    "child": c,
                    "detail": "Sex",
                }
                for c in cin_children
            ]
            + [
                {
                    "code": "2887Q",
                    "type": "Query",
                    "description": "Fewer than 8 disability codes",
                    "child": "",
                    "detail": "",
                }
            ],
        },
        "ssda903": {
            "errors": {"103": {"description": "Ethnicity not valid", "children": ["2 rows"]}},
            "queries": {},
            "raised": [],
            "issues": [
                {
                    "code": "103",
                    "type": "Error",
                    "description": "Ethnicity not valid",
                    "child": c,
                    "detail": "Header",
                }
                for c in ssda_children
            ],
        },
    }


def make_run(year=None, **kwargs):
    year = year or data_quality.current_collection_year()
    return DataQualityRun.objects.create(year=year, started_at=datetime(2026, 1, 5, 2, tzinfo=UTC), **kwargs)


@pytest.mark.django_db
def test_findings_are_stored_one_per_child_and_rule_and_linked_to_the_child():
    a, b = PersonFactory(la_child_id="A100"), PersonFactory(la_child_id=None)
    run = make_run()
    count = data_quality.store_findings(run, findings(["A100", "NOSUCH"], [str(b.pk)]))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.finished_at is not None
    assert count == 4
    by_ref = {(i.rule_code, i.child_ref): i for i in DataQualityIssue.objects.filter(run=run)}
    assert by_ref[("8606", "A100")].person_id == a.pk
    assert by_ref[("8606", "NOSUCH")].person_id is None
    assert by_ref[("103", str(b.pk))].person_id == b.pk  # the exporters' fallback: the record id
    assert by_ref[("2887Q", "")].rule_type == "Query"
    counts = {c["rule_code"]: c["count"] for c in data_quality.rule_counts(run)}
    assert counts == {"8606": 2, "2887Q": 1, "103": 1}


@pytest.mark.django_db
def test_a_rule_reported_only_as_a_count_is_kept_as_a_return_level_problem():
    run = make_run()
    result = findings(["A1"])
    result["ssda903"]["issues"] = []
    data_quality.store_findings(run, result)
    issue = DataQualityIssue.objects.get(run=run, rule_code="103")
    assert issue.child_ref == "" and issue.detail == "2 rows"


@pytest.mark.django_db
def test_refresh_without_the_validators_virtualenv_says_so(settings, tmp_path):
    settings.VALIDATORS_PYTHON = str(tmp_path / "missing" / "python")
    run = data_quality.refresh(2026)
    assert run.status == RunStatus.UNAVAILABLE
    assert "not installed" in run.message and str(tmp_path) in run.message


@pytest.mark.django_db
def test_command_fails_and_says_why_without_the_validators(settings, tmp_path):
    settings.VALIDATORS_PYTHON = str(tmp_path / "missing" / "python")
    with pytest.raises(CommandError, match="not installed"):
        call_command("refresh_data_quality", "--year", "2026")
    assert DataQualityRun.objects.get().status == RunStatus.UNAVAILABLE


FAKE_CHECKER = """
import json, sys
args = sys.argv[1:]
out = args[args.index("--json") + 1]
json.dump({FINDINGS}, open(out, "w"))
"""


@pytest.mark.django_db
def test_refresh_runs_the_checker_as_a_subprocess_and_stores_what_it_reports(settings, tmp_path, monkeypatch):
    """The exporters and the validators' venv are stood in for: a fake exporter writes files, and the
    'validators python' is this interpreter running a stand-in checker that writes the JSON."""
    PersonFactory(la_child_id="C77")
    checker = tmp_path / "check.py"
    checker.write_text(FAKE_CHECKER.replace("{FINDINGS}", repr(findings(["C77"]))))
    settings.VALIDATORS_PYTHON = sys.executable
    monkeypatch.setattr(data_quality, "CHECKER", checker)
    seen = {}

    def fake_export(year, directory, progress):
        seen["year"] = year
        cin = directory / "cin.xml"
        cin.write_text("<Message/>")
        return cin, None, None, ["SSDA903 not checked."]

    monkeypatch.setattr(data_quality, "_export", fake_export)
    out = []
    run = data_quality.refresh(2026, progress=out.append)
    assert seen["year"] == 2026
    assert run.status == RunStatus.DONE, run.message
    assert run.issues.filter(rule_code="8606", child_ref="C77", person__isnull=False).exists()
    assert "SSDA903 not checked." in run.message
    assert any("Stored" in line for line in out)


@pytest.mark.django_db
def test_checker_that_writes_nothing_fails_the_run(settings, tmp_path, monkeypatch):
    checker = tmp_path / "check.py"
    checker.write_text("import sys; print('boom', file=sys.stderr); sys.exit(2)")
    settings.VALIDATORS_PYTHON = sys.executable
    monkeypatch.setattr(data_quality, "CHECKER", checker)
    monkeypatch.setattr(data_quality, "_export", lambda year, d, p: ((d / "c.xml"), None, None, []))
    run = data_quality.refresh(2026)
    assert run.status == RunStatus.FAILED and "boom" in run.message


def test_collection_year():
    from datetime import date

    assert data_quality.current_collection_year(date(2026, 3, 31)) == 2026
    assert data_quality.current_collection_year(date(2026, 4, 1)) == 2027


# ---- the page ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.INSPECTOR])
def test_page_is_for_analysts_heads_of_service_and_administrators_only(signed_in, role):
    client, _ = signed_in(role)
    assert client.get(URL).status_code == 403
    assert client.post(reverse("returns:data_quality_refresh")).status_code == 403


@pytest.mark.django_db
def test_page_lists_problems_linked_to_children_with_counts_and_logs_the_access(signed_in):
    client, staff = signed_in(Role.PERFORMANCE_ANALYST)
    child = PersonFactory(la_child_id="A100", given_name="Amira", family_name="Khan")
    run = make_run()
    data_quality.store_findings(run, findings(["A100"]))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Last refreshed" in body and "Data quality" in body
    assert f'href="/people/{child.pk}/"' in body and "KHAN, Amira" in body
    assert "8606" in body and "2887Q" in body
    assert (
        AccessLog.objects.filter(user=staff.user, person=child, view_name="returns:data_quality").count() == 1
    )


@pytest.mark.django_db
def test_restricted_child_is_counted_but_not_named_to_those_not_on_the_list(signed_in):
    client, staff = signed_in(Role.HEAD_OF_SERVICE)
    hidden = PersonFactory(la_child_id="R1", given_name="Secret", family_name="Person", restricted=True)
    run = make_run()
    data_quality.store_findings(run, findings(["R1"]))
    body = client.get(URL).content.decode()
    assert "Secret" not in body and "R1" not in body
    assert "A restricted record" in body
    assert not AccessLog.objects.filter(person=hidden).exists()
    counts = {c["rule_code"]: c["count"] for c in client.get(URL).context["counts"]}
    assert counts["8606"] == 1
    # On the access list: named.
    RestrictedAccess.objects.create(
        person=hidden, user=staff.user, granted_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert "PERSON, Secret" in client.get(URL).content.decode()


@pytest.mark.django_db
def test_filter_by_rule_and_paging(signed_in, settings):
    settings.PAGE_SIZE = 3
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    refs = [f"P{n}" for n in range(7)]
    for ref in refs:
        PersonFactory(la_child_id=ref)
    data_quality.store_findings(make_run(), findings(refs, ["P1"]))
    response = client.get(URL, {"rule": "8606"})
    page = response.context["page"]
    assert page.paginator.count == 7 and len(response.context["rows"]) == 3
    assert {r["issue"].rule_code for r in response.context["rows"]} == {"8606"}
    assert "rule=8606" in response.context["query_string"]
    last = client.get(URL, {"rule": "8606", "page": 3})
    assert len(last.context["rows"]) == 1
    only_903 = client.get(URL, {"return": "ssda903"})
    assert [r["issue"].rule_code for r in only_903.context["rows"]] == ["103"]


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_the_number_of_problems(
    signed_in, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 25
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    run = make_run()
    # Return-level and unmatched problems: nothing to log, so the query count is the page's own.
    data_quality.store_findings(run, findings([f"X{n}" for n in range(60)]))
    with django_assert_max_num_queries(20):
        assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_page_says_when_validators_are_missing_and_refresh_is_running(signed_in, settings, tmp_path):
    settings.VALIDATORS_PYTHON = str(tmp_path / "none")
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    from carefile.common import clock

    DataQualityRun.objects.create(year=data_quality.current_collection_year(), started_at=clock.now())
    body = client.get(URL).content.decode()
    assert "validators are not installed" in body
    assert "Refresh running" in body


@pytest.mark.django_db
def test_refresh_button_starts_one_background_refresh(
    signed_in, monkeypatch, django_capture_on_commit_callbacks
):
    client, staff = signed_in(Role.PERFORMANCE_ANALYST)
    launched = []
    monkeypatch.setattr(data_quality, "_launch_thread", launched.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("returns:data_quality_refresh"))
    assert response.status_code == 302
    run = DataQualityRun.objects.get()
    assert launched == [run.pk] and run.status == RunStatus.RUNNING and run.started_by == staff
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("returns:data_quality_refresh"))
    assert DataQualityRun.objects.count() == 1 and launched == [run.pk]


@pytest.mark.django_db
def test_head_of_service_sees_the_page_but_no_refresh_button(signed_in):
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    body = client.get(URL).content.decode()
    assert "Refresh now" not in body
    assert client.post(reverse("returns:data_quality_refresh")).status_code == 403


@pytest.mark.django_db
def test_navigation_has_data_quality_for_analysts(signed_in):
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    assert 'href="/returns/data-quality/"' in client.get("/").content.decode()


def test_checker_json_matches_what_the_parser_reads():
    """The real checker's --json keys (check_returns.py) are the ones parse_findings reads."""
    text = Path(data_quality.CHECKER).read_text()
    for key in ('"issues"', '"code"', '"type"', '"child"', '"detail"', "--json"):
        assert key in text
    assert json.loads(json.dumps(findings(["x"])))["cin"]["issues"][0]["child"] == "x"
