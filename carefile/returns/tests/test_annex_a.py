"""Ofsted Annex A: sheet names, headings exactly as the schema, and rows for hand-built children."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from carefile.care.models import Episode, MissingEpisode, PeriodOfCare
from carefile.common.models import AccessLog
from carefile.frontdoor.models import Contact, ContactChild, Referral
from carefile.people.models import PersonDisability
from carefile.protection.models import ChildProtectionPlan, Conference, Section47Enquiry, StrategyDiscussion
from carefile.recording.models import Visit
from carefile.returns.annex_a import HEADINGS, HEADINGS_ONLY, write_annex_a
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "Annex_A_schema.yml"
ON = date(2026, 3, 2)


def schema_headings() -> dict[int, list[str]]:
    """The column headings of each list in the LIIA schema (no YAML library needed: keys at 8 spaces)."""
    out, current = {}, None
    for line in SCHEMA.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^    list_(\d+):\s*$", line)
        if match:
            current = int(match.group(1))
            out[current] = []
            continue
        match = re.match(r"^        (?![ -])(.+?):(\s+[&*].*)?\s*$", line)
        if match and current:
            key = match.group(1)
            out[current].append(key[1:-1] if key[0] in "\"'" else key)
    return out


def at(y, m, d):
    return datetime(y, m, d, 10, tzinfo=UTC)


@pytest.fixture
def council(db):
    team = TeamFactory(name="Assessment East")
    worker = StaffFactory(team=team, given_name="Sam", family_name="Worker")
    return team, worker


def contact_about(children, *, when, team, by, source="2A"):
    contact = Contact.objects.create(
        received_at=when,
        source=source,
        presenting_concerns="Worried",
        consent="given",
        team=team,
        screening_due=when.date(),
        recorded_by=by,
        recorded_at=when,
    )
    for child in children:
        ContactChild.objects.create(contact=contact, child=child)
    return contact


def referral_of(child, *, on, team, by, **kwargs):
    return Referral.objects.create(
        child=child,
        referral_date=on,
        source="6",
        team=team,
        presenting_issue="Concern",
        opened_by=by,
        **kwargs,
    )


def read(path) -> dict[str, list[list]]:
    workbook = load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}


def test_headings_are_exactly_the_schemas():
    assert schema_headings() == HEADINGS


@pytest.mark.django_db
def test_empty_council_writes_every_list_with_its_headings(tmp_path):
    out = tmp_path / "a.xlsx"
    result = write_annex_a(ON, out)
    sheets = read(out)
    assert list(sheets) == [f"List {n}" for n in range(1, 12)]
    for n in range(1, 12):
        assert sheets[f"List {n}"][0] == schema_headings()[n]
        assert len(sheets[f"List {n}"]) == 1
    assert result.headings_only == HEADINGS_ONLY
    assert {2, 11} <= set(HEADINGS_ONLY)  # early help and adopters: not held


@pytest.mark.django_db
def test_contacts_and_referrals_rows(tmp_path, council):
    team, worker = council
    twins = [PersonFactory(la_child_id="A1", sex="M", ethnicity="BAFR"), PersonFactory(la_child_id="A2")]
    contact_about(twins, when=at(2026, 1, 10), team=team, by=worker)
    contact_about(twins[:1], when=at(2025, 8, 1), team=team, by=worker)  # before the 6-month window
    referral_of(
        twins[0],
        on=date(2025, 5, 1),
        team=team,
        by=worker,
        closure_date=date(2025, 6, 1),
        closure_reason="RC8",
    )
    referral_of(twins[0], on=date(2026, 1, 12), team=team, by=worker)
    AllocationFactory(child=twins[0], worker=worker, start=at(2026, 1, 12))
    out = tmp_path / "a.xlsx"
    write_annex_a(ON, out)
    sheets = read(out)
    contacts = sheets["List 1"][1:]
    assert len(contacts) == 2  # one row per child on the multi-child contact; the old one is out of window
    first = next(r for r in contacts if r[0] == "A1")
    assert first[1] == "a) Male" and first[2] == "o) BAFR"
    assert first[3] == datetime(2015, 5, 17) and first[4] == 10
    assert first[5] == datetime(2026, 1, 10) and first[6] == "e) 2A: Schools"
    referrals = sheets["List 3"][1:]
    assert len(referrals) == 1
    row = dict(zip(HEADINGS[3], referrals[0], strict=True))
    assert row["Referral Source"].startswith("q) 6: Police")
    assert row["Referral NFA?"] == "b) No"
    assert row["Number of Referrals in Last 12 Months"] == 2
    assert row["Allocated Team"] == "Assessment East" and row["Allocated Worker"] == "Sam Worker"


@pytest.mark.django_db
def test_child_protection_and_s47_rows(tmp_path, council):
    team, worker = council
    child = PersonFactory(la_child_id="CP1")
    PersonDisability.objects.create(person=child, code="NONE")
    episode = referral_of(child, on=date(2025, 12, 1), team=team, by=worker)
    discussion = StrategyDiscussion.objects.create(
        child=child,
        episode=episode,
        held_at=at(2025, 12, 2),
        information_shared="x",
        decision="s47",
        rationale="y",
        recorded_by=worker,
        recorded_at=at(2025, 12, 2),
    )
    enquiry = Section47Enquiry.objects.create(
        child=child,
        episode=episode,
        started_by=discussion,
        start_date=date(2025, 12, 2),
        icpc_target=date(2025, 12, 23),
        outcome="conference",
        signed_off_by=worker,
        signed_off_at=at(2025, 12, 10),
        closed_on=date(2025, 12, 10),
    )
    icpc = Conference.objects.create(
        kind="initial",
        child=child,
        episode=episode,
        enquiry=enquiry,
        target_date=date(2025, 12, 23),
        held_on=date(2025, 12, 20),
        decision="plan",
        category="NEG",
    )
    plan = ChildProtectionPlan.objects.create(
        child=child,
        episode=episode,
        start=date(2025, 12, 20),
        initial_category="NEG",
        latest_category="EMO",
        conference=icpc,
        started_by=worker,
        started_at=at(2025, 12, 20),
    )
    Visit.objects.create(
        child=child,
        visited_at=at(2026, 2, 20),
        visit_type="child_protection",
        place="home",
        child_seen=True,
        seen_alone=True,
        recorded_by=worker,
        recorded_at=at(2026, 2, 20),
    )
    out = tmp_path / "a.xlsx"
    write_annex_a(ON, out)
    sheets = read(out)
    s47 = dict(zip(HEADINGS[5], sheets["List 5"][1], strict=True))
    assert s47["Does the Child have a Disability"] == "b) No"
    assert s47["Was an Initial Child Protection Conference deemed unnecessary?"] == "b) No"
    assert s47["Date of Initial Child Protection Conference"] == datetime(2025, 12, 20)
    assert s47["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "a) Yes"
    assert s47["Number of ICPCs in the last 12 months"] == 1
    cp = dict(zip(HEADINGS[7], sheets["List 7"][1], strict=True))
    assert (
        cp["Initial Category of Abuse"] == "a) Neglect"
        and cp["Latest Category of Abuse"] == "d) Emotional abuse"
    )
    assert cp["Date of the Last Statutory Visit"] == datetime(2026, 2, 20)
    assert cp["Was the Child Seen Alone?"] == "a) Yes"
    assert cp["Number of Previous Child Protection Plans"] == 0
    cin = dict(zip(HEADINGS[6], sheets["List 6"][1], strict=True))
    assert cin["Case Status"] == "b) Child Protection plan"
    assert cin["Date Child Was Last Seen"] == datetime(2026, 2, 20)
    assert plan.pk


@pytest.mark.django_db
def test_children_in_care_row(tmp_path, council):
    team, worker = council
    child = PersonFactory(la_child_id="LAC1")
    period = PeriodOfCare.objects.create(
        child=child, start=date(2025, 10, 1), cin_need="N1", started_by=worker, started_at=at(2025, 10, 1)
    )
    common = {"child": child, "period": period, "recorded_by": worker, "recorded_at": at(2025, 10, 1)}
    Episode.objects.create(
        start=date(2025, 10, 1),
        end=date(2025, 11, 1),
        new_episode_reason="S",
        legal_status="V2",
        place="U6",
        provider="PR1",
        placement_start=date(2025, 10, 1),
        reason_ceased="X1",
        **common,
    )
    Episode.objects.create(
        start=date(2025, 11, 1),
        new_episode_reason="L",
        legal_status="C1",
        place="U6",
        provider="PR1",
        placement_start=date(2025, 10, 1),
        postcode="AB1 2CD",
        **common,
    )
    MissingEpisode.objects.create(
        child=child,
        period=period,
        kind="M",
        started_at=at(2026, 1, 1),
        ended_at=at(2026, 1, 2),
        offered_at=at(2026, 1, 3),
        response="accepted",
        recorded_by=worker,
        recorded_at=at(2026, 1, 2),
    )
    out = tmp_path / "a.xlsx"
    write_annex_a(ON, out)
    row = dict(zip(HEADINGS[8], read(out)["List 8"][1], strict=True))
    assert row["Child Unique ID"] == "LAC1"
    assert row["Date Started to be Looked After"] == datetime(2025, 10, 1)
    assert row["Child's Category of Need"].startswith("a) N1")
    assert row["Start date of current legal status"] == datetime(2025, 11, 1)
    assert row["Child's Legal Status"].startswith("C1: Interim care order")
    assert row["Number of Placements in the Last 12 months"] == 1  # a legal-status change is not a move
    assert row["Placement Type"].startswith("f) U6")
    assert row["Placement Provider"] == "b) PR1"
    assert row["Placement postcode"] == "AB1 2CD"
    assert (
        row["Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"] == 1
    )
    assert row["Was the child offered a Return Interview after their last missing episode (Y/N)?"] == "a) Yes"
    assert row["Did the child accept a Return Interview after their last missing episode (Y/N)?"] == "a) Yes"
    assert row["Date Ceased to be Looked After"] is None


@pytest.mark.django_db
def test_command_needs_a_returns_role_includes_restricted_children_and_logs_them(tmp_path, council, capsys):
    team, worker = council
    hidden = PersonFactory(la_child_id="R9", restricted=True)
    contact_about([hidden], when=at(2026, 2, 1), team=team, by=worker)
    out = tmp_path / "annex.xlsx"
    with pytest.raises(CommandError, match="may not export"):
        call_command(
            "export_annex_a", "--on", "2026-03-02", "--out", str(out), "--user", worker.user.username
        )
    assert not out.exists()
    analyst = StaffFactory(role=Role.PERFORMANCE_ANALYST, team=None)
    call_command("export_annex_a", "--on", "2026-03-02", "--out", str(out), "--user", analyst.user.username)
    printed = capsys.readouterr().out
    assert "List 2 (Early help)" in printed and "headings only" in printed
    assert read(out)["List 1"][1][0] == "R9"  # statutory lists are complete
    log = AccessLog.objects.get(person=hidden)
    assert log.user == analyst.user and "bulk" in log.reason and log.view_name == "returns:export_annex_a"


@pytest.mark.django_db
def test_command_reports_bad_arguments(tmp_path):
    analyst = StaffFactory(role=Role.PERFORMANCE_ANALYST, team=None)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command(
            "export_annex_a",
            "--on",
            "2 March",
            "--out",
            str(tmp_path / "a.xlsx"),
            "--user",
            analyst.user.username,
        )
    with pytest.raises(CommandError, match=".xlsx"):
        call_command(
            "export_annex_a",
            "--on",
            "2026-03-02",
            "--out",
            str(tmp_path / "a.csv"),
            "--user",
            analyst.user.username,
        )


@pytest.mark.django_db
def test_care_leavers_row(tmp_path, council):
    from carefile.care import models as care

    if not hasattr(care, "CareLeaver"):
        pytest.skip("care leavers are not recorded in this build")
    team, worker = council
    adviser = StaffFactory(team=team, given_name="Pat", family_name="Adviser")
    young = PersonFactory(la_child_id="CL1", date_of_birth=date(2007, 1, 10))
    care.CareLeaver.objects.create(
        child=young,
        eligibility="former_relevant",
        personal_adviser=adviser,
        adviser_since=date(2025, 1, 10),
        updated_by=worker,
        updated_at=at(2025, 1, 10),
    )
    care.PathwayPlan.objects.create(
        child=young, agreed_on=date(2025, 12, 1), recorded_by=worker, recorded_at=at(2025, 12, 1)
    )
    care.LeaverContact.objects.create(
        child=young,
        age=19,
        contact_on=date(2026, 1, 12),
        in_touch="YES",
        activity="F2",
        accommodation="U1",
        recorded_by=worker,
        recorded_at=at(2026, 1, 12),
    )
    out = tmp_path / "a.xlsx"
    result = write_annex_a(ON, out)
    assert 9 not in result.headings_only
    row = dict(zip(HEADINGS[9], read(out)["List 9"][1], strict=True))
    assert row["Child Unique ID"] == "CL1" and row["Age of Child (Years)"] == 19
    assert row["Allocated Personal Advisor"] == "Pat Adviser"
    assert row["Eligibility Category"] == "b) Former relevant child"
    assert row["Latest Pathway Plan Review Date"] == datetime(2025, 12, 1)
    assert row["LA in Touch"] == "a) Yes" and row["Latest Date of Contact"] == datetime(2026, 1, 12)
    assert row["Type of Accommodation"] == "U1" and row["Suitability of Accommodation"] == "a) Suitable"
    assert row["Activity Status"] == "F2"


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_children(tmp_path, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    team, worker = council

    def add(n):
        for _ in range(n):
            child = PersonFactory()
            contact_about([child], when=at(2026, 1, 10), team=team, by=worker)
            referral_of(child, on=date(2026, 1, 12), team=team, by=worker)
            AllocationFactory(child=child, worker=worker, start=at(2026, 1, 12))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            write_annex_a(ON, tmp_path / "a.xlsx")
        return len(captured)

    add(2)
    few = queries()
    add(8)
    assert queries() == few
