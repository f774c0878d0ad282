"""Retention: the disposal preview, proposals and their approval by a second administrator, legal holds and
the record of what was disposed of."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carefile.common import clock

from .. import retention, services
from ..forms import DisposalDecisionForm, LegalHoldForm
from ..models import DisposalProposal, DisposalRecord, LegalHold, ProposalStatus
from . import not_found_unless_an_id, require

PREVIEW_PAGE_SIZE = 100


def _ids(values: list[str]) -> list[int]:
    # Ids fit a 64-bit integer column: a longer string of digits is not an id of ours.
    return [int(v) for v in values if v.isdigit() and len(v) <= 18][:PREVIEW_PAGE_SIZE]


@require_http_methods(["GET", "POST"])
def preview(request):
    require(request, "governance.manage_retention")
    today = clock.today()
    error = ""
    if request.method == "POST":
        chosen = _ids(request.POST.getlist("person"))
        if not chosen:
            error = "Choose the records to propose for disposal"
        else:
            try:
                proposal = retention.disposal_propose(
                    person_ids=chosen, by=request.user, at=clock.now(), today=today
                )
            except retention.DisposalRefused as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    f"{proposal.items.count()} records proposed. A second administrator must approve.",
                )
                return redirect("governance:disposal_proposal", proposal_id=proposal.pk)
    due = retention.disposal_preview(today=today)
    page = Paginator(due, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/retention_preview.html",
        {
            "page": page,
            "today": today,
            "error": error,
            "rules": retention.current_rules().values(),
            "pending": DisposalProposal.objects.filter(status=ProposalStatus.PROPOSED).select_related(
                "proposed_by__staff"
            ),
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def proposal_detail(request, proposal_id: int):
    require(request, "governance.manage_retention")
    not_found_unless_an_id(proposal_id)
    proposal = get_object_or_404(
        DisposalProposal.objects.select_related("proposed_by__staff", "decided_by__staff"), pk=proposal_id
    )
    can_decide = proposal.status == ProposalStatus.PROPOSED and proposal.proposed_by_id != request.user.pk
    form = DisposalDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and can_decide and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                records = retention.disposal_approve(
                    proposal=proposal, by=request.user, at=clock.now(), today=clock.today(), note=data["note"]
                )
                messages.success(request, f"{len(records)} records disposed of")
            else:
                retention.disposal_reject(
                    proposal=proposal, by=request.user, at=clock.now(), note=data["note"]
                )
                messages.success(request, "Disposal rejected: the records are kept")
        except retention.DisposalRefused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("governance:disposal_proposal", proposal_id=proposal.pk)
    return render(
        request,
        "governance/disposal_proposal.html",
        {"proposal": proposal, "items": proposal.items.all(), "form": form, "can_decide": can_decide},
    )


@require_http_methods(["GET", "POST"])
def holds(request):
    require(request, "governance.manage_retention")
    form = LegalHoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_by_la_child_id(
                user=request.user, la_child_id=form.cleaned_data["la_child_id"]
            )
            services.legal_hold_place(
                person=person, reason=form.cleaned_data["reason"], by=request.user, at=clock.now()
            )
        except services.GovernanceError as error:
            form.add_error("la_child_id", str(error))
        else:
            messages.success(request, f"Legal hold placed on {person.la_child_id}")
            return redirect("governance:legal_holds")
    held = LegalHold.objects.select_related("person", "placed_by__staff", "released_by__staff")
    page = Paginator(held, 50).get_page(request.GET.get("page"))
    return render(request, "governance/legal_holds.html", {"form": form, "page": page})


@require_POST
def hold_release(request, hold_id: int):
    require(request, "governance.manage_retention")
    not_found_unless_an_id(hold_id)
    hold = get_object_or_404(LegalHold, pk=hold_id)
    try:
        services.legal_hold_release(hold=hold, by=request.user, at=clock.now())
    except services.GovernanceError as error:
        messages.success(request, str(error))
    else:
        messages.success(request, "Legal hold released")
    return redirect("governance:legal_holds")


@require_GET
def disposed(request):
    require(request, "governance.manage_retention")
    records = DisposalRecord.objects.select_related("approved_by__staff", "proposed_by__staff")
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "governance/disposed.html", {"page": page})
