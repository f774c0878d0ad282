"""Sign-in protection: throttling and lock-out of repeated failures, and TOTP two-factor codes."""

import hashlib
from datetime import datetime, timedelta

import pyotp
from django.conf import settings
from django.db import transaction

from .models import SignInAttempt, TwoFactorDevice

LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
ADDRESS_FAILURES = 30


def address_hash(address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def lockout_remaining(*, username: str, address: str, at: datetime) -> timedelta | None:
    """How long this username (or this address) stays locked out after repeated failures; None when not locked."""
    since = at - LOCKOUT_WINDOW
    recent = SignInAttempt.objects.filter(at__gte=since, succeeded=False)
    by_user = list(
        recent.filter(username=username.lower())
        .order_by("-at")
        .values_list("at", flat=True)[:LOCKOUT_FAILURES]
    )
    last_success = (
        SignInAttempt.objects.filter(username=username.lower(), succeeded=True)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if len(by_user) >= LOCKOUT_FAILURES and (last_success is None or last_success < by_user[-1]):
        return by_user[0] + LOCKOUT_WINDOW - at
    by_address = recent.filter(address_hash=address_hash(address)).count()
    if by_address >= ADDRESS_FAILURES:
        newest = (
            recent.filter(address_hash=address_hash(address))
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        return newest + LOCKOUT_WINDOW - at
    return None


def attempt_record(*, username: str, address: str, at: datetime, succeeded: bool) -> None:
    SignInAttempt.objects.create(
        username=username.lower()[:150], address_hash=address_hash(address), at=at, succeeded=succeeded
    )


def device_for(user) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user).first()


@transaction.atomic
def device_start(*, user) -> TwoFactorDevice:
    """The user's device, made with a new secret if they have none yet (kept until they confirm it)."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        device = TwoFactorDevice.objects.create(user=user, secret=pyotp.random_base32())
    return device


def provisioning_uri(device: TwoFactorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=f"Carefile {settings.COUNCIL_NAME}"
    )


@transaction.atomic
def code_verify(*, device: TwoFactorDevice, code: str, at: datetime) -> bool:
    """Accept a 6-digit code for now or the step either side, never the same step twice."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    device = TwoFactorDevice.objects.select_for_update().get(pk=device.pk)
    totp = pyotp.TOTP(device.secret)
    step_now = int(at.timestamp()) // totp.interval
    for step in (step_now - 1, step_now, step_now + 1):
        if step > device.last_used_step and totp.at(step * totp.interval) == code:
            device.last_used_step = step
            if device.confirmed_at is None:
                device.confirmed_at = at
            device.save(update_fields=["last_used_step", "confirmed_at"])
            return True
    return False
