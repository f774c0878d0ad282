"""Write Ofsted's Annex A lists for an inspection date.

    python manage.py export_annex_a --on 2026-03-02 --out annex_a.xlsx --user analyst

The lists name children, restricted ones included (they must be complete), so the export is for staff with
the returns permission (analysts and administrators) and every child in it is access-logged as a bulk access.
"""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from carefile.returns.annex_a import TITLES, log_bulk_access, write_annex_a


class Command(BaseCommand):
    help = "Write Ofsted's Annex A lists (one sheet each) for an inspection on --on DATE."

    def add_arguments(self, parser):
        parser.add_argument("--on", required=True, help="inspection date, YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")
        parser.add_argument(
            "--user", required=True, help="username of the analyst or administrator exporting"
        )

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["on"])
        except ValueError as error:
            raise CommandError(f"--on {options['on']!r}: give the date as YYYY-MM-DD") from error
        out = Path(options["out"])
        if out.suffix.lower() != ".xlsx":
            raise CommandError(f"--out {out}: Annex A is an Excel workbook; name the file .xlsx")
        if not out.parent.exists():
            raise CommandError(f"--out {out}: the folder {out.parent} does not exist")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"--user {options['user']!r}: no such active user")
        if not user.has_perm("returns.export_returns"):
            raise CommandError(
                f"--user {options['user']!r} may not export returns (analysts and administrators only)"
            )
        partial = out.with_name(out.name + ".part")
        try:
            result = write_annex_a(on, partial, progress=lambda line: self.stdout.write(line))
            with transaction.atomic():
                logged = log_bulk_access(result, user=user)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Annex A for {on:%d/%m/%Y} written to {out}: {sum(result.rows.values())} rows, "
                f"{len(result.children)} children (access-logged: {logged})"
            )
        )
        if result.headings_only:
            names = ", ".join(f"List {n} ({TITLES[n]})" for n in result.headings_only)
            self.stdout.write(
                f"Written with headings only (Carefile does not hold these records yet): {names}"
            )
