"""The front door's parts of other pages: the child's page panel and the screening clock."""

from django.urls import reverse

from carefile.common.extensions import Clock, child_panel, clock_provider

from .models import Contact, Referral
from .selectors import screening_state


@clock_provider
def screening_clocks(children, today, holidays):
    ids = [c.pk for c in children]
    clocks: dict[int, list[Clock]] = {}
    contacts = Contact.objects.filter(decision__isnull=True, contact_children__child_id__in=ids).values_list(
        "contact_children__child_id", "pk", "screening_due"
    )
    for child_id, contact_id, due in contacts:
        contact = Contact(pk=contact_id, screening_due=due)
        clocks.setdefault(child_id, []).append(
            Clock(
                label="Screening decision on a contact",
                due=due,
                state=screening_state(contact, today=today, holidays=holidays),
                url=reverse("frontdoor:contact", args=[contact_id]),
                child_id=child_id,
            )
        )
    return clocks


@child_panel(order=10)
def episode_panel(request, child, today):
    referrals = list(
        Referral.objects.filter(child=child).select_related("team").order_by("-referral_date")[:5]
    )
    if not referrals:
        return None
    return {
        "template": "frontdoor/_child_panel.html",
        "referrals": referrals,
        "open": next((r for r in referrals if r.closure_date is None), None),
    }
