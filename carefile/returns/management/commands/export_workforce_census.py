"""Write the children's social work workforce census for a year (reference date 30 September).

    python manage.py export_workforce_census --year 2025 --out csww_2025.xml [--vacancies 12.5]

The COLLECT XML by default; a CSV of the worker items when --out ends in .csv.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carefile.returns.workforce_census import write_workforce_census


class Command(BaseCommand):
    help = "Write the children's social work workforce census (XML, or CSV when --out ends .csv)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="census year: reference date 30 September"
        )
        parser.add_argument("--out", required=True, help="file to write (.xml or .csv)")
        parser.add_argument(
            "--vacancies",
            default="0",
            help="FTE social worker vacancies on 30 September (not held in Carefile)",
        )

    def handle(self, *args, **options):
        year = options["year"]
        if not 2000 < year < 2100:
            raise CommandError(f"--year {year}: give a year such as 2025")
        try:
            vacancies = Decimal(options["vacancies"])
        except InvalidOperation as error:
            raise CommandError(f"--vacancies {options['vacancies']!r}: give a number such as 12.5") from error
        if vacancies < 0:
            raise CommandError("--vacancies: cannot be negative")
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"--out {out}: the folder {out.parent} does not exist")
        partial = out.with_name(out.name + ".part" + out.suffix)
        try:
            result = write_workforce_census(
                year, partial, vacancies=vacancies, progress=lambda line: self.stdout.write(line)
            )
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(self.style.SUCCESS(f"Wrote {out}: {result.workers} workers"))
