import pytest
from django.urls import reverse

from carefile.common.models import AccessLog
from carefile.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_social_worker_opening_a_child_leaves_an_access_log_row(signed_in):
    client, staff = signed_in()
    child = PersonFactory()

    response = client.get(reverse("people:detail", args=[child.pk]))

    assert response.status_code == 200
    row = AccessLog.objects.get()
    assert (row.user_id, row.person_ref, row.view_name) == (staff.user_id, child.pk, "people:detail")
