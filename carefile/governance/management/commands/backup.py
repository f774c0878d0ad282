from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carefile.governance.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to a file (pg_dump custom format for PostgreSQL, a SQLite database file "
        "for SQLite). The file is checked once written. Restore it with `restore --from FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The file to write")
        parser.add_argument("--database", default="default", help="The database alias (default: default)")

    def handle(self, *args, **options):
        try:
            result = database_backup(Path(options["out"]), alias=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the {result.engine} database to {result.path} ({result.size:,} bytes), checked."
        )
