"""Sign-in: lock-out after repeated failures, authenticator codes, security headers, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import TwoFactorDevice
from carefile.common.signin import code_verify, device_start
from carefile.testing.factories import TEST_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def sign_in(client, username, password=TEST_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_attempts_lock_the_account_even_with_the_right_password(client):
    staff = StaffFactory()
    for _ in range(5):
        sign_in(client, staff.user.username, "wrong-password")

    response = sign_in(client, staff.user.username)

    body = response.content.decode()
    assert "Too many failed attempts to sign in. Try again in 15 minutes." in body
    assert "There is a problem" in body
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_signs_in(client):
    staff = StaffFactory()
    for _ in range(4):
        sign_in(client, staff.user.username, "wrong-password")

    response = sign_in(client, staff.user.username)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.user.pk)


def test_the_lock_out_ends_after_fifteen_minutes(client, time_machine):
    staff = StaffFactory()
    time_machine.move_to(timezone.now())
    for _ in range(5):
        sign_in(client, staff.user.username, "wrong-password")
    time_machine.shift(16 * 60)

    response = sign_in(client, staff.user.username)

    assert response.status_code == 302


@override_settings(CAREFILE_REQUIRE_2FA=True)
def test_a_user_without_an_authenticator_must_set_one_up_before_getting_in(client):
    staff = StaffFactory()

    response = sign_in(client, staff.user.username)
    setup_page = client.get(reverse("two_factor_setup"))
    blocked = client.get(reverse("people:search"))
    device = TwoFactorDevice.objects.get(user=staff.user)
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    right = client.post(reverse("two_factor_setup"), {"code": pyotp.TOTP(device.secret).now()})

    assert response["Location"] == reverse("two_factor_setup")
    assert "<svg" in setup_page.content.decode() and device.secret in setup_page.content.decode()
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("login"))
    assert "The code is not right" in wrong.content.decode()
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.user.pk)
    device.refresh_from_db()
    assert device.confirmed_at is not None


def test_a_user_with_an_authenticator_is_asked_for_a_code_even_when_not_required(client):
    staff = StaffFactory()
    device = device_start(user=staff.user)
    earlier = timezone.now() - timezone.timedelta(seconds=90)
    assert code_verify(device=device, code=pyotp.TOTP(device.secret).at(earlier), at=earlier)

    response = sign_in(client, staff.user.username)
    no_code = client.post(reverse("two_factor_code"), {"code": ""})
    ok = client.post(reverse("two_factor_code"), {"code": pyotp.TOTP(device.secret).now()})

    assert response["Location"] == reverse("two_factor_code")
    assert "Enter the 6-digit code from your authenticator app" in no_code.content.decode()
    assert ok.status_code == 302 and client.session["_auth_user_id"] == str(staff.user.pk)


def test_a_code_is_never_accepted_twice():
    staff = StaffFactory()
    device = device_start(user=staff.user)
    now = timezone.now()
    code = pyotp.TOTP(device.secret).at(now)

    first = code_verify(device=device, code=code, at=now)
    second = code_verify(device=device, code=code, at=now)

    assert (first, second) == (True, False)


def test_pages_carry_the_content_security_policy_and_security_headers(client):
    response = client.get(reverse("login"))

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_expires_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def run_manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "x7!" + "k" * 20 + "Q9#pL2@vR5$" + "z" * 30,
            "DJANGO_ALLOWED_HOSTS": "carefile.example.gov.uk",
        },
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env_extra={"DJANGO_DEBUG": "false"})

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr
