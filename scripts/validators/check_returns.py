"""Run the DfE-rule validators (Data to Insight / Social Finance) on Carefile's exports.

Runs in its own virtualenv (`make validators` makes .venv-validators): the validators pin pandas<2 and
numpy<1.25. Prints every flagged rule and exits 1 if any Error rule fails (Queries are listed, not failed).

    .venv-validators/bin/python scripts/validators/check_returns.py --year 2025 --cin cin.xml
    .venv-validators/bin/python scripts/validators/check_returns.py --year 2025 --ssda903 DIR [--ssda903-previous DIR] --la E06000047
"""

import argparse
import contextlib
import io
import json
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

# Rules that raise on well-formed input in csc-validator-be-903 0.1.17 (specs/validators.md): reported, not failed.
KNOWN_BROKEN_903 = {"231", "233"}


# Rows that two rules of csc-validator-be-903 0.1.17 require opposite things of, so no return can pass both:
# (rule, collection year) -> (why, the rows it is about). A flagged row matching the predicate is reported as a
# known conflict, not counted; any other row of the rule still fails.
def _short_break(context: dict) -> bool:
    return str(context.get("LS", "")).upper() in {"V3", "V4"}


def _k3(context: dict) -> bool:
    return str(context.get("PLACE", "")).upper() == "K3"


def _not_looked_after_on_31_march(context: dict) -> bool:
    """The child was not looked after on 31 March, or the row ends a stay in care that a later one followed
    (every social worker episode would have to start both before the end and after the later start)."""
    if context.get("_child_looked_after_on_31_march") is False:
        return True
    rec, dec = str(context.get("REC") or ""), _uk_date(context.get("DEC"))
    later = [d for d in context.get("_child_care_starts", []) if dec is not None and d > dec]
    return rec not in ("", "nan", "X1") and bool(later)


def _uk_date(value):
    from datetime import datetime

    try:
        return datetime.strptime(str(value), "%d/%m/%Y").date()
    except ValueError:
        return None


# Rules that flag rows only in a full run (another rule changes the shared tables first, e.g. fills blank
# DEC): they are run again on their own and count only if they still fail.
ORDER_DEPENDENT_903 = {"575", "577"}

KNOWN_CONFLICTS_903 = {
    ("SW12STG2", "2025"): (
        "SW12STG2 wants social worker episodes for children whose care ended in the year (its text and SW01 "
        "ask only for children looked after on 31 March), and contradicts itself for a child who left care "
        "and came back in the year",
        _not_looked_after_on_31_march,
    ),
    ("SW12STG2", "2026"): (
        "SW12STG2 wants social worker episodes for children whose care ended in the year (its text and SW01 "
        "ask only for children looked after on 31 March), and contradicts itself for a child who left care "
        "and came back in the year",
        _not_looked_after_on_31_march,
    ),
    ("218", "2026"): (
        "2025-26 rule 218 wants a URN on every K2 episode, rule 214 none on a short break (V3/V4)",
        _short_break,
    ),
    ("146", "2025"): (
        "2024-25 rule 146's code list lacks K3, which rules 221, 371 and 503D of the same year use",
        _k3,
    ),
}


def check_cin(path: Path, year: str) -> dict:
    from cin_validator import cin_validator
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    registry = get_year_ruleset(year)
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        data = cin_validator.process_data(cin_validator.convert_data(ET.parse(path).getroot()))
        validator = cin_validator.CinValidator(data, registry, selected_rules=None)
    report = validator.user_report
    errors, queries = {}, {}
    issues = []  # one per flagged child and rule, for the data-quality page (--json)
    if report is not None and len(report):
        for _, row in report.iterrows():
            code = str(row["rule_code"])
            rule = registry.get(code) if hasattr(registry, "get") else registry[code]
            kind = (
                getattr(getattr(rule, "rule_type", None), "value", "Error") if rule is not None else "Error"
            )
            is_query = kind == "Query" or code.endswith("Q")
            bucket = queries if is_query else errors
            bucket.setdefault(code, {"description": str(row.get("rule_description", "")), "children": set()})
            bucket[code]["children"].add(str(row.get("LAchildID", "")))
            issues.append(
                {
                    "code": code,
                    "type": "Query" if is_query else "Error",
                    "description": str(row.get("rule_description", "")),
                    "child": str(row.get("LAchildID", "")),
                    "detail": str(row.get("columns_affected", row.get("tables_affected", "")) or ""),
                }
            )
    la_issues = validator.la_rule_issues
    la_codes = []
    if la_issues is not None and len(la_issues):
        la_codes = sorted({str(c) for c in la_issues["rule_code"]}) if "rule_code" in la_issues else []
    for code in la_codes:
        (queries if code.endswith("Q") else errors).setdefault(
            code, {"description": "return-level rule", "children": set()}
        )
        issues.append(
            {
                "code": code,
                "type": "Query" if code.endswith("Q") else "Error",
                "description": "return-level rule",
                "child": "",
                "detail": "",
            }
        )
    raised = [line for line in captured.getvalue().splitlines() if "rror" in line or "Traceback" in line]
    # Dicts, so JSON keeps the records unique per child and rule.
    unique = {(i["code"], i["child"]): i for i in issues}
    return {"errors": errors, "queries": queries, "raised": raised, "issues": list(unique.values())}


def check_903(directory: Path, previous: Path | None, year: str, la: str) -> dict:
    from lac_validator import lac_validator
    from lac_validator.report import Report
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    files = [
        {"name": p.name, "file_content": p.read_bytes(), "description": "This year"}
        for p in sorted(directory.glob("*.csv"))
    ]
    if previous is not None and not _has_rows(previous / "Header.csv"):
        # The validator cannot read an empty Header (pandas raises in its UASC merge): a council with no child
        # looked after last year has no cross-year rules to run.
        print(f"note: {previous} has no children: last year's files are not loaded")
        previous = None
    if previous is not None:
        files += [
            {"name": p.name, "file_content": p.read_bytes(), "description": "Prev year"}
            for p in sorted(previous.glob("*.csv"))
        ]
    registry = get_year_ruleset(year)
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        validator = lac_validator.LacValidator(
            metadata={"collectionYear": year, "localAuthority": la},
            files=files,
            registry=registry,
            selected_rules=None,
        )
        report = Report(validator.ds_results, registry)
    errors, queries = {}, {}
    conflicts = []
    explained: set[str] = set()
    looked_after = _looked_after_on_31_march(directory / "Episodes.csv")
    care_starts = _care_starts(directory / "Episodes.csv")
    flagged = report.child_report
    for (code, for_year), (why, about) in KNOWN_CONFLICTS_903.items():
        if for_year != year or flagged is None or not len(flagged):
            continue
        rows = flagged[flagged["Code"].astype(str) == code]
        contexts = [
            {
                **_context(r),
                "_child_looked_after_on_31_march": str(r["CHILD"]) in looked_after,
                "_child_care_starts": care_starts.get(str(r["CHILD"]), []),
            }
            for _, r in rows.iterrows()
        ]
        if contexts and all(about(c) for c in contexts):
            explained.add(code)
            conflicts.append(f"{code} ({len(contexts)} rows): {why}")
    codes = set(flagged["Code"].astype(str)) if flagged is not None and len(flagged) else set()
    for code in sorted(ORDER_DEPENDENT_903 & codes):
        with contextlib.redirect_stdout(io.StringIO()):
            alone = lac_validator.LacValidator(
                metadata={"collectionYear": year, "localAuthority": la},
                files=files,
                registry=registry,
                selected_rules=[code],
            )
            alone_report = Report(alone.ds_results, registry).child_report
        if alone_report is None or not len(alone_report):
            explained.add(code)
            conflicts.append(
                f"{code}: fails only after other rules have changed the tables; passes run alone"
            )
    summary = report.error_summary
    if summary is not None and len(summary):
        for _, row in summary.iterrows():
            code = str(row.get("Code", row.get("code", "")))
            description = str(
                row.get("Error Description", row.get("Description", row.get("description", "")))
            )
            count = row.get("Error Count", row.get("Number of errors", row.get("count", 1)))
            count = int(count) if count == count and count is not None else 1  # NaN-safe
            if count == 0:
                continue  # the summary lists every configured rule, failing or not
            if code in explained:
                continue
            target = queries if code.endswith("Q") else errors
            target[code] = {"description": description, "children": {f"{count} rows"}}
    issues = {}  # (code, child) -> issue, for the data-quality page (--json)
    child_report = report.child_report
    if child_report is not None and len(child_report):
        for _, row in child_report.iterrows():
            code = str(row.get("Code", ""))
            child = str(row.get("CHILD", ""))
            issues.setdefault(
                (code, child),
                {
                    "code": code,
                    "type": "Query" if code.endswith("Q") else "Error",
                    "description": str(row.get("Description", "")),
                    "child": child,
                    "detail": str(row.get("Table", "")),
                },
            )
    fails = sorted(str(f) for f in (validator.fails or []))
    broken = [f for f in fails if any(f.startswith(k) for k in KNOWN_BROKEN_903)]
    unexpected = [f for f in fails if f not in broken]
    return {
        "errors": errors,
        "queries": queries,
        "raised": unexpected,
        "known_broken": broken,
        "known_conflicts": conflicts,
        "skipped": sorted(str(s) for s in (validator.skips or [])),
        "issues": list(issues.values()),
    }


def _has_rows(path: Path) -> bool:
    if not path.exists():
        return False
    with path.open(encoding="utf-8") as f:
        return sum(1 for line in f if line.strip()) > 1


def _looked_after_on_31_march(episodes_csv: Path) -> set[str]:
    """The children with an open episode (blank DEC) that is not a short break, in an Episodes file."""
    import csv

    if not episodes_csv.exists():
        return set()
    with episodes_csv.open(newline="", encoding="utf-8") as f:
        return {
            row["CHILD"]
            for row in csv.DictReader(f)
            if not row.get("DEC") and row.get("LS", "").upper() not in {"V3", "V4"}
        }


def _care_starts(episodes_csv: Path) -> dict[str, list]:
    """Each child's DECOMs of episodes starting care (RNE S), from an Episodes file."""
    import csv

    starts: dict[str, list] = {}
    if episodes_csv.exists():
        with episodes_csv.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("RNE", "").upper() == "S" and _uk_date(row.get("DECOM")):
                    starts.setdefault(row["CHILD"], []).append(_uk_date(row["DECOM"]))
    return starts


def _context(row) -> dict:
    context = row.get("Context", {})
    if isinstance(context, str):
        import ast

        try:
            context = ast.literal_eval(context)
        except (ValueError, SyntaxError):
            return {}
    return context if isinstance(context, dict) else {}


def main(argv=None) -> int:
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--year", required=True, help="collection END year, e.g. 2025 for 2024-25")
    parser.add_argument("--cin", type=Path)
    parser.add_argument("--ssda903", type=Path)
    parser.add_argument("--ssda903-previous", type=Path)
    parser.add_argument("--la", default="E06000047", help="upper-tier ONS code of the council")
    parser.add_argument("--json", type=Path, help="also write the findings as JSON here")
    args = parser.parse_args(argv)
    results = {}
    if args.cin:
        results["cin"] = check_cin(args.cin, args.year)
    if args.ssda903:
        results["ssda903"] = check_903(args.ssda903, args.ssda903_previous, args.year, args.la)
    if not results:
        parser.error("give --cin FILE and/or --ssda903 DIR")
    failed = False
    for name, found in results.items():
        print(
            f"== {name}: {len(found['errors'])} failing Error rules, {len(found['queries'])} Query rules flagged"
        )
        for code, info in sorted(found["errors"].items()):
            print(
                f"ERROR {code}: {info['description']} ({len(info['children'])} children, e.g. {sorted(info['children'])[:3]})"
            )
        for code, info in sorted(found["queries"].items()):
            print(f"query {code}: {info['description']} ({len(info['children'])} children)")
        for line in found.get("raised", []):
            print(f"RULE RAISED: {line}")
        for line in found.get("known_broken", []):
            print(f"known-broken rule (not counted): {line}")
        for line in found.get("known_conflicts", []):
            print(f"known conflict between rules (not counted): {line}")
        failed = failed or bool(found["errors"]) or bool(found.get("raised"))
    if args.json:
        args.json.write_text(
            json.dumps(results, default=lambda o: sorted(o) if isinstance(o, set) else str(o), indent=2)
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
