"""Forms for a child in care's health, permanence and adoption, leaving care and UASC status (GOV.UK way)."""

from __future__ import annotations

from datetime import date

from django import forms

from carefile.common.forms import GovukDateField, GovukForm
from carefile.workforce.models import ServiceArea, Staff

from . import codes

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


def YesNoField(label: str, *, required: bool = True, help_text: str = "") -> forms.TypedChoiceField:  # noqa: N802
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


def _choices(pairs, prompt: str):
    return [("", prompt), *pairs]


class _Dated(GovukForm):
    """A form whose date fields cannot be in the future."""

    not_future: tuple[str, ...] = ()

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        for name in self.not_future:
            if data.get(name) and data[name] > self.today:
                self.add_error(name, f"{self.fields[name].label} cannot be in the future")
        return data


# ---- health ---------------------------------------------------------------------------------------------


class HealthCheckForm(_Dated):
    not_future = ("held_on",)
    kind = forms.ChoiceField(
        label="What was done", choices=codes.HealthCheckKind.choices, widget=forms.RadioSelect
    )
    held_on = GovukDateField(label="Date")
    up_to_date = YesNoField(
        "Up to date?", required=False, help_text="For immunisations and development assessments only"
    )
    by_whom = forms.CharField(label="Who carried it out", max_length=200, required=False)
    notes = forms.CharField(label="What was found", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        if data.get("kind") in codes.UP_TO_DATE_KINDS and data.get("up_to_date") is None:
            self.add_error("up_to_date", "Say whether they are up to date")
        return data


class SdqForm(_Dated):
    not_future = ("held_on",)
    held_on = GovukDateField(label="Date of the questionnaire")
    score = forms.IntegerField(
        label="Total difficulties score",
        required=False,
        min_value=0,
        max_value=40,
        help_text="0 to 40",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    reason = forms.ChoiceField(
        label="Or the reason there is no score",
        required=False,
        choices=_choices(codes.SdqReason.choices, "There is a score"),
    )

    def clean(self):
        data = super().clean()
        if data.get("score") is None and not data.get("reason") and "score" not in self.errors:
            self.add_error("score", "Enter the score, or the reason there is none")
        elif data.get("score") is not None and data.get("reason"):
            self.add_error("reason", "Give the score or a reason there is none, not both")
        return data


class YearOutcomeForm(GovukForm):
    year_end = forms.TypedChoiceField(label="Year (1 April to 31 March)", coerce=int)
    convicted = YesNoField("Convicted, or given a final warning or reprimand, in the year?")
    substance_misuse = YesNoField("Was a substance misuse problem identified?")
    intervention_received = YesNoField("If so, did they receive an intervention for it?", required=False)
    intervention_offered = YesNoField("If they did not, was an intervention offered?", required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        end = today.year + 1 if today.month >= 4 else today.year
        self.fields["year_end"].choices = [(y, f"{y - 1} to {y}") for y in range(end, end - 4, -1)]

    def clean(self):
        data = super().clean()
        if data.get("substance_misuse"):
            if data.get("intervention_received") is None:
                self.add_error("intervention_received", "Say whether they received an intervention")
            elif data["intervention_received"] is False and data.get("intervention_offered") is None:
                self.add_error("intervention_offered", "Say whether an intervention was offered")
        return data


# ---- permanence and adoption ----------------------------------------------------------------------------


class PermanencePlanForm(_Dated):
    not_future = ("agreed_on",)
    kind = forms.ChoiceField(
        label="The plan", choices=codes.PermanencePlanKind.choices, widget=forms.RadioSelect
    )
    agreed_on = GovukDateField(label="Date agreed")
    notes = forms.CharField(
        label="Why, and what has to happen", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AdoptionDecisionForm(_Dated):
    not_future = ("decided_on",)
    decided_on = GovukDateField(
        label="Date of the decision",
        help_text="The agency decision maker's decision that the child should be placed for adoption",
    )


class AdoptionReversalForm(_Dated):
    not_future = ("on",)
    on = GovukDateField(label="Date the decision was reversed")
    reason = forms.ChoiceField(label="Why", choices=codes.ReversalReason.choices, widget=forms.RadioSelect)


class AdoptionMatchForm(_Dated):
    not_future = ("matched_on",)
    matched_on = GovukDateField(label="Date matched with the adopters")
    foster_carers = YesNoField("Are the adopters the child's foster carers?")
    number_of_adopters = forms.TypedChoiceField(
        label="Number of adopters", choices=[(1, "One"), (2, "Two")], coerce=int, widget=forms.RadioSelect
    )
    adopters_sex = forms.ChoiceField(
        label="Adopters", choices=codes.AdopterSex.choices, widget=forms.RadioSelect
    )
    adopters_legal_status = forms.ChoiceField(
        label="Adopters' legal status", choices=codes.AdopterLegalStatus.choices, widget=forms.RadioSelect
    )


class PreviousPermanenceForm(GovukForm):
    code = forms.ChoiceField(
        label="Before coming into care, did the child have a permanence order?",
        choices=codes.PreviousPermanenceCode.choices,
        widget=forms.RadioSelect,
    )
    la_code = forms.CharField(
        label="Council that arranged it",
        required=False,
        max_length=10,
        help_text="The council's code, for example 841",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    order_date = forms.CharField(
        label="Date of the order",
        required=False,
        max_length=10,
        help_text="DD/MM/YYYY; ZZ for a day or month not known, for example ZZ/ZZ/2015",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )


# ---- leaving care ---------------------------------------------------------------------------------------


class PersonalAdviserForm(_Dated):
    not_future = ("since",)
    adviser = forms.TypedChoiceField(label="Personal adviser", coerce=int)
    since = GovukDateField(label="From")

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].choices = _choices([(s.pk, s.name) for s in advisers], "Choose the adviser")


def adviser_choices():
    """Staff who may be a personal adviser: anyone in a leaving-care team, then social workers."""
    return list(
        Staff.objects.filter(leave_date__isnull=True, team__service_area=ServiceArea.CARE_LEAVERS).order_by(
            "family_name", "given_name"
        )[:200]
    ) or list(Staff.objects.filter(leave_date__isnull=True).order_by("family_name", "given_name")[:200])


class PathwayPlanForm(_Dated):
    not_future = ("agreed_on",)
    agreed_on = GovukDateField(label="Date agreed or reviewed")
    young_person_views = forms.CharField(
        label="The young person's views", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    summary = forms.CharField(label="The plan", required=False, widget=forms.Textarea(attrs={"rows": 6}))


class LeaverContactForm(_Dated):
    not_future = ("contact_on",)
    age = forms.TypedChoiceField(
        label="Which birthday", coerce=int, choices=[(a, f"{a}th birthday") for a in codes.OC3_AGES]
    )
    contact_on = GovukDateField(
        label="Date of the contact", help_text="From 3 months before to 1 month after"
    )
    in_touch = forms.ChoiceField(label="In touch", choices=codes.InTouch.choices, widget=forms.RadioSelect)
    activity = forms.ChoiceField(
        label="Activity", choices=_choices(codes.Activity.choices, "Choose the activity")
    )
    accommodation = forms.ChoiceField(
        label="Accommodation", choices=_choices(codes.Accommodation.choices, "Choose the accommodation")
    )


# ---- unaccompanied asylum-seeking children ---------------------------------------------------------------


class UascForm(_Dated):
    not_future = ("since", "ceased_on")
    since = GovukDateField(label="Unaccompanied asylum-seeking child since")
    ceased_on = GovukDateField(
        label="Date the status ceased", required=False, help_text="Leave blank while the child is still UASC"
    )
