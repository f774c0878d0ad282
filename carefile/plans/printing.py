"""The family's copy of a plan: an HTML template turned into a PDF by WeasyPrint."""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from carefile.workforce.models import Allocation, AllocationRole

from .models import Plan


def plan_pdf(plan: Plan, *, today: date, next_review: date | None) -> bytes:
    """`plan` with its parts loaded (selectors.plan_in_full). WeasyPrint is imported here: it is slow to load."""
    from weasyprint import HTML

    worker = (
        Allocation.objects.filter(child=plan.child_id, role=AllocationRole.SOCIAL_WORKER, end__isnull=True)
        .select_related("worker")
        .order_by("-start")
        .first()
    )
    html = render_to_string(
        "plans/print.html",
        {
            "plan": plan,
            "child": plan.child,
            "name": plan.child.known_as or plan.child.given_name,
            "today": today,
            "next_review": next_review,
            "worker": worker.worker if worker else None,
            "council_name": getattr(settings, "COUNCIL_NAME", "the council"),
        },
    )
    return HTML(string=html).write_pdf()
