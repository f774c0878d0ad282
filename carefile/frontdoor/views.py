from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.audit import access_record
from carefile.common.calendar import holiday_calendar
from carefile.common.permissions import require
from carefile.people.decorators import person_record
from carefile.people.models import Person, PersonKind, Relationship
from carefile.workforce.models import Role, Team

from . import selectors, services
from .forms import ContactForm, DecisionForm, QueueFilterForm, SignOffForm
from .models import Contact


def _own_team(request):
    staff = getattr(request.user, "staff", None)
    return staff.team if staff is not None else None


def index(request):
    """The front door: contacts awaiting a screening decision, with the 1-working-day clock."""
    require(request, "frontdoor.view_front_door")
    today, holidays = clock.today(), holiday_calendar()
    team_id = request.GET.get("team") or ""
    team = Team.objects.filter(pk=team_id).first() if team_id.isdigit() else None
    page = Paginator(
        selectors.contacts_awaiting_screening(user=request.user, team=team), settings.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [
        {"contact": c, "state": selectors.screening_state(c, today=today, holidays=holidays)} for c in page
    ]
    sign_off = (
        list(selectors.decisions_awaiting_sign_off(team=team)[:50])
        if request.user.has_perm("frontdoor.sign_off")
        else []
    )
    return render(
        request,
        "frontdoor/index.html",
        {
            "page": page,
            "rows": rows,
            "sign_off": sign_off,
            "teams": Team.objects.order_by("name"),
            "team": team,
            "query_string": f"team={team.pk}" if team else "",
        },
    )


def _siblings(child: Person, user) -> list[Person]:
    related_ids = set(Relationship.objects.filter(person=child).values_list("other_id", flat=True))
    related_ids |= set(Relationship.objects.filter(other=child).values_list("person_id", flat=True))
    # Children who share a parent with this child count as siblings too.
    parent_ids = Relationship.objects.filter(
        other=child, kind__in=["mother", "father", "parent", "step_parent"]
    ).values_list("person_id", flat=True)
    related_ids |= set(
        Relationship.objects.filter(person_id__in=list(parent_ids)).values_list("other_id", flat=True)
    )
    related_ids.discard(child.pk)
    return list(
        Person.objects.visible_to(user)
        .filter(pk__in=related_ids, kind=PersonKind.CHILD)
        .order_by("date_of_birth", "id")
    )


@person_record
@require_http_methods(["GET", "POST"])
def contact_new(request, person):
    require(request, "frontdoor.record_contact")
    if person.kind != PersonKind.CHILD:
        raise Http404("Contacts are about children")
    now = clock.now()
    siblings = _siblings(person, request.user)
    initial = {"received_date": now.date(), "received_time": clock.now().astimezone().strftime("%H:%M")}
    own = _own_team(request)
    if own is not None:
        initial["team"] = own.pk
    form = ContactForm(
        request.POST if request.method == "POST" else None, now=now, siblings=siblings, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {int(pk) for pk in data.get("also_about", [])}
        children = [person] + [s for s in siblings if s.pk in chosen]
        try:
            contact = services.contact_record(
                by=request.user.staff,
                at=now,
                holidays=holiday_calendar(),
                children=children,
                team=Team.objects.get(pk=data["team"]),
                received_at=data["received_at"],
                source=data["source"],
                presenting_concerns=data["presenting_concerns"],
                consent=data["consent"],
                consent_notes=data["consent_notes"],
                partner_information=data["partner_information"],
                referrer_name=data["referrer_name"],
                referrer_organisation=data["referrer_organisation"],
                referrer_contact=data["referrer_contact"],
                priority=data["priority"],
            )
        except services.FrontDoorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Contact recorded. The screening decision is due by {contact.screening_due:%A %d %B %Y}",
            )
            return redirect("frontdoor:contact", contact_id=contact.pk)
    return render(request, "frontdoor/contact_form.html", {"form": form, "person": person})


def _contact_for(request, contact_id: int) -> tuple[Contact, list[Person]]:
    contact = Contact.objects.select_related("team", "recorded_by").filter(pk=contact_id).first()
    if contact is None:
        raise Http404("No such contact")
    children = list(contact.children.order_by("date_of_birth", "id"))
    visible = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[c.pk for c in children])
        .values_list("pk", flat=True)
    )
    if len(visible) != len(children):
        raise Http404("No such contact")
    now = clock.now()
    for child in children:
        access_record(
            user=request.user, person=child, at=now, view_name="frontdoor:contact", path=request.path
        )
    return contact, children


@require_http_methods(["GET", "POST"])
def contact_detail(request, contact_id: int):
    require(request, "frontdoor.view_front_door")
    contact, children = _contact_for(request, contact_id)
    decision = getattr(contact, "decision", None) if hasattr(contact, "decision") else None
    holidays = holiday_calendar()
    state = selectors.screening_state(contact, today=clock.today(), holidays=holidays)
    decision_form = sign_off_form = None
    if decision is None and request.user.has_perm("frontdoor.decide"):
        decision_form = DecisionForm(
            request.POST if request.method == "POST" and "decide" in request.POST else None
        )
        if decision_form.is_bound and decision_form.is_valid():
            data = decision_form.cleaned_data
            try:
                services.screening_decide(
                    contact=contact,
                    by=request.user.staff,
                    at=clock.now(),
                    outcome=data["outcome"],
                    options_considered=data["options_considered"],
                    rationale=data["rationale"],
                    referral_team=Team.objects.filter(pk=data["referral_team"]).first()
                    if data["referral_team"]
                    else None,
                )
            except services.FrontDoorError as error:
                decision_form.add_error(None, str(error))
            else:
                messages.success(request, "Screening decision recorded")
                return redirect("frontdoor:contact", contact_id=contact.pk)
    elif (
        decision is not None
        and decision.signed_off_at is None
        and request.user.has_perm("frontdoor.sign_off")
    ):
        sign_off_form = SignOffForm(
            request.POST if request.method == "POST" and "sign_off" in request.POST else None
        )
        if sign_off_form.is_bound and sign_off_form.is_valid():
            try:
                services.screening_sign_off(
                    decision=decision,
                    by=request.user.staff,
                    at=clock.now(),
                    comment=sign_off_form.cleaned_data["comment"],
                )
            except services.FrontDoorError as error:
                sign_off_form.add_error(None, str(error))
            else:
                messages.success(request, "Decision signed off")
                return redirect("frontdoor:contact", contact_id=contact.pk)
    if request.method == "POST" and decision_form is None and sign_off_form is None:
        raise PermissionDenied
    form = decision_form or sign_off_form
    return render(
        request,
        "frontdoor/contact.html",
        {
            "contact": contact,
            "children": children,
            "decision": decision,
            "state": state,
            "decision_form": decision_form,
            "sign_off_form": sign_off_form,
            "form": form,
            "referrals": list(contact.referrals.select_related("child", "team")),
        },
    )


def queue(request):
    """Children awaiting allocation: days waiting in working days, oldest first by default."""
    require(request, "frontdoor.view_queue")
    staff = request.user.staff
    default_team = staff.team.pk if staff.team_id and staff.role == Role.TEAM_MANAGER else None
    params = request.GET.copy()
    if "team" not in params and default_team:
        params["team"] = str(default_team)
    form = QueueFilterForm(params)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    team = Team.objects.filter(pk=data.get("team")).first() if data.get("team") else None
    sort = data.get("sort") or "waiting"
    referrals = selectors.allocation_queue(
        user=request.user, team=team, priority=data.get("priority") or "", sort=sort
    )
    page = Paginator(referrals, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    today, holidays = clock.today(), holiday_calendar()
    rows = [{"referral": r, "days": selectors.days_waiting(r, today=today, holidays=holidays)} for r in page]
    query = urlencode({"team": team.pk if team else "", "priority": data.get("priority") or "", "sort": sort})
    return render(
        request,
        "frontdoor/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "team": team,
            "query_string": query,
            "can_allocate": request.user.has_perm("workforce.allocate"),
        },
    )
