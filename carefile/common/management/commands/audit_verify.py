from django.core.management.base import BaseCommand, CommandError

from carefile.common.audit import AuditChainBroken, audit_chain_verify


class Command(BaseCommand):
    help = (
        "Check that the record-access log has not been altered: every row's hash chains to the one before it."
    )

    def handle(self, *args, **options):
        try:
            count = audit_chain_verify()
        except AuditChainBroken as error:
            raise CommandError(f"Audit log check FAILED. {error}") from None
        self.stdout.write(f"Audit log intact: {count} access-log rows verified.")
