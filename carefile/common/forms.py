"""GOV.UK forms: a renderer, a date field of day/month/year boxes, and a base form that labels its errors.

Every form renders with `{{ form }}` into GOV.UK markup (labels, hints, error messages, fieldsets for
radios, checkboxes and dates). Pages show `{% include "govuk/forms/error_summary.html" %}` at the top.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    template_name = "govuk/forms/date_widget.html"

    def __init__(self, attrs=None):
        number = {"inputmode": "numeric"}
        super().__init__(
            [forms.TextInput(attrs=number), forms.TextInput(attrs=number), forms.TextInput(attrs=number)],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for sub, label, width in zip(
            context["widget"]["subwidgets"], ["Day", "Month", "Year"], [2, 2, 4], strict=True
        ):
            sub["label"] = label
            sub["width"] = width
        return context


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(self, *, min_year: int = 1900, max_year: int = 2100, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        label = (self.label or "Date").capitalize()
        parts = [str(p).strip() if p is not None else "" for p in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter {label.lower()}", code="required")
            return None
        missing = [name for name, part in zip(["a day", "a month", "a year"], parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{label} must include {' and '.join(missing)}", code="incomplete")
        # ASCII digits only ("²" is a digit to Python but not to int()), and not absurdly long.
        if not all(p.isascii() and p.isdigit() and len(p) <= 8 for p in parts):
            raise ValidationError(f"{label} must be a real date", code="invalid")
        day, month, year = (int(p) for p in parts)
        if len(parts[2]) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            result = date(year, month, day)
        except (ValueError, OverflowError):
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
        if not (self.min_year <= result.year <= self.max_year):
            raise ValidationError(
                f"{label} must be between {self.min_year} and {self.max_year}", code="range"
            )
        return result

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list


def _sentence(label) -> str:
    label = str(label)
    return label[:1].upper() + label[1:]


def _govuk_required_messages(form) -> None:
    """GOV.UK error messages for empty fields: "Enter your first name", "Choose a reason"."""
    for field in form.fields.values():
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = (
                f"{_sentence(field.label or 'This')} must be {field.max_length} characters or fewer"
            )
        if field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
            continue  # the form set its own message
        label = str(field.label or "a value")
        label = label[0].lower() + label[1:] if not label[:2].isupper() else label
        choosing = isinstance(field, forms.ChoiceField | forms.MultipleChoiceField | forms.ModelChoiceField)
        field.error_messages["required"] = f"{'Choose' if choosing else 'Enter'} {label}"


class GovukForm(forms.Form):
    """A form whose fields know which element an error-summary link should jump to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_required_messages(self)

    def error_summary(self) -> list[dict]:
        items = []
        for name, errors in self.errors.items():
            if name == "__all__":
                target = ""
                for error in errors:
                    items.append({"text": error, "href": ""})
                continue
            bound = self[name]
            target = f"#{bound.auto_id}"
            if bound.widget_type in {"govukdate", "radioselect", "checkboxselectmultiple"}:
                target = f"#{bound.auto_id}_0"
            for error in errors:
                items.append({"text": error, "href": target})
        return items


class GovukModelForm(forms.ModelForm):
    error_summary = GovukForm.error_summary

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_required_messages(self)
