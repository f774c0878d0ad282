import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from carefile.common.forms import GovukDateField, GovukForm

from .models import Communication, NoteType, Place, VisitType
from .selectors import show_choices
from .services import note_problems, visit_problems

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def parse_time(value: str) -> time:
    value = value.strip().replace(".", ":")
    match = re.fullmatch(r"(\d{1,2}):?(\d{2})", value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise forms.ValidationError("Enter a real time in the 24-hour clock, like 09:15 or 14:30")
    return time(int(match[1]), int(match[2]))


class _AskedWhen:
    """A field that must be answered only after some answers: the form checks it, so it is not labelled
    "(optional)" and an empty answer passes the field's own check."""

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class ConditionalCharField(_AskedWhen, forms.CharField):
    pass


class ConditionalChoiceField(_AskedWhen, forms.TypedChoiceField):
    pass


class ConditionalMultipleChoiceField(_AskedWhen, forms.MultipleChoiceField):
    pass


class ConditionalDateField(GovukDateField):
    def clean(self, value):
        if not any(str(p).strip() for p in (value or []) if p is not None):
            return None
        return super().clean(value)


class VisitForm(GovukForm):
    # Some answers are needed only after others: the form checks them, the browser does not.
    use_required_attribute = False

    visit_date = GovukDateField(label="Date of the visit", help_text="For example, 27 3 2026")
    visit_time = forms.CharField(
        label="Time of the visit",
        max_length=5,
        help_text="24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    visit_type = forms.ChoiceField(label="Type of visit", choices=VisitType.choices, widget=forms.RadioSelect)
    place = forms.ChoiceField(label="Where the visit was", choices=Place.choices, widget=forms.RadioSelect)
    place_detail = forms.CharField(
        label="Where exactly", max_length=200, required=False, help_text="For example, the name of the school"
    )
    child_seen = forms.TypedChoiceField(choices=YES_NO, coerce=_yes_no, widget=forms.RadioSelect)
    reason_not_seen = ConditionalCharField(widget=forms.Textarea(attrs={"rows": 3}))
    seen_alone = ConditionalChoiceField(
        choices=YES_NO, coerce=_yes_no, empty_value=None, widget=forms.RadioSelect
    )
    others_present = forms.CharField(
        label="Who else was there",
        max_length=300,
        required=False,
        help_text="Names and how they know the child",
    )
    words = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    communication = ConditionalMultipleChoiceField(
        choices=Communication.choices, widget=forms.CheckboxSelectMultiple
    )
    observations = forms.CharField(
        label="What you saw and heard", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    significant = forms.BooleanField(required=False)

    def __init__(self, *args, child, now: datetime, **kwargs):
        self.child, self.now = child, now
        super().__init__(*args, **kwargs)
        name = child.given_name
        f = self.fields
        f["child_seen"].label = f"Did you see {name}?"
        f["child_seen"].error_messages["required"] = f"Select yes if you saw {name}"
        f["reason_not_seen"].label = f"If you did not see {name}, why not?"
        f["seen_alone"].label = f"Did you see {name} alone?"
        f["seen_alone"].help_text = f"Answer if you saw {name}"
        f["words"].label = f"What {name} said, in their own words"
        f["words"].help_text = (
            "Write their words as they said them. For a baby, or a child who does not speak, "
            "describe what they showed you."
        )
        f["communication"].label = f"How {name} communicated"
        f["communication"].help_text = f"If you recorded {name}'s words, choose all the ways they used"
        f["significant"].label = f"Mark this visit as a significant event in {name}'s chronology"
        f["visit_date"].error_messages["required"] = "Enter the date of the visit"
        f["visit_time"].error_messages["required"] = "Enter the time of the visit"

    def clean_visit_time(self):
        return parse_time(self.cleaned_data["visit_time"])

    def clean(self):
        data = super().clean()
        day, at = data.get("visit_date"), data.get("visit_time")
        if day and at:
            data["visited_at"] = timezone.make_aware(datetime.combine(day, at))
        if "visited_at" in data and data.get("child_seen") is not None:
            problems = visit_problems(
                child=self.child,
                at=self.now,
                visited_at=data["visited_at"],
                child_seen=data["child_seen"],
                seen_alone=data.get("seen_alone"),
                reason_not_seen=data.get("reason_not_seen", ""),
                words=data.get("words", ""),
                communication=data.get("communication", []),
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return data


class NoteForm(GovukForm):
    """A case note. Saving a draft needs nothing; finalising needs the type, date, subject and the note."""

    # Some answers are needed only after others: the form checks them, the browser does not.
    use_required_attribute = False

    note_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note_type = ConditionalChoiceField(
        label="Type of note", choices=NoteType.choices, coerce=str, empty_value="", widget=forms.RadioSelect
    )
    happened_on = ConditionalDateField(label="Date it happened", help_text="For example, 27 3 2026")
    subject = ConditionalCharField(label="Subject", max_length=200)
    body = ConditionalCharField(
        label="Note",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Your draft is saved as you type",
    )
    also_for = forms.MultipleChoiceField(
        label="Also file this note to",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        help_text="Brothers and sisters and other children in the household: the note goes on each record",
    )
    significant = forms.BooleanField(required=False)

    def __init__(
        self,
        *args,
        child,
        now: datetime,
        siblings=(),
        finalising: bool = False,
        management: bool = False,
        **kwargs,
    ):
        self.child, self.now, self.finalising = child, now, finalising
        super().__init__(*args, **kwargs)
        choices = [c for c in NoteType.choices if management or c[0] != NoteType.MANAGEMENT]
        self.fields["note_type"].choices = choices
        self.fields["also_for"].choices = [
            (str(c.pk), f"{c.full_name}{f', born {c.date_of_birth:%d %B %Y}' if c.date_of_birth else ''}")
            for c in siblings
        ]
        if not siblings:
            del self.fields["also_for"]
        self.fields[
            "significant"
        ].label = f"Mark this note as a significant event in {child.given_name}'s chronology"

    def clean(self):
        data = super().clean()
        if self.finalising:
            problems = note_problems(
                note_type=data.get("note_type", ""),
                happened_on=data.get("happened_on"),
                subject=data.get("subject", ""),
                body=data.get("body", ""),
                at=self.now,
            )
            for field, message in problems.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data

    def draft_values(self) -> dict:
        """What a draft save keeps: every field that is valid (an autosave never fails on a half-typed date)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "note_type": data.get("note_type", ""),
            "happened_on": data.get("happened_on"),
            "subject": data.get("subject", ""),
            "body": data.get("body", ""),
            "also_for": data.get("also_for", []),
            "significant": data.get("significant", False),
        }


class CorrectionForm(GovukForm):
    text = forms.CharField(
        label="The correction",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Write what the record should say. The record stays as it was; your correction is shown under it.",
    )
    reason = forms.CharField(
        label="Why it needs correcting", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Enter the correction"
        self.fields["reason"].error_messages["required"] = "Enter why the record needs correcting"


class RecordsFilterForm(GovukForm):
    # Some answers are needed only after others: the form checks them, the browser does not.
    use_required_attribute = False

    show = ConditionalChoiceField(label="Show", choices=show_choices, coerce=str, empty_value="")
    significant = forms.BooleanField(label="Significant events only", required=False)
