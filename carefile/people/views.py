from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carefile.common import chronology as chronology_kinds
from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import child_panels, open_clocks
from carefile.common.models import ChronologyEvent
from carefile.common.permissions import require
from carefile.governance import concurrency
from carefile.workforce import selectors as workforce_selectors

from . import selectors, services
from .decorators import person_record
from .forms import AddressForm, ChronologyFilterForm, PersonForm, RelationshipForm, SearchForm
from .models import Person


def search(request):
    require(request, "people.search_person")
    form = SearchForm(request.GET or None)
    page = None
    terms = None
    if form.is_valid() and form.cleaned_data["q"]:
        terms = selectors.parse_search(form.cleaned_data["q"])
        for problem in terms.problems:
            form.add_error("q", problem)
        if not terms.problems:
            results = selectors.person_search(user=request.user, query=form.cleaned_data["q"])
            page = Paginator(results, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "people/search.html", {"form": form, "page": page, "query": request.GET.get("q", "")}
    )


@require_http_methods(["GET", "POST"])
def person_new(request):
    require(request, "people.add_person")
    today = clock.today()
    duplicates = []
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        today=today,
        initial={"given_name": request.GET.get("given_name", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = list(
            selectors.possible_duplicates(
                user=request.user,
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"] or data["expected_date_of_birth"],
                nhs_number=data["nhs_number"],
                upn=data["upn"],
            )
        )
        if duplicates and request.POST.get("confirmed_new") != "yes":
            return render(request, "people/person_duplicates.html", {"form": form, "duplicates": duplicates})
        try:
            person = services.person_create(by=request.user.staff, at=clock.now(), **data)
        except services.PersonRecordError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person.full_name}'s record has been created")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "creating": True})


@person_record
def detail(request, person):
    today = clock.today()
    allocations = list(workforce_selectors.allocations_for_child(child=person)[:10])
    clocks = open_clocks([person], today, holiday_calendar()).get(person.pk, []) if person.is_child else []
    context = {
        "person": person,
        "clocks": clocks,
        "panels": child_panels(request, person, today) if person.is_child else [],
        "age": person.age_on(today),
        "disabilities": list(person.disabilities.all()),
        "addresses": list(person.addresses.all()[:5]),
        "relationships": selectors.relationships_of(person),
        "allocations": allocations,
        "current": next((a for a in allocations if a.end is None and a.role == "social_worker"), None),
        "workers_last_year": workforce_selectors.social_workers_in_last_year(child=person, on=today)
        if person.is_child
        else None,
        "events": list(ChronologyEvent.objects.filter(person=person).select_related("by")[:10]),
        "can_edit": request.user.has_perm("people.change_person", person),
        "can_allocate": request.user.has_perm("workforce.allocate") and person.is_child,
    }
    return render(request, "people/detail.html", context)


@person_record
def chronology(request, person):
    form = ChronologyFilterForm(request.GET or None, kinds=chronology_kinds.kind_choices())
    events = ChronologyEvent.objects.filter(person=person).select_related("by")
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["significant"]:
            events = events.filter(significant=True)
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    printing = request.GET.get("print") == "1"
    page = Paginator(events, 10000 if printing else 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("print", None)
    context = {
        "person": person,
        "page": page,
        "form": form,
        "query_string": params.urlencode(),
        "printing": printing,
    }
    return render(request, "people/chronology_print.html" if printing else "people/chronology.html", context)


def _editable_state(person) -> dict:
    """What the "Change details" form edits, as stored: its version is the form's hidden field."""
    state = {f: getattr(person, f) for f in services.PERSON_FIELDS}
    state["disabilities"] = sorted(person.disabilities.values_list("code", flat=True))
    return state


@person_record
@require_http_methods(["GET", "POST"])
def edit(request, person):
    require(request, "people.change_person", person)
    today = clock.today()
    initial = _editable_state(person)
    form = PersonForm(request.POST if request.method == "POST" else None, today=today, initial=initial)
    concurrency.add_version_field(form, concurrency.version_of(initial))
    conflicts, stale = [], False
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != concurrency.VERSION_FIELD}
        try:
            changed = concurrency.save_if_current(
                model=Person,
                pk=person.pk,
                version=form.cleaned_data[concurrency.VERSION_FIELD],
                state=_editable_state,
                save=lambda locked: services.person_update(
                    person=locked, by=request.user.staff, at=clock.now(), **data
                ),
            )
        except concurrency.StaleEdit as error:
            conflicts = concurrency.show_conflict(form, saved=error.saved, version=error.version, yours=data)
            stale = True
        except services.PersonRecordError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Details saved" if changed else "Nothing was changed")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "conflicts": conflicts, "stale": stale},
    )


@person_record
@require_http_methods(["GET", "POST"])
def address_new(request, person):
    require(request, "people.change_person", person)
    form = AddressForm(request.POST if request.method == "POST" else None, today=clock.today())
    if request.method == "POST" and form.is_valid():
        try:
            services.address_add(person=person, by=request.user.staff, at=clock.now(), **form.cleaned_data)
        except services.PersonRecordError as error:
            form.add_error("start", str(error))
        else:
            messages.success(request, "Address recorded")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/address_form.html", {"form": form, "person": person})


@person_record
@require_http_methods(["GET", "POST"])
def relationship_new(request, person):
    require(request, "people.change_person", person)
    query = request.GET.get("q", "") or request.POST.get("q", "")
    candidates = (
        list(selectors.person_search(user=request.user, query=query).exclude(pk=person.pk)[:20])
        if query
        else []
    )
    form = RelationshipForm(request.POST if request.method == "POST" else None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        other = next(c for c in candidates if c.pk == form.cleaned_data["other"])
        try:
            services.relationship_add(
                person=other,
                other=person,
                kind=form.cleaned_data["kind"],
                parental_responsibility=form.cleaned_data["parental_responsibility"],
                start=form.cleaned_data["start"],
                by=request.user.staff,
                at=clock.now(),
            )
        except services.PersonRecordError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Relationship recorded")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/relationship_form.html",
        {"form": form, "person": person, "query": query, "candidates": candidates},
    )
