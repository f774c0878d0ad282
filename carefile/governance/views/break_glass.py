"""The restricted-record page, break-glass access and the Alerts page."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from carefile.common import clock
from carefile.people.access import can_see_person
from carefile.people.models import Person

from .. import break_glass
from ..forms import BreakGlassForm, BreakGlassLookupForm
from ..models import Alert
from . import not_found_unless_an_id, require


def _safe_next(request, target: str) -> str:
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _restricted(request, person_id: int, *, form=None, typed_id: str = "", next_url: str = "", status=403):
    return render(
        request,
        "governance/restricted.html",
        {
            "form": form or BreakGlassForm(),
            "record": person_id,
            "typed_id": typed_id,
            "next": next_url,
            "can_break_glass": request.user.has_perm("governance.break_glass"),
        },
        status=status,
    )


def restricted_page(request, person_id: int):
    """Shown instead of a restricted record to someone off its access list: nothing about the record."""
    return _restricted(
        request, person_id, next_url=request.get_full_path() if request.method == "GET" else request.path
    )


@require_http_methods(["GET", "POST"])
def open_restricted(request):
    """Type an LA child ID to open a restricted record (GET), then give a reason for 24 hours' access (POST)."""
    require(request, "governance.break_glass")
    if request.method == "POST":
        return _grant(request)
    lookup = BreakGlassLookupForm(request.GET or None)
    if lookup.is_valid():
        person = Person.objects.filter(la_child_id=lookup.cleaned_data["la_child_id"]).first()
        if person is None:
            lookup.add_error("la_child_id", "No record has this LA child ID. Check it and try again")
        elif can_see_person(request.user, person, clock.now()):
            return redirect("people:detail", person_id=person.pk)
        else:
            return _restricted(request, person.pk, typed_id=person.la_child_id, status=200)
    return render(request, "governance/break_glass.html", {"form": lookup})


def _grant(request):
    record = request.POST.get("record", "")
    not_found_unless_an_id(record)
    person = Person.objects.filter(pk=int(record)).first()
    if person is None:
        raise Http404("No such record")
    typed_id = request.POST.get("typed_id", "")
    typed_id = typed_id if typed_id == person.la_child_id else ""
    next_url = _safe_next(request, request.POST.get("next", ""))
    now = clock.now()
    if can_see_person(request.user, person, now):
        return redirect(next_url or reverse("people:detail", args=[person.pk]))
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            break_glass.break_glass_open(
                user=request.user,
                person=person,
                reason=form.cleaned_data["reason"],
                at=now,
                path=request.path,
            )
        except break_glass.BreakGlassRefused as error:
            form.add_error("reason", str(error))
        else:
            messages.success(
                request,
                f"You can see this record for the next {break_glass.GRANT_HOURS} hours. "
                "Your reason is recorded and the record's owners have been told.",
            )
            return redirect(next_url or reverse("people:detail", args=[person.pk]))
    return _restricted(request, person.pk, form=form, typed_id=typed_id, next_url=next_url)


@require_GET
def alerts(request):
    require(request, "governance.view_alerts")
    mine = Alert.objects.filter(recipient=request.user)
    page = Paginator(mine, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    unread = [a.pk for a in page if a.read_at is None]
    response = render(request, "governance/alerts.html", {"page": page, "unread": set(unread)})
    if unread:
        Alert.objects.filter(pk__in=unread).update(read_at=clock.now())
    return response
