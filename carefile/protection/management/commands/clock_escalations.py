"""Tell each team manager, once, about the timescales in their team that are about to be missed.

    python manage.py clock_escalations [--on 2026-03-02] [--within 5] [--no-email]

Run it every working morning (cron or the tasks runner). Covers every app's clocks (see escalations.py).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.protection.escalations import escalate_team
from carefile.protection.selectors import protection_settings
from carefile.workforce.models import Team


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on must be a date like 2026-03-02, not {value!r}") from None


class Command(BaseCommand):
    help = "Warn team managers (alert and email) about clocks turning amber or falling due within N working days."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=_date, help="The day to run for (default today)")
        parser.add_argument(
            "--within",
            type=int,
            help="Working days ahead to look (default: the council's setting, 5 unless changed)",
        )
        parser.add_argument(
            "--no-email", action="store_true", help="Record the warnings without emailing them"
        )
        parser.add_argument("--team", type=int, help="Only this team (its id)")

    def handle(self, *args, **options):
        on = options["on"] or clock.today()
        within = (
            options["within"]
            if options["within"] is not None
            else protection_settings().escalation_working_days
        )
        if within < 0:
            raise CommandError("--within cannot be negative")
        holidays = holiday_calendar()
        teams = (
            Team.objects.filter(manager__isnull=False)
            .select_related("manager", "manager__user")
            .order_by("name")
        )
        if options["team"]:
            teams = teams.filter(pk=options["team"])
        total = new_total = 0
        for team in teams:
            result = escalate_team(
                team,
                on=on,
                within=within,
                holidays=holidays,
                at=clock.now(),
                send_email=not options["no_email"],
            )
            if result is None or not result.warnings:
                continue
            total += len(result.warnings)
            new_total += len(result.new)
            self.stdout.write(
                f"{team.name} ({result.manager}): {len(result.warnings)} about to be missed, "
                f"{len(result.new)} new{'; emailed' if result.emailed else ''}"
            )
            for warning in result.new:
                due = warning.clock.due
                self.stdout.write(
                    f"  {due:%Y-%m-%d}  {warning.child.la_child_id or warning.child.pk}  {warning.clock.label}"
                )
        self.stdout.write(
            f"{on:%d %B %Y}, looking {within} working days ahead: {total} timescale"
            f"{'s' if total != 1 else ''} about to be missed, {new_total} new warning{'s' if new_total != 1 else ''}."
        )
