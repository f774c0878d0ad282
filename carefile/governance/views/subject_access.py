"""Subject access: request a child's record, preview it with third parties redacted, review it, download
the PDF. Every preview and every PDF goes through `person_record`, so each is written to the access log."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from carefile.common import clock
from carefile.people.decorators import person_record

from .. import services
from ..forms import SubjectAccessRequestForm, SubjectAccessReviewForm
from ..models import SubjectAccessRequest
from ..subject_access import export_pdf, subject_access_export
from . import not_found_unless_an_id, require


@require_GET
def requests(request):
    require(request, "governance.subject_access")
    page = Paginator(
        SubjectAccessRequest.objects.select_related("requested_by__staff", "reviewed_by__staff"),
        settings.PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "governance/sar_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def request_new(request):
    require(request, "governance.subject_access")
    today = clock.today()
    form = SubjectAccessRequestForm(
        request.POST if request.method == "POST" else None,
        today=today,
        initial={
            "received_on": today,
            "redact_junior_staff": getattr(settings, "SUBJECT_ACCESS_REDACT_JUNIOR_STAFF", True),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_by_la_child_id(user=request.user, la_child_id=data["la_child_id"])
            sar = services.subject_access_request_create(
                person=person,
                requester=data["requester"],
                received_on=data["received_on"],
                redact_junior_staff=data["redact_junior_staff"],
                by=request.user,
                at=clock.now(),
            )
        except services.GovernanceError as error:
            form.add_error("la_child_id", str(error))
        else:
            return redirect("governance:sar_preview", request_id=sar.pk)
    return render(request, "governance/sar_new.html", {"form": form})


def _sar_page(what: str):
    """Find the request, then its child through `person_record` (visibility and the access log)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, request_id: int):
            require(request, "governance.subject_access")
            not_found_unless_an_id(request_id)
            sar = get_object_or_404(SubjectAccessRequest.objects.select_related("reviewed_by"), pk=request_id)
            if sar.person_id is None:
                return render(request, "governance/sar_gone.html", {"sar": sar}, status=410)
            scoped = person_record(
                lambda req, person: view(req, person, sar), reason=f"Subject access request {sar.pk}: {what}"
            )
            return scoped(request, person_id=sar.person_id)

        return wrapper

    return decorate


def _export(sar, person):
    return subject_access_export(
        person=person,
        redact_junior_staff=sar.redact_junior_staff,
        at=clock.now(),
        request_ref=f"SAR-{sar.pk}",
        requester=sar.requester,
        received_on=sar.received_on,
        reviewed=sar.reviewed_at is not None,
    )


@require_http_methods(["GET", "POST"])
@_sar_page("preview")
def preview(request, person, sar):
    form = SubjectAccessReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and sar.reviewed_at is None and form.is_valid():
        try:
            services.subject_access_review(
                sar=sar, by=request.user, at=clock.now(), notes=form.cleaned_data["review_notes"]
            )
        except services.GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The export is reviewed and ready to release")
            return redirect("governance:sar_preview", request_id=sar.pk)
    export = _export(sar, person)
    return render(
        request,
        "governance/sar_preview.html",
        {"sar": sar, "person": person, "form": form, "export": export, "standalone": False},
    )


@require_GET
@_sar_page("PDF generated")
def pdf(request, person, sar):
    export = _export(sar, person)
    content = export_pdf(export)
    services.subject_access_generated(sar=sar)
    name = slugify(f"subject access {sar.pk} {person.la_child_id or person.pk}")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
