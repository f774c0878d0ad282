"""The CIN census export: who and what is in the year's return, the XSD of each year, streaming."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from carefile.returns.cin_export import schema_errors, schema_for, write_cin_census
from carefile.returns.progress import Progress

from .export_council import YEAR, assessment, build, referral

pytestmark = pytest.mark.django_db


def export(tmp_path, year=YEAR):
    path = tmp_path / f"cin-{year}.xml"
    counts = write_cin_census(year, str(path))
    return counts, etree.parse(str(path)).getroot()


def child(root, la_child_id):
    for c in root.iter("Child"):
        if c.findtext("ChildIdentifiers/LAchildID") == la_child_id:
            return c
    return None


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_return_is_valid_against_the_xsd_of_its_year(tmp_path, year):
    build()
    referral_year = PersonFactoryHelper.child_referred_in(year)
    assert referral_year is not None

    counts, root = export(tmp_path, year)

    assert counts["children"] >= 1
    assert schema_errors(tmp_path / f"cin-{year}.xml", year) == []
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == f"{year}-03-31"
    assert root.find(".//GenderCurrent") is None and root.find(".//Sex") is not None


class PersonFactoryHelper:
    @staticmethod
    def child_referred_in(year):
        """A child referred in 2024-25 too, so that both years have someone in them."""
        from carefile.testing.factories import PersonFactory, StaffFactory

        worker = StaffFactory()
        c = PersonFactory(la_child_id=f"Y{year}", date_of_birth=date(2015, 1, 1))
        return referral(
            c,
            on=date(year - 1, 6, 2),
            team=worker.team,
            by=worker,
            nfa=True,
            closed=date(year - 1, 6, 3),
            reason="RC7",
        )


def test_everyone_referred_or_open_in_the_year_is_there_with_their_episodes(tmp_path):
    council = build()

    counts, root = export(tmp_path)

    ids = {c.findtext("ChildIdentifiers/LAchildID") for c in root.iter("Child")}
    assert ids == {"RT0000001", "RT0000002", "RT0000003", "RT0000004", "RT0000005"}
    assert counts == {
        "children": 5,
        "episodes": 5,
        "assessments": 3,
        "cin_plans": 1,
        "section47": 0,
        "cp_plans": 0,
    }
    nfa = child(root, "RT0000001").find("CINdetails")
    assert nfa.findtext("ReferralNFA") == "1" and nfa.findtext("PrimaryNeedCode") is None
    assert nfa.findtext("CINclosureDate") == "2025-05-06" and nfa.findtext("ReasonForClosure") == "RC7"
    in_need = child(root, "RT0000003")
    assert [d.text for d in in_need.iter("Disability")] == ["LD"]
    details = in_need.find("CINdetails")
    assert details.findtext("PrimaryNeedCode") == "N1"
    assert details.findtext("Assessments/AssessmentAuthorisationDate") == "2025-10-01"
    assert sorted(f.text for f in details.iter("AssessmentFactors")) == ["16A", "3B"]
    assert details.findtext("CINPlanDates/CINPlanStartDate") == "2025-10-06"
    assert details.find("CINPlanDates/CINPlanEndDate") is None
    assert [d.text for d in child(root, "RT0000002").iter("Disability")] == ["NONE"]
    assert council.unborn.pk


def test_an_unborn_child_has_an_expected_birth_date_sex_u_and_no_disabilities(tmp_path):
    build()

    _, root = export(tmp_path)

    unborn = child(root, "RT0000005")
    assert unborn.findtext("ChildIdentifiers/ExpectedPersonBirthDate") == "2026-05-01"
    assert unborn.find("ChildIdentifiers/PersonBirthDate") is None
    assert unborn.findtext("ChildIdentifiers/Sex") == "U"
    assert unborn.find("ChildCharacteristics/Disabilities") is None


def test_a_upn_is_sent_or_else_the_reason_it_is_unknown(tmp_path):
    build()

    _, root = export(tmp_path)

    assert child(root, "RT0000001").findtext("ChildIdentifiers/UPN") == "G840200012345"
    assert child(root, "RT0000001").find("ChildIdentifiers/UPNunknown") is None
    assert child(root, "RT0000002").findtext("ChildIdentifiers/UPNunknown") == "UN5"


def test_what_happened_after_31_march_is_not_in_the_return(tmp_path):
    council = build()
    # Authorised and closed after the year: sent as open, without the authorisation date or factors.
    ep = referral(council.nfa, on=date(2026, 3, 2), team=council.team, by=council.worker, need="N5")
    assessment(
        ep,
        start=date(2026, 3, 3),
        authorised=date(2026, 4, 20),
        by=council.worker,
        manager=council.manager,
        factors=["20"],
    )
    ep.closure_date, ep.closure_reason = date(2026, 4, 21), "RC8"
    ep.save()

    _, root = export(tmp_path)

    later = child(root, "RT0000001").findall("CINdetails")[-1]
    assert later.findtext("CINreferralDate") == "2026-03-02"
    assert later.find("CINclosureDate") is None and later.find("ReasonForClosure") is None
    assert later.findtext("Assessments/AssessmentActualStartDate") == "2026-03-03"
    assert later.find("Assessments/AssessmentAuthorisationDate") is None
    assert later.find("Assessments/FactorsIdentifiedAtAssessment") is None


def test_an_episode_closed_before_the_year_is_left_out(tmp_path):
    council = build()
    referral(
        council.nfa,
        on=date(2025, 1, 6),
        team=council.team,
        by=council.worker,
        nfa=True,
        closed=date(2025, 1, 7),
        reason="RC7",
    )

    _, root = export(tmp_path)

    dates = [d.findtext("CINreferralDate") for d in child(root, "RT0000001").findall("CINdetails")]
    assert dates == ["2025-05-06"]


def test_the_number_of_queries_does_not_grow_with_the_children(tmp_path, django_assert_max_num_queries):
    from carefile.testing.factories import PersonFactory

    council = build()
    with django_assert_max_num_queries(20):
        write_cin_census(YEAR, io.BytesIO())
    for i in range(30):
        referral(
            PersonFactory(la_child_id=f"MANY{i}"),
            on=date(2025, 7, 1),
            team=council.team,
            by=council.worker,
            need="N2",
        )
    with django_assert_max_num_queries(20):
        counts = write_cin_census(YEAR, io.BytesIO())
    assert counts["children"] == 35


def test_it_writes_to_a_binary_file_and_reports_progress(tmp_path):
    build()
    out, err = io.BytesIO(), io.StringIO()

    write_cin_census(YEAR, out, progress=Progress("CIN census 2026", stream=err))

    assert out.getvalue().startswith(b"<?xml")
    assert schema_for(YEAR).validate(etree.fromstring(out.getvalue()))
    assert "CIN census 2026: 5/5 children" in err.getvalue()


def test_the_command_writes_the_file_and_rejects_bad_arguments(tmp_path):
    build()
    out = tmp_path / "cin.xml"
    stdout = io.StringIO()

    call_command(
        "export_cin_census", "--year", "2026", "--out", str(out), stdout=stdout, stderr=io.StringIO()
    )

    assert "5 children" in stdout.getvalue() and schema_errors(out, 2026) == []
    assert not (tmp_path / "cin.xml.partial").exists()
    with pytest.raises(CommandError, match="2024-25 format"):
        call_command("export_cin_census", "--year", "2024", "--out", str(out))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_cin_census", "--year", "2026", "--out", str(tmp_path / "nowhere" / "cin.xml"))
    with pytest.raises(CommandError, match="directory"):
        call_command("export_cin_census", "--year", "2026", "--out", str(tmp_path))
