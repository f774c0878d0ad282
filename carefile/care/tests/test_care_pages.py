"""The care pages as a worker uses them: the care record, recording care, moves, legal status, the end of
care, reviews, missing episodes and the return interviews list."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from carefile.care import services
from carefile.care.models import CareReview, Episode, MissingEpisode
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role

from .conftest import HOLIDAY, NOW, at, move, start_care

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


START_POST = {
    **date_fields("start", date(2026, 5, 4)),
    "legal_status": "V2",
    "cin_need": "N4",
    "home_postcode": "dh7 8xl",
    "place": "U6",
    "provider": "PR1",
    "placement_name": "Mr and Mrs Green",
    "postcode": "dh1 5ab",
    "urn": "SC123456",
    "visit_regime": "",
}


def test_a_child_not_in_care_is_told_so_with_the_way_to_record_care_starting(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    response = client.get(reverse("care:child", args=[child.pk]))

    assert response.status_code == 200
    assert b"is not looked after" in response.content
    assert reverse("care:start", args=[child.pk]).encode() in response.content


@pytest.mark.parametrize("name", ["care:move", "care:legal_status", "care:end", "care:review_new"])
def test_pages_for_a_child_in_care_say_when_the_child_is_not_in_care(signed_in, name):
    client, _ = signed_in(Role.TEAM_MANAGER)
    child = PersonFactory()

    response = client.get(reverse(name, args=[child.pk]))

    assert response.status_code == 200
    assert b"is not looked after" in response.content


def test_recording_care_starting_opens_the_first_episode_and_shows_it_on_the_care_record(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(date_of_birth=date(2014, 3, 3))

    response = client.post(reverse("care:start", args=[child.pk]), START_POST)

    assert response.status_code == 302
    episode = Episode.objects.get(child=child)
    assert (episode.new_episode_reason, episode.legal_status, episode.postcode) == ("S", "V2", "DH1 5AB")
    page = client.get(response.url)
    assert b"Episodes as the SSDA903 return reads them" in page.content
    assert b"Mr and Mrs Green" in page.content and b"04/05/2026" in page.content


def test_a_form_with_problems_shows_the_error_summary_and_saves_nothing(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    response = client.post(
        reverse("care:start", args=[child.pk]), {**START_POST, "urn": "", "legal_status": ""}
    )

    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Choose legal status" in response.content or b"Choose the legal status" in response.content
    assert not Episode.objects.filter(child=child).exists()


def test_a_service_refusal_lands_on_its_field(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    response = client.post(reverse("care:start", args=[child.pk]), {**START_POST, "urn": ""})

    assert response.status_code == 200
    assert b'href="#id_urn"' in response.content
    assert b"Ofsted unique reference number" in response.content


def test_an_inspector_reads_the_care_record_but_cannot_record_care(signed_in, team):
    client, _ = signed_in(Role.INSPECTOR)
    child = PersonFactory()

    assert client.get(reverse("care:child", args=[child.pk])).status_code == 200
    assert client.get(reverse("care:start", args=[child.pk])).status_code == 403


def test_moving_placement_from_the_page_closes_the_episode_and_opens_the_next(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(date_of_birth=date(2014, 3, 3))
    start_care(child, worker, on=date(2026, 1, 5))

    response = client.post(
        reverse("care:move", args=[child.pk]),
        {
            **date_fields("on", date(2026, 5, 11)),
            "place": "K2",
            "provider": "PR4",
            "postcode": "SR2 7HJ",
            "urn": "SC654321",
            "reason_place_change": "CREQB",
            "legal_status": "",
        },
    )

    assert response.status_code == 302
    assert list(
        Episode.objects.filter(child=child).values_list("new_episode_reason", "reason_place_change")
    ) == [
        ("S", "CREQB"),
        ("P", ""),
    ]


def test_the_return_from_a_temporary_placement_is_filled_in_with_the_placement_the_child_left(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(date_of_birth=date(2014, 3, 3))
    start_care(child, worker, on=date(2026, 1, 5))
    move(child, worker, on=date(2026, 5, 20), placement=HOLIDAY)

    response = client.get(reverse("care:move", args=[child.pk]))

    assert b"Record the return from a temporary placement" in response.content
    assert b'value="DH1 5AB"' in response.content


def test_changing_legal_status_and_ending_care_from_the_pages(signed_in):
    client, worker = signed_in(Role.TEAM_MANAGER)
    child = PersonFactory(date_of_birth=date(2014, 3, 3))
    start_care(child, worker, on=date(2026, 1, 5), legal_status="C1")

    changed = client.post(
        reverse("care:legal_status", args=[child.pk]),
        {**date_fields("on", date(2026, 3, 2)), "legal_status": "C2"},
    )
    ended = client.post(
        reverse("care:end", args=[child.pk]), {**date_fields("on", date(2026, 5, 29)), "reason_ceased": "E41"}
    )

    assert changed.status_code == ended.status_code == 302
    assert list(Episode.objects.filter(child=child).values_list("new_episode_reason", "reason_ceased")) == [
        ("S", "X1"),
        ("L", "E41"),
    ]


def test_recording_a_review_with_a_recommendation(signed_in, iro):
    client, chair = signed_in(Role.REVIEWING_OFFICER)
    child = PersonFactory(date_of_birth=date(2014, 3, 3))
    start_care(child, chair, on=date(2026, 5, 4))

    response = client.post(
        reverse("care:review_new", args=[child.pk]),
        {
            **date_fields("held_on", date(2026, 5, 29)),
            "reviewing_officer": chair.pk,
            "participation": "PN6",
            "child_views": "I want to see my mum more",
            "rec-TOTAL_FORMS": 3,
            "rec-INITIAL_FORMS": 0,
            "rec-0-what": "Increase contact with mum to weekly",
            "rec-0-owner_name": "Placement social worker",
            **{f"rec-0-{k}": v for k, v in date_fields("due", date(2026, 6, 30)).items()},
        },
    )

    assert response.status_code == 302
    review = CareReview.objects.get(child=child)
    assert review.recommendations.get().owner == "Placement social worker"
    page = client.get(response.url)
    assert b"Increase contact with mum to weekly" in page.content


def test_a_review_recommendation_without_a_due_date_is_shown_in_the_error_summary(signed_in):
    client, chair = signed_in(Role.REVIEWING_OFFICER)
    child = PersonFactory(date_of_birth=date(2014, 3, 3))
    start_care(child, chair, on=date(2026, 5, 4))

    response = client.post(
        reverse("care:review_new", args=[child.pk]),
        {
            **date_fields("held_on", date(2026, 5, 29)),
            "reviewing_officer": chair.pk,
            "participation": "PN1",
            "rec-TOTAL_FORMS": 3,
            "rec-INITIAL_FORMS": 0,
            "rec-0-what": "Dentist",
            "rec-0-owner_name": "Carer",
        },
    )

    assert response.status_code == 200
    assert b"Recommendation 1: Enter the date the recommendation is due" in response.content
    assert not CareReview.objects.exists()


def test_a_social_worker_cannot_record_a_review(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()
    start_care(child, worker, on=date(2026, 5, 4))

    assert client.get(reverse("care:review_new", args=[child.pk])).status_code == 403


def test_recording_a_missing_episode_then_the_return_then_the_interview(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(date_of_birth=date(2011, 3, 3))

    created = client.post(
        reverse("care:missing_new", args=[child.pk]),
        {
            "kind": "M",
            **date_fields("started_date", date(2026, 5, 30)),
            "started_time": "22:15",
            "returned": "no",
        },
    )
    episode = MissingEpisode.objects.get(child=child)
    returned = client.post(
        created.url,
        {
            "action": "return",
            **date_fields("ended_date", date(2026, 5, 31)),
            "ended_time": "07:40",
            "where_found": "Bus station",
        },
    )
    page = client.get(created.url)
    interviewed = client.post(
        created.url,
        {
            "action": "interview",
            "record_version": page.context["interview_form"].initial["record_version"],
            **date_fields("offered_date", date(2026, 6, 1)),
            "offered_time": "09:00",
            "response": "accepted",
            "learnt": "",
        },
    )

    assert created.status_code == returned.status_code == interviewed.status_code == 302
    assert b"Offer within" in page.content
    episode.refresh_from_db()
    assert (episode.where_found, episode.response) == ("Bus station", "accepted")


def test_the_child_page_prompts_when_a_child_has_gone_missing_three_times_in_30_days(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(date_of_birth=date(2011, 3, 3), case_status="child_in_need")
    for day in (5, 15, 25):
        services.missing_record(
            child=child,
            kind="M",
            started_at=at(2026, 5, day, 21),
            ended_at=at(2026, 5, day + 1, 9),
            by=worker,
            at=NOW,
        )

    response = client.get(reverse("people:detail", args=[child.pk]))

    assert b"Going missing often" in response.content
    assert b"Gone missing or away 3 times in the last 30 days" in response.content


def test_the_child_page_shows_the_current_placement_legal_status_and_next_review(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(date_of_birth=date(2011, 3, 3))
    start_care(child, worker, on=date(2026, 5, 4))

    response = client.get(reverse("people:detail", args=[child.pk]))

    assert b"C2 \xe2\x80\x93 Full care order" in response.content
    assert b"The Greens" in response.content
    assert b"First looked-after review" in response.content


# ---- return interviews due ------------------------------------------------------------------------------


def returned(child, worker, hours_ago):
    back = NOW - timedelta(hours=hours_ago)
    return services.missing_record(
        child=child, kind="M", started_at=back - timedelta(hours=10), ended_at=back, by=worker, at=NOW
    )


def test_managers_see_return_interviews_due_and_overdue_longest_waiting_first(signed_in):
    client, manager = signed_in(Role.TEAM_MANAGER)
    overdue = PersonFactory(given_name="Olly", responsible_team=manager.team)
    due = PersonFactory(given_name="Dana", responsible_team=manager.team)
    offered = PersonFactory(given_name="Ola", responsible_team=manager.team)
    returned(overdue, manager, 80)
    returned(due, manager, 20)
    m = returned(offered, manager, 30)
    services.return_interview_record(
        episode=m, offered_at=NOW - timedelta(hours=2), response="declined", by=manager, at=NOW
    )

    response = client.get(reverse("care:return_interviews"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Overdue by 8 hours" in content and "Offer within 2 days 4 hours" in content
    assert content.index("Olly") < content.index("Dana")
    assert "Ola" not in content


def test_the_return_interviews_list_filters_by_team(signed_in):
    client, manager = signed_in(Role.HEAD_OF_SERVICE)
    other_team = TeamFactory(name="Disabled children")
    worker = StaffFactory()
    returned(PersonFactory(given_name="Mine", responsible_team=worker.team), worker, 10)
    returned(PersonFactory(given_name="Theirs", responsible_team=other_team), worker, 10)

    response = client.get(reverse("care:return_interviews"), {"team": other_team.pk})

    assert b"Theirs" in response.content and b"Mine" not in response.content


def test_the_return_interviews_list_is_for_managers(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    assert client.get(reverse("care:return_interviews")).status_code == 403


def test_managers_find_the_return_interviews_list_in_the_header(signed_in):
    client, _ = signed_in(Role.TEAM_MANAGER)

    response = client.get(reverse("care:return_interviews"))

    assert b'href="/care/return-interviews/"' in response.content
