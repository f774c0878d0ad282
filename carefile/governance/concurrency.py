"""Optimistic concurrency for edit forms: a second save of a stale form shows both versions and loses neither.

The form carries the version of the record it was filled from, in a hidden field. The save locks the row,
compares versions and refuses if someone else saved in between; the page then shows the saved version beside
the user's, keeps what they typed in the form, and carries the new version, so saving again is a deliberate
choice made with both in view. See docs/adr/0006-optimistic-concurrency.md.

The version is a fingerprint of the record's stored state: a model with a `version` integer field uses it;
any other model uses a hash of the values the form edits, so no schema change is needed to adopt this.

    token = concurrency.version_of(person_state(person))
    concurrency.add_version_field(form, token)
    ...
    try:
        concurrency.save_if_current(
            model=Person, pk=person.pk, version=form.cleaned_data[VERSION_FIELD],
            state=person_state, save=lambda locked: services.person_update(person=locked, ...),
        )
    except concurrency.StaleEdit as stale:
        conflicts = concurrency.show_conflict(form, saved=stale.saved, yours=form.cleaned_data)
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from django import forms
from django.db import models, transaction

VERSION_FIELD = "record_version"
T = TypeVar("T")


class StaleEdit(Exception):
    """Someone else saved the record after this form was filled in. `saved` is the record's state now."""

    def __init__(self, saved: Mapping[str, Any], version: str):
        super().__init__("Someone else saved changes to this record while you were editing it")
        self.saved = dict(saved)
        self.version = version


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(str(_plain(v)) for v in value)
    if value is None:
        return ""
    return str(value)


def version_of(state: Mapping[str, Any]) -> str:
    """The version token of a record's state: its `version` if it has one, else a hash of the values."""
    if "version" in state and isinstance(state["version"], int):
        return str(state["version"])
    canonical = json.dumps({k: _plain(v) for k, v in state.items()}, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def add_version_field(form: forms.Form, version: str) -> None:
    """A hidden field carrying the version the form was filled from. A bound form keeps the posted one."""
    form.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    form.initial[VERSION_FIELD] = version


def save_if_current(
    *,
    model: type[models.Model],
    pk: Any,
    version: str,
    state: Callable[[models.Model], Mapping[str, Any]],
    save: Callable[[models.Model], T],
) -> T:
    """Lock the row, check it is still at `version`, then `save(locked_instance)`; all in one transaction.
    Raises `StaleEdit` with the saved state if someone else got there first."""
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=pk)
        current = state(locked)
        current_version = version_of(current)
        if version != current_version:
            raise StaleEdit(current, current_version)
        return save(locked)


def _display(field: forms.Field | None, value: Any) -> str:
    if value in (None, "", [], ()):
        return "Not given"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list | tuple | set):
        return ", ".join(str(choices.get(v, v)) for v in value) or "None"
    return str(choices.get(value, value))


def show_conflict(
    form: forms.Form, *, saved: Mapping[str, Any], version: str, yours: Mapping[str, Any]
) -> list[dict]:
    """Mark `form` (still holding what the user typed) as stale: an error for the summary, the new version in
    its hidden field. Returns the fields that differ, each with the saved and the user's value to show."""
    data = form.data.copy()
    data[VERSION_FIELD] = version
    form.data = data
    form.add_error(
        None,
        "Someone else saved changes to this record while you were editing it. Check both versions below: "
        "your changes are still in the form. Save again to replace the saved version with yours.",
    )
    rows = []
    for name, saved_value in saved.items():
        if name not in yours or name == VERSION_FIELD:
            continue
        mine = yours[name]
        same = (
            sorted(map(str, saved_value)) == sorted(map(str, mine))
            if isinstance(saved_value, list | tuple) and isinstance(mine, list | tuple)
            else _plain(saved_value) == _plain(mine)
        )
        if not same:
            field = form.fields.get(name)
            rows.append(
                {
                    "name": name,
                    "label": str(field.label) if field is not None and field.label else name,
                    "saved": _display(field, saved_value),
                    "yours": _display(field, mine),
                }
            )
    return rows
