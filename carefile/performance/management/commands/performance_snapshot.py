"""`manage.py performance_snapshot [--on DATE]`: take the day's practice and workforce figures for the council
and for every team (run nightly, so the dashboards read them rather than running every clock)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carefile.common import clock
from carefile.performance import selectors, services
from carefile.workforce.models import Team


class Command(BaseCommand):
    help = "Take the day's performance snapshot for the council and each team."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="The day (YYYY-MM-DD); today if not given")

    def handle(self, *args, **opts):
        try:
            on = date.fromisoformat(opts["on"]) if opts["on"] else clock.today()
        except ValueError:
            raise CommandError(f"--on: '{opts['on']}' is not a date (YYYY-MM-DD)") from None
        months = selectors.last_months(on)
        scopes = [None, *Team.objects.order_by("name")]
        for team in scopes:
            figures = selectors.compute_operational(today=on, team=team, months=months)
            services.save_snapshot(on=on, team=team, data=selectors.snapshot_data(figures), at=timezone.now())
        self.stdout.write(f"Snapshot of {on:%-d %B %Y} taken for the council and {len(scopes) - 1} teams")
