import re
from datetime import date

from django import forms

from carefile.common.forms import GovukDateField, GovukForm

from .codes import Disability, Ethnicity, RelationshipKind, Sex, UpnUnknown
from .models import PersonKind


def nhs_number_valid(number: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    if not re.fullmatch(r"\d{10}", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(number[9])


class PersonForm(GovukForm):
    kind = forms.ChoiceField(
        label="Who is this?", choices=PersonKind.choices, widget=forms.RadioSelect, initial=PersonKind.CHILD
    )
    given_name = forms.CharField(label="First name", max_length=80)
    family_name = forms.CharField(label="Last name", max_length=80)
    known_as = forms.CharField(
        label="Known as", max_length=80, required=False, help_text="The name they like to be called"
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth",
        required=False,
        help_text="Only for an unborn child. Leave the date of birth empty.",
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=[("", "Choose ethnicity"), *Ethnicity.choices])
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that apply, or 'No disability'. Leave empty for an unborn child.",
    )
    nhs_number = forms.CharField(
        label="NHS number", max_length=12, required=False, help_text="10 digits, for example 485 777 3456"
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=13,
        required=False,
        help_text="13 characters, for example A123456789012",
    )
    upn_unknown = forms.ChoiceField(
        label="If the UPN is not known, why not?",
        choices=[("", "Choose a reason"), *UpnUnknown.choices],
        required=False,
    )
    death_date = GovukDateField(label="Date of death", required=False)

    def __init__(self, *args, today: date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_given_name(self):
        return self.cleaned_data["given_name"].strip()

    def clean_family_name(self):
        return self.cleaned_data["family_name"].strip()

    def clean_nhs_number(self):
        number = re.sub(r"[\s-]", "", self.cleaned_data["nhs_number"])
        if number and not nhs_number_valid(number):
            raise forms.ValidationError("Enter a real NHS number: 10 digits, the last a check digit")
        return number

    def clean_upn(self):
        upn = self.cleaned_data["upn"].strip().upper()
        if upn and not re.fullmatch(r"[A-Z]\d{11}[0-9A-HJ-NP-RT-Z]", upn):
            raise forms.ValidationError(
                "Enter a UPN of 13 characters: a letter, 11 digits, then a digit or letter"
            )
        return upn

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        if dob and dob > self.today:
            raise forms.ValidationError(
                "Date of birth must be today or in the past. For an unborn child, give the expected date of birth"
            )
        return dob

    def clean_disabilities(self):
        codes = self.cleaned_data["disabilities"]
        if "NONE" in codes and len(codes) > 1:
            raise forms.ValidationError("Choose 'No disability' or the disabilities, not both")
        return codes

    def clean(self):
        data = super().clean()
        dob, edd, death = (
            data.get("date_of_birth"),
            data.get("expected_date_of_birth"),
            data.get("death_date"),
        )
        kind = data.get("kind")
        if dob and edd:
            self.add_error(
                "expected_date_of_birth", "Give either a date of birth or an expected date of birth, not both"
            )
        if (
            kind == PersonKind.CHILD
            and not dob
            and not edd
            and "date_of_birth" not in self.errors
            and "expected_date_of_birth" not in self.errors
        ):
            self.add_error(
                "date_of_birth",
                "Enter the child's date of birth, or an expected date of birth if the child is not yet born",
            )
        if edd and data.get("disabilities"):
            self.add_error(
                "disabilities", "An unborn child has no disability recorded: leave disabilities empty"
            )
        if edd and data.get("sex") not in (None, Sex.UNKNOWN):
            self.add_error("sex", "Record the sex of an unborn child as 'Unknown or unborn'")
        if death and dob and death < dob:
            self.add_error("death_date", "Date of death must be on or after the date of birth")
        if death and death > self.today:
            self.add_error("death_date", "Date of death must be today or in the past")
        if data.get("upn") and data.get("upn_unknown"):
            self.add_error("upn_unknown", "Give a UPN or a reason it is unknown, not both")
        return data


class ConfirmNewPersonForm(forms.Form):
    confirmed_new = forms.BooleanField(required=False)


class AddressForm(GovukForm):
    line1 = forms.CharField(label="Address line 1", max_length=120)
    line2 = forms.CharField(label="Address line 2", max_length=120, required=False)
    town = forms.CharField(label="Town or city", max_length=80)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}),
    )
    start = GovukDateField(label="Living here from", help_text="For example, 1 9 2024")

    def __init__(self, *args, today: date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_postcode(self):
        postcode = re.sub(r"\s+", "", self.cleaned_data["postcode"].upper())
        if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", postcode):
            raise forms.ValidationError("Enter a real postcode, like DH1 5UQ")
        return f"{postcode[:-3]} {postcode[-3:]}"

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start and start > self.today:
            raise forms.ValidationError("The date they started living here must be today or in the past")
        return start


class RelationshipForm(GovukForm):
    other = forms.TypedChoiceField(label="Who", coerce=int, widget=forms.RadioSelect, choices=[])
    kind = forms.ChoiceField(
        label="How are they related?",
        choices=[("", "Choose a relationship"), *RelationshipKind.choices],
        help_text="The chosen person is this … of the child",
    )
    parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)
    start = GovukDateField(label="Since", required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [
            (
                p.pk,
                f"{p.full_name}{f', born {p.date_of_birth:%d %B %Y}' if p.date_of_birth else ''} ({p.get_kind_display().lower()})",
            )
            for p in candidates
        ]
        self.fields["other"].error_messages["required"] = "Choose the person they are related to"
        self.fields["other"].error_messages["invalid_choice"] = "Choose one of the people found"
        self.fields["kind"].error_messages["required"] = "Choose how they are related"


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Name, date of birth or identifier",
        max_length=100,
        required=False,
        help_text="For example: Jon Smith 3/4/2015, or an NHS number, UPN or LA child ID",
    )


class ChronologyFilterForm(GovukForm):
    kind = forms.ChoiceField(label="Type of event", required=False, choices=[])
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)
    significant = forms.BooleanField(label="Significant events only", required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All events"), *kinds]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data
