"""Front-door reads: contacts awaiting screening, the allocation queue."""

from collections.abc import Container
from datetime import date

from django.db.models import Case, Exists, OuterRef, Prefetch, QuerySet, Value, When

from carefile.common.deadlines import DeadlineState, deadline_status
from carefile.common.workdays import working_days_between
from carefile.people.models import Person
from carefile.workforce.models import Allocation, AllocationRole

from .models import PRIORITY_ORDER, Contact, Referral


def contacts_awaiting_screening(*, user, team=None) -> QuerySet[Contact]:
    """Contacts without a decision, oldest due first; the children on them as the user may see them."""
    contacts = Contact.objects.filter(decision__isnull=True)
    if team is not None:
        contacts = contacts.filter(team=team)
    visible_children = Person.objects.visible_to(user).order_by("family_name", "given_name")
    return (
        contacts.select_related("team")
        .prefetch_related(Prefetch("children", queryset=visible_children, to_attr="visible_children"))
        .order_by("screening_due", "received_at", "id")
    )


def decisions_awaiting_sign_off(*, team=None) -> QuerySet[Contact]:
    contacts = Contact.objects.filter(decision__isnull=False, decision__signed_off_at__isnull=True)
    if team is not None:
        contacts = contacts.filter(team=team)
    return contacts.select_related("decision", "decision__decided_by").order_by("decision__decided_at")


def screening_state(contact: Contact, *, today: date, holidays: Container[date]) -> DeadlineState:
    decision = getattr(contact, "decision", None) if hasattr(contact, "decision") else None
    done_on = decision.decided_at.date() if decision is not None else None
    return deadline_status(due=contact.screening_due, today=today, done_on=done_on, holidays=holidays)


def awaiting_allocation(*, user, team=None, priority: str = "") -> QuerySet[Referral]:
    """Open referrals whose child has no social worker: the allocation queue."""
    allocated = Allocation.objects.filter(
        child=OuterRef("child_id"), role=AllocationRole.SOCIAL_WORKER, end__isnull=True
    )
    referrals = Referral.objects.filter(closure_date__isnull=True).filter(~Exists(allocated))
    referrals = referrals.filter(child__in=Person.objects.visible_to(user).values("pk"))
    if team is not None:
        referrals = referrals.filter(team=team)
    if priority:
        referrals = referrals.filter(priority=priority)
    return referrals.select_related("child", "team")


PRIORITY_RANK = Case(
    *(When(priority=p, then=Value(rank)) for p, rank in PRIORITY_ORDER.items()), default=Value(9)
)
SORTS = {
    "waiting": ["referral_date", "priority_rank", "id"],
    "priority": ["priority_rank", "referral_date", "id"],
    "name": ["child__family_name", "child__given_name", "id"],
    "team": ["team__name", "referral_date", "id"],
}


def allocation_queue(*, user, team=None, priority: str = "", sort: str = "waiting") -> QuerySet[Referral]:
    """The queue in the chosen order: longest waiting first by default."""
    return (
        awaiting_allocation(user=user, team=team, priority=priority)
        .annotate(priority_rank=PRIORITY_RANK)
        .order_by(*SORTS.get(sort, SORTS["waiting"]))
    )


def days_waiting(referral: Referral, *, today: date, holidays: Container[date]) -> int:
    """Working days since the referral, not counting the referral day."""
    return max(0, working_days_between(referral.referral_date, today, holidays=holidays))
