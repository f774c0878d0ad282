"""The SSDA903 export: all twelve files with their exact header rows, rows from what was recorded, streaming."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from carefile.returns.progress import Progress
from carefile.returns.ssda903_export import COLUMNS, FILE_NAMES, sw_id, write_ssda903

from .export_council import YEAR, allocate, build

pytestmark = pytest.mark.django_db

TWELVE = [
    "Header",
    "Episodes",
    "Reviews",
    "UASC",
    "OC2",
    "OC3",
    "AD1",
    "PlacedAdoption",
    "PrevPerm",
    "Missing",
    "SWEpisodes",
    "DoLo",
]


def read(path):
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, list(reader)


def rows(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_file_is_written_with_its_exact_header_row_even_when_empty(tmp_path):
    counts = write_ssda903(YEAR, tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t}.csv" for t in TWELVE)
    assert counts["children"] == 0
    for table in TWELVE:
        header, body = read(tmp_path / FILE_NAMES[table])
        assert header == COLUMNS[table]
        assert body == []
    assert COLUMNS["Episodes"] == [
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
        "HOME_POST", "PL_POST", "URN",
    ]  # fmt: skip
    assert COLUMNS["SWEpisodes"] == ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"]


def test_a_child_looked_after_in_the_year_has_header_episodes_reviews_and_social_worker_rows(tmp_path):
    build()

    counts = write_ssda903(YEAR, tmp_path)

    assert counts["children"] == 1  # only the looked-after child
    (header,) = rows(tmp_path / "Header.csv")
    assert header == {
        "CHILD": "RT0000004", "SEX": "F", "DOB": "02/11/2013", "ETHNIC": "MWBC", "UPN": "K840200054321",
        "MOTHER": "0", "MC_DOB": "",
    }  # fmt: skip
    (episode,) = rows(tmp_path / "Episodes.csv")
    assert episode["DECOM"] == "05/05/2025" and episode["RNE"] == "S" and episode["LS"] == "C2"
    assert episode["DEC"] == "" and episode["HOME_POST"] == "DH1 1AA" and episode["PL_POST"] == "DL14 6QW"
    assert [r["REVIEW"] for r in rows(tmp_path / "Reviews.csv")] == ["28/05/2025", "20/08/2025", "11/02/2026"]
    (sw,) = rows(tmp_path / "SWEpisodes.csv")
    # Allocated on referral (10 April 2025), reported from the day care started (validators' SW12STG2).
    assert sw == {
        "CHILD": "RT0000004", "DOB": "02/11/2013", "SW_ID": "SW100001", "SW_DECOM": "05/05/2025", "SW_DEC": "",
        "SW_REASON": "OTHERS",
    }  # fmt: skip
    assert [r["PREV_PERM"] for r in rows(tmp_path / "PrevPerm.csv")] == ["Z1"]


def test_a_change_of_social_worker_starts_a_new_episode_with_its_reason(tmp_path):
    council = build()
    child = council.looked_after
    current = child.allocations.get()
    current.end = current.start.replace(year=2025, month=9, day=1)
    current.end_reason = "LEFTRL"
    current.save()
    allocate(child, council.manager, since=date(2025, 9, 1), reason="LEFTRL")

    write_ssda903(YEAR, tmp_path)

    assert [
        (r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows(tmp_path / "SWEpisodes.csv")
    ] == [
        ("SW100001", "05/05/2025", "01/09/2025", "OTHERS"),
        ("SW100002", "01/09/2025", "", "LEFTRL"),
    ]


def test_a_worker_without_a_social_work_england_number_is_xx():
    assert sw_id("SW123456") == "SW123456"
    assert sw_id("") == "XX"
    assert sw_id("12345") == "XX"


def test_the_year_before_care_started_has_no_rows_for_the_child(tmp_path):
    build()

    counts = write_ssda903(2025, tmp_path)

    assert counts["children"] == 0 and rows(tmp_path / "Episodes.csv") == []


def test_the_number_of_queries_does_not_grow_with_the_children(tmp_path, django_assert_max_num_queries):
    from carefile.care import services as care
    from carefile.care.services import PlacementDetails
    from carefile.testing.factories import PersonFactory

    council = build()
    with django_assert_max_num_queries(40):
        write_ssda903(YEAR, tmp_path / "one")
    for i in range(10):
        c = PersonFactory(la_child_id=f"LA{i}", date_of_birth=date(2012, 1, 1))
        care.care_start(
            child=c, start=date(2025, 6, 2), legal_status="V2",
            placement=PlacementDetails(place="U4", provider="PR1", postcode="DH1 1AB", urn="SC123457"),
            cin_need="N4", home_postcode="DH7 8XL", by=council.worker, at=council.looked_after.created_at,
        )  # fmt: skip
    with django_assert_max_num_queries(40):
        counts = write_ssda903(YEAR, tmp_path / "many")
    assert counts["children"] == 11


def test_the_command_writes_this_year_and_last_year_and_rejects_bad_arguments(tmp_path):
    build()
    out = tmp_path / "ssda903"
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("export_ssda903", "--year", "2026", "--out", str(out), stdout=stdout, stderr=stderr)

    assert sorted(p.name for p in out.glob("*.csv")) == sorted(FILE_NAMES.values())
    assert sorted(p.name for p in (out / "previous").glob("*.csv")) == sorted(FILE_NAMES.values())
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert "for 1 children" in stdout.getvalue()
    with pytest.raises(CommandError, match="2024 or a later"):
        call_command("export_ssda903", "--year", "2023", "--out", str(out))
    with pytest.raises(CommandError, match="is a file"):
        call_command("export_ssda903", "--year", "2026", "--out", str(out / "Header.csv"))


def test_progress_goes_to_the_given_stream(tmp_path):
    build()
    err = io.StringIO()

    write_ssda903(YEAR, tmp_path, progress=Progress("SSDA903 2026", stream=err))

    assert "SSDA903 2026: 1/1 children" in err.getvalue()
