"""import_returns never crashes on a damaged file (issue #10): valid generated CIN XML and SSDA903 CSV files are
damaged at random (bytes, garbage values, truncation, missing columns, bad dates, huge values); the command
either imports them or exits non-zero naming the file, and when it fails nothing is written."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carefile.people.models import Person
from carefile.returns.tests.fixtures.builders import generate, write_903, write_cin
from carefile.testing.factories import TeamFactory
from carefile.workforce.models import ServiceArea

pytestmark = pytest.mark.django_db

YEAR = 2025
CHILDREN, TABLES = generate(3, year=YEAR, seed=5)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GARBAGE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "31/02/2024",
            "2024-13-45",
            "0000-00-00",
            "99/99/9999",
            "9" * 400,
            "-1",
            "1e309",
            "NaN",
            "\x00",
            "é☃",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


@pytest.fixture
def team(db):
    return TeamFactory(name="Assessment team", service_area=ServiceArea.ASSESSMENT)


def _damage_bytes(data: bytes, how: str, at: float, junk: bytes) -> bytes:
    i = int(at * len(data))
    if how == "truncate":
        return data[:i]
    if how == "insert":
        return data[:i] + junk + data[i:]
    return data[:i] + junk + data[i + len(junk) :]  # overwrite


def _run(tmp: Path, *args: str) -> tuple[bool, str]:
    """Run the command: (imported, stderr). Anything but success, CommandError or a non-zero exit fails."""
    err = io.StringIO()
    try:
        call_command("import_returns", "--year", str(YEAR), *args, stdout=io.StringIO(), stderr=err)
    except CommandError as exc:
        return False, f"{err.getvalue()}\n{exc}"
    except SystemExit as exc:
        assert exc.code not in (0, None)
        return False, err.getvalue()
    return True, err.getvalue()


def _check(tmp: Path, names: list[str], *args: str) -> None:
    before = Person.objects.count()
    imported, err = _run(tmp, *args)
    if not imported:
        assert Person.objects.count() == before, "a failed import wrote children"
        assert any(name in err for name in names), f"no file named in:\n{err}"


@FUZZ
@given(
    how=st.sampled_from(["truncate", "insert", "overwrite", "value", "drop"]),
    at=st.floats(min_value=0, max_value=1),
    junk=st.binary(min_size=1, max_size=20),
    value=GARBAGE,
)
def test_a_damaged_cin_file_never_crashes_the_import(team, how, at, junk, value):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = write_cin(tmp / "cin.xml", CHILDREN, year=YEAR)
        data = path.read_bytes()
        if how in ("value", "drop"):
            fields = list(re.finditer(rb"<(\w+)>([^<]*)</\1>", data))
            m = fields[int(at * (len(fields) - 1))]
            new = b"" if how == "drop" else b"<%s>%s</%s>" % (m[1], _xml_text(value), m[1])
            data = data[: m.start()] + new + data[m.end() :]
        else:
            data = _damage_bytes(data, how, at, junk)
        path.write_bytes(data)
        _check(tmp, ["cin.xml"], "--cin", str(path))


def _xml_text(value: str) -> bytes:
    return value.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "surrogatepass")


@FUZZ
@given(
    table=st.sampled_from(sorted(TABLES)),
    how=st.sampled_from(["truncate", "insert", "overwrite", "cell", "column"]),
    at=st.floats(min_value=0, max_value=1),
    junk=st.binary(min_size=1, max_size=20),
    value=GARBAGE,
)
def test_damaged_ssda903_files_never_crash_the_import(team, table, how, at, junk, value):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        directory = write_903(tmp / "903", TABLES)
        path = directory / f"{table}.csv"
        if how in ("cell", "column"):
            rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"))))
            column = int(at * (len(rows[0]) - 1))
            if how == "column":
                rows = [r[:column] + r[column + 1 :] for r in rows]
            elif len(rows) > 1:
                rows[1 + int(at * (len(rows) - 2))][column] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            path.write_bytes(out.getvalue().encode("utf-8", "surrogatepass"))
        else:
            path.write_bytes(_damage_bytes(path.read_bytes(), how, at, junk))
        names = [p.name for p in directory.iterdir()] + [directory.name]
        _check(tmp, names, "--ssda903", str(directory))


def test_the_undamaged_files_import(team, tmp_path):
    """The baseline the damage is measured from: the generated files import cleanly."""
    cin = write_cin(tmp_path / "cin.xml", CHILDREN, year=YEAR)
    directory = write_903(tmp_path / "903", TABLES)
    imported, err = _run(tmp_path, "--cin", str(cin))
    assert imported, err
    imported, err = _run(tmp_path, "--ssda903", str(directory))
    assert imported, err
    assert Person.objects.count() == len(CHILDREN)
