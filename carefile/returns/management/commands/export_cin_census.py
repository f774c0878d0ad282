"""`python manage.py export_cin_census --year 2025 --out cin-2025.xml`: the CIN census as XML."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carefile.returns.cin_export import write_cin_census
from carefile.returns.progress import Progress


class Command(BaseCommand):
    help = (
        "Write the CIN census for a collection year (2024-25 format and later: Sex, not GenderCurrent) as one "
        "XML file, valid against that year's CIN XSD. --year is the year the collection ends on 31 March "
        "(2025 = 1 April 2024 to 31 March 2025). Progress goes to stderr; the file is written to a temporary "
        "name and renamed when complete, so a failed run leaves no half-written return."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="collection END year, e.g. 2025 for 2024-25"
        )
        parser.add_argument("--out", type=Path, required=True, help="the XML file to write")

    def handle(self, *args, year: int, out: Path, **options):
        if year < 2025:
            raise CommandError(
                f"--year {year}: this export writes the 2024-25 format and later; give 2025 or a later year"
            )
        if out.exists() and out.is_dir():
            raise CommandError(f"--out {out} is a directory: give the path of the XML file to write")
        if not out.parent.exists():
            raise CommandError(f"--out {out}: the folder {out.parent} does not exist")
        partial = out.with_name(out.name + ".partial")
        try:
            counts = write_cin_census(year, str(partial), progress=Progress(f"CIN census {year}"))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(out)
        self.stdout.write(
            f"Wrote {out}: {counts['children']:,} children, {counts['episodes']:,} episodes, "
            f"{counts['assessments']:,} assessments, {counts['section47']:,} section 47 enquiries, "
            f"{counts['cp_plans']:,} child protection plans, {counts['cin_plans']:,} child in need plans."
        )
