from datetime import date

from django import forms

from carefile.common.forms import GovukDateField, GovukForm

from .break_glass import MAX_REASON, MIN_REASON


class BreakGlassLookupForm(GovukForm):
    la_child_id = forms.CharField(label="LA child ID", max_length=20, help_text="For example, CF0001234")

    def clean_la_child_id(self):
        return self.cleaned_data["la_child_id"].strip().upper()


class BreakGlassForm(GovukForm):
    """The reason for break-glass access to one restricted record."""

    reason = forms.CharField(
        label="Why do you need to see this record now?",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"At least {MIN_REASON} characters. Your reason is recorded, and the people responsible for the "
            "record are told you opened it."
        ),
        error_messages={"required": "Enter why you need to see this record"},
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < MIN_REASON:
            raise forms.ValidationError(f"Reason must be at least {MIN_REASON} characters")
        return reason


class AccessLogFilterForm(GovukForm):
    user = forms.TypedChoiceField(label="Who", coerce=int, required=False, empty_value=None, choices=[])
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)

    def __init__(self, *args, users: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Everyone"), *users]
        self.fields["user"].error_messages["invalid_choice"] = "Choose someone from the list"

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data


class ReportDayForm(GovukForm):
    on = GovukDateField(label="Day", help_text="For example, 3 3 2025")

    def __init__(self, *args, today: date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and on > self.today:
            raise forms.ValidationError("Day must be today or in the past")
        return on


class SubjectAccessRequestForm(GovukForm):
    la_child_id = forms.CharField(label="LA child ID", max_length=20, help_text="For example, CF0001234")
    requester = forms.CharField(
        label="Who asked for the record?",
        max_length=200,
        help_text="For example, the young person themselves, or their solicitor on their behalf",
    )
    received_on = GovukDateField(label="Date the request was received", help_text="For example, 3 3 2025")
    redact_junior_staff = forms.BooleanField(
        label="Redact the names of staff below manager level",
        required=False,
        initial=True,
        help_text="Team managers' and heads of service's names are shown whatever you choose.",
    )

    def __init__(self, *args, today: date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_la_child_id(self):
        return self.cleaned_data["la_child_id"].strip().upper()

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received and received > self.today:
            raise forms.ValidationError("Date the request was received must be today or in the past")
        return received


class SubjectAccessReviewForm(GovukForm):
    confirmed = forms.BooleanField(
        label="I have read the whole export and checked every redaction",
        error_messages={"required": "Confirm you have read the export and checked every redaction"},
    )
    review_notes = forms.CharField(
        label="Notes for the release (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LegalHoldForm(GovukForm):
    la_child_id = forms.CharField(label="LA child ID", max_length=20, help_text="For example, CF0001234")
    reason = forms.CharField(
        label="Why must the record be kept?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a claim against the council or a public inquiry",
    )

    def clean_la_child_id(self):
        return self.cleaned_data["la_child_id"].strip().upper()

    def clean_reason(self):
        return self.cleaned_data["reason"].strip()


class DisposalDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[
            ("approve", "Approve: dispose of these records now"),
            ("reject", "Reject: keep these records"),
        ],
        error_messages={"required": "Choose whether to approve or reject the disposal"},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
