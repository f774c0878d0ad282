"""Import then export gives back the same records, field for field (issue #7 acceptance).

Returns are generated in the test (`fixtures/builders.generate`), imported with `import_returns`, exported with
`write_cin_census` and `write_ssda903`, and both sides read with the same readers and compared after
normalising order (children by LAchildID, episodes and their modules by date, CSV rows sorted) and the
spelling of flags (true/1, false/0).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from carefile.returns.readers import SSDA903_COLUMNS, find_903_files, read_903, read_cin
from carefile.testing.factories import TeamFactory
from carefile.workforce.models import ServiceArea

from .fixtures.builders import generate, generate_long_stay, write_903, write_cin

YEAR = 2025
FLAGS = {"ReferralNFA", "ICPCnotRequired"}


def _flag(value):
    if value is None:
        return None
    return value.lower() in {"true", "1"}


def _clean(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        if k.startswith("_") or k == "GenderCurrent":
            continue
        if k in FLAGS:
            v = _flag(v)
        elif k == "NumberOfPreviousCPP" and v is not None:
            v = int(v)
        elif isinstance(v, list):
            v = (
                sorted(_clean(x) if isinstance(x, dict) else x for x in v)
                if v and not isinstance(v[0], dict)
                else [_clean(x) for x in v]
            )
            if v and isinstance(v[0], dict):
                v = sorted(v, key=lambda x: sorted((a, str(b)) for a, b in x.items()))
        out[k] = v
    return out


def cin_records(path) -> dict[str, dict]:
    return {c["LAchildID"]: _clean(c) for c in read_cin(path)}


def records_903(directory) -> dict[str, list[tuple]]:
    found, problems = find_903_files(directory)
    assert not problems, problems
    return {
        table: sorted(tuple(row[c] for c in SSDA903_COLUMNS[table]) for row in read_903(path))
        for table, path in found.items()
    }


def differences(expected: dict, actual: dict, where: str = "") -> list[str]:
    diffs = []
    for key in sorted(set(expected) | set(actual), key=str):
        e, a = expected.get(key), actual.get(key)
        if isinstance(e, dict) and isinstance(a, dict):
            diffs.extend(differences(e, a, f"{where}/{key}"))
        elif (
            isinstance(e, list) and isinstance(a, list) and e and isinstance(e[0], dict) and len(e) == len(a)
        ):
            for i, (x, y) in enumerate(zip(e, a, strict=True)):
                diffs.extend(differences(x, y, f"{where}/{key}[{i + 1}]"))
        elif e != a:
            diffs.append(f"{where}/{key}: sent {e!r}, got back {a!r}")
    return diffs


@pytest.fixture
def imported(tmp_path, db):
    TeamFactory(name="Assessment team", service_area=ServiceArea.ASSESSMENT)
    children, tables = generate(24, year=YEAR, seed=7)
    cin = write_cin(tmp_path / "in.xml", children, year=YEAR)
    d903 = write_903(tmp_path / "in903", tables)
    call_command("import_returns", "--year", str(YEAR), "--cin", str(cin), "--ssda903", str(d903))
    return cin, d903, tmp_path


def test_cin_census_round_trip(imported):
    from carefile.returns.cin_export import write_cin_census

    cin, _d903, tmp_path = imported
    out = Path(tmp_path / "out.xml")
    write_cin_census(YEAR, str(out))
    sent, got = cin_records(cin), cin_records(out)
    assert set(sent) == set(got)
    diffs = differences(sent, got)
    assert not diffs, "\n".join(diffs)


def test_ssda903_round_trip(imported):
    from carefile.returns.ssda903_export import write_ssda903

    _cin, d903, tmp_path = imported
    out = tmp_path / "out903"
    write_ssda903(YEAR, out)
    sent, got = records_903(d903), records_903(out)
    assert set(got) == set(SSDA903_COLUMNS)
    diffs = [
        f"{table}: sent {sorted(set(sent[table]) - set(got[table]))}, got back {sorted(set(got[table]) - set(sent[table]))}"
        for table in SSDA903_COLUMNS
        if sent[table] != got[table]
    ]
    assert not diffs, "\n".join(diffs)


def test_round_trip_then_reimport_changes_nothing(imported):
    """The exported files, imported again, match everything already there."""
    from carefile.people.models import Person
    from carefile.returns.cin_export import write_cin_census
    from carefile.returns.importer import import_returns
    from carefile.workforce.models import Staff, Team

    _cin, _d903, tmp_path = imported
    out = Path(tmp_path / "again.xml")
    write_cin_census(YEAR, str(out))
    before = Person.objects.count()
    result = import_returns(year=YEAR, cin=out, ssda903=None, team=Team.objects.get(), by=Staff.objects.get())
    assert Person.objects.count() == before
    assert sum(result.created.values()) == 0
    assert sum(result.updated.values()) == 0


def test_ssda903_round_trip_across_years(tmp_path, db):
    """Last year's return supplies the episodes that began before the year: OC2, OC3, AD1, PlacedAdoption and
    UASC come back too, and every one of the twelve files matches."""
    from carefile.returns.ssda903_export import write_ssda903

    TeamFactory(name="Assessment team", service_area=ServiceArea.ASSESSMENT)
    previous, current = generate_long_stay(year=YEAR)
    prev_dir = write_903(tmp_path / "prev", previous)
    cur_dir = write_903(tmp_path / "cur", current)
    call_command(
        "import_returns", "--year", str(YEAR), "--ssda903", str(cur_dir), "--ssda903-previous", str(prev_dir)
    )
    out = tmp_path / "out903"
    write_ssda903(YEAR, out)
    sent, got = records_903(cur_dir), records_903(out)
    diffs = [
        f"{table}: sent {sorted(set(sent[table]) - set(got[table]))}, got back {sorted(set(got[table]) - set(sent[table]))}"
        for table in SSDA903_COLUMNS
        if sent[table] != got[table]
    ]
    assert not diffs, "\n".join(diffs)


LOSSY = {
    # field path: (what is sent, why it cannot come back)
    "LatestCategoryOfAbuse": "a latest category different from the initial one is held by the review conference "
    "that set it: with no CPPreviewDate the plan exports its initial category",
    "InitialCPCtarget": "a missing target is computed on import (start + 15 working days) and then exported",
    "PrimaryNeedCode": "a non-NFA episode without a need code is exported as N0 (not stated)",
}


@pytest.mark.parametrize("field", sorted(LOSSY))
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="known difference: see LOSSY")
def test_known_cin_differences(field, tmp_path, db):
    """Each field that does not survive the round trip, precisely (strict: fixing one makes this fail)."""
    from carefile.returns.cin_export import write_cin_census

    TeamFactory(name="Assessment team", service_area=ServiceArea.ASSESSMENT)
    child = {
        "LAchildID": "K1",
        "UPNunknown": "UN1",
        "PersonBirthDate": "2015-05-17",
        "Sex": "F",
        "Ethnicity": "WBRI",
        "Disabilities": ["NONE"],
        "CINdetails": [
            {
                "CINreferralDate": "2024-06-03",
                "ReferralSource": "6",
                "Section47": [
                    {
                        "S47ActualStartDate": "2024-06-04",
                        "DateOfInitialCPC": "2024-06-20",
                        "ICPCnotRequired": "0",
                    }
                ],
                "ReferralNFA": "0",
                "ChildProtectionPlans": [
                    {
                        "CPPstartDate": "2024-06-20",
                        "InitialCategoryOfAbuse": "NEG",
                        "LatestCategoryOfAbuse": "EMO",
                        "NumberOfPreviousCPP": "0",
                    }
                ],
            }
        ],
    }
    cin = write_cin(tmp_path / "in.xml", [child], year=YEAR)
    call_command("import_returns", "--year", str(YEAR), "--cin", str(cin))
    write_cin_census(YEAR, str(tmp_path / "out.xml"))
    got = cin_records(tmp_path / "out.xml")["K1"]["CINdetails"][0]
    sent = cin_records(cin)["K1"]["CINdetails"][0]
    if field == "LatestCategoryOfAbuse":
        assert got["ChildProtectionPlans"][0][field] == sent["ChildProtectionPlans"][0][field]
    elif field == "InitialCPCtarget":
        assert got["Section47"][0][field] == sent["Section47"][0][field]
    else:
        assert got[field] == sent[field]
