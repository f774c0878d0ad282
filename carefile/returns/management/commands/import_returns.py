"""`import_returns --year Y --cin FILE.xml --ssda903 DIR [--ssda903-previous DIR]`: migrate a legacy system's
last statutory returns. All or nothing: every problem is printed (file, line or element, field, reason) and the
command exits non-zero with nothing imported. Importing the same files twice changes nothing."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from carefile.returns.importer import ImportFailed, import_returns
from carefile.workforce.models import Role, ServiceArea, Staff, Team

SYSTEM_GIVEN, SYSTEM_FAMILY = "Legacy system", "(data migration)"


class Command(BaseCommand):
    help = "Import children and their history from a legacy system's CIN census and SSDA903 returns."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="Collection year, by its end: 2025 = 2024-25"
        )
        parser.add_argument("--cin", help="CIN census XML file")
        parser.add_argument("--ssda903", help="Directory of SSDA903 CSV files for the year")
        parser.add_argument("--ssda903-previous", help="Directory of last year's SSDA903 CSV files")
        parser.add_argument(
            "--team",
            help="Name of the team whose allocation queue the imported open cases join "
            "(default: the only assessment team)",
        )
        parser.add_argument(
            "--by",
            help="Username of the member of staff the records are recorded by (default: a system account)",
        )

    def handle(self, *args, **opts):
        if not opts["cin"] and not opts["ssda903"]:
            raise CommandError("Give --cin FILE.xml, --ssda903 DIR or both")
        if opts["ssda903_previous"] and not opts["ssda903"]:
            raise CommandError("--ssda903-previous needs --ssda903")
        team = self._team(opts["team"])
        by = self._by(opts["by"], team)

        def progress(message: str) -> None:
            self.stderr.write(message)
            self.stderr.flush()

        try:
            result = import_returns(
                year=opts["year"],
                cin=opts["cin"],
                ssda903=opts["ssda903"],
                ssda903_previous=opts["ssda903_previous"],
                team=team,
                by=by,
                progress=progress,
            )
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            self.stderr.write(f"{len(exc.problems)} problem(s) found: nothing was imported.")
            sys.exit(1)
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        for what in sorted(set(result.created) | set(result.matched) | set(result.updated)):
            self.stdout.write(
                f"{what}: {result.created[what]} created, {result.updated[what]} updated, "
                f"{result.matched[what]} already recorded"
            )
        for name, digest in sorted(result.files.items()):
            self.stdout.write(f"file {name} sha256 {digest}")
        self.stdout.write(
            f"Imported children are unallocated: their open cases are in the allocation queue of {team.name}."
        )

    def _team(self, name: str | None) -> Team:
        if name:
            team = Team.objects.filter(name=name).first()
            if team is None:
                raise CommandError(f"No team is called {name!r}")
            return team
        teams = list(Team.objects.filter(service_area=ServiceArea.ASSESSMENT)[:2])
        if len(teams) != 1:
            raise CommandError("Say which team's allocation queue the imported cases join: --team NAME")
        return teams[0]

    def _by(self, username: str | None, team: Team) -> Staff:
        if username:
            staff = Staff.objects.filter(user__username=username).first()
            if staff is None:
                raise CommandError(f"No member of staff has the username {username!r}")
            return staff
        staff = Staff.objects.filter(
            given_name=SYSTEM_GIVEN, family_name=SYSTEM_FAMILY, user__isnull=True
        ).first()
        if staff is None:
            from datetime import date

            staff = Staff.objects.create(
                given_name=SYSTEM_GIVEN,
                family_name=SYSTEM_FAMILY,
                role=Role.ADMINISTRATOR,
                job_title="Records imported from the previous case management system",
                start_date=date(2000, 1, 1),
                caseload_cap=0,
            )
        return staff
