"""import_returns: a good return goes in whole and once; a bad one is reported precisely and changes nothing."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command

from carefile.assessments.models import Assessment, AssessmentFactor
from carefile.care.models import CareReview, Episode, MissingEpisode, PeriodOfCare
from carefile.frontdoor.models import Referral
from carefile.frontdoor.selectors import awaiting_allocation
from carefile.people.models import CaseStatus, Person
from carefile.plans.models import Plan
from carefile.protection.models import ChildProtectionPlan, Conference, Section47Enquiry
from carefile.returns.readers import find_903_files, read_903, read_cin, read_cin_header
from carefile.testing.factories import StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea

from .fixtures.builders import generate, write_903, write_cin

YEAR = 2025
MODELS = [
    Person,
    Referral,
    Assessment,
    AssessmentFactor,
    Plan,
    Section47Enquiry,
    Conference,
    ChildProtectionPlan,
    PeriodOfCare,
    Episode,
    CareReview,
    MissingEpisode,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def team(db):
    return TeamFactory(name="Assessment team", service_area=ServiceArea.ASSESSMENT)


@pytest.fixture
def files(tmp_path):
    children, tables = generate(12, year=YEAR, seed=3)
    cin = write_cin(tmp_path / "cin.xml", children, year=YEAR)
    d903 = write_903(tmp_path / "903", tables)
    return cin, d903, children, tables


def run(*args) -> None:
    call_command("import_returns", "--year", str(YEAR), *args)


def run_failing(capsys, *args) -> str:
    with pytest.raises(SystemExit) as exc:
        run(*args)
    assert exc.value.code != 0
    return capsys.readouterr().err


def test_readers_give_rows_with_positions(files):
    cin, d903, children, _tables = files
    header = read_cin_header(cin)
    assert header["ReferenceDate"] == "2025-03-31" and header["LEA"] == "840"
    rows = list(read_cin(cin))
    assert [r["LAchildID"] for r in rows] == [c["LAchildID"] for c in children]
    assert rows[1]["_pos"].path == "/Message/Children/Child[2]"
    assert rows[1]["_pos"].line > rows[0]["_pos"].line
    assert rows[0]["CINdetails"][0]["_pos"].path == "/Message/Children/Child[1]/CINdetails[1]"
    found, problems = find_903_files(d903)
    assert not problems and set(found) >= {"Header", "Episodes", "Reviews", "Missing", "OC3"}
    episodes = list(read_903(found["Episodes"]))
    assert episodes[0]["_pos"].line == 2 and episodes[0]["RNE"] == "S"


def test_import_creates_the_records_and_queues_the_children(files, team):
    cin, d903, children, tables = files
    run("--cin", str(cin), "--ssda903", str(d903))
    assert Person.objects.count() == len(children)
    assert Referral.objects.count() == sum(len(c["CINdetails"]) for c in children)
    child = Person.objects.get(la_child_id="C000003")
    assert child.given_name == "Imported child" and child.family_name == "C000003"
    assert child.case_status == CaseStatus.LOOKED_AFTER
    assert child.periods_of_care.get().episodes.count() == 2
    assert child.care_reviews.count() == 1
    assert Person.objects.get(la_child_id="C000001").case_status == CaseStatus.CHILD_PROTECTION
    assert ChildProtectionPlan.objects.count() == sum(
        len(d.get("ChildProtectionPlans", [])) for c in children for d in c["CINdetails"]
    )
    assert Assessment.objects.filter(status="authorised").count() > 0
    # Nobody is allocated: every child with an open episode waits in the team's allocation queue.
    manager = StaffFactory(role=Role.TEAM_MANAGER, team=team)
    queue = awaiting_allocation(user=manager.user, team=team)
    assert queue.count() == len(children)
    assert all(r.presenting_issue.startswith("Imported from the legacy system") for r in queue)


def test_importing_twice_changes_nothing(files, team, capsys):
    cin, d903, *_ = files
    run("--cin", str(cin), "--ssda903", str(d903))
    before = counts()
    snapshot = list(Person.objects.order_by("pk").values())
    capsys.readouterr()
    run("--cin", str(cin), "--ssda903", str(d903))
    assert counts() == before
    assert list(Person.objects.order_by("pk").values()) == snapshot
    out = capsys.readouterr().out
    assert "children: 0 created, 0 updated" in out


def test_progress_goes_to_stderr(files, team, capsys):
    cin, d903, *_ = files
    run("--cin", str(cin), "--ssda903", str(d903))
    err = capsys.readouterr().err
    assert "CIN census: 12 children imported" in err
    assert "SSDA903 Episodes" in err


def _bad_children(children):
    bad = copy.deepcopy(children)
    bad[0]["PersonBirthDate"] = "17/05/2015"  # wrong date format
    bad[1]["Ethnicity"] = "XXXX"  # unknown code
    del bad[2]["CINdetails"][0]["ReferralSource"]  # missing required field
    return bad


def test_bad_files_are_reported_and_nothing_is_imported(tmp_path, files, team, capsys):
    _cin, _d903, children, tables = files
    cin = write_cin(tmp_path / "bad.xml", _bad_children(children), year=YEAR)
    bad_tables = copy.deepcopy(tables)
    bad_tables["Reviews"].append(
        {"CHILD": "NOSUCH1", "DOB": "01/01/2015", "REVIEW": "01/06/2024", "REVIEW_CODE": "PN1"}
    )
    bad_tables["Episodes"][0]["DECOM"] = "2024-06-01"
    d903 = write_903(tmp_path / "bad903", bad_tables)
    before = counts()
    err = run_failing(capsys, "--cin", str(cin), "--ssda903", str(d903))
    assert counts() == before
    lines = err.splitlines()

    def line_for(field: str, text: str) -> str:
        found = [line for line in lines if f" {field}:" in line and text in line]
        assert found, f"no problem reported for {field} ({text}) in:\n{err}"
        return found[0]

    dob = line_for("PersonBirthDate", "17/05/2015")
    assert "bad.xml" in dob and "/Message/Children/Child[1]" in dob and "YYYY-MM-DD" in dob
    assert "line " in dob
    assert "/Message/Children/Child[2]" in line_for("Ethnicity", "'XXXX' is not a known code")
    assert "/Message/Children/Child[3]/CINdetails[1]" in line_for("ReferralSource", "required")
    dangling = line_for("CHILD", "NOSUCH1")
    assert "Reviews.csv" in dangling and f"line {len(tables['Reviews']) + 2}" in dangling
    decom = line_for("DECOM", "2024-06-01")
    assert "Episodes.csv: line 2" in decom and "DD/MM/YYYY" in decom
    assert "nothing was imported" in err


def test_a_file_that_is_not_xml_is_reported(tmp_path, team, capsys):
    cin = tmp_path / "broken.xml"
    cin.write_text("<Message><Children><Child>\n<oops></Message>")
    err = run_failing(capsys, "--cin", str(cin))
    assert "broken.xml" in err and "not well-formed XML" in err
    assert Person.objects.count() == 0


def test_wrong_year_is_reported(tmp_path, files, team, capsys):
    _cin, _d903, children, _tables = files
    cin = write_cin(tmp_path / "cin.xml", children, year=YEAR, reference="2024-03-31")
    err = run_failing(capsys, "--cin", str(cin))
    assert "ReferenceDate" in err and Person.objects.count() == 0


def test_structure_the_database_needs_is_checked_first(tmp_path, files, team, capsys):
    """Two open episodes for one child would break the database's rule: reported, not half-imported."""
    _cin, _d903, children, _tables = files
    bad = copy.deepcopy(children)
    closed = bad[5]["CINdetails"][0]
    closed.pop("CINclosureDate")
    closed.pop("ReasonForClosure")
    cin = write_cin(tmp_path / "cin.xml", bad, year=YEAR)
    err = run_failing(capsys, "--cin", str(cin))
    assert "Child[6]" in err and "more than one open episode" in err
    assert Person.objects.count() == 0


def test_existing_child_is_matched_not_duplicated(files, team):
    cin, _d903, children, _tables = files
    from carefile.testing.factories import PersonFactory

    PersonFactory(la_child_id="C000000", given_name="Sam", family_name="Smith")
    run("--cin", str(cin))
    assert Person.objects.filter(la_child_id="C000000").count() == 1
    sam = Person.objects.get(la_child_id="C000000")
    assert sam.given_name == "Sam"  # the name recorded in Carefile is kept
    assert sam.referrals.count() == len(children[0]["CINdetails"])
