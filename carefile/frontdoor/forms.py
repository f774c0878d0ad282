import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from carefile.common.forms import GovukDateField, GovukForm
from carefile.workforce.models import ServiceArea, Team

from .codes import ReferralSource
from .models import Consent, Outcome, Priority


def team_choices(area: str | None = None):
    teams = Team.objects.all() if area is None else Team.objects.filter(service_area=area)
    return [("", "Choose a team")] + [(t.pk, t.name) for t in teams.order_by("name")]


class ContactForm(GovukForm):
    received_date = GovukDateField(label="Date received", help_text="For example, 27 3 2026")
    received_time = forms.CharField(
        label="Time received",
        max_length=5,
        help_text="24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    source = forms.ChoiceField(
        label="Who made the contact", choices=[("", "Choose a source"), *ReferralSource.choices]
    )
    referrer_name = forms.CharField(label="Referrer's name", max_length=120, required=False)
    referrer_organisation = forms.CharField(label="Referrer's organisation", max_length=120, required=False)
    referrer_contact = forms.CharField(label="Referrer's phone or email", max_length=120, required=False)
    presenting_concerns = forms.CharField(
        label="Presenting concerns",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the referrer told you, in their words where you can",
    )
    also_about = forms.MultipleChoiceField(
        label="Other children this contact is about",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        help_text="Brothers and sisters and other children in the household",
    )
    consent = forms.ChoiceField(
        label="Family's consent to the contact and to checks with partners",
        choices=Consent.choices,
        widget=forms.RadioSelect,
    )
    consent_notes = forms.CharField(
        label="Notes on consent", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    partner_information = forms.CharField(
        label="Information gathered from partners",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Police, health, school and other agencies' checks",
    )
    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, widget=forms.RadioSelect, initial=Priority.STANDARD
    )
    team = forms.TypedChoiceField(label="Front-door team", coerce=int, choices=[])

    def __init__(self, *args, now: datetime, siblings=(), **kwargs):
        self.now = now
        super().__init__(*args, **kwargs)
        self.fields["also_about"].choices = [
            (c.pk, f"{c.full_name}{f', born {c.date_of_birth:%d %B %Y}' if c.date_of_birth else ''}")
            for c in siblings
        ]
        if not siblings:
            del self.fields["also_about"]
        self.fields["team"].choices = (
            team_choices(ServiceArea.FRONT_DOOR)
            if Team.objects.filter(service_area=ServiceArea.FRONT_DOOR).exists()
            else team_choices()
        )
        self.fields["received_time"].error_messages["required"] = "Enter the time the contact was received"
        self.fields["received_date"].error_messages["required"] = "Enter the date the contact was received"

    def clean_received_time(self):
        value = self.cleaned_data["received_time"].strip().replace(".", ":")
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter a real time in the 24-hour clock, like 09:15 or 14:30")
        return time(int(match[1]), int(match[2]))

    def clean(self):
        data = super().clean()
        day, at = data.get("received_date"), data.get("received_time")
        if day and at:
            received = timezone.make_aware(datetime.combine(day, at))
            if received > self.now:
                self.add_error("received_date", "The date and time received must be in the past")
            else:
                data["received_at"] = received
        if (
            data.get("consent") in {Consent.OVERRIDDEN, Consent.NOT_SOUGHT, Consent.REFUSED}
            and not data.get("consent_notes", "").strip()
        ):
            self.add_error("consent_notes", "Explain why you are going ahead without consent")
        return data


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(label="Decision", choices=Outcome.choices, widget=forms.RadioSelect)
    options_considered = forms.MultipleChoiceField(
        label="Options considered",
        choices=Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Every option you weighed, including the one you chose",
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why this decision: the risks and strengths you weighed, and why other options were not right",
    )
    referral_team = forms.TypedChoiceField(
        label="Team the referral goes to",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[],
        help_text="Only for a referral or a strategy discussion",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral_team"].choices = team_choices()
        self.fields["rationale"].error_messages["required"] = "Enter the rationale for the decision"
        self.fields["outcome"].error_messages["required"] = "Choose the decision"

    def clean_rationale(self):
        text = self.cleaned_data["rationale"].strip()
        if len(text) < 20:
            raise forms.ValidationError("Give the rationale in at least a sentence (20 characters or more)")
        return text

    def clean(self):
        data = super().clean()
        if data.get("outcome") in {Outcome.REFERRAL, Outcome.STRATEGY} and not data.get("referral_team"):
            self.add_error("referral_team", "Choose the team the referral goes to")
        return data


class SignOffForm(GovukForm):
    comment = forms.CharField(
        label="Manager's comment", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QueueFilterForm(GovukForm):
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None, choices=[])
    priority = forms.ChoiceField(
        label="Priority", required=False, choices=[("", "Any priority"), *Priority.choices]
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("waiting", "Longest waiting first"),
            ("priority", "Priority"),
            ("name", "Child's name"),
            ("team", "Team"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams")] + team_choices()[1:]
