"""Forms of the quality app. Rules that need the record (start not before approval, …) are the services';
the views put their errors on the fields."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from carefile.common import clock
from carefile.common.forms import GovukDateField, GovukForm
from carefile.workforce.models import Role, Staff, Team

from .indicators import INDICATOR_CHOICES
from .models import ApprovalDecision, AuditTemplate, Grade, PlanStatus, ServiceStatus, ServiceType

TEXTAREA = {"rows": 4}
DATE_HINT = "For example, 27 3 2026"


def _current_staff(roles=None):
    today = clock.today()
    qs = Staff.objects.filter(Q(leave_date__isnull=True) | Q(leave_date__gt=today))
    if roles:
        qs = qs.filter(role__in=roles)
    return qs.order_by("family_name", "given_name")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.given_name} {obj.family_name} ({obj.get_role_display().lower()})"


# ---- services -------------------------------------------------------------------------------------------


class ServiceRequestForm(GovukForm):
    service_type = forms.ModelChoiceField(
        label="Service", queryset=ServiceType.objects.filter(active=True), empty_label="Choose a service"
    )
    need = forms.CharField(
        label="Assessed need",
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="What the assessment found the child needs from this service",
    )
    assessed_on = GovukDateField(label="Date need assessed", help_text=DATE_HINT)


class ServiceApprovalForm(GovukForm):
    decision = forms.ChoiceField(label="Decision", choices=ApprovalDecision.choices, widget=forms.RadioSelect)
    decided_on = GovukDateField(label="Date of decision", help_text=DATE_HINT)
    rationale = forms.CharField(
        label="Rationale",
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Why the service is approved or not, and any conditions",
    )


class ServiceStartForm(GovukForm):
    start_date = GovukDateField(label="Start date", help_text=DATE_HINT)
    provider = forms.CharField(label="Provider", max_length=200, required=False)


class ServiceEndForm(GovukForm):
    end_date = GovukDateField(label="End date", help_text=DATE_HINT)
    reason = forms.CharField(label="Why the service ended", max_length=300)


class WaitingListFilterForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service", queryset=ServiceType.objects.all(), required=False, empty_label="All services"
    )
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.order_by("name"), required=False, empty_label="All teams"
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("waiting", "Waiting (approval or start)"), *ServiceStatus.choices, ("all", "All")],
    )
    disabled = forms.BooleanField(label="Disabled children only", required=False)


# ---- audits ---------------------------------------------------------------------------------------------


class AuditRoundForm(GovukForm):
    name = forms.CharField(
        label="Name of the round", max_length=120, help_text="For example, March 2026 audit"
    )
    template = forms.ModelChoiceField(
        label="Audit template",
        queryset=AuditTemplate.objects.filter(active=True),
        empty_label="Choose a template",
    )
    teams = forms.ModelMultipleChoiceField(
        label="Teams", queryset=Team.objects.order_by("name"), widget=forms.CheckboxSelectMultiple
    )
    per_team = forms.IntegerField(
        label="Cases per team",
        min_value=1,
        max_value=50,
        help_text="How many open cases to sample from each team",
    )
    started_on = GovukDateField(label="Start date", help_text=DATE_HINT)
    seed = forms.IntegerField(
        label="Sample seed",
        required=False,
        min_value=1,
        max_value=2**31,
        help_text="Leave empty for a new random sample; the same seed redraws the same sample",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["per_team"].error_messages.update(
            min_value="Cases per team must be between 1 and 50",
            max_value="Cases per team must be between 1 and 50",
            invalid="Cases per team must be a number",
        )


def _grade_choices():
    return [(str(g.value), g.label) for g in Grade]


class AuditGradeForm(GovukForm):
    """One grade and one comment per domain of the template."""

    def __init__(self, *args, domains, initial_grades=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        initial_grades = initial_grades or {}
        for d in self.domains:
            grade = initial_grades.get(d.pk)
            self.fields[f"grade_{d.pk}"] = forms.ChoiceField(
                label=d.name,
                choices=_grade_choices(),
                widget=forms.RadioSelect,
                help_text=d.guidance,
                initial=str(grade.grade) if grade else None,
                error_messages={"required": f"Choose a grade for {d.name.lower()}"},
            )
            self.fields[f"comment_{d.pk}"] = forms.CharField(
                label=f"Comment on {d.name.lower()}",
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=grade.comment if grade else "",
                error_messages={"required": f"Enter a comment on {d.name.lower()}"},
            )
        self.fields["summary"] = forms.CharField(
            label="Summary", required=False, max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
        )

    def grades(self) -> dict[int, tuple[int, str]]:
        return {
            d.pk: (int(self.cleaned_data[f"grade_{d.pk}"]), self.cleaned_data[f"comment_{d.pk}"])
            for d in self.domains
        }


class AuditModerateForm(GovukForm):
    """For each domain graded: the moderator's grade (the auditor's to start with) and why, if changed."""

    def __init__(self, *args, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.graded = list(grades)
        for g in self.graded:
            name = g.domain.name
            self.fields[f"grade_{g.domain_id}"] = forms.ChoiceField(
                label=f"{name}: auditor graded {g.get_grade_display().lower()}",
                choices=_grade_choices(),
                widget=forms.RadioSelect,
                initial=str(g.grade),
                error_messages={"required": f"Choose a grade for {name.lower()}"},
            )
            self.fields[f"reason_{g.domain_id}"] = forms.CharField(
                label=f"Reason for changing the grade for {name.lower()}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Only if you change the grade",
            )
        self.fields["note"] = forms.CharField(
            label="Moderation note", required=False, max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
        )

    def changes(self) -> dict[int, tuple[int, str]]:
        return {
            g.domain_id: (
                int(self.cleaned_data[f"grade_{g.domain_id}"]),
                self.cleaned_data[f"reason_{g.domain_id}"],
            )
            for g in self.graded
        }


class ActionForm(GovukForm):
    description = forms.CharField(label="Action", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = StaffChoiceField(label="Owner", queryset=Staff.objects.none(), empty_label="Choose an owner")
    due = GovukDateField(label="Due date", help_text=DATE_HINT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _current_staff(
            [
                Role.SOCIAL_WORKER,
                Role.TEAM_MANAGER,
                Role.HEAD_OF_SERVICE,
                Role.REVIEWING_OFFICER,
                Role.PERFORMANCE_ANALYST,
            ]
        )


class ActionDoneForm(GovukForm):
    done_on = GovukDateField(label="Date done", help_text=DATE_HINT)


# ---- improvement plan -----------------------------------------------------------------------------------


class RecommendationForm(GovukForm):
    source = forms.CharField(
        label="Source", max_length=200, help_text="For example, Ofsted inspection of children's services"
    )
    source_date = GovukDateField(label="Date of the source", help_text=DATE_HINT)
    reference = forms.CharField(label="Reference", max_length=20, required=False)
    text = forms.CharField(label="Recommendation", max_length=2000, widget=forms.Textarea(attrs=TEXTAREA))


class PlanActionForm(ActionForm):
    indicator_keys = forms.MultipleChoiceField(
        label="Indicators that show progress",
        required=False,
        choices=INDICATOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )


class PlanActionUpdateForm(PlanActionForm):
    status = forms.ChoiceField(label="Status", choices=PlanStatus.choices, widget=forms.RadioSelect)
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="What shows the action is working or done. Needed to mark it complete",
    )
    evidence_url = forms.URLField(
        label="Evidence link",
        required=False,
        max_length=500,
        help_text="A link to the report, audit or document",
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a link in the correct format, like https://intranet.example/report"
        },
    )
    description = None
    field_order = ["status", "evidence", "evidence_url", "owner", "due", "indicator_keys"]
