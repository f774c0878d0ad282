"""The plan forms. A draft may be incomplete; finalising checks it whole (services.finalise_problems)."""

from datetime import date

from django import forms

from carefile.common.forms import GovukDateField, GovukForm

from .models import ActionStatus, PlanEndReason, ReviewDecision
from .services import say_date

TEXTAREA = {"rows": 4}


class DateField(GovukDateField):
    """A GOV.UK date field whose "empty" message can be written for the question asked."""

    def __init__(self, *, required_message: str = "", **kwargs):
        self.required_message = required_message
        super().__init__(**kwargs)

    def clean(self, value):
        parts = [str(p).strip() if p is not None else "" for p in (value or ["", "", ""])]
        if self.required and self.required_message and not any(parts):
            raise forms.ValidationError(self.required_message, code="required")
        return super().clean(value)


def _staff_choices(staff) -> list[tuple[str, str]]:
    return [("", "Nobody chosen")] + [
        (str(s.pk), f"{s.name} ({(s.job_title or s.get_role_display()).lower()})") for s in staff
    ]


class PlanDetailsForm(GovukForm):
    concerns = forms.CharField(
        label="What we are worried about",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In plain words the family will understand. You need this before the plan can be finalised.",
    )
    start = GovukDateField(
        label="Start date",
        required=False,
        help_text="Leave blank to start the plan on the day it is finalised. For example, 27 3 2026",
    )

    def __init__(self, *args, earliest: date | None = None, **kwargs):
        self.earliest = earliest
        super().__init__(*args, **kwargs)

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start is not None and self.earliest is not None and start < self.earliest:
            raise forms.ValidationError(
                f"The start date must be on or after the referral on {say_date(self.earliest)}"
            )
        return start


class OutcomeForm(GovukForm):
    text = forms.CharField(
        label="What we want to be different for the child",
        max_length=1000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="One outcome, in plain words: for example, “Amelia goes to school every day and on time”",
    )


class ActionFieldsMixin:
    """What will be done, by whom, by when, and how we will know: shared by draft actions and reviews."""

    def add_action_fields(self, *, staff, outcomes=(), prefix: str = "", finalise_hint: bool = False) -> None:
        p = prefix
        needed = ". Needed before the plan can be finalised" if finalise_hint else ""
        self.fields[f"{p}what"] = forms.CharField(
            label="What will be done", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
        if outcomes:
            self.fields[f"{p}outcome"] = forms.ChoiceField(
                label="Which outcome does it help with",
                required=False,
                widget=forms.RadioSelect,
                choices=[(str(o.pk), o.text[:120]) for o in outcomes],
            )
        self.fields[f"{p}owner_staff"] = forms.ChoiceField(
            label="Who will do it: a member of staff",
            required=False,
            choices=_staff_choices(staff),
            help_text=f"Choose a member of staff, or name someone else below{needed}",
        )
        self.fields[f"{p}owner_name"] = forms.CharField(
            label="Or someone else",
            required=False,
            max_length=120,
            error_messages={"max_length": "The name must be 120 characters or fewer"},
            help_text="A family member or another professional, for example “Mum (Rachel Hughes)” or “School nurse”",
        )
        self.fields[f"{p}due"] = GovukDateField(
            label="Due date", required=False, help_text=f"For example, 30 6 2026{needed}"
        )
        self.fields[f"{p}measure"] = forms.CharField(
            label="How we will know it has worked",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=f"Something you can see or count, like “at school every day for 4 weeks”{needed}",
        )
        self._staff = {str(s.pk): s for s in staff}

    def clean_action(self, data, *, prefix: str = "") -> None:
        p = prefix
        staff_id, name = data.get(f"{p}owner_staff") or "", (data.get(f"{p}owner_name") or "").strip()
        if staff_id and name:
            self.add_error(f"{p}owner_name", "Choose a member of staff or name someone else, not both")
        data[f"{p}owner_staff"] = self._staff.get(staff_id)


class ActionForm(ActionFieldsMixin, GovukForm):
    def __init__(self, *args, staff, outcomes, earliest: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_action_fields(staff=staff, outcomes=outcomes, finalise_hint=True)
        self.fields["what"].required = True
        self.fields["what"].error_messages["required"] = "Enter what will be done"
        self.earliest = earliest

    def clean(self):
        data = super().clean()
        self.clean_action(data)
        due = data.get("due")
        if due is not None and self.earliest is not None and due < self.earliest:
            self.add_error("due", f"The due date must be on or after {say_date(self.earliest)}")
        return data


class FinaliseForm(GovukForm):
    start = DateField(
        label="Start date",
        help_text="The day the plan starts. For example, 27 3 2026",
        required_message="Enter the date the plan starts",
    )

    def __init__(self, *args, today: date, earliest: date | None = None, **kwargs):
        self.today, self.earliest = today, earliest
        super().__init__(*args, **kwargs)

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start > self.today:
            raise forms.ValidationError("The plan cannot start in the future")
        if self.earliest is not None and start < self.earliest:
            raise forms.ValidationError(
                f"The plan cannot start before the referral on {say_date(self.earliest)}"
            )
        return start


class ActionStatusForm(GovukForm):
    status = forms.ChoiceField(label="Progress", choices=ActionStatus.choices, widget=forms.RadioSelect)
    completed_on = GovukDateField(
        label="Date it was done", required=False, help_text="Only when it is done. For example, 27 3 2026"
    )
    not_done_reason = forms.CharField(
        label="Why it was not done",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when it will not be done",
    )

    def __init__(self, *args, today: date, earliest: date, **kwargs):
        self.today, self.earliest = today, earliest
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["required"] = "Choose the action's progress"

    def clean(self):
        data = super().clean()
        status, done_on = data.get("status"), data.get("completed_on")
        if status == ActionStatus.DONE:
            if done_on is None and "completed_on" not in self.errors:
                self.add_error("completed_on", "Enter the date the action was done")
            elif done_on is not None and done_on > self.today:
                self.add_error("completed_on", "The date it was done cannot be in the future")
            elif done_on is not None and done_on < self.earliest:
                self.add_error(
                    "completed_on", f"The date it was done must be on or after {say_date(self.earliest)}"
                )
        if status == ActionStatus.NOT_DONE and not data.get("not_done_reason", "").strip():
            self.add_error("not_done_reason", "Explain why the action was not done")
        return data


class ReviewForm(ActionFieldsMixin, GovukForm):
    held_on = DateField(
        label="Date of the review",
        help_text="For example, 27 3 2026",
        required_message="Enter the date of the review",
    )
    attendees = forms.CharField(
        label="Who came",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Names and roles, and who sent apologies",
    )
    progress = forms.CharField(label="Progress against the plan", widget=forms.Textarea(attrs={"rows": 6}))
    child_views = forms.CharField(
        label="The child's views",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their own words where you can, and how they shared them",
    )
    decision = forms.ChoiceField(label="Decision", choices=ReviewDecision.choices, widget=forms.RadioSelect)
    next_review_on = GovukDateField(
        label="Date of the next review",
        required=False,
        help_text="Not needed when the plan ends. For example, 27 6 2026",
    )

    def __init__(self, *args, today: date, earliest: date, staff, **kwargs):
        self.today, self.earliest = today, earliest
        super().__init__(*args, **kwargs)
        self.add_action_fields(staff=staff, prefix="new_")
        for name in ("new_what", "new_owner_staff", "new_owner_name", "new_due", "new_measure"):
            field = self.fields[name]
            field.label = {
                "new_what": "New action agreed at the review (optional): what will be done",
                "new_owner_staff": "Who will do it: a member of staff",
                "new_owner_name": "Or someone else",
                "new_due": "Due date of the new action",
                "new_measure": "How we will know the new action has worked",
            }[name]
        self.fields["attendees"].error_messages["required"] = "Enter who came to the review"
        self.fields["progress"].error_messages["required"] = "Enter the progress made against the plan"
        self.fields["child_views"].error_messages["required"] = "Enter the child's views"
        self.fields["decision"].error_messages["required"] = "Choose the review's decision"

    def clean(self):
        data = super().clean()
        held, decision, nxt = data.get("held_on"), data.get("decision"), data.get("next_review_on")
        if held is not None:
            if held > self.today:
                self.add_error("held_on", "The review cannot be in the future")
            elif held < self.earliest:
                self.add_error("held_on", f"The review cannot be before {say_date(self.earliest)}")
        if decision and decision != ReviewDecision.END:
            if nxt is None and "next_review_on" not in self.errors:
                self.add_error("next_review_on", "Enter the date of the next review")
            elif nxt is not None and held is not None and nxt <= held:
                self.add_error("next_review_on", "The next review must be after this one")
        self.clean_action(data, prefix="new_")
        given = [
            data.get("new_what", "").strip(),
            data.get("new_owner_staff"),
            data.get("new_owner_name", "").strip(),
            data.get("new_due"),
            data.get("new_measure", "").strip(),
        ]
        data["new_action"] = any(given)
        if data["new_action"]:
            if decision == ReviewDecision.END:
                self.add_error("new_what", "A review that ends the plan cannot add actions to it")
            if not given[0]:
                self.add_error("new_what", "Enter what the new action is")
            if not given[1] and not given[2] and "new_owner_name" not in self.errors:
                self.add_error("new_owner_staff", "Choose who will do the new action")
            if given[3] is None and "new_due" not in self.errors:
                self.add_error("new_due", "Enter the new action's due date")
            elif given[3] is not None and held is not None and given[3] < held:
                self.add_error("new_due", "The new action's due date must be on or after the review")
            if not given[4]:
                self.add_error("new_measure", "Enter how we will know the new action has worked")
        return data


class CorrectionForm(GovukForm):
    applies_to = forms.ChoiceField(label="Which part of the plan needs correcting", choices=[])
    correction = forms.CharField(
        label="The correction",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the plan should say. The plan as finalised stays as it was, with this correction after it",
    )
    reason = forms.CharField(label="Why the correction is needed", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, parts: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies_to"].choices = [("", "Choose a part")] + [(p, p) for p in parts]
        self.fields["applies_to"].error_messages["required"] = (
            "Choose the part of the plan that needs correcting"
        )
        self.fields["correction"].error_messages["required"] = "Enter the correction"
        self.fields["reason"].error_messages["required"] = "Enter why the correction is needed"


class EndForm(GovukForm):
    end = DateField(
        label="End date",
        help_text="The day the plan ended. For example, 27 3 2026",
        required_message="Enter the date the plan ended",
    )
    reason = forms.ChoiceField(
        label="Why is the plan ending",
        choices=[c for c in PlanEndReason.choices if c[0] != PlanEndReason.REVIEW],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, today: date, earliest: date, **kwargs):
        self.today, self.earliest = today, earliest
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Choose why the plan is ending"

    def clean(self):
        data = super().clean()
        end = data.get("end")
        if end is not None:
            if end > self.today:
                self.add_error("end", "The plan cannot end in the future")
            elif end < self.earliest:
                self.add_error("end", f"The plan cannot end before {say_date(self.earliest)}")
        if data.get("reason") == PlanEndReason.OTHER and not data.get("notes", "").strip():
            self.add_error("notes", "Explain why the plan is ending")
        return data


class ConfirmForm(GovukForm):
    confirm = forms.ChoiceField(
        label="Are you sure you want to discard this draft",
        choices=[("yes", "Yes, discard it"), ("no", "No, keep it")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].error_messages["required"] = "Choose whether to discard the draft"
