"""The DfE-rule validators (specs/validators.md) on the exports of a small council built record by record: the
CIN census and SSDA903 return for 2025-26 pass with no failing Error rule, and a corrupted field is caught.

They run in their own virtualenv (`make validators` makes .venv-validators); without it these tests are skipped.
`scripts/validators/ci_check.sh` does the same on a whole seeded council in CI.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from carefile.returns.cin_export import write_cin_census
from carefile.returns.ssda903_export import write_ssda903

from .export_council import YEAR, build

ROOT = Path(__file__).resolve().parents[3]
VALIDATORS = ROOT / ".venv-validators" / "bin" / "python"
CHECK = ROOT / "scripts" / "validators" / "check_returns.py"
CORRUPT = ROOT / "scripts" / "validators" / "corrupt.py"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not VALIDATORS.exists(),
        reason="the validators' virtualenv .venv-validators is missing: run `make validators` to create it",
    ),
]


def check(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VALIDATORS), str(CHECK), "--year", str(YEAR), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def exported(tmp_path):
    build()
    write_cin_census(YEAR, tmp_path / "cin.xml")
    write_ssda903(YEAR, tmp_path / "ssda903")
    write_ssda903(YEAR - 1, tmp_path / "previous")
    return tmp_path


def test_the_cin_census_passes_with_no_failing_error_rule(exported):
    result = check("--cin", exported / "cin.xml")

    assert result.returncode == 0, result.stdout
    assert "== cin: 0 failing Error rules" in result.stdout


def test_the_ssda903_return_passes_with_no_failing_error_rule(exported):
    result = check("--ssda903", exported / "ssda903", "--ssda903-previous", exported / "previous")

    assert result.returncode == 0, result.stdout
    assert "== ssda903: 0 failing Error rules" in result.stdout


def test_a_corrupted_sex_code_is_caught_in_both_returns(exported):
    subprocess.run(
        [sys.executable, str(CORRUPT), "cin", exported / "cin.xml", exported / "bad.xml"],
        check=True,
        timeout=60,
    )
    bad_903 = exported / "bad903"
    bad_903.mkdir()
    for f in (exported / "ssda903").glob("*.csv"):
        (bad_903 / f.name).write_bytes(f.read_bytes())
    subprocess.run(
        [
            sys.executable,
            str(CORRUPT),
            "ssda903",
            exported / "ssda903" / "Header.csv",
            bad_903 / "Header.csv",
        ],
        check=True,
        timeout=60,
    )

    cin = check("--cin", exported / "bad.xml")
    ssda903 = check("--ssda903", bad_903, "--ssda903-previous", exported / "previous")

    assert cin.returncode == 1 and "ERROR 4180:" in cin.stdout, cin.stdout
    assert ssda903.returncode == 1 and "ERROR 101:" in ssda903.stdout, ssda903.stdout
