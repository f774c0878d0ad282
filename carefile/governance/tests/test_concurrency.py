"""No lost updates: a second save of a stale "Change details" form shows both versions and loses neither."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from carefile.governance import concurrency
from carefile.people.models import Person
from carefile.testing.factories import PersonFactory, StaffFactory
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The values a browser would post back from the edit page, as it was rendered."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget_value = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
        if name in ("date_of_birth", "expected_date_of_birth", "death_date"):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, list):
            data[name] = value
        else:
            data[name] = "" if widget_value is None else widget_value
    return data


def test_the_edit_form_carries_the_version_it_was_filled_from(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    response = client.get(reverse("people:edit", args=[child.pk]))

    assert re.search(
        r'<input type="hidden" name="record_version" value="[0-9a-f]{32}"', response.content.decode()
    )


def test_a_save_from_a_fresh_form_is_saved(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(family_name="Before")
    data = form_data(client.get(reverse("people:edit", args=[child.pk])))

    response = client.post(reverse("people:edit", args=[child.pk]), {**data, "family_name": "After"})

    assert response.status_code == 302
    child.refresh_from_db()
    assert child.family_name == "After"


def test_a_second_save_of_a_stale_form_shows_both_versions_and_loses_neither(signed_in):
    first_client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Ava", family_name="Okafor", known_as="")
    second = StaffFactory(role=Role.SOCIAL_WORKER)
    first_form = form_data(first_client.get(reverse("people:edit", args=[child.pk])))
    other = Client()
    other.force_login(second.user)
    second_form = form_data(other.get(reverse("people:edit", args=[child.pk])))
    saved = first_client.post(
        reverse("people:edit", args=[child.pk]), {**first_form, "family_name": "Okafor-Smith"}
    )

    stale = other.post(reverse("people:edit", args=[child.pk]), {**second_form, "known_as": "Avie"})

    body = stale.content.decode()
    assert saved.status_code == 302
    assert stale.status_code == 200
    assert "Someone else saved changes to this record while you were editing it" in body
    assert 'class="govuk-error-summary"' in body
    conflicts = {c["label"]: (c["saved"], c["yours"]) for c in stale.context["conflicts"]}
    assert conflicts["Last name"] == ("Okafor-Smith", "Okafor")
    assert conflicts["Known as"] == ("Not given", "Avie")
    assert 'value="Avie"' in body  # the user's version is still in the form
    child.refresh_from_db()
    assert (child.family_name, child.known_as) == ("Okafor-Smith", "")  # the first save is not lost

    new_version = re.search(r'name="record_version" value="(\w+)"', body).group(1)
    resaved = other.post(
        reverse("people:edit", args=[child.pk]),
        {**second_form, "known_as": "Avie", "family_name": "Okafor-Smith", "record_version": new_version},
    )

    assert resaved.status_code == 302
    child.refresh_from_db()
    assert (child.family_name, child.known_as) == ("Okafor-Smith", "Avie")


def test_a_form_without_a_version_is_treated_as_stale(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(family_name="Kept")
    data = form_data(client.get(reverse("people:edit", args=[child.pk])))
    data.pop(concurrency.VERSION_FIELD)

    response = client.post(reverse("people:edit", args=[child.pk]), {**data, "family_name": "Overwritten"})

    assert response.status_code == 200 and response.context["stale"]
    assert Person.objects.get(pk=child.pk).family_name == "Kept"


def test_the_version_of_a_record_changes_with_any_edited_value_and_not_with_order():
    state = {"given_name": "Ava", "disabilities": ["AUT", "HAND"]}

    assert concurrency.version_of(state) == concurrency.version_of({**state, "disabilities": ["HAND", "AUT"]})
    assert concurrency.version_of(state) != concurrency.version_of({**state, "given_name": "Eva"})
    assert concurrency.version_of({"version": 7, "x": 1}) == "7"


def test_save_if_current_refuses_a_stale_version_and_saves_nothing():
    child = PersonFactory(family_name="Current")
    state = lambda p: {"family_name": p.family_name}  # noqa: E731
    saves = []

    with pytest.raises(concurrency.StaleEdit) as stale:
        concurrency.save_if_current(
            model=Person, pk=child.pk, version="not-the-version", state=state, save=saves.append
        )

    assert saves == []
    assert stale.value.saved == {"family_name": "Current"}
    assert stale.value.version == concurrency.version_of({"family_name": "Current"})
