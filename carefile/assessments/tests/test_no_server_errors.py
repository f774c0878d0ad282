"""Random input to every assessment form is a page with an error summary or a redirect, never a server
error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carefile.testing.factories import StaffFactory
from carefile.workforce.models import Role

from .conftest import authorised, start, submitted

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999999",
        "1e309",
        "NaN",
        "\x00",
        "ÿ" * 2000,
        "😀",
        "21",
        "RC8",
        "N1",
    ]
)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
ANY = st.one_of(NASTY, TEXT, st.integers(-(10**25), 10**25).map(str))

FIELDS = {
    "start": ["start_date_0", "start_date_1", "start_date_2"],
    "edit": [
        "developmental_needs",
        "parenting_capacity",
        "family_environment",
        "analysis",
        "child_voice",
        "child_communication",
        "factors",
        "outcome",
        "outcome_detail",
        "primary_need",
        "submit",
        "save",
    ],
    "authorise": ["decision", "comment"],
    "review": ["review", "held_on_0", "held_on_1", "held_on_2", "notes"],
    "correct": ["part", "correction", "reason"],
    "episode_close": ["closure_date_0", "closure_date_1", "closure_date_2", "reason"],
}


def payloads(names):
    return st.fixed_dictionaries({}, optional={n: st.one_of(ANY, st.lists(ANY, max_size=3)) for n in names})


@pytest.mark.parametrize("page", list(FIELDS))
def test_random_input_to_an_assessment_form_never_causes_a_server_error(
    page, client, referral, worker, manager
):
    url_for = {
        "start": lambda: reverse("assessments:start", args=[referral.child_id]),
        "episode_close": lambda: reverse("assessments:episode_close", args=[referral.child_id]),
        "edit": lambda: reverse("assessments:edit", args=[start(referral, worker).pk]),
        "review": lambda: reverse("assessments:review", args=[start(referral, worker).pk]),
        "authorise": lambda: reverse("assessments:authorise", args=[submitted(referral, worker).pk]),
        "correct": lambda: reverse("assessments:correct", args=[authorised(referral, worker, manager).pk]),
    }
    url = url_for[page]()
    user = manager if page in {"authorise", "review", "episode_close"} else worker
    client.force_login(StaffFactory(role=Role.HEAD_OF_SERVICE).user if page == "correct" else user.user)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(payloads(FIELDS[page]))
    def post(payload):
        response = client.post(url, payload)
        assert response.status_code < 500, payload

    post()
