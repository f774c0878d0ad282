"""The two fact sources: the database and the return files exported from it give the same indicators (the
acceptance test of issue 8), and both match figures worked out by hand."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carefile.performance import facts_db, facts_returns
from carefile.performance.facts import Period
from carefile.performance.indicators import STATUTORY_KEYS, compute_all

pytestmark = pytest.mark.django_db

EXPECTED_2025 = {
    "referrals": 6,
    "re_referrals_12m_pct": Decimal("16.7"),
    "referrals_nfa_pct": Decimal("16.7"),
    "assessments_authorised": 2,
    "assessments_within_45wd_pct": Decimal("50.0"),
    "s47_started": 2,
    "icpc_held": 2,
    "icpc_within_15wd_pct": Decimal("100.0"),
    "cpp_started": 2,
    "cpp_open_at_end": 1,
    "cpp_second_or_subsequent_pct": Decimal("50.0"),
    "cpp_ended": 2,
    "cpp_ended_2y_plus_pct": Decimal("50.0"),
    "cla_at_end": 2,
    "cla_started": 2,
    "cla_ceased": 1,
    "cla_3plus_placements_pct": Decimal("50.0"),
    "cla_missing_children": 1,
    "care_leavers_in_touch_pct": Decimal("100.0"),
    "care_leavers_eet_pct": Decimal("100.0"),
    "care_leavers_suitable_accommodation_pct": Decimal("100.0"),
    "care_leavers_17_18_in_touch_pct": Decimal("0.0"),
    "care_leavers_17_18_eet_pct": Decimal("0.0"),
    "care_leavers_17_18_suitable_accommodation_pct": Decimal("0.0"),
}


def test_database_facts_give_the_hand_computed_figures(council, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        facts = facts_db.facts(Period.collection_year(2025))
    got = {k: o.value for k, o in compute_all(facts).items()}
    assert {k: got[k] for k in EXPECTED_2025} == EXPECTED_2025


def test_drill_down_children_are_database_ids(council):
    facts = facts_db.facts(Period.collection_year(2025))
    out = compute_all(facts, keys=["assessments_within_45wd_pct", "cla_at_end"])
    kids = council.kids
    assert out["assessments_within_45wd_pct"].children == {kids["b"].pk}
    assert out["cla_at_end"].children == {kids["h"].pk, kids["i"].pk}


def test_indicators_from_the_database_equal_those_from_the_exported_returns(council, tmp_path):
    from carefile.returns.cin_export import write_cin_census
    from carefile.returns.ssda903_export import write_ssda903

    cin = tmp_path / "cin.xml"
    with open(cin, "wb") as out:
        write_cin_census(2025, out)
    write_ssda903(2025, tmp_path / "903")
    from_db = {k: o.value for k, o in compute_all(facts_db.facts(Period.collection_year(2025))).items()}
    from_files = {
        k: o.value
        for k, o in compute_all(facts_returns.facts(year=2025, cin=cin, ssda903=tmp_path / "903")).items()
    }
    assert {k: from_files[k] for k in STATUTORY_KEYS} == {k: from_db[k] for k in STATUTORY_KEYS}
    assert {k: from_files[k] for k in EXPECTED_2025} == EXPECTED_2025


def test_command_outputs_every_key_as_json_and_csv(council, tmp_path):
    out = StringIO()
    call_command("indicators", "--year", "2025", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(STATUTORY_KEYS) <= set(data)
    assert data["referrals"] == 6 and data["assessments_within_45wd_pct"] == 50.0
    assert data["care_leavers_eet_pct"] == 100.0
    assert data["cin_rate_per_10k"] is None and data["reasons"]["cin_rate_per_10k"]
    out = StringIO()
    call_command(
        "indicators", "--year", "2025", "--format", "csv", "--team", str(council.team.pk), stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("key,label,value")
    assert any(line.startswith("referrals,") and ",6," in line for line in lines)


def test_command_rolling_twelve_months_to_a_date(council):
    out = StringIO()
    call_command("indicators", "--to", "2025-03-31", stdout=out)
    assert json.loads(out.getvalue())["referrals"] == 6
    out = StringIO()
    call_command("indicators", "--to", "2024-04-01", stdout=out)
    # 2 April 2023 to 1 April 2024: a (28 Mar 2024), b (1 Apr 2024), r (10 May 2023)
    assert json.loads(out.getvalue())["referrals"] == 3


def test_command_from_returns_and_bad_files(council, tmp_path):
    from carefile.returns.cin_export import write_cin_census

    cin = tmp_path / "cin.xml"
    with open(cin, "wb") as out:
        write_cin_census(2025, out)
    out = StringIO()
    call_command("indicators", "--from-returns", "--cin", str(cin), "--year", "2025", stdout=out)
    data = json.loads(out.getvalue())
    assert data["referrals"] == 6 and data["cla_at_end"] is None and data["reasons"]["cla_at_end"]
    bad = tmp_path / "bad.xml"
    bad.write_text(cin.read_text().replace("2024-04-01", "2024-04-31", 1))
    with pytest.raises(CommandError, match=r"bad.xml.*line \d+.*2024-04-31"):
        call_command("indicators", "--from-returns", "--cin", str(bad), "--year", "2025", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("indicators", "--year", "2025", "--to", "2025-01-01", stdout=StringIO())
    with pytest.raises(CommandError, match="no team"):
        call_command("indicators", "--year", "2025", "--team", "Nowhere", stdout=StringIO())


def test_rolling_period_at_a_month_end_on_29_february():
    assert Period.rolling_year(date(2024, 2, 29)) == Period(date(2023, 3, 1), date(2024, 2, 29))
