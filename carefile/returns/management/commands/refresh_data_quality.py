"""Check this year's returns with the DfE-rule validators and store the findings for the data-quality page.

    python manage.py refresh_data_quality [--year 2026]

Schedule it nightly (see README.md). Exits 1 if the refresh could not run (validators missing or failed).
"""

from django.core.management.base import BaseCommand, CommandError

from carefile.returns.data_quality import current_collection_year, refresh
from carefile.returns.models import RunStatus


class Command(BaseCommand):
    help = "Export this year's CIN census and SSDA903, run the DfE-rule validators and store the results."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="collection END year, e.g. 2026 for 2025-26")

    def handle(self, *args, **options):
        year = options["year"] or current_collection_year()
        if not 2000 < year < 2100:
            raise CommandError(f"--year {year}: give a collection end year such as 2026")
        run = refresh(year, progress=lambda message: self.stdout.write(message))
        if run.status == RunStatus.DONE:
            errors = run.issues.filter(rule_type="Error").count()
            queries = run.issues.filter(rule_type="Query").count()
            self.stdout.write(
                self.style.SUCCESS(f"Data quality for {year}: {errors} errors and {queries} queries stored")
            )
            if run.message:
                self.stdout.write(run.message)
            return
        raise CommandError(
            f"Data quality for {year} not refreshed ({run.get_status_display()}): {run.message}"
        )
