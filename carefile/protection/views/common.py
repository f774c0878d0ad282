"""What the child protection pages share: permissions, explanatory pages, the form page."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse

from carefile.common import clock
from carefile.frontdoor.models import Referral
from carefile.people.models import Person, PersonKind, Relationship
from carefile.workforce.models import Role, Staff


def _id(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _index_url(person) -> str:
    return reverse("protection:index", args=[person.pk])


def _nothing(request, person, *, title: str, message: str, link: tuple[str, str] | None = None):
    """An explanatory page for a child with nothing here yet (or nothing this page can act on)."""
    return render(
        request,
        "protection/nothing.html",
        {"person": person, "title": title, "message": message, "link": link, "back_url": _index_url(person)},
    )


def _open_episode(person) -> Referral | None:
    return Referral.objects.filter(child=person, closure_date__isnull=True).first()


def _not_a_child(request, person, title):
    return _nothing(request, person, title=title, message="Child protection records are kept for children.")


def _form_page(request, person, form, *, title: str, submit: str, back_url: str | None = None, **context):
    context.update(
        {
            "person": person,
            "form": form,
            "title": title,
            "submit": submit,
            "back_url": back_url or _index_url(person),
        }
    )
    return render(request, context.pop("template", "protection/form_page.html"), context)


def _chairs():
    today = clock.today()
    return list(
        Staff.objects.filter(role__in=[Role.REVIEWING_OFFICER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE])
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=today))
        .order_by("role", "family_name", "given_name")
    )


def _siblings(child: Person, user) -> list[Person]:
    """Children sharing a relationship or a parent with this child, as far as the user may see them."""
    related = set(Relationship.objects.filter(person=child).values_list("other_id", flat=True))
    related |= set(Relationship.objects.filter(other=child).values_list("person_id", flat=True))
    parents = Relationship.objects.filter(other=child, kind__in=["mother", "father", "parent", "step_parent"])
    related |= set(
        Relationship.objects.filter(
            person_id__in=list(parents.values_list("person_id", flat=True))
        ).values_list("other_id", flat=True)
    )
    related.discard(child.pk)
    return list(
        Person.objects.visible_to(user)
        .filter(pk__in=related, kind=PersonKind.CHILD)
        .order_by("date_of_birth", "id")
    )
