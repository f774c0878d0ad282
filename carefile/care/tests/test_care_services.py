"""Starting care, moving placement, changing legal status and ending care: one action for the worker, the
right SSDA903 episodes underneath."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from carefile.care import selectors, services
from carefile.care.episodes import chain_problems
from carefile.care.models import CareEvent, Episode, PeriodOfCare
from carefile.care.services import CareError, PlacementDetails
from carefile.common.models import ChronologyEvent
from carefile.frontdoor.models import Referral
from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Allocation
from carefile.workforce.selectors import caseload_weight

from .conftest import FOSTER, FOSTER_2, HOLIDAY, HOME, NOW, at, move, start_care

pytestmark = pytest.mark.django_db


def episodes_of(child):
    return list(Episode.objects.filter(child=child).order_by("start"))


def codes_of(child):
    return [
        (e.new_episode_reason, e.legal_status, e.place, e.reason_ceased, e.reason_place_change)
        for e in episodes_of(child)
    ]


# ---- starting care --------------------------------------------------------------------------------------


def test_starting_care_opens_a_period_and_its_first_episode_with_rne_s(child, worker):
    episode = start_care(child, worker, on=date(2026, 1, 5))

    period = PeriodOfCare.objects.get(child=child)
    assert (period.start, period.end, period.cin_need, period.home_postcode) == (
        date(2026, 1, 5),
        None,
        "N1",
        "DH7 8XL",
    )
    assert (episode.new_episode_reason, episode.legal_status, episode.place, episode.provider) == (
        "S",
        "C2",
        "U6",
        "PR1",
    )
    assert (episode.postcode, episode.urn, episode.placement_start) == (
        "DH1 5AB",
        "SC123456",
        date(2026, 1, 5),
    )


def test_starting_care_makes_the_child_looked_after_and_writes_the_chronology(child, worker):
    start_care(child, worker)

    child.refresh_from_db()
    assert child.case_status == "looked_after"
    event = ChronologyEvent.objects.get(person=child, kind=CareEvent.CARE_STARTED)
    assert event.significant and "C2" in event.summary and "The Greens" in event.summary


def test_postcodes_are_tidied_to_capitals_with_one_space(child, worker):
    placement = PlacementDetails(place="U6", provider="PR1", postcode="dh15ab", urn="sc123456")

    episode = start_care(child, worker, placement=placement, home_postcode=" ne1  4xf ")

    assert (episode.postcode, episode.urn, episode.period.home_postcode) == ("DH1 5AB", "SC123456", "NE1 4XF")


def test_a_partial_postcode_is_refused_because_the_return_wants_the_full_one(child, worker):
    placement = PlacementDetails(place="U6", provider="PR1", postcode="DH1 5", urn="SC123456")

    with pytest.raises(CareError, match="not a full UK postcode") as error:
        start_care(child, worker, placement=placement)
    assert error.value.field == "postcode"


def test_care_cannot_start_in_a_temporary_placement(child, worker):
    with pytest.raises(CareError, match="rule 380"):
        start_care(child, worker, placement=HOLIDAY)


def test_care_cannot_start_in_the_future(child, worker):
    with pytest.raises(CareError, match="future"):
        start_care(child, worker, on=date(2026, 6, 2))


def test_a_child_already_looked_after_cannot_start_care_again(child, worker):
    start_care(child, worker)

    with pytest.raises(CareError, match="already looked after"):
        start_care(child, worker, on=date(2026, 2, 1))


def test_a_new_period_cannot_start_the_day_the_last_one_ended(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    services.care_end(child=child, on=date(2026, 2, 2), reason_ceased="E4A", by=worker, at=NOW)

    with pytest.raises(CareError, match="rule 431"):
        start_care(child, worker, on=date(2026, 2, 2))


def test_a_new_period_cannot_be_backdated_over_an_earlier_one(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    services.care_end(child=child, on=date(2026, 2, 2), reason_ceased="E4A", by=worker, at=NOW)

    with pytest.raises(CareError, match="starts after the last one ended"):
        start_care(child, worker, on=date(2025, 12, 1))


def test_a_young_person_of_18_cannot_start_to_be_looked_after(worker):
    adult_age = PersonFactory(date_of_birth=date(2007, 1, 1))

    with pytest.raises(CareError, match="rule 352"):
        start_care(adult_age, worker)


def test_a_placement_needs_its_ofsted_urn(child, worker):
    placement = PlacementDetails(place="K2", provider="PR4", postcode="SR2 7HJ")

    with pytest.raises(CareError, match="Ofsted unique reference number") as error:
        start_care(child, worker, placement=placement)
    assert error.value.field == "urn"


def test_a_placement_with_parents_has_no_urn_and_only_the_parent_as_provider(child, worker):
    with pytest.raises(CareError, match="PR0"):
        start_care(child, worker, placement=PlacementDetails(place="P1", provider="PR1", postcode="DH1 5AB"))
    with pytest.raises(CareError, match="no Ofsted URN"):
        start_care(
            child,
            worker,
            placement=PlacementDetails(place="P1", provider="PR0", postcode="DH1 5AB", urn="SC123456"),
        )


def test_a_child_under_section_20_cannot_be_placed_with_parents(child, worker):
    with pytest.raises(CareError, match="rule 378"):
        start_care(
            child,
            worker,
            legal_status="V2",
            placement=PlacementDetails(place="P1", provider="PR0", postcode="DH1 5AB"),
        )


def test_xxxxxxx_stands_for_a_urn_only_for_adoption_and_foster_placements(child, worker):
    with pytest.raises(CareError, match="regional adoption agency"):
        start_care(
            child,
            worker,
            placement=PlacementDetails(place="K2", provider="PR4", postcode="DH1 5AB", urn="XXXXXXX"),
        )

    episode = start_care(
        child,
        worker,
        placement=PlacementDetails(place="U4", provider="PR2", postcode="DH1 5AB", urn="XXXXXXX"),
    )
    assert episode.urn == "XXXXXXX" and episode.long_term


# ---- moving placement -----------------------------------------------------------------------------------


def test_a_move_ends_the_episode_x1_with_the_reason_and_opens_the_next_with_rne_p(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))

    episode = move(child, worker, on=date(2026, 3, 2), reason="CREQB")

    assert codes_of(child) == [("S", "C2", "U6", "X1", "CREQB"), ("P", "C2", "U6", "", "")]
    first = episodes_of(child)[0]
    assert first.end == episode.start == date(2026, 3, 2)
    assert episode.placement_start == date(2026, 3, 2)
    assert chain_problems(episodes_of(child)) == []


def test_a_move_needs_a_reason_for_the_change(child, worker):
    start_care(child, worker)

    with pytest.raises(CareError, match="rule 225") as error:
        move(child, worker, on=date(2026, 3, 2), reason="")
    assert error.value.field == "reason_place_change"


def test_a_move_with_the_same_carer_is_rne_t_and_the_placement_carries_on(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    moved_house = PlacementDetails(
        place="U6", provider="PR1", postcode="DH1 3QQ", urn="SC123456", placement_name="The Greens"
    )

    episode = move(child, worker, on=date(2026, 3, 2), placement=moved_house, reason="OTHER", same_carer=True)

    assert episode.new_episode_reason == "T"
    assert episode.placement_start == date(2026, 1, 5)


def test_becoming_long_term_with_the_same_carers_keeps_the_placement_and_makes_visits_three_monthly(
    child, worker
):
    start_care(child, worker, on=date(2026, 1, 5))
    long_term = PlacementDetails(
        place="U4", provider="PR1", postcode="DH1 5AB", urn="SC123456", placement_name="The Greens"
    )

    episode = move(child, worker, on=date(2026, 4, 1), placement=long_term, reason="PLACE", same_carer=True)

    assert (episode.new_episode_reason, episode.long_term, episode.placement_start) == (
        "T",
        True,
        date(2026, 1, 5),
    )


def test_placed_for_adoption_with_the_current_foster_carer_is_always_the_same_carer(child, worker):
    start_care(child, worker, on=date(2026, 1, 5), legal_status="E1")
    services.adoption_decision_record(child=child, decided_on=date(2026, 1, 5), by=worker, at=NOW)
    adoption = PlacementDetails(place="A5", provider="PR1", postcode="DH1 5AB", urn="SC123456")

    episode = move(child, worker, on=date(2026, 4, 1), placement=adoption, reason="CARPL")

    assert episode.new_episode_reason == "T"


def test_a_move_and_a_new_legal_status_together_make_one_episode_with_rne_b(child, worker):
    start_care(child, worker, on=date(2026, 1, 5), legal_status="C1")

    episode = move(child, worker, on=date(2026, 3, 2), legal_status="C2")

    assert (episode.new_episode_reason, episode.legal_status) == ("B", "C2")
    assert chain_problems(episodes_of(child)) == []


def test_a_new_legal_status_with_a_move_to_the_same_carer_is_rne_u(child, worker):
    start_care(child, worker, on=date(2026, 1, 5), legal_status="C1")
    moved_house = PlacementDetails(place="U6", provider="PR1", postcode="DH1 3QQ", urn="SC123456")

    episode = move(
        child, worker, on=date(2026, 3, 2), placement=moved_house, legal_status="C2", same_carer=True
    )

    assert episode.new_episode_reason == "U"
    assert chain_problems(episodes_of(child)) == []


def test_a_move_to_the_placement_the_child_is_in_is_refused(child, worker):
    start_care(child, worker)

    with pytest.raises(CareError, match="placement the child is in now"):
        move(child, worker, on=date(2026, 3, 2), placement=FOSTER)


def test_a_move_cannot_be_dated_on_or_before_the_current_episode_started(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))

    with pytest.raises(CareError, match="must be after the current episode started"):
        move(child, worker, on=date(2026, 1, 5))


def test_a_move_cannot_be_recorded_for_a_child_not_in_care(child, worker):
    with pytest.raises(CareError, match="not looked after"):
        move(child, worker, on=date(2026, 3, 2))


def test_a_move_is_refused_while_the_child_is_missing(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    services.missing_record(child=child, kind="M", started_at=at(2026, 2, 27, 21), by=worker, at=NOW)

    with pytest.raises(CareError, match="rule 575"):
        move(child, worker, on=date(2026, 3, 2))


# ---- temporary placements -------------------------------------------------------------------------------


def test_a_temporary_placement_records_no_reason_and_the_return_is_rne_p_to_the_same_placement(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    move(child, worker, on=date(2026, 4, 1), placement=HOLIDAY, reason="CARPL")

    back = move(child, worker, on=date(2026, 4, 8), placement=FOSTER, reason="CARPL")

    assert codes_of(child) == [
        ("S", "C2", "U6", "X1", ""),
        ("P", "C2", "T2", "X1", ""),
        ("P", "C2", "U6", "", ""),
    ]
    assert back.placement_start == date(2026, 1, 5)
    assert chain_problems(episodes_of(child)) == []


def test_after_a_temporary_placement_the_child_must_return_to_the_placement_they_left(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    move(child, worker, on=date(2026, 4, 1), placement=HOLIDAY)

    with pytest.raises(CareError, match="rule 383"):
        move(child, worker, on=date(2026, 4, 8), placement=HOME)


def test_a_temporary_placement_keeps_the_placement_start_for_the_visit_clock(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))

    temporary = move(child, worker, on=date(2026, 4, 1), placement=HOLIDAY)

    assert temporary.placement_start == date(2026, 1, 5)


def test_care_cannot_end_in_a_temporary_placement(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    move(child, worker, on=date(2026, 4, 1), placement=HOLIDAY)

    with pytest.raises(CareError, match="rule 381"):
        services.care_end(child=child, on=date(2026, 4, 5), reason_ceased="E4A", by=worker, at=NOW)


# ---- changing legal status ------------------------------------------------------------------------------


def test_a_new_legal_status_alone_is_an_episode_with_rne_l_in_the_same_placement(child, worker):
    start_care(child, worker, on=date(2026, 1, 5), legal_status="C1")

    episode = services.legal_status_change(
        child=child, on=date(2026, 3, 16), legal_status="C2", by=worker, at=NOW
    )

    assert codes_of(child) == [("S", "C1", "U6", "X1", ""), ("L", "C2", "U6", "", "")]
    assert (episode.postcode, episode.urn, episode.placement_start) == (
        "DH1 5AB",
        "SC123456",
        date(2026, 1, 5),
    )
    assert ChronologyEvent.objects.filter(person=child, kind=CareEvent.LEGAL_STATUS_CHANGED).exists()


def test_the_same_legal_status_is_not_a_change(child, worker):
    start_care(child, worker, legal_status="C2")

    with pytest.raises(CareError, match="already C2"):
        services.legal_status_change(child=child, on=date(2026, 3, 16), legal_status="C2", by=worker, at=NOW)


def test_a_youth_justice_legal_status_needs_a_child_of_10_or_over(worker):
    young = PersonFactory(date_of_birth=date(2018, 1, 1))

    with pytest.raises(CareError, match="rule 358"):
        start_care(young, worker, legal_status="J1")


# ---- ending care ----------------------------------------------------------------------------------------


def test_ending_care_closes_the_episode_and_the_period_with_the_reason(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))

    period = services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E4A", by=worker, at=NOW)

    assert period.end == date(2026, 5, 1)
    assert codes_of(child) == [("S", "C2", "U6", "E4A", "")]
    assert chain_problems(episodes_of(child)) == []
    assert ChronologyEvent.objects.filter(person=child, kind=CareEvent.CARE_ENDED, significant=True).exists()


def test_when_care_ends_the_child_goes_back_to_not_open(child, worker):
    start_care(child, worker)

    services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E4A", by=worker, at=NOW)

    child.refresh_from_db()
    assert child.case_status == ""


def test_when_care_ends_with_the_episode_of_need_open_the_child_is_a_child_in_need(child, worker, team):
    Referral.objects.create(
        child=child,
        referral_date=date(2025, 12, 1),
        source="2A",
        team=team,
        presenting_issue="x",
        opened_by=worker,
    )
    start_care(child, worker)

    services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E4A", by=worker, at=NOW)

    child.refresh_from_db()
    assert child.case_status == "child_in_need"


def test_another_app_can_decide_the_status_after_care_for_example_a_care_leaver(child, worker, monkeypatch):
    monkeypatch.setattr(services.base, "_after_care", [lambda c, p: "care_leaver"])
    start_care(child, worker)

    services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E13", by=worker, at=NOW)

    child.refresh_from_db()
    assert child.case_status == "care_leaver"


def test_adopted_needs_a_placement_for_adoption_first(child, worker):
    start_care(child, worker)

    with pytest.raises(CareError, match="rule 390"):
        services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E11", by=worker, at=NOW)


def test_staying_put_is_only_for_young_people_of_18(child, worker):
    start_care(child, worker)

    with pytest.raises(CareError, match="E17 is only for a young person at least 18"):
        services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E17", by=worker, at=NOW)


def test_care_ending_while_the_child_is_missing_must_be_e8(child, worker):
    start_care(child, worker)
    services.missing_record(child=child, kind="M", started_at=at(2026, 4, 20, 21), by=worker, at=NOW)

    with pytest.raises(CareError, match="rule 580"):
        services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E4A", by=worker, at=NOW)
    services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E8", by=worker, at=NOW)


def test_a_second_period_after_care_ended_starts_again_with_rne_s(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    services.care_end(child=child, on=date(2026, 2, 2), reason_ceased="E4A", by=worker, at=NOW)

    start_care(child, worker, on=date(2026, 3, 2), legal_status="V2", placement=HOME)

    assert [e.new_episode_reason for e in episodes_of(child)] == ["S", "S"]
    assert chain_problems(episodes_of(child)) == []


# ---- the database keeps the episodes sound --------------------------------------------------------------


def test_the_database_refuses_a_second_open_episode_for_a_child(child, worker):
    first = start_care(child, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(
            child=child,
            period=first.period,
            start=date(2026, 2, 1),
            new_episode_reason="P",
            legal_status="C2",
            place="K2",
            placement_start=date(2026, 2, 1),
            recorded_by=worker,
            recorded_at=NOW,
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [("legal_status", "C9"), ("place", "Q1"), ("new_episode_reason", "X"), ("provider", "PR9")],
)
def test_the_database_refuses_codes_outside_the_ssda903_lists(child, worker, field, value):
    episode = start_care(child, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(**{field: value})


def test_the_database_refuses_an_episode_that_ends_the_day_it_starts(child, worker):
    episode = start_care(child, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(end=episode.start, reason_ceased="E4A")


def test_the_database_refuses_an_end_without_a_reason(child, worker):
    episode = start_care(child, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(end=date(2026, 3, 1))


def test_the_database_refuses_a_second_open_period_of_care(child, worker):
    episode = start_care(child, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodOfCare.objects.create(
            child=child, start=date(2026, 3, 1), cin_need="N1", started_by=worker, started_at=NOW
        )
    assert episode.period.is_open


# ---- short breaks ---------------------------------------------------------------------------------------


def test_short_breaks_under_v4_are_an_episode_but_the_child_stays_a_child_in_need(child, worker):
    episode = start_care(child, worker, legal_status="V4", placement=HOME)

    child.refresh_from_db()
    assert child.case_status == "child_in_need"
    assert episode.period.short_breaks
    assert (episode.postcode, episode.urn, episode.period.home_postcode) == ("", "", "")


def test_a_child_not_open_gets_child_in_need_when_short_breaks_start(worker):
    child = PersonFactory(case_status="")

    start_care(child, worker, legal_status="V4", placement=HOME)

    child.refresh_from_db()
    assert child.case_status == "child_in_need"


def test_a_v3_short_break_is_a_period_of_its_own_with_one_episode(child, worker):
    period = services.short_break_record(
        child=child,
        start=date(2026, 2, 6),
        end=date(2026, 2, 8),
        placement=HOME,
        cin_need="N2",
        by=worker,
        at=NOW,
    )

    assert (period.start, period.end, period.short_breaks) == (date(2026, 2, 6), date(2026, 2, 8), True)
    assert codes_of(child) == [("S", "V3", "K2", "E4A", "")]
    child.refresh_from_db()
    assert child.case_status == "child_in_need"


def test_a_short_break_lasts_at_most_17_days(child, worker):
    with pytest.raises(CareError, match="rule 365"):
        services.short_break_record(
            child=child,
            start=date(2026, 2, 1),
            end=date(2026, 2, 19),
            placement=HOME,
            cin_need="N2",
            by=worker,
            at=NOW,
        )


def test_short_breaks_add_up_to_at_most_75_days_in_12_months(child, worker):
    for month in range(1, 6):
        services.short_break_record(
            child=child,
            start=date(2025, month, 1),
            end=date(2025, month, 16),
            placement=HOME,
            cin_need="N2",
            by=worker,
            at=NOW,
        )

    with pytest.raises(CareError, match="rule 367"):
        services.short_break_record(
            child=child,
            start=date(2025, 7, 1),
            end=date(2025, 7, 3),
            placement=HOME,
            cin_need="N2",
            by=worker,
            at=NOW,
        )


def test_a_child_cannot_have_v3_and_v4_short_breaks_in_the_same_year(child, worker):
    services.short_break_record(
        child=child,
        start=date(2026, 1, 9),
        end=date(2026, 1, 11),
        placement=HOME,
        cin_need="N2",
        by=worker,
        at=NOW,
    )

    with pytest.raises(CareError, match="rule 426"):
        start_care(child, worker, on=date(2026, 2, 2), legal_status="V4", placement=HOME)


def test_a_short_break_cannot_be_a_long_term_foster_placement(child, worker):
    with pytest.raises(CareError, match="rule 384"):
        start_care(child, worker, legal_status="V4", placement=PlacementDetails(place="U4", provider="PR1"))


def test_short_breaks_do_not_weigh_as_a_looked_after_child_in_the_caseload(child, worker):
    Allocation.objects.create(child=child, worker=worker, start=at(2025, 1, 1), reason="new_case")
    before = caseload_weight(worker=worker, on=date(2026, 6, 1))

    start_care(child, worker, legal_status="V4", placement=HOME)

    assert caseload_weight(worker=worker, on=date(2026, 6, 1)) == before


def test_moving_from_short_breaks_to_full_care_needs_a_new_period(child, worker):
    start_care(child, worker, legal_status="V4", placement=HOME)

    with pytest.raises(CareError, match="period of care of their own"):
        services.legal_status_change(child=child, on=date(2026, 3, 2), legal_status="V2", by=worker, at=NOW)


# ---- was the child looked after -------------------------------------------------------------------------


def test_short_breaks_alone_do_not_make_a_child_looked_after_for_leaving_care(child, worker):
    services.short_break_record(
        child=child,
        start=date(2026, 2, 6),
        end=date(2026, 2, 8),
        placement=HOME,
        cin_need="N2",
        by=worker,
        at=NOW,
    )

    assert not selectors.was_looked_after(child)


def test_a_child_who_was_in_care_was_looked_after_for_the_days_of_the_period(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    move(child, worker, on=date(2026, 3, 2))
    services.care_end(child=child, on=date(2026, 4, 6), reason_ceased="E4A", by=worker, at=NOW)

    assert selectors.was_looked_after(child)
    assert selectors.looked_after_days(child, since=date(2026, 1, 1), until=date(2026, 12, 31)) == 91
    assert selectors.is_looked_after(child, on=date(2026, 4, 5))
    assert not selectors.is_looked_after(child, on=date(2026, 4, 6))


def test_moves_and_changes_keep_one_contiguous_chain_the_return_accepts(child, worker):
    start_care(child, worker, on=date(2026, 1, 5), legal_status="C1")
    move(child, worker, on=date(2026, 1, 20), placement=FOSTER_2, reason="CREQO")
    services.legal_status_change(child=child, on=date(2026, 2, 16), legal_status="C2", by=worker, at=NOW)
    move(child, worker, on=date(2026, 3, 1), placement=HOLIDAY)
    move(child, worker, on=date(2026, 3, 7), placement=FOSTER_2)
    move(child, worker, on=date(2026, 4, 1), placement=HOME, reason="CHILD")
    services.care_end(child=child, on=date(2026, 5, 20), reason_ceased="E13", by=worker, at=NOW)

    eps = episodes_of(child)
    assert [e.new_episode_reason for e in eps] == ["S", "P", "L", "P", "P", "P"]
    assert all(a.end == b.start for a, b in zip(eps, eps[1:], strict=False))
    assert chain_problems(eps) == []


def test_a_special_guardianship_order_to_the_foster_carers_needs_a_foster_placement(child, worker):
    start_care(child, worker, placement=HOME)

    with pytest.raises(CareError, match="rule 516"):
        services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E45", by=worker, at=NOW)


def test_a_child_under_10_cannot_move_because_of_custody(worker):
    young = PersonFactory(date_of_birth=date(2018, 1, 1))
    start_care(young, worker, on=date(2026, 1, 5))

    with pytest.raises(CareError, match="rule 234"):
        move(young, worker, on=date(2026, 3, 2), reason="CUSTOD")
