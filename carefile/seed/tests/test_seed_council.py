"""The synthetic council: sign-ins, determinism, safety on a loaded database, and the shape of the data."""

import hashlib
import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q

from carefile.frontdoor.models import Contact, ContactChild, Referral, ScreeningDecision
from carefile.people.forms import nhs_number_valid
from carefile.people.models import Address, CaseStatus, Person, PersonKind, Relationship
from carefile.seed.frontdoor import QUEUE_CHILDREN
from carefile.seed.identifiers import upn_check_letter
from carefile.seed.purge import purge_council
from carefile.seed.signins import DEMO_PASSWORD, DEMO_SIGNINS
from carefile.workforce.models import Allocation, AllocationRole, Staff, Team, User
from carefile.workforce.selectors import caseload_for_worker

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 31)


def seed(*options: str, seed: int = 7) -> str:
    out = StringIO()
    call_command(
        "seed_council", "--size", "demo", "--seed", str(seed), "--on", ON.isoformat(), *options, stdout=out
    )
    return out.getvalue()


def digest() -> str:
    """A fingerprint of the council by natural keys (database ids differ between loads)."""
    tables = [
        Team.objects.values_list("name", "service_area", "manager__given_name", "manager__family_name"),
        Staff.objects.values_list(
            "given_name",
            "family_name",
            "role",
            "job_title",
            "team__name",
            "fte",
            "contract",
            "start_date",
            "leave_date",
            "swe_number",
            "caseload_cap",
            "user__username",
        ),
        Person.objects.values_list(
            "kind",
            "la_child_id",
            "given_name",
            "family_name",
            "known_as",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "ethnicity",
            "upn",
            "upn_unknown",
            "nhs_number",
            "responsible_team__name",
            "restricted",
        ),
        Address.objects.values_list(
            "person__given_name", "person__family_name", "line1", "postcode", "start", "end"
        ),
        Relationship.objects.values_list("person__given_name", "other__la_child_id", "kind", "start"),
        Contact.objects.values_list(
            "received_at", "source", "referrer_name", "presenting_concerns", "priority", "team__name"
        ),
        ContactChild.objects.values_list("contact__received_at", "child__la_child_id"),
        ScreeningDecision.objects.values_list(
            "contact__received_at",
            "outcome",
            "rationale",
            "decided_at",
            "decided_by__swe_number",
            "signed_off_at",
        ),
        Referral.objects.values_list(
            "child__la_child_id",
            "referral_date",
            "source",
            "team__name",
            "priority",
            "presenting_issue",
            "re_referral",
            "referral_nfa",
            "closure_date",
            "closure_reason",
            "contact__received_at",
        ),
        Allocation.objects.values_list(
            "child__la_child_id",
            "worker__given_name",
            "worker__family_name",
            "role",
            "start",
            "end",
            "reason",
            "end_reason",
            "over_cap_reason",
        ),
    ]
    h = hashlib.sha256()
    for rows in tables:
        for row in sorted(repr(r) for r in rows):
            h.update(row.encode())
    return h.hexdigest()


def open_children():
    """Children open to the service on the seed date: a responsible team and not yet 18 (or not yet born)."""
    eighteen_ago = ON.replace(year=ON.year - 18)
    return Person.objects.filter(kind=PersonKind.CHILD, responsible_team__isnull=False).filter(
        Q(date_of_birth__gt=eighteen_ago) | Q(date_of_birth__isnull=True)
    )


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    """One demo council shared by the tests that only read it, rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed("--replace")
        yield
        transaction.set_rollback(True)


def test_demo_signins_prints_a_hint_until_the_council_is_loaded():
    purge_council()
    out = StringIO()
    call_command("demo_signins", stdout=out)
    assert "No demo sign-ins yet" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()

    seed()
    out = StringIO()
    call_command("demo_signins", stdout=out)
    text = out.getvalue()
    assert text.startswith("Sign in at http://127.0.0.1:8000 with:")
    for signin in DEMO_SIGNINS:
        assert re.search(rf"^\s+{re.escape(signin.username)}\s+.+\s+{DEMO_PASSWORD}$", text, re.MULTILINE)


def test_the_same_seed_and_date_give_identical_data():
    seed("--replace")
    first = digest()
    seed("--replace")
    assert digest() == first
    seed("--replace", seed=8)
    assert digest() != first


def test_if_empty_leaves_an_existing_council_alone():
    seed("--replace")
    before = digest()
    output = seed("--if-empty", seed=99)
    assert "already loaded" in output
    assert digest() == before


def test_a_loaded_database_is_refused_without_replace():
    seed("--replace")
    with pytest.raises(CommandError, match="--replace"):
        seed(seed=99)


def test_demo_seed_creates_the_signins_with_the_documented_password_and_roles(council):
    for signin in DEMO_SIGNINS:
        user = User.objects.select_related("staff").get(username=signin.username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.staff.role == signin.role
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.get(username="social.worker").is_staff


def test_the_demo_council_is_about_the_documented_size(council):
    assert 8 <= Team.objects.count() <= 10
    assert 35 <= Staff.objects.count() <= 55
    # Children open to a social worker, those waiting for one, those whose cases closed, and those the front
    # door heard about in the last 8 weeks.
    assert 420 <= Person.objects.filter(kind=PersonKind.CHILD).count() <= 580
    assert 180 <= open_children().count() <= 245
    assert Person.objects.filter(expected_date_of_birth__isnull=False, date_of_birth__isnull=True).exists()
    assert Staff.objects.filter(leave_date__lt=ON).exists()


def test_every_generated_nhs_number_passes_the_check_digit(council):
    numbers = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    assert numbers
    assert all(nhs_number_valid(n) for n in numbers)
    assert len(numbers) == len(set(numbers))


def test_every_upn_has_the_council_code_and_a_good_check_letter(council):
    upns = list(Person.objects.exclude(upn="").values_list("upn", flat=True))
    assert upns
    for upn in upns:
        assert re.fullmatch(r"[A-Z]840\d{9}", upn)
        assert upn[0] == upn_check_letter(upn[1:])
    under_five = Person.objects.filter(
        kind=PersonKind.CHILD, date_of_birth__gt=ON - timedelta(days=5 * 365 + 2)
    )
    assert set(under_five.values_list("upn_unknown", flat=True)) == {"UN1"}


def test_every_open_child_has_exactly_one_open_social_worker_allocation(council):
    """Except the children referred and waiting in the allocation queue, who have none yet."""
    children = open_children().annotate(
        open_sw=Count(
            "allocations",
            filter=Q(allocations__end__isnull=True, allocations__role=AllocationRole.SOCIAL_WORKER),
        )
    )
    assert children.exists()
    assert set(children.values_list("open_sw", flat=True)) == {0, 1}
    waiting = children.filter(open_sw=0)
    assert waiting.count() == QUEUE_CHILDREN["demo"]
    assert set(waiting.values_list("case_status", flat=True)) == {CaseStatus.REFERRAL}
    assert all(child.referrals.filter(closure_date__isnull=True).exists() for child in waiting)
    for allocation in Allocation.objects.filter(
        end__isnull=True, role=AllocationRole.SOCIAL_WORKER
    ).select_related("child", "worker"):
        assert allocation.worker.team_id == allocation.child.responsible_team_id


def test_allocations_fall_within_each_workers_employment(council):
    for allocation in Allocation.objects.select_related("worker", "child"):
        worker = allocation.worker
        assert worker.start_date <= allocation.start.date()
        if worker.leave_date is not None:
            assert allocation.end is not None and allocation.end.date() <= worker.leave_date
        if allocation.child.date_of_birth:
            assert allocation.start.date() >= allocation.child.date_of_birth
        assert allocation.start.date() < ON


def test_the_social_worker_signin_has_a_caseload_on_the_seed_date(council):
    worker = Staff.objects.get(user__username="social.worker")
    assert (
        12
        <= caseload_for_worker(worker=worker, on=ON).filter(role=AllocationRole.SOCIAL_WORKER).count()
        <= 18
    )
    manager = Staff.objects.get(user__username="team.manager")
    assert manager.managed_teams.get() == worker.team
    assert caseload_for_worker(worker=manager, on=ON).count() == 3


def test_restricted_children_have_an_access_list_naming_the_team_manager(council):
    restricted = Person.objects.filter(restricted=True, kind=PersonKind.CHILD)
    assert restricted.count() >= 2
    manager = User.objects.get(username="team.manager")
    for child in restricted:
        assert child.restricted_reason
        assert list(child.access_list.values_list("user", flat=True)) == [manager.pk]
        assert (
            child.allocations.get(end__isnull=True, role=AllocationRole.SOCIAL_WORKER).worker == manager.staff
        )
