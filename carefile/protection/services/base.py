"""What the child protection services share: the error, the people in a meeting, and small helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person
from carefile.plans.models import PlanEndReason as GenericEndReason

from ..codes import (
    Agency,
    ConferenceKind,
    EnquiryOutcome,
    PlanEndReason,
)
from ..models import (
    Conference,
    Section47Enquiry,
)

MANAGER_ROLES = {"team_manager", "head_of_service"}
CHAIR_ROLES = {"reviewing_officer"} | MANAGER_ROLES
# Agencies a strategy discussion cannot go ahead without (Working Together 2023 also expects health).
REQUIRED_AGENCIES = (Agency.SOCIAL_CARE, Agency.POLICE)
REQUIRED_AGENCY_NAMES = {Agency.SOCIAL_CARE: "children's social care", Agency.POLICE: "the police"}
# What the child's status becomes when a plan ends (only if it is still "child protection").
STATUS_AFTER_END = {PlanEndReason.LOOKED_AFTER: CaseStatus.LOOKED_AFTER}
GENERIC_END_REASON = {
    PlanEndReason.NO_LONGER_AT_RISK: GenericEndReason.OUTCOMES_MET,
    PlanEndReason.MOVED: GenericEndReason.MOVED,
    PlanEndReason.LOOKED_AFTER: GenericEndReason.LOOKED_AFTER,
}


class ProtectionError(Exception):
    """A child protection record that cannot be written as asked; the message says why."""


@dataclass(frozen=True)
class Participant:
    name: str
    agency: str
    role: str = ""


@dataclass(frozen=True)
class Invitee:
    name: str
    role: str
    detail: str = ""


def say_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def local_date(at: datetime) -> date:
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _and(words: Sequence[str]) -> str:
    words = list(words)
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1] if words else ""


def _require_chair(by, doing: str) -> None:
    if getattr(by, "role", None) not in CHAIR_ROLES:
        raise ProtectionError(f"Only the chair (an independent reviewing officer) or a manager can {doing}")


def _open_episode(child: Person) -> Referral | None:
    return Referral.objects.select_for_update().filter(child=child, closure_date__isnull=True).first()


def enquiry_in_progress(child: Person) -> Section47Enquiry | None:
    """The child's enquiry still under way: not yet signed off, or awaiting the conference it asked for.

    CIN census 8839/8890 count an enquiry as open until its conference is held or it concludes without one.
    """
    for enquiry in Section47Enquiry.objects.filter(child=child).order_by("-start_date", "-id")[:3]:
        if enquiry.closed_on is None:
            return enquiry
        if (
            enquiry.outcome == EnquiryOutcome.CONFERENCE
            and not Conference.objects.filter(
                enquiry=enquiry, kind=ConferenceKind.INITIAL, held_on__isnull=False
            ).exists()
        ):
            return enquiry
    return None
