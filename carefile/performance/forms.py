"""Forms of the performance pages: the drill-down filters and the council's targets."""

from decimal import Decimal

from django import forms

from carefile.common.forms import GovukForm
from carefile.workforce.models import Role, Staff, Team

from .models import Direction


class DrillFilterForm(GovukForm):
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)
    worker = forms.TypedChoiceField(label="Social worker", coerce=int, required=False, empty_value=None)
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False, widget=forms.HiddenInput)
    format = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [
            ("", "All teams"),
            *Team.objects.order_by("name").values_list("pk", "name"),
        ]
        workers = Staff.objects.filter(
            role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER], leave_date__isnull=True
        )
        self.fields["worker"].choices = [
            ("", "All workers"),
            *[(s.pk, str(s)) for s in workers.order_by("family_name", "given_name", "id")],
        ]


class TargetsForm(GovukForm):
    """One target (and, optionally, the national figure) per figure."""

    def __init__(self, *args, targets: dict, labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = list(targets)
        self.labels = labels
        for key, t in targets.items():
            self.fields[f"{key}__value"] = forms.DecimalField(
                label=f"{labels[key]}: target",
                min_value=Decimal(0),
                max_digits=7,
                decimal_places=1,
                initial=t.value,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
                error_messages={
                    "required": f"Enter a target for {labels[key].lower()}",
                    "invalid": f"The target for {labels[key].lower()} must be a number, like 85 or 12.5",
                    "min_value": f"The target for {labels[key].lower()} must be 0 or more",
                },
            )
            self.fields[f"{key}__direction"] = forms.ChoiceField(
                label=f"{labels[key]}: which way is better", choices=Direction.choices, initial=t.direction
            )
            self.fields[f"{key}__national"] = forms.DecimalField(
                label=f"{labels[key]}: national figure (optional)",
                required=False,
                min_value=Decimal(0),
                max_digits=7,
                decimal_places=1,
                initial=t.national,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
                error_messages={
                    "invalid": f"The national figure for {labels[key].lower()} must be a number",
                    "min_value": f"The national figure for {labels[key].lower()} must be 0 or more",
                },
            )

    def rows(self):
        return [
            {
                "label": self.labels[k],
                "value": self[f"{k}__value"],
                "direction": self[f"{k}__direction"],
                "national": self[f"{k}__national"],
            }
            for k in self.keys
        ]

    def values(self) -> dict:
        return {
            k: {
                "value": self.cleaned_data[f"{k}__value"],
                "direction": self.cleaned_data[f"{k}__direction"],
                "national": self.cleaned_data[f"{k}__national"],
            }
            for k in self.keys
        }
