import pytest

from carefile.testing.factories import TEST_PASSWORD, StaffFactory
from carefile.workforce.models import Role


@pytest.fixture
def staff_with_role(db):
    def make(role: str = Role.SOCIAL_WORKER, **kwargs):
        return StaffFactory(role=role, **kwargs)

    return make


@pytest.fixture
def signed_in(client, staff_with_role):
    """A test client signed in as a new member of staff with the given role; returns (client, staff)."""

    def sign_in(role: str = Role.SOCIAL_WORKER, **kwargs):
        staff = staff_with_role(role, **kwargs)
        assert client.login(username=staff.user.username, password=TEST_PASSWORD)
        return client, staff

    return sign_in
