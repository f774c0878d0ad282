"""`manage.py indicators`: every indicator of specs/indicators.md for a collection year (or the 12 months to a
date), from the records or from return files, as JSON or CSV on standard output."""

import csv
import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from carefile.performance import selectors
from carefile.performance.facts import Period
from carefile.performance.indicators import INDICATORS, as_json
from carefile.performance.workdays import OutsideHolidayTable


class Command(BaseCommand):
    help = "Compute the performance indicators for a collection year, from the records or from return files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="Collection year by its end: 2025 = 1 April 2024 to 31 March 2025"
        )
        parser.add_argument(
            "--to", help="Instead of a collection year: the 12 months to this date (YYYY-MM-DD)"
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--team", help="Only children of this team (its id or exact name)")
        parser.add_argument(
            "--from-returns", action="store_true", help="Compute from return files, not the records"
        )
        parser.add_argument("--cin", help="CIN census XML file (with --from-returns)")
        parser.add_argument("--ssda903", help="Directory of SSDA903 CSV files (with --from-returns)")

    def handle(self, *args, **opts):
        from carefile.performance import facts_db, facts_returns

        if bool(opts["year"]) == bool(opts["to"]):
            raise CommandError("Give either --year or --to")
        if opts["to"]:
            try:
                period = Period.rolling_year(date.fromisoformat(opts["to"]))
            except ValueError:
                raise CommandError(f"--to: '{opts['to']}' is not a date (YYYY-MM-DD)") from None
        else:
            period = Period.collection_year(opts["year"])
        try:
            if opts["from_returns"]:
                if opts["to"] or opts["team"]:
                    raise CommandError(
                        "--from-returns works on a whole collection year: use --year, without --team"
                    )
                if not opts["cin"] and not opts["ssda903"]:
                    raise CommandError("--from-returns needs --cin FILE and/or --ssda903 DIR")
                facts = facts_returns.facts(year=opts["year"], cin=opts["cin"], ssda903=opts["ssda903"])
            else:
                if opts["cin"] or opts["ssda903"]:
                    raise CommandError("--cin and --ssda903 are read only with --from-returns")
                team = selectors.team_by_ref(opts["team"]) if opts["team"] else None
                if opts["team"] and team is None:
                    raise CommandError(f"--team: no team '{opts['team']}'")
                facts = facts_db.facts(period, team=team)
            results = selectors.compute(facts)
        except facts_returns.ReturnFileError as error:
            raise CommandError(str(error)) from None
        except OutsideHolidayTable as error:
            raise CommandError(f"Working days cannot be counted: {error}") from None
        out = as_json(results)
        if opts["format"] == "json":
            self.stdout.write(json.dumps(out, indent=2))
            return
        writer = csv.writer(self.stdout)
        writer.writerow(["key", "label", "value", "numerator", "denominator", "reason", "period"])
        for key, o in results.items():
            writer.writerow(
                [
                    key,
                    INDICATORS[key].label,
                    "" if o.value is None else o.value,
                    "" if o.numerator is None else o.numerator,
                    "" if o.denominator is None else o.denominator,
                    o.reason,
                    period.label,
                ]
            )
        sys.stdout.flush()
