from django import forms

from carefile.common.forms import GovukForm

from .models import AllocationChangeReason
from .services import number


class AllocateForm(GovukForm):
    worker = forms.TypedChoiceField(label="Social worker", coerce=int, choices=[])
    reason = forms.ChoiceField(
        label="Reason for the allocation", choices=[("", "Choose a reason"), *AllocationChangeReason.choices]
    )
    over_cap_reason = forms.CharField(
        label="Reason for allocating over the caseload cap",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only when the worker is already at or over their cap",
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "Choose a worker")] + [
            (
                w.pk,
                f"{w.name} – {w.team.name if w.team else 'no team'} – load {number(w.load)} of {number(w.cap)}"
                + (" (at or over cap)" if w.load >= w.cap else ""),
            )
            for w in workers
        ]
        self.fields["worker"].error_messages["required"] = "Choose the social worker to allocate"
        self.fields["reason"].error_messages["required"] = "Choose the reason for the allocation"
