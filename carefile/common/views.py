import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import clock, signin
from .auth_forms import SignInForm, TwoFactorCodeForm

PENDING = "carefile_pending_2fa"


def home(request):
    user = request.user
    if user.has_perm("workforce.view_caseload"):
        return redirect("caseload")
    return render(request, "common/home.html")


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class SignInView(auth_views.LoginView):
    """Username and password, with lock-out after repeated failures, then the authenticator code."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "").strip()
        remaining = (
            signin.lockout_remaining(username=username, address=_address(request), at=clock.now())
            if username
            else None
        )
        if remaining is not None:
            form = self.get_form()
            form.is_valid()
            form.errors.clear()
            minutes = max(1, int(remaining.total_seconds() // 60) + 1)
            form.add_error(
                None,
                f"Too many failed attempts to sign in. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
            )
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = self.request.POST.get("username", "").strip()
        if (
            username
            and form.errors.get("__all__")
            and any("correct username" in e for e in form.errors["__all__"])
        ):
            signin.attempt_record(
                username=username, address=_address(self.request), at=clock.now(), succeeded=False
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        signin.attempt_record(
            username=user.get_username(), address=_address(self.request), at=clock.now(), succeeded=True
        )
        device = signin.device_for(user)
        needs_code = device is not None and device.confirmed_at is not None
        if needs_code or settings.CAREFILE_REQUIRE_2FA:
            self.request.session[PENDING] = {
                "user": user.pk,
                "at": clock.now().isoformat(),
                "next": self.get_redirect_url(),
            }
            return redirect("two_factor_code" if needs_code else "two_factor_setup")
        return super().form_valid(form)


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending:
        return None, None
    from datetime import datetime

    if (clock.now() - datetime.fromisoformat(pending["at"])).total_seconds() > 600:
        request.session.pop(PENDING, None)
        return None, None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first(), pending


def _finish(request, user, pending):
    request.session.pop(PENDING, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    target = pending.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def two_factor_code(request):
    user, pending = _pending_user(request)
    if user is None:
        return redirect("login")
    device = signin.device_for(user)
    if device is None or device.confirmed_at is None:
        return redirect("two_factor_setup")
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if signin.code_verify(device=device, code=form.cleaned_data["code"], at=clock.now()):
            return _finish(request, user, pending)
        signin.attempt_record(
            username=user.get_username(), address=_address(request), at=clock.now(), succeeded=False
        )
        form.add_error("code", "The code is not right. Type the 6 digits your authenticator app shows now")
    return render(request, "registration/two_factor_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    user, pending = _pending_user(request)
    if user is None:
        return redirect("login")
    device = signin.device_start(user=user)
    if device.confirmed_at is not None:
        return redirect("two_factor_code")
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if signin.code_verify(device=device, code=form.cleaned_data["code"], at=clock.now()):
            messages.success(
                request,
                "Your authenticator app is set up. You will be asked for a code each time you sign in.",
            )
            return _finish(request, user, pending)
        form.add_error(
            "code", "The code is not right. Check the app shows Carefile and type the 6 digits it shows now"
        )
    uri = signin.provisioning_uri(device)
    qr = segno.make(uri, error="m").svg_inline(scale=5, title="QR code for your authenticator app")
    return render(
        request, "registration/two_factor_setup.html", {"form": form, "qr": qr, "secret": device.secret}
    )


class SignOutView(auth_views.LogoutView):
    pass


def accessibility(request):
    return render(request, "common/accessibility.html")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
