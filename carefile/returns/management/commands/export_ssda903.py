"""`python manage.py export_ssda903 --year 2025 --out DIR`: the SSDA903 return as twelve CSV files."""

import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carefile.returns.progress import Progress
from carefile.returns.ssda903_export import COLUMNS, FILE_NAMES, write_ssda903

PREVIOUS = "previous"


class Command(BaseCommand):
    help = (
        "Write the SSDA903 return (children looked after) for a collection year as twelve CSV files in --out "
        f"({', '.join(FILE_NAMES.values())}), every one with its exact header row, header-only when empty. "
        f"Last year's files go in --out/{PREVIOUS}/ (the same twelve files for year - 1), which the "
        "validators' cross-year rules read as 'Prev year'; --no-previous leaves them out. --year is the year "
        "the collection ends on 31 March (2025 = 1 April 2024 to 31 March 2025). Progress goes to stderr. "
        "Files are written to a temporary folder and moved into place when complete."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="collection END year, e.g. 2025 for 2024-25"
        )
        parser.add_argument("--out", type=Path, required=True, help="the folder to write the CSV files into")
        parser.add_argument(
            "--no-previous",
            action="store_true",
            help=f"do not write last year's files into --out/{PREVIOUS}/",
        )

    def handle(self, *args, year: int, out: Path, no_previous: bool, **options):
        if year < 2024:
            raise CommandError(f"--year {year}: give 2024 or a later collection year")
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} is a file: give a folder")
        if not out.parent.exists():
            raise CommandError(f"--out {out}: the folder {out.parent} does not exist")
        out.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out, prefix=".partial-") as staging:
            staging = Path(staging)
            counts = write_ssda903(year, staging, progress=Progress(f"SSDA903 {year}"))
            previous = None
            if not no_previous:
                previous = write_ssda903(
                    year - 1, staging / PREVIOUS, progress=Progress(f"SSDA903 {year - 1}")
                )
            for name in FILE_NAMES.values():
                (staging / name).replace(out / name)
            if previous is not None:
                shutil.rmtree(out / PREVIOUS, ignore_errors=True)
                (staging / PREVIOUS).replace(out / PREVIOUS)
        rows = ", ".join(f"{table} {counts[table]:,}" for table in COLUMNS)
        self.stdout.write(
            f"Wrote {len(FILE_NAMES)} files to {out} for {counts['children']:,} children: {rows}."
        )
        if previous is not None:
            self.stdout.write(f"Wrote last year's ({year - 1}) files to {out / PREVIOUS}.")
