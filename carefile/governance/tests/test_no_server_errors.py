"""Bad input never causes a server error: random data posted to every form page the project has.

The test walks the URL configuration, opens each page as the first role that may use it (about a child with
an open referral, an allocated worker, a relative and an address), finds its forms in the HTML and submits
random strings, dates, numbers, choices and missing fields to them (hypothesis, 30 examples a page). Any
response of 500 or above, or any exception from a view, fails the page. Pages whose URL names an object this
test cannot make (another app's own records) use one from the database if there is one, and are skipped
otherwise, with the reason.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carefile.common import signin
from carefile.common.models import ChronologyEvent, TwoFactorDevice
from carefile.common.views import PENDING
from carefile.frontdoor.models import Contact, ContactChild, Referral
from carefile.governance.models import DisposalProposal, DisposalProposalItem, LegalHold, SubjectAccessRequest
from carefile.people.models import Address, Relationship
from carefile.testing.factories import (
    AdultFactory,
    AllocationFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
)
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db

ROLES = [
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.ADMINISTRATOR,
    Role.HEAD_OF_SERVICE,
    Role.REVIEWING_OFFICER,
    Role.PERFORMANCE_ANALYST,
    Role.INSPECTOR,
]
NOT_FORM_PAGES = {"logout", "healthz"}  # signing out ends the session; the health check has no form
SKIP_NAMESPACES = {"admin"}  # Django's own admin


def url_names() -> list[tuple[str, tuple[str, ...]]]:
    found = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in SKIP_NAMESPACES:
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and p.name not in NOT_FORM_PAGES:
                found.append((f"{namespace}{p.name}", tuple(p.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns)
    return sorted(set(found))


# Parsing the forms of a page -------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, number, date-part
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def _add(self, name: str, kind: str, value: str = "") -> Field:
        existing = self._form.fields.get(name)
        if existing is None:
            existing = self._form.fields[name] = Field(name=name, kind=kind, value=value)
        return existing

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(method=(a.get("method") or "get").lower(), action=a.get("action", ""))
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if re.search(r"_[012]$", a["name"]) and a.get("inputmode") == "numeric":
                kind = "date-part"
            f = self._add(a["name"], kind, a.get("value", ""))
            if kind in {"radio", "checkbox"}:
                f.options.append(a.get("value", "on"))
        elif tag == "textarea":
            self._add(a["name"], "textarea")
        elif tag == "select":
            self._select = self._add(a["name"], "select")

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(html: str, page_url: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    logout = reverse("logout")
    forms = []
    for form in parser.forms:
        action = urlsplit(form.action).path or page_url
        if action == logout or not form.fields:
            continue
        form.action = action
        forms.append(form)
    return forms


# Random values -------------------------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999999",
        "1e309",
        "NaN",
        "2025-02-30",
        "31/12/2025",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\x00",
        "ÿ" * 2000,
        "😀",
    ]
)
NUMBERS = st.one_of(st.integers(-(10**12), 10**12).map(str), st.floats(allow_nan=True).map(str))


def value_for(f: Field):
    if f.kind in {"select", "radio"}:
        return st.one_of(st.sampled_from(f.options or [""]), TEXT, NASTY)
    if f.kind == "checkbox":
        return st.one_of(st.lists(st.sampled_from(f.options or ["on"]), max_size=4), NASTY.map(lambda v: [v]))
    if f.kind == "date-part":
        return st.one_of(st.integers(-3, 10000).map(str), NASTY, TEXT)
    if f.kind == "number":
        return st.one_of(NUMBERS, NASTY, TEXT)
    if f.kind == "hidden":
        return st.one_of(st.just(f.value), NASTY, TEXT, NUMBERS)
    return st.one_of(TEXT, NASTY, NUMBERS, st.just(f.value))


@st.composite
def submissions(draw, forms: list[Form]):
    form = draw(st.sampled_from(forms))
    if not form.fields:
        return form, draw(
            st.dictionaries(
                st.sampled_from(["id", "action", "status", "next", "value"]) | TEXT, TEXT, max_size=4
            )
        )
    payload = {}
    for name, f in form.fields.items():
        if name == "csrfmiddlewaretoken" or draw(st.integers(0, 9)) == 0:  # sometimes leave a field out
            continue
        payload[name] = draw(value_for(f))
    return form, payload


# The world the pages are about ---------------------------------------------------------------------------------


@dataclass
class World:
    staff: dict[str, object]
    kwargs: dict[str, int]


def build_world() -> World:
    now = timezone.now()
    team = TeamFactory()
    staff = {role: StaffFactory(role=role, team=team) for role in ROLES}
    team.manager = staff[Role.TEAM_MANAGER]
    team.save()
    child = PersonFactory(responsible_team=team, la_child_id="CF0000001")
    mother = AdultFactory()
    Relationship.objects.create(person=mother, other=child, kind="mother", parental_responsibility=True)
    Address.objects.create(
        person=child, line1="1 High Street", town="Durham", postcode="DH1 5UQ", start=date(2020, 1, 1)
    )
    AllocationFactory(child=child, worker=staff[Role.SOCIAL_WORKER])
    contact = Contact.objects.create(
        received_at=now,
        source="2A",
        presenting_concerns="Concerns from school",
        consent="given",
        team=team,
        screening_due=now.date(),
        recorded_by=staff[Role.SOCIAL_WORKER],
        recorded_at=now,
    )
    ContactChild.objects.create(contact=contact, child=child)
    Referral.objects.create(
        child=child,
        contact=contact,
        referral_date=now.date(),
        source="2A",
        team=team,
        presenting_issue="School concerns",
        opened_by=staff[Role.TEAM_MANAGER],
    )
    admin = staff[Role.ADMINISTRATOR].user
    sar = SubjectAccessRequest.objects.create(
        person=child,
        la_child_id=child.la_child_id,
        requester="The young person",
        received_on=now.date(),
        requested_by=admin,
        requested_at=now,
    )
    proposal = DisposalProposal.objects.create(proposed_by=staff[Role.HEAD_OF_SERVICE].user, proposed_at=now)
    DisposalProposalItem.objects.create(
        proposal=proposal, la_child_id="CF0000099", category="other", retained_until=date(2020, 1, 1)
    )
    hold = LegalHold.objects.create(person=child, reason="Claim", placed_by=admin, placed_at=now)
    old = PersonFactory(date_of_birth=date(1970, 1, 1))  # long past retention: the disposal form has a row
    ChronologyEvent.objects.create(
        person=old, kind="record_created", at=timezone.make_aware(datetime(1990, 1, 1)), summary="Created"
    )
    return World(
        staff=staff,
        kwargs={
            "person_id": child.pk,
            "team_id": team.pk,
            "contact_id": contact.pk,
            "request_id": sar.pk,
            "proposal_id": proposal.pk,
            "hold_id": hold.pk,
        },
    )


def existing_object_id(url_name: str, kwarg: str) -> int | None:
    """An id for a URL argument naming another app's record: the first row of the model it names."""
    stem = kwarg.removesuffix("_id")
    if stem == "record":  # visits/<record_id>/corrections/… : the record is named by the URL
        stem = url_name.split(":")[-1].split("_")[0]
    app_label = url_name.split(":")[0] if ":" in url_name else None
    candidates = [
        m
        for m in apps.get_models()
        if (app_label is None or m._meta.app_label == app_label)
        and (
            m._meta.model_name == stem
            or m._meta.model_name.endswith(stem)
            or m._meta.model_name.startswith(stem)
        )
        and not m._meta.model_name.startswith("historical")
    ]
    for model in sorted(candidates, key=lambda m: (m._meta.model_name != stem, len(m._meta.model_name))):
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if pk is not None:
            return pk
    return None


def pending_sign_in(client, user, url_name: str) -> None:
    """Signed out; for the two-factor pages, half-way through signing in (password accepted)."""
    client.logout()
    if url_name in {"two_factor_code", "two_factor_setup"}:
        if url_name == "two_factor_code":
            signin.device_start(user=user)
            TwoFactorDevice.objects.filter(user=user).update(confirmed_at=timezone.now())
        session = client.session
        session[PENDING] = {"user": user.pk, "at": timezone.now().isoformat(), "next": ""}
        session.save()


@pytest.mark.parametrize(("url_name", "kwargs"), url_names(), ids=[name for name, _ in url_names()])
def test_random_input_to_a_form_page_never_causes_a_server_error(client, url_name, kwargs):
    world = build_world()
    values = {}
    for kwarg in kwargs:
        value = world.kwargs.get(kwarg) or existing_object_id(url_name, kwarg)
        if value is None:
            pytest.skip(f"no {kwarg.removesuffix('_id')} to open: this test cannot make one")
        values[kwarg] = value
    url = reverse(url_name, kwargs=values)
    forms = []
    for role in [None, *ROLES]:
        if role is None:  # signed out first: the sign-in pages
            pending_sign_in(client, world.staff[Role.ADMINISTRATOR].user, url_name)
        else:
            client.force_login(world.staff[role].user)
        response = client.get(url)
        assert response.status_code < 500
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            forms = forms_of(response.content.decode(), url)
        elif response.status_code == 405 and "POST" in response.get("Allow", ""):
            forms = [Form(method="post", action=url)]  # an action without a page: post anything to it
        if forms:
            break
    if not forms:
        pytest.skip("no form on this page for any role")

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(submissions(forms))
    def submit(submission):
        form, payload = submission
        send = client.post if form.method == "post" else client.get
        response = send(form.action, payload)
        assert response.status_code < 500, f"{form.method.upper()} {form.action} {payload!r}"

    submit()


def test_the_walk_finds_the_form_pages_of_every_app():
    names = {name for name, _ in url_names()}

    assert {
        "people:new",
        "people:edit",
        "people:address_new",
        "governance:sar_new",
        "governance:break_glass",
    } <= names
    assert "logout" not in names and not any(n.startswith("admin:") for n in names)


def test_the_form_parser_finds_fields_of_every_kind():
    html = """
    <form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="a" type="text"><textarea name="b"></textarea>
      <select name="c"><option value="">Choose</option><option value="1">One</option></select>
      <input type="radio" name="d" value="x"><input type="radio" name="d" value="y">
      <input type="checkbox" name="e" value="p"><input name="f_0" inputmode="numeric">
      <button type="submit">Go</button></form>
    <form method="post" action="/sign-out/"><input type="hidden" name="csrfmiddlewaretoken"></form>
    """

    (form,) = forms_of(html, "/page/")

    assert form.method == "post" and form.action == "/x/"
    assert {n: f.kind for n, f in form.fields.items()} == {
        "csrfmiddlewaretoken": "hidden",
        "a": "text",
        "b": "textarea",
        "c": "select",
        "d": "radio",
        "e": "checkbox",
        "f_0": "date-part",
    }
    assert form.fields["c"].options == ["", "1"] and form.fields["d"].options == ["x", "y"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(TEXT, NASTY, NUMBERS, st.integers(-(10**30), 10**30).map(str)), min_size=3, max_size=3)
)
def test_a_date_typed_as_anything_is_a_date_or_a_message_never_an_exception(parts):
    from django import forms as django_forms

    from carefile.common.forms import GovukDateField

    try:
        result = GovukDateField(label="Date of birth").clean(parts)
    except django_forms.ValidationError as error:
        assert error.messages
    else:
        assert result is None or isinstance(result, date)


@pytest.mark.parametrize(
    "url_name",
    ["people:detail", "governance:viewed_by", "governance:sar_preview", "governance:disposal_proposal"],
)
def test_an_id_too_large_for_the_database_is_not_found(signed_in, url_name):
    client, _ = signed_in(Role.ADMINISTRATOR)
    response = client.get(reverse(url_name, args=[10**30]))

    assert response.status_code == 404


def test_break_glass_for_a_record_id_too_large_for_the_database_is_not_found(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    response = client.post(reverse("governance:break_glass"), {"record": "9" * 40, "reason": "x" * 30})

    assert response.status_code == 404
