import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Signing in at full PBKDF2 strength costs most of a second per test; these tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
