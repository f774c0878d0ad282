from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import localtime

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.governance.unusual_access import bulk_threshold_setting, unusual_access_report


def _time(at) -> str:
    return f"{localtime(at):%H:%M}"


class Command(BaseCommand):
    help = (
        "The day's unusual access to children's records: children outside the viewer's team and caseload, "
        "shared surnames, bulk viewing and out-of-hours viewing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", help="The day, as YYYY-MM-DD (default: yesterday)")
        parser.add_argument(
            "--bulk-threshold",
            type=int,
            default=None,
            help="Bulk viewing is more than this many distinct children in an hour (default: the "
            "UNUSUAL_ACCESS_BULK_THRESHOLD setting, 30)",
        )

    def handle(self, *args, **options):
        if options["on"]:
            try:
                on = date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(f"--on {options['on']!r} is not a date: write it as 2025-03-31") from None
        else:
            on = clock.today() - timedelta(days=1)
        threshold = options["bulk_threshold"]
        if threshold is not None and threshold < 1:
            raise CommandError("--bulk-threshold must be 1 or more")
        report = unusual_access_report(
            on=on, bulk_threshold=threshold or bulk_threshold_setting(), holidays=holiday_calendar()
        )
        out = self.stdout.write
        out(f"Unusual access on {on:%A %d %B %Y}: {report.views} views by {report.viewers} people.")
        out("")
        out(f"Children outside the viewer's team and caseload ({len(report.outside_team)}):")
        for r in report.outside_team:
            out(
                f"  {r.viewer.name} ({r.viewer.role}{', ' + r.viewer.team if r.viewer.team else ''}) viewed "
                f"{r.child.la_child_id or 'record ' + str(r.child.person_ref)} "
                f"(team: {r.child.team or 'none'}) {r.views} time(s), {_time(r.first)}-{_time(r.last)}"
            )
        out("")
        out(f"Viewer shares the child's surname ({len(report.shared_surname)}):")
        for r in report.shared_surname:
            out(
                f"  {r.viewer.name} viewed {r.child.la_child_id or 'record ' + str(r.child.person_ref)} "
                f"(surname {r.detail}) {r.views} time(s)"
            )
        out("")
        out(f"Bulk viewing, more than {report.bulk_threshold} children in an hour ({len(report.bulk)}):")
        for r in report.bulk:
            out(
                f"  {r.viewer.name}: {r.peak_children} children between {_time(r.window_start)} and "
                f"{_time(r.window_end)} ({r.children_in_day} in the day)"
            )
        out("")
        out(f"Out of hours, {report.out_of_hours_reason} ({len(report.out_of_hours)}):")
        for r in report.out_of_hours:
            out(
                f"  {r.viewer.name}: {r.views} view(s) of {r.children} child(ren), "
                f"{_time(r.first)}-{_time(r.last)}"
            )
