"""Forms for children's care pages, rendered the GOV.UK way (`{{ form }}` with an error summary)."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django import forms
from django.utils import timezone

from carefile.common.forms import GovukDateField, GovukForm
from carefile.workforce.models import Role, Staff, Team

from . import codes
from .models import RecommendationStatus, ReturnInterviewResponse
from .timescales import CHOSEN_REGIMES, VisitRegime


def _choices(pairs, prompt: str):
    return [("", prompt), *pairs]


class TimeOfDayField(forms.CharField):
    """A time typed in the 24-hour clock, like 09:15."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("help_text", "24-hour clock, for example 21:30")
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        value = value.strip().replace(".", ":")
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter a real time in the 24-hour clock, like 09:15 or 21:30")
        return time(int(match[1]), int(match[2]))


def _moment(day: date | None, at: time | None) -> datetime | None:
    if day is None or at is None:
        return None
    return timezone.make_aware(datetime.combine(day, at))


# ---- the placement fields, shared by starting care, moving and short breaks ------------------------------


class PlacementFields(GovukForm):
    place = forms.ChoiceField(label="Type of placement")
    provider = forms.ChoiceField(
        label="Placement provider",
        required=False,
        choices=_choices(codes.Provider.choices, "Choose the provider"),
        help_text="Leave blank for a temporary placement (T0–T4) or another placement (Z codes)",
    )
    placement_name = forms.CharField(
        label="Carer or home",
        max_length=200,
        required=False,
        help_text="The foster carers' names or the home's name",
    )
    postcode = forms.CharField(
        label="Placement postcode",
        max_length=10,
        required=False,
        help_text="The full postcode, like DH1 5AB",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    urn = forms.CharField(
        label="Ofsted unique reference number (URN)",
        max_length=8,
        required=False,
        help_text="The provider's Ofsted URN, like SC123456. XXXXXXX for a placement made through a regional "
        "adoption agency; blank for placements with parents, in hospital, custody or temporary placements",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    outside_england = forms.BooleanField(label="The placement is outside England", required=False)

    def set_place_choices(self, on: date) -> None:
        self.fields["place"].choices = _choices(codes.place_choices_on(on), "Choose the type of placement")

    def clean_postcode(self):
        try:
            return codes.normalise_postcode(self.cleaned_data["postcode"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_urn(self):
        try:
            return codes.normalise_urn(self.cleaned_data["urn"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class _PlacementPlus(PlacementFields):
    long_term = forms.BooleanField(
        label="The placement is intended to last until the child is 18, and this has been agreed",
        required=False,
        help_text="Long-term fostering (U1, U4) always is. Visits may then be 3-monthly after the first year",
    )
    visit_regime = forms.ChoiceField(
        label="Visits",
        choices=[(r.value, r.label) for r in CHOSEN_REGIMES],
        widget=forms.RadioSelect,
        required=False,
        initial=VisitRegime.STANDARD,
        help_text="Placed with a parent under a care order, and short breaks, follow from the legal status",
    )


class CareStartForm(_PlacementPlus):
    start = GovukDateField(label="Date started to be looked after")
    legal_status = forms.ChoiceField(label="Legal status")
    cin_need = forms.ChoiceField(
        label="Category of need", choices=_choices(codes.NeedCode.choices, "Choose the category of need")
    )
    home_postcode = forms.CharField(
        label="Home postcode",
        max_length=10,
        required=False,
        help_text="The full postcode of the child's home before they came into care. Leave blank for an "
        "unaccompanied asylum-seeking child or for short breaks",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    field_order = [
        "start",
        "legal_status",
        "cin_need",
        "home_postcode",
        "place",
        "provider",
        "placement_name",
        "postcode",
        "urn",
        "outside_england",
        "long_term",
        "visit_regime",
    ]

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.set_place_choices(today)
        self.fields["legal_status"].choices = _choices(
            [c for c in codes.legal_status_choices() if c[0] != "V3"], "Choose the legal status"
        )
        self.fields["start"].error_messages["required"] = (
            "Enter the date the child started to be looked after"
        )

    def clean_home_postcode(self):
        try:
            return codes.normalise_postcode(self.cleaned_data["home_postcode"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        start = data.get("start")
        if start and start > self.today:
            self.add_error("start", "The date care started cannot be in the future")
        return data


class PlacementMoveForm(_PlacementPlus):
    on = GovukDateField(label="Date of the move")
    same_carer = forms.BooleanField(
        label="The carer stays the same",
        required=False,
        help_text="For example the foster carers moved house, or the placement became long-term or an adoption "
        "placement with the same carers",
    )
    reason_place_change = forms.ChoiceField(
        label="Reason for the change of placement",
        required=False,
        choices=_choices(codes.PlacementChangeReason.choices, "Choose the reason"),
        help_text="Not needed for a move to or back from a temporary placement",
    )
    legal_status = forms.ChoiceField(
        label="Legal status from this date",
        required=False,
        help_text="Only if the legal status changes on the same day as the placement",
    )
    field_order = [
        "on",
        "place",
        "provider",
        "placement_name",
        "postcode",
        "urn",
        "outside_england",
        "same_carer",
        "reason_place_change",
        "legal_status",
        "long_term",
        "visit_regime",
    ]

    def __init__(self, *args, today: date, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.set_place_choices(today)
        self.fields["legal_status"].choices = [
            ("", f"No change (stays {current_status})"),
            *codes.legal_status_choices(short_breaks=False),
        ]
        self.fields["on"].error_messages["required"] = "Enter the date of the move"

    def clean(self):
        data = super().clean()
        if data.get("on") and data["on"] > self.today:
            self.add_error("on", "The date of the move cannot be in the future")
        return data


class LegalStatusForm(GovukForm):
    on = GovukDateField(label="Date of the change")
    legal_status = forms.ChoiceField(label="New legal status")

    def __init__(self, *args, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_status"].choices = _choices(
            [c for c in codes.legal_status_choices(short_breaks=False) if c[0] != current_status],
            "Choose the legal status",
        )
        self.fields["on"].error_messages["required"] = "Enter the date the legal status changed"


class CareEndForm(GovukForm):
    on = GovukDateField(label="Date stopped being looked after")
    reason_ceased = forms.ChoiceField(
        label="Why care ended",
        choices=_choices([(c.value, c.label) for c in codes.CARE_ENDED_REASONS], "Choose the reason"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].error_messages["required"] = "Enter the date the child stopped being looked after"


class ShortBreakForm(PlacementFields):
    start = GovukDateField(label="First day of the break")
    end = GovukDateField(label="Day the child went home", help_text="At most 17 days after the first day")
    cin_need = forms.ChoiceField(
        label="Category of need", choices=_choices(codes.NeedCode.choices, "Choose the category of need")
    )
    reason_ceased = forms.ChoiceField(
        label="How the break ended",
        choices=_choices([(c.value, c.label) for c in codes.CARE_ENDED_REASONS], "Choose how it ended"),
        initial="E4A",
    )
    field_order = ["start", "end", "cin_need", "place", "provider", "placement_name", "reason_ceased"]

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_place_choices(today)
        for name in ("postcode", "urn", "outside_england"):
            del self.fields[name]
        self.fields["place"].choices = [
            c
            for c in self.fields["place"].choices
            if c[0] not in codes.TEMPORARY_PLACEMENTS | codes.LONG_TERM_FOSTER
        ]

    def clean_postcode(self):  # pragma: no cover - the field is removed
        return ""

    def clean_urn(self):  # pragma: no cover - the field is removed
        return ""


# ---- reviews --------------------------------------------------------------------------------------------


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date of the review")
    reviewing_officer = forms.TypedChoiceField(label="Independent reviewing officer", coerce=int)
    participation = forms.ChoiceField(
        label="How the child took part", choices=codes.Participation.choices, widget=forms.RadioSelect
    )
    child_views = forms.CharField(
        label="The child's views",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In their words where you can",
    )
    summary = forms.CharField(
        label="What the review decided", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, today: date, iros, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["reviewing_officer"].choices = _choices(
            [(s.pk, s.name) for s in iros], "Choose the officer"
        )
        self.fields["held_on"].error_messages["required"] = "Enter the date of the review"

    def clean(self):
        data = super().clean()
        if data.get("held_on") and data["held_on"] > self.today:
            self.add_error("held_on", "The date of the review cannot be in the future")
        return data


class RecommendationForm(forms.Form):
    what = forms.CharField(label="Recommendation", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner_staff = forms.TypedChoiceField(label="Who will do it", coerce=int, required=False, empty_value=None)
    owner_name = forms.CharField(
        label="Or someone else",
        max_length=120,
        required=False,
        help_text="A carer, a parent or another professional",
    )
    due = GovukDateField(label="Due date", required=False)

    def __init__(self, *args, staff_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_staff"].choices = _choices(staff_choices, "Choose a member of staff")

    def clean(self):
        data = super().clean()
        what = (data.get("what") or "").strip()
        if not what:
            if data.get("owner_name") or data.get("owner_staff") or data.get("due"):
                self.add_error("what", "Say what the recommendation is, or clear the row")
            return data
        if not data.get("due"):
            self.add_error("due", "Enter the date the recommendation is due")
        if bool(data.get("owner_staff")) == bool((data.get("owner_name") or "").strip()):
            self.add_error("owner_staff", "Choose a member of staff or name someone else, not both")
        return data


RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=3, max_num=10)


def staff_choices_for_child(child) -> list[tuple[int, str]]:
    """Staff who might own a recommendation: the child's team, reviewing officers and managers."""
    staff = Staff.objects.filter(leave_date__isnull=True)
    if child.responsible_team_id:
        staff = staff.filter(team_id=child.responsible_team_id) | Staff.objects.filter(
            role=Role.REVIEWING_OFFICER, leave_date__isnull=True
        )
    return [(s.pk, s.name) for s in staff.distinct().order_by("family_name", "given_name")[:200]]


class RecommendationUpdateForm(GovukForm):
    status = forms.ChoiceField(
        label="Where it has got to", choices=RecommendationStatus.choices, widget=forms.RadioSelect
    )
    completed_on = GovukDateField(label="Date it was done", required=False)
    not_done_reason = forms.CharField(
        label="Why it was not done", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# ---- missing --------------------------------------------------------------------------------------------


class MissingForm(GovukForm):
    kind = forms.ChoiceField(
        label="Missing or away", choices=codes.MissingKind.choices, widget=forms.RadioSelect
    )
    started_date = GovukDateField(label="Date they went missing")
    started_time = TimeOfDayField(label="Time they went missing")
    returned = forms.ChoiceField(
        label="Have they come back?",
        choices=[("no", "No, still missing"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        initial="no",
    )
    ended_date = GovukDateField(label="Date they came back or were found", required=False)
    ended_time = TimeOfDayField(label="Time they came back or were found", required=False)
    where_found = forms.CharField(label="Where they were found", max_length=300, required=False)
    reported_to_police = forms.BooleanField(label="Reported to the police", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.fields["started_date"].error_messages["required"] = "Enter the date they went missing"
        self.fields["started_time"].error_messages["required"] = "Enter the time they went missing"

    def clean(self):
        data = super().clean()
        data["started_at"] = _moment(data.get("started_date"), data.get("started_time"))
        if data["started_at"] and data["started_at"] > self.now:
            self.add_error("started_date", "The time they went missing cannot be in the future")
        data["ended_at"] = None
        if data.get("returned") == "yes":
            if not data.get("ended_date"):
                self.add_error("ended_date", "Enter the date they came back or were found")
            if not data.get("ended_time") and "ended_time" not in self.errors:
                self.add_error("ended_time", "Enter the time they came back or were found")
            data["ended_at"] = _moment(data.get("ended_date"), data.get("ended_time"))
        return data


class ReturnForm(GovukForm):
    ended_date = GovukDateField(label="Date they came back or were found")
    ended_time = TimeOfDayField(label="Time they came back or were found")
    where_found = forms.CharField(label="Where they were found", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        data["ended_at"] = _moment(data.get("ended_date"), data.get("ended_time"))
        return data


class InterviewForm(GovukForm):
    offered_date = GovukDateField(label="Date the interview was offered")
    offered_time = TimeOfDayField(label="Time it was offered")
    response = forms.ChoiceField(
        label="The child's answer", choices=ReturnInterviewResponse.choices, widget=forms.RadioSelect
    )
    interview_on = GovukDateField(
        label="Date of the interview", required=False, help_text="If it has been held"
    )
    interviewed_by = forms.CharField(
        label="Who held it", max_length=200, required=False, help_text="A name and organisation"
    )
    learnt = forms.CharField(
        label="What was learnt",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why they went, where they were, who with, risks and what would help",
    )

    def clean(self):
        data = super().clean()
        data["offered_at"] = _moment(data.get("offered_date"), data.get("offered_time"))
        return data


class ReturnInterviewFilterForm(GovukForm):
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _choices(
            [(t.pk, t.name) for t in Team.objects.order_by("name")], "All teams"
        )
