"""Child protection forms, rendered the GOV.UK way (error summary, fieldsets, hints)."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django import forms
from django.utils import timezone

from carefile.common.forms import GovukDateField, GovukForm

from .codes import (
    INITIAL_DECISIONS,
    REVIEW_DECISIONS,
    Agency,
    Attendance,
    Category,
    ConferenceDecision,
    EnquiryOutcome,
    InviteeRole,
    PlanEndReason,
    StrategyDecision,
)

PARTICIPANT_ROWS = 6
INVITEE_ROWS = 8
TEXTAREA = {"rows": 5}


def parse_time(value: str) -> time:
    value = value.strip().replace(".", ":")
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise forms.ValidationError("Enter a real time in the 24-hour clock, like 09:15 or 14:30")
    return time(int(match[1]), int(match[2]))


def _time_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5,
        help_text="24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )


class RowsMixin:
    """Repeated rows of fields (participants, invitees) named `{prefix}{n}_{part}`."""

    def add_rows(self, prefix: str, count: int, parts: dict) -> None:
        for n in range(1, count + 1):
            for part, make in parts.items():
                self.fields[f"{prefix}{n}_{part}"] = make(n)
        self._row_spec = getattr(self, "_row_spec", {})
        self._row_spec[prefix] = (count, list(parts))

    def rows(self, prefix: str) -> list[dict]:
        count, parts = self._row_spec[prefix]
        return [
            {"number": n, "fields": [self[f"{prefix}{n}_{p}"] for p in parts]} for n in range(1, count + 1)
        ]

    def row_values(self, prefix: str) -> list[dict]:
        count, parts = self._row_spec[prefix]
        data = self.cleaned_data
        return [{p: data.get(f"{prefix}{n}_{p}") or "" for p in parts} for n in range(1, count + 1)]


class StrategyDiscussionForm(RowsMixin, GovukForm):
    held_date = GovukDateField(label="Date of the discussion", help_text="For example, 27 3 2026")
    held_time = _time_field("Time it started")
    information_shared = forms.CharField(
        label="Information shared",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What each agency knows about the child and family, and the risks and strengths it sees",
    )
    decision = forms.ChoiceField(label="Decision", choices=StrategyDecision.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label="Rationale for the decision",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Why: whether there is reasonable cause to suspect the child is suffering, or likely to suffer, significant harm",
    )
    immediate_safety_actions = forms.CharField(
        label="Immediate actions to keep the child safe",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Who will do what, and by when, before the enquiry starts",
    )
    also_about = forms.MultipleChoiceField(
        label="Other children discussed",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        help_text="Brothers and sisters discussed at the same meeting: each gets a record of their own",
    )

    def __init__(self, *args, now: datetime, siblings=(), **kwargs):
        self.now = now
        super().__init__(*args, **kwargs)
        self.add_rows(
            "participant",
            PARTICIPANT_ROWS,
            {
                "name": lambda n: forms.CharField(label="Name", max_length=120, required=False),
                "agency": lambda n: forms.ChoiceField(
                    label="Agency", required=False, choices=[("", "Choose an agency"), *Agency.choices]
                ),
                "role": lambda n: forms.CharField(label="Role", max_length=120, required=False),
            },
        )
        first_name, first_agency = self.fields["participant1_name"], self.fields["participant1_agency"]
        first_name.required = first_agency.required = True
        first_name.error_messages["required"] = "Enter who took part in the discussion"
        first_agency.error_messages["required"] = "Choose the agency they were from"
        if siblings:
            self.fields["also_about"].choices = [
                (str(c.pk), f"{c.full_name}{f', born {c.date_of_birth:%d %B %Y}' if c.date_of_birth else ''}")
                for c in siblings
            ]
        else:
            del self.fields["also_about"]
        self.fields["held_date"].error_messages["required"] = "Enter the date of the discussion"
        self.fields["held_time"].error_messages["required"] = "Enter the time the discussion started"
        self.fields["decision"].error_messages["required"] = (
            "Choose the decision: a section 47 enquiry or not"
        )
        self.fields["rationale"].error_messages["required"] = "Give the rationale for the decision"

    def clean_held_time(self):
        return parse_time(self.cleaned_data["held_time"])

    def clean(self):
        data = super().clean()
        day, at = data.get("held_date"), data.get("held_time")
        if day and at:
            held = timezone.make_aware(datetime.combine(day, at))
            if held > self.now:
                self.add_error("held_date", "The discussion cannot be in the future")
            else:
                data["held_at"] = held
        for n in range(2, PARTICIPANT_ROWS + 1):
            name = (data.get(f"participant{n}_name") or "").strip()
            agency = data.get(f"participant{n}_agency") or ""
            if name and not agency:
                self.add_error(f"participant{n}_agency", f"Choose the agency {name} was from")
            if agency and not name:
                self.add_error(f"participant{n}_name", f"Enter the name of participant {n}")
        return data


class EnquiryFindingsForm(GovukForm):
    findings = forms.CharField(
        label="Findings",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What the enquiry found: who was seen (was the child seen alone?), checks made, the risks and "
        "the strengths",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=EnquiryOutcome.choices,
        widget=forms.RadioSelect,
        help_text="Leave it unanswered until the enquiry is complete. A manager signs the outcome off.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].error_messages["required"] = "Enter the findings of the enquiry"


class SignOffForm(GovukForm):
    comment = forms.CharField(
        label="Manager's comment", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConferenceScheduleForm(RowsMixin, GovukForm):
    day = GovukDateField(label="Date of the conference", help_text="For example, 27 3 2026")
    start_time = _time_field("Time")
    venue = forms.CharField(label="Where", max_length=200, required=False)
    chair = forms.TypedChoiceField(label="Chair", coerce=int, required=False, empty_value=None, choices=[])

    def __init__(self, *args, chairs=(), earliest: date | None = None, earliest_message: str = "", **kwargs):
        self.earliest, self.earliest_message = earliest, earliest_message
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", "Not chosen yet")] + [
            (c.pk, f"{c.name} ({c.get_role_display().lower()})") for c in chairs
        ]
        self.fields["chair"].help_text = "An independent reviewing officer (or a manager)"
        self.add_rows(
            "invitee",
            INVITEE_ROWS,
            {
                "name": lambda n: forms.CharField(label="Name", max_length=120, required=False),
                "role": lambda n: forms.ChoiceField(
                    label="Agency or relationship",
                    required=False,
                    choices=[("", "Choose"), *InviteeRole.choices],
                ),
                "detail": lambda n: forms.CharField(label="Role", max_length=120, required=False),
            },
        )
        self.fields["day"].error_messages["required"] = "Enter the date of the conference"
        self.fields["start_time"].error_messages["required"] = "Enter the time of the conference"

    def clean_start_time(self):
        return parse_time(self.cleaned_data["start_time"])

    def clean(self):
        data = super().clean()
        day, at = data.get("day"), data.get("start_time")
        if day and self.earliest and day < self.earliest:
            self.add_error("day", self.earliest_message)
        elif day and day.weekday() >= 5:
            self.add_error("day", "A conference cannot be on a Saturday or a Sunday")
        if day and at:
            data["scheduled_at"] = timezone.make_aware(datetime.combine(day, at))
        for n in range(1, INVITEE_ROWS + 1):
            name = (data.get(f"invitee{n}_name") or "").strip()
            if name and not data.get(f"invitee{n}_role"):
                self.add_error(f"invitee{n}_role", f"Choose who {name} is")
        return data


class TransferInForm(GovukForm):
    transfer_from = forms.CharField(label="Council the child moved from", max_length=120)
    notified_on = GovukDateField(
        label="Date we were told",
        help_text="The transfer-in conference is due within 15 working days of this",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transfer_from"].error_messages["required"] = "Enter the council the child moved from"
        self.fields["notified_on"].error_messages["required"] = "Enter the date we were told of the move"


class ConferenceRecordForm(GovukForm):
    held_on = GovukDateField(label="Date the conference was held", help_text="For example, 27 3 2026")
    child_views = forms.CharField(
        label="The child's views",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="In their own words where you can, and how they took part (in person, a report, an advocate)",
    )
    summary = forms.CharField(
        label="What the conference heard and why it decided as it did",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    decision = forms.ChoiceField(label="Decision", choices=[], widget=forms.RadioSelect)
    category = forms.ChoiceField(
        label="Category of abuse",
        required=False,
        choices=Category.choices,
        widget=forms.RadioSelect,
        help_text="Needed when the child is to have (or stay on) a plan",
    )
    previous_plans_elsewhere = forms.IntegerField(
        label="Child protection plans in other councils before this one",
        min_value=0,
        max_value=20,
        initial=0,
        required=False,
        help_text="Where known. Carefile counts the plans recorded here itself.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    end_reason = forms.ChoiceField(
        label="Why the plan is ending",
        required=False,
        choices=PlanEndReason.choices,
        widget=forms.RadioSelect,
    )
    end_notes = forms.CharField(
        label="Notes on the ending", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, review: bool, invitees=(), transfer_in: bool = False, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)
        choices = REVIEW_DECISIONS if review else INITIAL_DECISIONS
        self.fields["decision"].choices = [(c.value, ConferenceDecision(c).label) for c in choices]
        if review:
            del self.fields["previous_plans_elsewhere"]
            self.fields["category"].help_text = "The latest category, if the plan continues"
        else:
            del self.fields["end_reason"], self.fields["end_notes"]
            if transfer_in:
                self.fields["previous_plans_elsewhere"].initial = 1
                self.fields[
                    "previous_plans_elsewhere"
                ].help_text = "Include the plan the child was on in the council they moved from"
        self.invitees = list(invitees)
        for invitee in self.invitees:
            self.fields[f"attendance_{invitee.pk}"] = forms.ChoiceField(
                label=f"{invitee.name} ({invitee.get_role_display().lower()})",
                choices=Attendance.choices,
                initial=invitee.attendance,
                required=False,
            )
        self.fields["held_on"].error_messages["required"] = "Enter the date the conference was held"
        self.fields["decision"].error_messages["required"] = "Choose the conference's decision"
        self.fields["child_views"].error_messages["required"] = (
            "Enter the child's views, or why they could not be given"
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") in (ConferenceDecision.PLAN, ConferenceDecision.CONTINUE) and not data.get(
            "category"
        ):
            self.add_error("category", "Choose the category of abuse")
        if self.review and data.get("decision") == ConferenceDecision.END:
            if not data.get("end_reason"):
                self.add_error("end_reason", "Choose why the plan is ending")
            elif data["end_reason"] == PlanEndReason.OTHER and not (data.get("end_notes") or "").strip():
                self.add_error("end_notes", "Explain why the plan is ending")
        data["attendance"] = {i.pk: data.get(f"attendance_{i.pk}") or "" for i in self.invitees}
        return data


class CoreGroupForm(GovukForm):
    held_on = GovukDateField(label="Date of the meeting", help_text="For example, 27 3 2026")
    attendees = forms.CharField(label="Who came", widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.CharField(label="Progress against the plan", widget=forms.Textarea(attrs={"rows": 8}))
    child_views = forms.CharField(
        label="The child's views", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].error_messages["required"] = "Enter the date of the meeting"
        self.fields["attendees"].error_messages["required"] = "Enter who came to the core group"
        self.fields["progress"].error_messages["required"] = "Enter the progress made against the plan"


class PlanEndForm(GovukForm):
    end = GovukDateField(label="Date the plan ended", help_text="For example, 27 3 2026")
    reason = forms.ChoiceField(
        label="Why the plan is ending", choices=PlanEndReason.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].error_messages["required"] = "Enter the date the plan ended"
        self.fields["reason"].error_messages["required"] = "Choose why the plan is ending"

    def clean(self):
        data = super().clean()
        if data.get("reason") == PlanEndReason.OTHER and not (data.get("notes") or "").strip():
            self.add_error("notes", "Explain why the plan is ending")
        return data
