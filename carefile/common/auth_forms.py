from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .forms import GovukForm


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is disabled. Ask your administrator.",
    }
    error_summary = GovukForm.error_summary

    def clean(self):
        if not self.cleaned_data.get("username") or not self.cleaned_data.get("password"):
            return self.cleaned_data
        return super().clean()


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-5"}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )
    error_summary = GovukForm.error_summary
