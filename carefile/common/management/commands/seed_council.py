"""`python manage.py seed_council --size {demo,medium,large} --seed N [--on YYYY-MM-DD] [--if-empty | --replace]`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from carefile.common import clock
from carefile.people.models import Person
from carefile.seed.generator import seed_council
from carefile.seed.plan import SIZES
from carefile.seed.purge import council_exists, purge_council
from carefile.seed.signins import DEMO_USERNAMES
from carefile.workforce.models import Team, User


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--on must be a date written YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "Load a synthetic council: teams, staff, children and families with several years of history up to "
        "--on (default today). The same size, seed and date always give the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="demo")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--on", type=_date, default=None, help="The last day of the history (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already holds a council."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every team, member of staff, sign-in and person (with their records) first.",
        )

    def handle(self, *args, size: str, seed: int, on: date | None, if_empty: bool, replace: bool, **options):
        on = on or clock.today()
        say = self.stdout.write
        if council_exists():
            if if_empty:
                say(
                    f"The council is already loaded ({Team.objects.count()} teams, "
                    f"{Person.objects.count():,} people): nothing to do."
                )
                return
            if not replace:
                raise CommandError(
                    "This database already holds a council. Use --replace to delete it and load a new one, "
                    "or --if-empty to leave it as it is."
                )
        clashes = list(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
        if clashes and not replace:
            raise CommandError(
                f"Sign-ins named {', '.join(sorted(clashes))} already exist. Use --replace to delete every "
                "sign-in and load the council."
            )
        if replace:
            removed = purge_council()
            say(f"Deleted the existing council ({removed:,} rows).")
        try:
            result = seed_council(size=size, seed=seed, on=on, report=say)
        except BaseException:
            self.stderr.write("Seeding failed; removing the part-loaded council.")
            purge_council()
            raise
        say("Loaded:")
        width = max(len(k) for k in result.counts)
        for key, value in result.counts.items():
            say(f"  {key:<{width}}  {value:>9,}")
        say(
            self.style.SUCCESS(
                f"Done in {result.seconds:.1f} s. `python manage.py demo_signins` lists the sign-ins."
            )
        )
