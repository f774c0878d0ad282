"""`python manage.py demo_signins`: the demonstration sign-ins and their password, if they exist."""

from django.core.management.base import BaseCommand

from carefile.seed.signins import DEMO_PASSWORD, DEMO_SIGNINS
from carefile.workforce.models import Role, User


class Command(BaseCommand):
    help = "List the demonstration sign-ins loaded by seed_council, with the shared demo password."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Where the service is running.")

    def handle(self, *args, url: str, **options):
        existing = set(
            User.objects.filter(username__in=[s.username for s in DEMO_SIGNINS]).values_list(
                "username", flat=True
            )
        )
        signins = [s for s in DEMO_SIGNINS if s.username in existing]
        if not signins:
            self.stdout.write(
                "No demo sign-ins yet. Load the demo council with "
                "`python manage.py seed_council --size demo --seed 1` (or `make setup`)."
            )
            return
        rows = [("Username", "Role", "Password")] + [
            (s.username, Role(s.role).label, DEMO_PASSWORD) for s in signins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        self.stdout.write(f"Sign in at {url} with:")
        self.stdout.write("")
        for username, role, password in rows:
            self.stdout.write(f"  {username:<{widths[0]}}  {role:<{widths[1]}}  {password}")
        self.stdout.write("")
