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
    if report is not None and len(report):
        for _, row in report.iterrows():
            code = str(row["rule_code"])
            rule = registry.get(code) if hasattr(registry, "get") else registry[code]
            kind = (
                getattr(getattr(rule, "rule_type", None), "value", "Error") if rule is not None else "Error"
            )
            bucket = queries if kind == "Query" or code.endswith("Q") else errors
            bucket.setdefault(code, {"description": str(row.get("rule_description", "")), "children": set()})
            bucket[code]["children"].add(str(row.get("LAchildID", "")))
    la_issues = validator.la_rule_issues
    la_codes = []
    if la_issues is not None and len(la_issues):
        la_codes = sorted({str(c) for c in la_issues["rule_code"]}) if "rule_code" in la_issues else []
    for code in la_codes:
        (queries if code.endswith("Q") else errors).setdefault(
            code, {"description": "return-level rule", "children": set()}
        )
    raised = [line for line in captured.getvalue().splitlines() if "rror" in line or "Traceback" in line]
    return {"errors": errors, "queries": queries, "raised": raised}


def check_903(directory: Path, previous: Path | None, year: str, la: str) -> dict:
    from lac_validator import lac_validator
    from lac_validator.report import Report
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    files = [
        {"name": p.name, "file_content": p.read_bytes(), "description": "This year"}
        for p in sorted(directory.glob("*.csv"))
    ]
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
    summary = report.error_summary
    if summary is not None and len(summary):
        for _, row in summary.iterrows():
            code = str(row.get("Code", row.get("code", "")))
            description = str(row.get("Description", row.get("description", "")))
            count = int(row.get("Number of errors", row.get("count", 1)) or 1)
            target = queries if code.endswith("Q") else errors
            target[code] = {"description": description, "children": {f"{count} rows"}}
    fails = sorted(str(f) for f in (validator.fails or []))
    broken = [f for f in fails if any(f.startswith(k) for k in KNOWN_BROKEN_903)]
    unexpected = [f for f in fails if f not in broken]
    return {
        "errors": errors,
        "queries": queries,
        "raised": unexpected,
        "known_broken": broken,
        "skipped": sorted(str(s) for s in (validator.skips or [])),
    }


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
        failed = failed or bool(found["errors"]) or bool(found.get("raised"))
    if args.json:
        args.json.write_text(
            json.dumps(results, default=lambda o: sorted(o) if isinstance(o, set) else str(o), indent=2)
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
