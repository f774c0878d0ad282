from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from carefile.common.audit import AuditChainBroken, audit_chain_verify
from carefile.governance.backup import BackupError, backup_engine, database_restore


class Command(BaseCommand):
    help = "Replace everything in the database with a backup made by `backup --out FILE`."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="The backup file")
        parser.add_argument("--database", default="default", help="The database alias (default: default)")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm"
        )

    def handle(self, *args, **options):
        source = Path(options["source"])
        alias = options["database"]
        try:
            engine = backup_engine(source)
        except BackupError as error:
            raise CommandError(str(error)) from None
        name = connections[alias].settings_dict["NAME"]
        if options["interactive"]:
            answer = input(
                f"This replaces everything in the database {name} with the {engine} backup {source}.\n"
                "Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed")
        try:
            restored = database_restore(source, alias=alias)
        except BackupError as error:
            raise CommandError(f"{error}. Nothing was changed.") from None
        self.stdout.write(f"Restored {restored} from {source}.")
        try:
            rows = audit_chain_verify()
        except AuditChainBroken as error:
            self.stderr.write(f"Warning: the restored access log does not verify. {error}")
        else:
            self.stdout.write(f"Audit log intact: {rows} access-log rows verified.")
