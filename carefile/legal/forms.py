"""Forms for legal planning, pre-proceedings and care proceedings, rendered the GOV.UK way."""

from __future__ import annotations

from django import forms

from carefile.care.codes import ReasonCeased
from carefile.common.forms import GovukDateField, GovukForm

from .models import FinalOrder, HearingType, InterimOrderType, MeetingDecision, PreProceedingsOutcome
from .services import ENDS_CARE_REASONS, PreProceedingsSteps


def _text(label: str, required_message: str, help_text: str = "", required: bool = True) -> forms.CharField:
    field = forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 4}), help_text=help_text, required=required
    )
    field.error_messages["required"] = required_message
    return field


class MeetingForm(GovukForm):
    held_on = GovukDateField(label="Date of the meeting")
    attendees = _text("Who attended", "Enter who attended", "Names and roles, including the council's lawyer")
    legal_advice = _text("Legal advice given", "Enter the legal advice given")
    decision = forms.ChoiceField(label="Decision", choices=MeetingDecision.choices, widget=forms.RadioSelect)
    rationale = _text("Reasons for the decision", "Enter the reasons for the decision")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].error_messages["required"] = "Enter the date of the meeting"
        self.fields["decision"].error_messages["required"] = "Choose the meeting's decision"


class StepsForm(GovukForm):
    letter_sent_on = GovukDateField(label="Letter before proceedings sent", required=False)
    initial_meeting_on = GovukDateField(
        label="Pre-proceedings meeting with the parents and their lawyers", required=False
    )
    fgdm_offered_on = GovukDateField(label="Family group decision making offered", required=False)
    fgdm_held_on = GovukDateField(label="Family group decision making meeting held", required=False)

    def steps(self) -> PreProceedingsSteps:
        return PreProceedingsSteps(**self.cleaned_data)


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date of the review meeting")
    summary = _text("What was reviewed and agreed", "Enter what was reviewed and agreed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].error_messages["required"] = "Enter the date of the review meeting"


class EndPreProceedingsForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Decision", choices=PreProceedingsOutcome.choices, widget=forms.RadioSelect
    )
    on = GovukDateField(label="Date of the decision")
    rationale = _text("Reasons for the decision", "Enter the reasons for the decision")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = "Choose the decision"
        self.fields["on"].error_messages["required"] = "Enter the date of the decision"


class IssueForm(GovukForm):
    application_on = GovukDateField(label="Date of the application to the court")
    court = forms.CharField(
        label="Court", max_length=120, help_text="For example, the Family Court at Hereford"
    )
    case_number = forms.CharField(label="Court case number", max_length=40)
    judge = forms.CharField(label="Judge (if allocated)", max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application_on"].error_messages["required"] = "Enter the date of the application"
        self.fields["court"].error_messages["required"] = "Enter the court"
        self.fields["case_number"].error_messages["required"] = "Enter the court case number"


class HearingForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of hearing", choices=[("", "Choose the type of hearing"), *HearingType.choices]
    )
    on = GovukDateField(label="Date of the hearing", help_text="A future date for a hearing that is listed")
    outcome = _text("Outcome", "", "Leave empty for a hearing that has not happened yet", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the type of hearing"
        self.fields["on"].error_messages["required"] = "Enter the date of the hearing"


class InterimOrderForm(GovukForm):
    kind = forms.ChoiceField(label="Order", choices=InterimOrderType.choices, widget=forms.RadioSelect)
    made_on = GovukDateField(label="Date the order was made")
    ends_on = GovukDateField(label="Date the order ends (if set)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the order"
        self.fields["made_on"].error_messages["required"] = "Enter the date the order was made"


_ENDING_CODES = sorted({code for codes in ENDS_CARE_REASONS.values() for code in codes})


class FinalOrderForm(GovukForm):
    order = forms.ChoiceField(label="Final order", choices=FinalOrder.choices, widget=forms.RadioSelect)
    on = GovukDateField(label="Date of the order")
    reason_ceased = forms.ChoiceField(
        label="Why care ended (for a looked-after child whose care this order ends)",
        required=False,
        choices=[("", "Not applicable")]
        + [(c.value, c.label) for c in ReasonCeased if c.value in _ENDING_CODES],
        help_text="Special guardianship: E45–E48. Child arrangements order: E41. Supervision order or no order: "
        "E4A, E4B or E13.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].error_messages["required"] = "Choose the final order"
        self.fields["on"].error_messages["required"] = "Enter the date of the order"


class TrackerFilterForm(forms.Form):
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    court = forms.ChoiceField(label="Court", required=False)
    drift = forms.BooleanField(label="Only red and amber", required=False)

    def __init__(self, *args, teams, courts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *[(t.pk, t.name) for t in teams]]
        self.fields["court"].choices = [("", "All courts"), *[(c, c) for c in courts]]
