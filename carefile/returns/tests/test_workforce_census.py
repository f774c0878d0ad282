"""The children's social work workforce census: who is in it, the items from Staff, XML order and CSV."""

import csv
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from carefile.returns.workforce_census import LA_ITEMS, WORKER_ITEMS, write_workforce_census
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory
from carefile.workforce.models import Contract, Role


@pytest.fixture
def workforce(db):
    employed = StaffFactory(
        swe_number="SW100",
        start_date=date(2019, 1, 7),
        fte=Decimal("0.80"),
        date_of_birth=date(1985, 4, 2),
        sex="F",
        ethnicity="BAFR",
        qualification_level=2,
        frontline_graduate=True,
        working_days_lost=Decimal("3.5"),
        absence_reason="SIC",
    )
    starter = StaffFactory(swe_number="SW200", start_date=date(2025, 2, 3), job_title="Senior social worker")
    leaver = StaffFactory(
        swe_number="SW300", start_date=date(2018, 5, 1), leave_date=date(2025, 6, 30), reason_left=1
    )
    agency = StaffFactory(swe_number="SW400", contract=Contract.AGENCY, start_date=date(2025, 5, 1))
    StaffFactory(
        swe_number="SW500", contract=Contract.AGENCY, start_date=date(2024, 1, 1), leave_date=date(2025, 3, 1)
    )
    StaffFactory(swe_number="", start_date=date(2020, 1, 1))  # not registered: not in the census
    StaffFactory(role=Role.PERFORMANCE_ANALYST, swe_number="SW600", team=None)  # not a social work role
    StaffFactory(
        swe_number="SW700", start_date=date(2020, 1, 1), leave_date=date(2024, 6, 1)
    )  # left last year
    manager = StaffFactory(role=Role.TEAM_MANAGER, swe_number="SW800", start_date=date(2015, 1, 1))
    for _ in range(3):
        AllocationFactory(worker=employed, start=datetime(2025, 9, 1, tzinfo=UTC))
    AllocationFactory(
        worker=employed, start=datetime(2025, 1, 1, tzinfo=UTC), end=datetime(2025, 8, 1, tzinfo=UTC)
    )
    AllocationFactory(worker=agency, child=PersonFactory(), start=datetime(2025, 9, 1, tzinfo=UTC))
    return {"employed": employed, "starter": starter, "leaver": leaver, "agency": agency, "manager": manager}


def workers(path):
    root = etree.parse(str(path)).getroot()
    return root, {w.findtext("SWENo"): w for w in root.findall("CSWWWorker")}


def test_xml_has_the_right_people_and_items_in_schema_order(workforce, tmp_path):
    out = tmp_path / "csww.xml"
    result = write_workforce_census(2025, out, vacancies=Decimal("4.5"))
    root, by_swe = workers(out)
    assert (
        root.tag == "Message"
        and [c.tag for c in root] == ["Header"] + ["LALevelVacancies"] + ["CSWWWorker"] * 5
    )
    assert root.findtext("Header/CollectionDetails/Collection") == "CSWW"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-09-30"
    assert re.fullmatch(r"\d{3}", root.findtext("Header/Source/LEA"))
    assert set(by_swe) == {"SW100", "SW200", "SW300", "SW400", "SW800"}
    assert result.workers == 5 and result.agency == 1 and result.starters == 1 and result.leavers == 1
    for worker in by_swe.values():
        tags = [c.tag for c in worker]
        assert tags == sorted(tags, key=WORKER_ITEMS.index)  # XSD sequence order
    e = {c.tag: c.text for c in by_swe["SW100"]}
    assert e["AgencyWorker"] == "0" and e["FTE"] == "0.800000" and e["FTE30"] == "0.800000"
    assert e["PersonBirthDate"] == "1985-04-02" and e["Sex"] == "F" and e["Ethnicity"] == "BAFR"
    assert e["QualLevel"] == "2" and e["FrontlineGrad"] == "1" and e["OrgRole"] == "5"
    assert e["Cases30"] == "3"  # the allocation that ended before 30 September does not count
    assert e["WorkingDaysLost"] == "3.50" and e["Absat30Sept"] == "1" and e["ReasonAbsence"] == "SIC"
    assert "StartOrigin" not in e and "RoleEndDate" not in e
    s = {c.tag: c.text for c in by_swe["SW200"]}
    assert s["StartOrigin"] == "10" and s["OrgRole"] == "4" and s["Cases30"] == "0"  # not yet collected
    left = {c.tag: c.text for c in by_swe["SW300"]}
    assert (
        left["RoleEndDate"] == "2025-06-30"
        and left["ReasonLeave"] == "1"
        and left["LeaverDestination"] == "9"
    )
    assert "FTE30" not in left and "Cases30" not in left
    agency = {c.tag: c.text for c in by_swe["SW400"]}
    assert agency["AgencyWorker"] == "1" and agency["Cases30"] == "1" and "PersonBirthDate" not in agency
    assert {c.tag: c.text for c in by_swe["SW800"]}["OrgRole"] == "3"
    la = root.find("LALevelVacancies")
    assert [c.tag for c in la] == LA_ITEMS
    assert la.findtext("NumberOfVacancies") == "4.50" and la.findtext("NoAgencyFTE") == "1.00"
    assert la.findtext("NoAgencyHeadcount") == "1"


def test_csv_has_the_worker_items_as_columns(workforce, tmp_path):
    out = tmp_path / "csww.csv"
    write_workforce_census(2025, out)
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == WORKER_ITEMS
    assert {r["SWENo"] for r in rows} == {"SW100", "SW200", "SW300", "SW400", "SW800"}


def test_command_writes_and_reports_bad_input(workforce, tmp_path, capsys):
    out = tmp_path / "c.xml"
    call_command("export_workforce_census", "--year", "2025", "--out", str(out), "--vacancies", "2")
    assert "5 workers" in capsys.readouterr().out
    assert etree.parse(str(out)).getroot().findtext("LALevelVacancies/NumberOfVacancies") == "2.00"
    assert not list(tmp_path.glob("*.part*"))
    with pytest.raises(CommandError, match="vacancies"):
        call_command("export_workforce_census", "--year", "2025", "--out", str(out), "--vacancies", "lots")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_workforce_census", "--year", "2025", "--out", str(tmp_path / "no" / "c.xml"))


def test_seed_fills_census_details_deterministically(workforce):
    import random

    from carefile.seed.staffing import fill_census_details
    from carefile.workforce.models import Staff

    def snapshot():
        return list(
            Staff.objects.exclude(swe_number="")
            .order_by("pk")
            .values_list(
                "date_of_birth", "sex", "ethnicity", "qualification_level", "start_origin", "reason_left"
            )
        )

    fill_census_details(rng=random.Random(7), on=date(2026, 3, 1))
    first = snapshot()
    fill_census_details(rng=random.Random(7), on=date(2026, 3, 1))
    assert snapshot() == first
    assert all(row[0] and row[1] in ("M", "F") and row[2] and row[3] in (1, 2, 3) for row in first)
    leaver = Staff.objects.get(swe_number="SW300")
    assert leaver.reason_left is not None and leaver.leaver_destination is not None
    assert leaver.date_of_birth.year <= leaver.start_date.year - 22
