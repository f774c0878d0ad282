from datetime import date

from django import forms

from carefile.common.forms import GovukDateField, GovukForm
from carefile.frontdoor.codes import ClosureReason, PrimaryNeed

from .codes import FACTOR_GROUPS, Communication, Factor, Outcome, factor_problems
from .models import Assessment, CorrectedPart
from .services import submission_problems


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


class DateField(GovukDateField):
    """A GOV.UK date field whose "required" message is the form's own ("Enter the date the … started")."""

    def clean(self, value):
        try:
            return super().clean(value)
        except OverflowError:  # a day or month too big for the platform's integers
            raise forms.ValidationError(
                f"{(self.label or 'Date').capitalize()} must be a real date"
            ) from None
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "required":
                raise forms.ValidationError(self.error_messages["required"], code="required") from None
            raise


class StartForm(GovukForm):
    start_date = DateField(
        label="Start date",
        help_text="The day the assessment began, for example the first visit. For example, 27 3 2026",
    )

    def __init__(self, *args, referral_date: date, today: date, **kwargs):
        self.referral_date, self.today = referral_date, today
        super().__init__(*args, **kwargs)
        self.fields["start_date"].error_messages["required"] = "Enter the date the assessment started"

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        if value < self.referral_date:
            raise forms.ValidationError(
                f"The start date must be on or after the referral date, {_day(self.referral_date)}"
            )
        if value > self.today:
            raise forms.ValidationError("The start date must be today or in the past")
        return value


def _text(label: str, hint: str, rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=hint, required=False, widget=forms.Textarea(attrs={"rows": rows})
    )


class AssessmentForm(GovukForm):
    """The worker's draft. Any part may be empty while it is a draft; sending it for authorisation (`submit`)
    needs every part (the same rules as the service, `submission_problems`)."""

    developmental_needs = _text(
        "The child's developmental needs",
        "Health, education, emotional and behavioural development, identity, relationships, self-care",
    )
    parenting_capacity = _text(
        "Parenting capacity",
        "Basic care, keeping the child safe, emotional warmth, stimulation, guidance and boundaries, stability",
    )
    family_environment = _text(
        "Family and environmental factors",
        "Family history and functioning, wider family, housing, employment, income, community resources",
    )
    analysis = _text(
        "Analysis of risk and strengths",
        "What the risks and strengths are and what they mean for the child: analyse, do not only describe",
        rows=10,
    )
    child_voice = _text(
        "The child's voice",
        "What the child told you, in their own words where you can, what they want to happen, and what you saw",
    )
    child_communication = forms.MultipleChoiceField(
        label="How the child communicated",
        choices=Communication.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose every way the child shared their views",
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified at the end of the assessment",
        choices=Factor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose every factor that applies. Choose 'No factors identified' only on its own.",
    )
    outcome = forms.ChoiceField(
        label="Outcome of the assessment", choices=Outcome.choices, widget=forms.RadioSelect, required=False
    )
    outcome_detail = _text("Details of the outcome", "Needed when the outcome is 'Other'", rows=3)
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=[("", "Choose the primary need"), *PrimaryNeed.choices],
        required=False,
        help_text="The child's main need, as the CIN census records it. If torn between two, choose the one "
        "higher in the list.",
    )

    # Every part but the outcome's details is needed to send the assessment, so the labels do not say
    # "(optional)"; but a draft may be saved with any of them empty, so they are checked as optional (and the
    # browser is not told they are required).
    use_required_attribute = False
    NEEDED_TO_SEND = [
        "developmental_needs",
        "parenting_capacity",
        "family_environment",
        "analysis",
        "child_voice",
        "child_communication",
        "factors",
        "outcome",
        "primary_need",
    ]

    def __init__(self, *args, submit: bool = False, **kwargs):
        self.submit = submit
        super().__init__(*args, **kwargs)
        for name in self.NEEDED_TO_SEND:
            self.fields[name].required = True

    def full_clean(self):
        for name in self.NEEDED_TO_SEND:
            self.fields[name].required = False
        try:
            super().full_clean()
        finally:
            for name in self.NEEDED_TO_SEND:
                self.fields[name].required = True

    def clean_factors(self):
        codes = self.cleaned_data["factors"]
        problems = factor_problems(codes)
        if problems:
            raise forms.ValidationError(problems[0])
        return codes

    def clean(self):
        data = super().clean()
        if self.submit and not self.errors:
            draft = Assessment(
                **{
                    k: data.get(k, "")
                    for k in ["developmental_needs", "parenting_capacity", "family_environment"]
                },
                analysis=data.get("analysis", ""),
                child_voice=data.get("child_voice", ""),
                child_communication=data.get("child_communication", []),
                outcome=data.get("outcome", ""),
                outcome_detail=data.get("outcome_detail", ""),
                primary_need=data.get("primary_need", ""),
            )
            for field, message in submission_problems(draft, data.get("factors", [])).items():
                self.add_error(field, message)
        return data

    def factor_groups(self) -> list[dict]:
        """The factor checkboxes in their groups, numbered in one run so the error summary finds the first."""
        chosen = {str(v) for v in (self["factors"].value() or [])}
        labels = dict(Factor.choices)
        groups, index = [], 0
        for title, codes in FACTOR_GROUPS:
            items = []
            for code in codes:
                items.append(
                    {
                        "id": f"id_factors_{index}",
                        "code": code,
                        "label": labels[code],
                        "checked": code in chosen,
                    }
                )
                index += 1
            groups.append({"title": title, "items": items})
        return groups


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("authorise", "Authorise the assessment"),
            ("return", "Return it to the worker with comments"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comments for the worker",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed when you return the assessment: say what needs to change",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = (
            "Choose whether to authorise or return the assessment"
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Say what needs to change before the assessment can be authorised")
        return data


class ReviewForm(GovukForm):
    review = forms.TypedChoiceField(label="Which review", coerce=int, choices=[], widget=forms.RadioSelect)
    held_on = DateField(label="Date of the review", help_text="For example, 27 3 2026")
    notes = forms.CharField(
        label="Management oversight and direction",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you discussed, what is still to be done, and by when",
    )

    def __init__(self, *args, reviews, start_date: date, today: date, **kwargs):
        self.start_date, self.today = start_date, today
        super().__init__(*args, **kwargs)
        self.fields["review"].choices = [
            (r.pk, f"{r.name} (due {r.due_date.day} {r.due_date:%b %Y})") for r in reviews
        ]
        self.fields["review"].error_messages["required"] = "Choose which review was held"
        self.fields["held_on"].error_messages["required"] = "Enter the date of the review"
        self.fields["notes"].error_messages["required"] = (
            "Enter the oversight and direction given at the review"
        )

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value < self.start_date:
            raise forms.ValidationError(
                f"The review date must be on or after the start of the assessment, {_day(self.start_date)}"
            )
        if value > self.today:
            raise forms.ValidationError("The review date must be today or in the past")
        return value


class CorrectionForm(GovukForm):
    part = forms.ChoiceField(
        label="What needs correcting", choices=CorrectedPart.choices, widget=forms.RadioSelect
    )
    correction = forms.CharField(
        label="The correction",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the record should say. The authorised assessment stays as it was; this is added to it.",
    )
    reason = forms.CharField(label="Reason for the correction", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].error_messages["required"] = "Choose what needs correcting"
        self.fields["correction"].error_messages["required"] = "Enter the correction"
        self.fields["reason"].error_messages["required"] = "Enter the reason for the correction"


class CloseEpisodeForm(GovukForm):
    closure_date = DateField(label="Closure date", help_text="For example, 27 3 2026")
    reason = forms.ChoiceField(
        label="Reason for closure", choices=ClosureReason.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, referral_date: date, today: date, **kwargs):
        self.referral_date, self.today = referral_date, today
        super().__init__(*args, **kwargs)
        self.fields["closure_date"].error_messages["required"] = "Enter the date the episode closed"
        self.fields["reason"].error_messages["required"] = "Choose the reason for closure"

    def clean_closure_date(self):
        value = self.cleaned_data["closure_date"]
        if value < self.referral_date:
            raise forms.ValidationError(
                f"The closure date must be on or after the referral date, {_day(self.referral_date)}"
            )
        if value > self.today:
            raise forms.ValidationError("The closure date must be today or in the past")
        return value
