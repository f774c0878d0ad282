"""Oversight forms: a management decision with up to three directions, a supervision with the supervisee's
caseload as checkboxes (each revealing its discussion; without JavaScript every section shows), and an action
marked done."""

from datetime import date

from django import forms

from carefile.common.forms import GovukDateField, GovukForm

from .models import ActionStatus, DecisionType
from .services import ChildDiscussion, Direction

DIRECTION_ROWS = 3
TEXTAREA = {"rows": 4}


def _owner_choices(staff) -> list[tuple[str, str]]:
    return [("", "Choose who")] + [
        (str(s.pk), f"{s.name}{f', {s.team.name}' if s.team_id else ''}") for s in staff
    ]


class DirectionsMixin:
    """`direction_N_what`, `_owner` and `_due` fields; a row filled in part is an error."""

    def add_direction_fields(self, prefix: str, owners, count: int, label: str = "Direction"):
        self._owners = {str(s.pk): s for s in owners}
        rows = []
        for n in range(1, count + 1):
            name = f"{prefix}{n}"
            self.fields[f"{name}_what"] = forms.CharField(
                label=f"{label} {n}: what needs to be done"
                if count > 1
                else f"{label}: what needs to be done",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
            self.fields[f"{name}_owner"] = forms.ChoiceField(
                label=f"{label} {n}: who will do it" if count > 1 else f"{label}: who will do it",
                required=False,
                choices=_owner_choices(owners),
            )
            self.fields[f"{name}_due"] = GovukDateField(
                label=f"{label} {n}: due date" if count > 1 else f"{label}: due date", required=False
            )
            rows.append(name)
        return rows

    def direction_groups(self) -> list[list]:
        return [[self[f"{name}_{part}"] for part in ("what", "owner", "due")] for name in self.rows]

    def clean_directions(self, rows, *, not_before: date | None) -> list[Direction]:
        directions = []
        data = self.cleaned_data
        for name in rows:
            what = (data.get(f"{name}_what") or "").strip()
            owner = data.get(f"{name}_owner") or ""
            due = data.get(f"{name}_due")
            if f"{name}_due" in self.errors:
                continue
            if not (what or due):
                continue  # a row with only its owner chosen (the supervision form chooses the worker) is empty
            if not what:
                self.add_error(f"{name}_what", "Say what needs to be done")
            if not owner:
                self.add_error(f"{name}_owner", "Choose who will do it")
            if due is None:
                self.add_error(f"{name}_due", "Enter the due date")
            elif not_before is not None and due < not_before:
                self.add_error(f"{name}_due", "The due date must be today or later")
            if what and owner and due is not None:
                directions.append(Direction(what=what, owner=self._owners[owner], due=due))
        return directions


class DecisionForm(DirectionsMixin, GovukForm):
    decision_type = forms.ChoiceField(
        label="Type of decision", choices=DecisionType.choices, widget=forms.RadioSelect
    )
    options_considered = forms.CharField(
        label="Options considered",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=4000,
        help_text="What else was weighed up, and why it was not chosen",
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=6000,
        help_text="Why this decision is right for the child",
    )
    review_on = GovukDateField(label="Review date", required=False, help_text="For example, 27 3 2026")

    def __init__(self, *args, owners, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["rationale"].error_messages["required"] = "Give the rationale for the decision"
        self.rows = self.add_direction_fields("direction_", owners, DIRECTION_ROWS)

    def clean(self):
        data = super().clean()
        review_on = data.get("review_on")
        if review_on is not None and review_on < self.today:
            self.add_error("review_on", "The review date must be today or later")
        data["directions"] = self.clean_directions(self.rows, not_before=self.today)
        return data


class SupervisionForm(DirectionsMixin, GovukForm):
    held_on = GovukDateField(label="Date of the supervision", help_text="For example, 27 3 2026")
    private_notes = forms.CharField(
        label="Reflective discussion (private)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text="Wellbeing, learning and reflection. Seen only by you and the worker: never on a child's record",
    )

    def __init__(self, *args, children, owners, supervisee, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.children, self.supervisee = today, list(children), supervisee
        self.fields["held_on"].error_messages["required"] = "Enter the date of the supervision"
        owner_choices = _owner_choices(owners)
        self._owners = {str(s.pk): s for s in owners}
        for child in self.children:
            p = f"c{child.pk}_"
            self.fields[p + "discussed"] = forms.BooleanField(label=child.full_name, required=False)
            self.fields[p + "discussion"] = forms.CharField(
                label=f"What was discussed about {child.given_name}",
                required=False,
                widget=forms.Textarea(attrs=TEXTAREA),
                max_length=10000,
                help_text="Filed on the child's record",
            )
            self.fields[p + "direction"] = forms.CharField(
                label="Decisions and direction",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=4000,
            )
            self.fields[p + "action1_what"] = forms.CharField(
                label="Action: what needs to be done",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
            self.fields[p + "action1_owner"] = forms.ChoiceField(
                label="Action: who will do it",
                required=False,
                choices=owner_choices,
                initial=str(supervisee.pk),
            )
            self.fields[p + "action1_due"] = GovukDateField(label="Action: due date", required=False)
        self.general_rows = self.add_direction_fields("general_", owners, 1, label="Other action")

    def child_sections(self) -> list[dict]:
        sections = []
        for child in self.children:
            p = f"c{child.pk}_"
            sections.append(
                {
                    "child": child,
                    "checkbox": self[p + "discussed"],
                    "fields": [
                        self[p + name]
                        for name in (
                            "discussion",
                            "direction",
                            "action1_what",
                            "action1_owner",
                            "action1_due",
                        )
                    ],
                }
            )
        return sections

    def general_fields(self):
        return [self[f"general_1_{n}"] for n in ("what", "owner", "due")]

    def clean(self):
        data = super().clean()
        held_on = data.get("held_on")
        if held_on is not None and held_on > self.today:
            self.add_error("held_on", "The date of the supervision must be today or in the past")
        discussions = []
        for child in self.children:
            p = f"c{child.pk}_"
            text = (data.get(p + "discussion") or "").strip()
            if not data.get(p + "discussed"):
                continue
            if not text:
                self.add_error(p + "discussion", f"Record what was discussed about {child.full_name}")
            actions = self.clean_directions([p + "action1"], not_before=held_on)
            if text:
                discussions.append(
                    ChildDiscussion(
                        child=child,
                        discussion=text,
                        direction=data.get(p + "direction") or "",
                        actions=actions,
                    )
                )
        data["discussions"] = discussions
        data["actions"] = self.clean_directions(self.general_rows, not_before=held_on)
        if (
            not discussions
            and not (data.get("private_notes") or "").strip()
            and not data["actions"]
            and not self.errors
        ):
            self.add_error(
                None, "Record the discussion: tick the children discussed or write the reflective notes"
            )
        return data


class ActionDoneForm(GovukForm):
    status = forms.ChoiceField(
        label="What happened",
        choices=[(ActionStatus.DONE, "Done"), (ActionStatus.CANCELLED, "No longer needed")],
        widget=forms.RadioSelect,
    )
    done_on = GovukDateField(label="Date it was done", required=False, help_text="Leave blank for today")


class GapFilterForm(forms.Form):
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)
    worker = forms.TypedChoiceField(label="Worker", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, teams, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams")] + [(t.pk, t.name) for t in teams]
        self.fields["worker"].choices = [("", "All workers")] + [(w.pk, w.name) for w in workers]


class ComplianceFilterForm(forms.Form):
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)
    overdue = forms.BooleanField(label="Only workers whose supervision is overdue", required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams")] + [(t.pk, t.name) for t in teams]
