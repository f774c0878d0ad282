#!/usr/bin/env bash
# The DfE-rule validators on the returns of a seeded synthetic council (issue #7 item 7, specs/validators.md).
#
#   make validators                       # the validators' own virtualenv, once
#   bash scripts/validators/ci_check.sh   # PostgreSQL at $PGURL_BASE (default postgresql://postgres@127.0.0.1:5432)
#
# Seeds `seed_council --size $SIZE --seed 1 --on $ON` into a fresh database ($DB_NAME), exports the CIN census
# and the SSDA903 return for 2025 and 2026 (SSDA903 with last year's files), checks the CIN XML against its
# XSD, runs scripts/validators/check_returns.py on each and fails on any failing Error rule (Query rules are
# listed, not failed). Then a negative test: one field corrupted in a copy of each return must make the
# validators fail with the expected rule. Findings land in $OUT (default test-artifacts/validators).
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
VPY=.venv-validators/bin/python
PGURL_BASE="${PGURL_BASE:-postgresql://postgres@127.0.0.1:5432}"
DB_NAME="${DB_NAME:-carefile_validators}"
SIZE="${SIZE:-demo}"
ON="${ON:-2026-11-22}"
YEARS="${YEARS:-2025 2026}"
OUT="${OUT:-test-artifacts/validators}"
LA="${COUNCIL_ONS_CODE:-E06000047}"

[ -x "$VPY" ] || { echo "validators: $VPY is missing: run 'make validators' first" >&2; exit 2; }
command -v psql >/dev/null || { echo "validators: psql is needed to create the database" >&2; exit 2; }

rm -rf "$OUT"; mkdir -p "$OUT"
export DATABASE_URL="$PGURL_BASE/$DB_NAME"
psql "$PGURL_BASE/postgres" -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS ${DB_NAME}" >/dev/null
psql "$PGURL_BASE/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE ${DB_NAME}" >/dev/null

echo "validators: seeding a $SIZE council (seed 1, history to $ON) into $DB_NAME"
start=$(date +%s)
$PY manage.py migrate --noinput -v0
$PY manage.py seed_council --size "$SIZE" --seed 1 --on "$ON" > "$OUT/seed.log"
echo "validators: seeded in $(( $(date +%s) - start )) s"

failed=0
check() {  # check LABEL EXPECT(pass|fail:CODE) check_returns args...
  local label="$1" expect="$2"; shift 2
  local log="$OUT/$label.txt" status=0
  "$VPY" scripts/validators/check_returns.py --la "$LA" --json "$OUT/$label.json" "$@" >"$log" 2>"$OUT/$label.stderr" || status=$?
  if [ "$expect" = pass ]; then
    cat "$log"
    if [ "$status" -ne 0 ]; then
      echo "validators: $label FAILED (see above; full log in $OUT/$label.stderr)" >&2
      failed=1
    fi
  else
    local code="${expect#fail:}"
    if [ "$status" -ne 0 ] && grep -q "^ERROR $code:" "$log"; then
      echo "validators: negative test $label: caught by rule $code, as expected"
    else
      cat "$log"
      echo "validators: negative test $label: expected a failure on rule $code (exit $status)" >&2
      failed=1
    fi
  fi
}

for year in $YEARS; do
  $PY manage.py export_cin_census --year "$year" --out "$OUT/cin-$year.xml"
  $PY manage.py export_ssda903 --year "$year" --out "$OUT/ssda903-$year"
  $PY scripts/validators/check_xsd.py --year "$year" "$OUT/cin-$year.xml" || failed=1
  check "cin-$year" pass --year "$year" --cin "$OUT/cin-$year.xml"
  check "ssda903-$year" pass --year "$year" --ssda903 "$OUT/ssda903-$year" \
    --ssda903-previous "$OUT/ssda903-$year/previous"
done

# Negative tests: a child's sex code made invalid in a copy of each return must be caught.
last="${YEARS##* }"
$PY scripts/validators/corrupt.py cin "$OUT/cin-$last.xml" "$OUT/cin-$last-corrupt.xml"
check "cin-$last-corrupt" "fail:${CIN_CORRUPT_RULE:-4180}" --year "$last" --cin "$OUT/cin-$last-corrupt.xml"
rm -rf "$OUT/ssda903-$last-corrupt"; cp -r "$OUT/ssda903-$last" "$OUT/ssda903-$last-corrupt"
$PY scripts/validators/corrupt.py ssda903 "$OUT/ssda903-$last/Header.csv" "$OUT/ssda903-$last-corrupt/Header.csv"
check "ssda903-$last-corrupt" "fail:${SSDA903_CORRUPT_RULE:-101}" --year "$last" \
  --ssda903 "$OUT/ssda903-$last-corrupt" --ssda903-previous "$OUT/ssda903-$last/previous"

psql "$PGURL_BASE/postgres" -qc "DROP DATABASE IF EXISTS ${DB_NAME}" >/dev/null || true
if [ "$failed" -ne 0 ]; then
  echo "validators: FAILED" >&2
  exit 1
fi
echo "validators: passed (zero failing Error rules; Query rules listed above)"
