"""The dashboards, the children behind a figure (restricted records, the access log, CSV), targets and who may
see what."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common import clock
from carefile.common.audit import audit_chain_verify
from carefile.common.models import AccessLog
from carefile.people.models import RestrictedAccess
from carefile.performance.models import Target
from carefile.workforce.models import Role

from .conftest import Council, build_council

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 31)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: timezone.make_aware(datetime(2025, 3, 31, 12)))


def test_head_of_service_dashboard_shows_figures_charts_tables_and_targets(signed_in, council):
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    response = client.get(reverse("performance:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Assessments completed within 45 working days of referral" in html
    assert "<svg" in html and 'role="img"' in html
    assert "By month" in html and "April 2024" in html and "March 2025" in html
    assert "Target 85.0%" in html
    assert "Misses target" in html  # 50% of assessments in time
    assert reverse("performance:children", args=["assessments_within_45wd_pct"]) in html
    assert "Carefile does not record funded posts" in html  # vacancy rate: null with its reason


def test_dashboard_query_count_does_not_grow_with_the_council(
    signed_in, council, django_assert_max_num_queries
):
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    client.get(reverse("performance:index"))  # warm caches (holiday table, content types)
    with django_assert_max_num_queries(80) as small:
        assert client.get(reverse("performance:index")).status_code == 200
    for _ in range(3):
        build_council(Council())
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("performance:index")).status_code == 200


def test_team_manager_sees_own_team_only(signed_in, council):
    client, manager = signed_in(Role.TEAM_MANAGER, team=council.team)
    assert client.get(reverse("performance:index")).url == reverse("performance:team", args=[council.team.pk])
    assert client.get(reverse("performance:team", args=[council.team.pk])).status_code == 200
    other = Council()
    assert client.get(reverse("performance:team", args=[other.team.pk])).status_code == 403
    url = reverse("performance:children", args=["cla_at_end"]) + f"?team={other.team.pk}"
    assert client.get(url).status_code == 403


def test_social_worker_has_no_performance_pages(signed_in, council):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    assert client.get(reverse("performance:index")).status_code == 403
    assert client.get(reverse("performance:children", args=["referrals"])).status_code == 403


def test_drill_down_lists_children_logs_access_and_hides_restricted(signed_in, council):
    kids = council.kids
    kids["i"].restricted = True
    kids["i"].save()
    client, staff = signed_in(Role.HEAD_OF_SERVICE)
    url = reverse("performance:children", args=["cla_at_end"])
    response = client.get(url)
    html = response.content.decode()
    assert kids["h"].family_name.upper() in html
    assert kids["i"].family_name.upper() not in html
    assert "1 restricted record not shown" in html
    logged = set(AccessLog.objects.filter(user=staff.user).values_list("person_ref", flat=True))
    assert logged == {kids["h"].pk}
    assert audit_chain_verify() >= 1
    # On the access list: listed (and logged)
    RestrictedAccess.objects.create(person=kids["i"], user=staff.user, granted_at=timezone.now())
    html = client.get(url).content.decode()
    assert kids["i"].family_name.upper() in html and "restricted record" not in html


def test_drill_down_filters_by_team_worker_and_month(signed_in, council):
    from carefile.testing.factories import AllocationFactory

    kids = council.kids
    AllocationFactory(child=kids["h"], worker=council.worker)
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    url = reverse("performance:children", args=["cla_at_end"])
    html = client.get(url + f"?worker={council.worker.pk}").content.decode()
    assert kids["h"].family_name.upper() in html and kids["i"].family_name.upper() not in html
    other = Council()
    html = client.get(url + f"?team={other.team.pk}").content.decode()
    assert "No children to list" in html
    # Referrals in April 2024 only: b
    html = client.get(reverse("performance:children", args=["referrals"]) + "?month=2024-04").content.decode()
    assert kids["b"].family_name.upper() in html and kids["r"].family_name.upper() not in html


def test_csv_download_is_access_logged_and_counts_restricted(signed_in, council):
    kids = council.kids
    kids["h"].restricted = True
    kids["h"].save()
    client, staff = signed_in(Role.HEAD_OF_SERVICE)
    response = client.get(reverse("performance:children", args=["cla_at_end"]) + "?format=csv")
    assert response["Content-Type"] == "text/csv"
    body = response.content.decode()
    assert kids["i"].family_name in body and kids["h"].family_name not in body
    assert "1 restricted records not shown" in body
    assert list(AccessLog.objects.filter(user=staff.user).values_list("person_ref", "view_name")) == [
        (kids["i"].pk, "performance:children_csv")
    ]


def test_targets_are_edited_by_head_of_service_with_errors_shown(signed_in, council):
    client, staff = signed_in(Role.HEAD_OF_SERVICE)
    url = reverse("performance:targets")
    page = client.get(url)
    assert page.status_code == 200
    data = {}
    for field in page.context["form"]:
        data[field.html_name] = "" if field.value() is None else str(field.value())
    data["assessments_within_45wd_pct__value"] = "abc"
    response = client.post(url, data)
    assert "There is a problem" in response.content.decode()
    assert not Target.objects.exists()
    data["assessments_within_45wd_pct__value"] = "90"
    data["assessments_within_45wd_pct__national"] = "82.1"
    assert client.post(url, data).status_code == 302
    t = Target.objects.get(key="assessments_within_45wd_pct")
    assert (t.value, t.national, t.updated_by) == (Decimal("90.0"), Decimal("82.1"), staff)
    html = client.get(reverse("performance:index")).content.decode()
    assert "Target 90.0%" in html and "National figure 82.1%" in html


def test_inspector_reads_but_cannot_change_targets(signed_in, council):
    client, _ = signed_in(Role.INSPECTOR)
    assert client.get(reverse("performance:index")).status_code == 200
    assert client.get(reverse("performance:targets")).status_code == 403


def test_navigation_has_performance_for_head_of_service(signed_in, council):
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    assert 'href="/performance/"' in client.get("/performance/").content.decode()


def test_snapshot_command_takes_council_and_team_figures(council):
    from io import StringIO

    from django.core.management import call_command

    from carefile.performance.models import Snapshot

    call_command("performance_snapshot", "--on", "2025-03-31", stdout=StringIO())
    assert Snapshot.objects.filter(on=TODAY, team=council.team).exists()
    data = Snapshot.objects.get(on=TODAY, team=None).data
    # h was offered a return interview 24 hours after coming back; i (away, back 1 June 2024) never was
    rhi = data["return_interviews_72h_pct"]
    assert (rhi["value"], rhi["numerator"], rhi["denominator"]) == ("50.0", 1, 2)
    assert rhi["children"] == [council.kids["i"].pk]
    assert data["agency_rate_pct"]["value"] == "0.0"
    assert data["vacancy_rate_pct"]["value"] is None and "funded posts" in data["vacancy_rate_pct"]["reason"]


def test_every_figure_says_which_children_its_list_shows():
    from carefile.performance.indicators import INDICATORS
    from carefile.performance.selectors import DRILL_LABELS, OPERATIONAL_DRILL

    assert set(INDICATORS) | OPERATIONAL_DRILL <= set(DRILL_LABELS)
