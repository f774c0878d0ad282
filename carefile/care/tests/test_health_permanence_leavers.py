"""Health, permanence and adoption, care leavers and UASC: the services, their clocks and the SSDA903 rows
of OC2, OC3, AD1, PlacedAdoption, PrevPerm and UASC."""

from datetime import date

import pytest

from carefile.care import services, ssda903
from carefile.care.codes import adopter_problems, leaver_contact_problems
from carefile.care.models import CareLeaver, HealthCheck
from carefile.care.selectors import health_clocks, pathway_plan_clocks
from carefile.care.services import CareError, PlacementDetails
from carefile.care.ssda903 import FILES, CollectionYear
from carefile.care.timescales import next_health_assessment_due, next_pathway_plan_due
from carefile.common.calendar import holiday_calendar
from carefile.testing.factories import PersonFactory

from .conftest import NOW, at, move, start_care

pytestmark = pytest.mark.django_db

ADOPTIVE = PlacementDetails(place="A6", provider="PR1", postcode="DH1 5AB", urn="SC123456")


# ---- health clocks --------------------------------------------------------------------------------------


def test_the_initial_health_assessment_is_due_20_working_days_after_care_starts_skipping_bank_holidays():
    # Care starts Thursday 17 April 2025: Good Friday, Easter Monday and 5 May are not working days.
    label, due = next_health_assessment_due(
        care_start=date(2025, 4, 17), last_assessment=None, born=date(2015, 1, 1), holidays=holiday_calendar()
    )
    assert (label, due) == ("Initial health assessment", date(2025, 5, 20))


def test_review_health_assessments_are_6_monthly_under_5_and_yearly_from_5():
    under_5 = next_health_assessment_due(
        care_start=date(2025, 1, 6),
        last_assessment=date(2025, 2, 1),
        born=date(2021, 3, 1),
        holidays=holiday_calendar(),
    )
    over_5 = next_health_assessment_due(
        care_start=date(2025, 1, 6),
        last_assessment=date(2025, 2, 1),
        born=date(2019, 3, 1),
        holidays=holiday_calendar(),
    )
    assert under_5 == ("Review health assessment", date(2025, 8, 1))
    assert over_5 == ("Review health assessment", date(2026, 2, 1))


def test_an_assessment_from_an_earlier_period_of_care_does_not_count_as_the_initial_one():
    label, _ = next_health_assessment_due(
        care_start=date(2025, 6, 2),
        last_assessment=date(2024, 1, 1),
        born=date(2015, 1, 1),
        holidays=holiday_calendar(),
    )
    assert label == "Initial health assessment"


def test_health_clocks_follow_what_was_recorded(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    services.health_check_record(
        child=child, kind="initial_assessment", held_on=date(2026, 1, 20), by=worker, at=NOW
    )

    clocks = health_clocks([child], today=date(2026, 6, 1), holidays=holiday_calendar())[child.pk]

    assert [(c.label, c.due) for c in clocks] == [
        ("Review health assessment", date(2027, 1, 20)),
        ("Dental check", date(2027, 1, 5)),
    ]


def test_health_clocks_ask_a_fixed_number_of_queries(worker, team, django_assert_max_num_queries):
    children = [PersonFactory(date_of_birth=date(2012, 5, 17), responsible_team=team) for _ in range(6)]
    for c in children:
        start_care(c, worker, on=date(2026, 1, 5))
    holidays = holiday_calendar()
    with django_assert_max_num_queries(2):
        clocks = health_clocks(children, today=date(2026, 6, 1), holidays=holidays)
    assert len(clocks) == 6


# ---- health records -------------------------------------------------------------------------------------


def test_a_health_check_needs_the_child_to_have_been_in_care(child, worker):
    with pytest.raises(CareError, match="not looked after"):
        services.health_check_record(
            child=child, kind="dental_check", held_on=date(2026, 2, 1), by=worker, at=NOW
        )


def test_immunisations_say_whether_they_are_up_to_date(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    with pytest.raises(CareError, match="up to date"):
        services.health_check_record(
            child=child, kind="immunisations", held_on=date(2026, 2, 1), by=worker, at=NOW
        )
    check = services.health_check_record(
        child=child, kind="immunisations", held_on=date(2026, 2, 1), up_to_date=True, by=worker, at=NOW
    )
    assert check.up_to_date is True


def test_development_assessments_are_for_under_5s(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    with pytest.raises(CareError, match="rule 546"):
        services.health_check_record(
            child=child,
            kind="development_check",
            held_on=date(2026, 2, 1),
            up_to_date=True,
            by=worker,
            at=NOW,
        )


@pytest.mark.parametrize(
    ("score", "reason", "message"),
    [(None, "", "Enter the score"), (41, "", "rule 180"), (12, "SDQ4", "rule 197a")],
)
def test_an_sdq_has_a_score_from_0_to_40_or_a_reason_not_both(child, worker, score, reason, message):
    start_care(child, worker, on=date(2026, 1, 5))
    with pytest.raises(CareError, match=message):
        services.sdq_record(
            child=child, held_on=date(2026, 2, 1), score=score, reason=reason, by=worker, at=NOW
        )


def test_substance_misuse_needs_whether_an_intervention_was_received_then_offered(child, worker):
    start_care(child, worker, on=date(2025, 1, 6))
    with pytest.raises(CareError, match="rule 192"):
        services.year_outcome_record(
            child=child, year_end=2026, convicted=False, substance_misuse=True, by=worker, at=NOW
        )
    with pytest.raises(CareError, match="rule 159"):
        services.year_outcome_record(
            child=child,
            year_end=2026,
            convicted=False,
            substance_misuse=True,
            intervention_received=False,
            by=worker,
            at=NOW,
        )
    outcome = services.year_outcome_record(
        child=child,
        year_end=2026,
        convicted=True,
        substance_misuse=True,
        intervention_received=True,
        intervention_offered=False,
        by=worker,
        at=NOW,
    )
    assert (outcome.intervention_received, outcome.intervention_offered) == (True, None)


def test_a_child_under_10_cannot_be_recorded_as_convicted(worker, team):
    young = PersonFactory(date_of_birth=date(2018, 5, 1), responsible_team=team)
    start_care(young, worker, on=date(2025, 1, 6))
    with pytest.raises(CareError, match="rule 542"):
        services.year_outcome_record(
            child=young, year_end=2026, convicted=True, substance_misuse=False, by=worker, at=NOW
        )


# ---- OC2 ------------------------------------------------------------------------------------------------


def test_oc2_has_a_row_for_a_child_looked_after_all_year_with_the_year_s_checks(child, worker):
    start_care(child, worker, on=date(2024, 9, 2))
    for kind, day, up in [
        ("review_assessment", date(2025, 10, 1), None),
        ("dental_check", date(2025, 3, 1), None),  # before the year
        ("immunisations", date(2025, 10, 1), True),
    ]:
        services.health_check_record(child=child, kind=kind, held_on=day, up_to_date=up, by=worker, at=NOW)
    services.sdq_record(child=child, held_on=date(2025, 11, 1), score=14, by=worker, at=NOW)
    services.year_outcome_record(
        child=child, year_end=2026, convicted=False, substance_misuse=False, by=worker, at=NOW
    )

    rows = ssda903.oc2_rows(CollectionYear(2026))

    assert rows == [
        {
            "CHILD": child.la_child_id or str(child.pk),
            "DOB": "17/05/2012",
            "SDQ_SCORE": "14",
            "SDQ_REASON": "",
            "CONVICTED": "0",
            "HEALTH_CHECK": "",
            "IMMUNISATIONS": "1",
            "TEETH_CHECK": "0",
            "HEALTH_ASSESSMENT": "1",
            "SUBSTANCE_MISUSE": "0",
            "INTERVENTION_RECEIVED": "",
            "INTERVENTION_OFFERED": "",
        }
    ]
    assert list(rows[0]) == FILES["OC2"][0]


def test_oc2_leaves_out_a_child_who_came_into_care_during_the_year(child, worker):
    start_care(child, worker, on=date(2025, 6, 2))
    assert ssda903.oc2_rows(CollectionYear(2026)) == []


def test_oc2_asks_under_5s_about_development_and_not_about_convictions(worker, team):
    young = PersonFactory(date_of_birth=date(2022, 2, 1), responsible_team=team)
    start_care(young, worker, on=date(2024, 9, 2))
    services.health_check_record(
        child=young, kind="development_check", held_on=date(2025, 9, 1), up_to_date=True, by=worker, at=NOW
    )
    (row,) = ssda903.oc2_rows(CollectionYear(2026))
    assert (row["HEALTH_CHECK"], row["CONVICTED"], row["SDQ_SCORE"], row["SDQ_REASON"]) == ("1", "", "", "")


# ---- adoption -------------------------------------------------------------------------------------------


def adopt(child, worker):
    start_care(child, worker, on=date(2025, 1, 6), legal_status="C1")
    services.adoption_decision_record(child=child, decided_on=date(2025, 3, 3), by=worker, at=NOW)
    services.legal_status_change(child=child, on=date(2025, 5, 1), legal_status="E1", by=worker, at=NOW)
    services.adoption_match_record(
        child=child,
        matched_on=date(2025, 7, 1),
        foster_carers=False,
        number_of_adopters=2,
        adopters_sex="MF",
        adopters_legal_status="L11",
        by=worker,
        at=NOW,
    )
    move(child, worker, on=date(2025, 8, 1), placement=ADOPTIVE)
    return services.care_end(child=child, on=date(2026, 2, 2), reason_ceased="E12", by=worker, at=NOW)


def test_a_decision_cannot_come_before_care_began(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    with pytest.raises(CareError, match="rule 1003"):
        services.adoption_decision_record(child=child, decided_on=date(2025, 12, 1), by=worker, at=NOW)


def test_placing_for_adoption_needs_the_decision_first(child, worker):
    start_care(child, worker, on=date(2026, 1, 5), legal_status="E1")
    with pytest.raises(CareError, match="rules 551"):
        move(child, worker, on=date(2026, 3, 2), placement=ADOPTIVE)


def test_adopted_needs_the_match_with_adopters(child, worker):
    start_care(child, worker, on=date(2026, 1, 5), legal_status="E1")
    services.adoption_decision_record(child=child, decided_on=date(2026, 1, 5), by=worker, at=NOW)
    move(child, worker, on=date(2026, 3, 2), placement=ADOPTIVE)
    with pytest.raises(CareError, match="rule 601"):
        services.care_end(child=child, on=date(2026, 5, 1), reason_ceased="E11", by=worker, at=NOW)


@pytest.mark.parametrize(
    ("number", "sex", "status", "field"),
    [
        (1, "MF", "L11", "adopters_sex"),
        (2, "MM", "L11", "adopters_legal_status"),
        (1, "F1", "L2", "adopters_legal_status"),
    ],
)
def test_adopters_sex_number_and_legal_status_must_agree(number, sex, status, field):
    assert field in adopter_problems(number=number, sex=sex, legal_status=status)


def test_an_adopted_child_has_ad1_and_placed_adoption_rows(child, worker):
    adopt(child, worker)
    ref = child.la_child_id or str(child.pk)

    assert ssda903.ad1_rows(CollectionYear(2026)) == [
        {
            "CHILD": ref,
            "DOB": "17/05/2012",
            "DATE_INT": "03/03/2025",
            "DATE_MATCH": "01/07/2025",
            "FOSTER_CARE": "0",
            "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF",
            "LS_ADOPTR": "L11",
        }
    ]
    assert ssda903.placed_adoption_rows(CollectionYear(2026)) == [
        {
            "CHILD": ref,
            "DOB": "17/05/2012",
            "DATE_PLACED": "03/03/2025",
            "DATE_PLACED_CEASED": "",
            "REASON_PLACED_CEASED": "",
        }
    ]
    child.refresh_from_db()
    assert child.case_status != "care_leaver"


def test_a_reversed_decision_is_sent_with_its_reason_in_the_year_it_was_reversed(child, worker):
    start_care(child, worker, on=date(2025, 1, 6))
    decision = services.adoption_decision_record(child=child, decided_on=date(2025, 3, 3), by=worker, at=NOW)
    services.adoption_decision_reverse(
        decision=decision, on=date(2025, 9, 1), reason="RD3", by=worker, at=NOW
    )

    (row,) = ssda903.placed_adoption_rows(CollectionYear(2026))
    assert (row["DATE_PLACED_CEASED"], row["REASON_PLACED_CEASED"]) == ("01/09/2025", "RD3")
    assert ssda903.placed_adoption_rows(CollectionYear(2027)) == []


def test_prev_perm_is_sent_for_children_who_started_care_in_the_year(child, worker):
    start_care(child, worker, on=date(2025, 6, 2))
    (blank,) = ssda903.prev_perm_rows(CollectionYear(2026))
    assert blank["PREV_PERM"] == ""
    with pytest.raises(CareError, match="rule 630"):
        services.previous_permanence_record(child=child, code="P2", by=worker, at=NOW)
    services.previous_permanence_record(
        child=child, code="P2", la_code="841", order_date="zz/zz/2019", by=worker, at=NOW
    )
    (row,) = ssda903.prev_perm_rows(CollectionYear(2026))
    assert (row["PREV_PERM"], row["LA_PERM"], row["DATE_PERM"]) == ("P2", "841", "ZZ/ZZ/2019")


# ---- care leavers ---------------------------------------------------------------------------------------


@pytest.fixture
def teenager(team):
    return PersonFactory(date_of_birth=date(2008, 5, 17), responsible_team=team, case_status="child_in_need")


def test_a_young_person_leaving_care_at_17_after_years_in_care_becomes_a_care_leaver(teenager, worker):
    start_care(teenager, worker, on=date(2023, 1, 9))
    services.care_end(child=teenager, on=date(2025, 9, 1), reason_ceased="E5", by=worker, at=NOW)

    teenager.refresh_from_db()
    assert teenager.case_status == "care_leaver"
    assert CareLeaver.objects.get(child=teenager).eligibility == "relevant"


def test_a_child_of_12_leaving_care_is_not_a_care_leaver(child, worker):
    start_care(child, worker, on=date(2025, 1, 6))
    services.care_end(child=child, on=date(2026, 3, 2), reason_ceased="E4A", by=worker, at=NOW)
    child.refresh_from_db()
    assert child.case_status != "care_leaver"
    assert not CareLeaver.objects.filter(child=child).exists()


def test_a_short_stay_after_14_does_not_make_a_care_leaver(teenager, worker):
    start_care(teenager, worker, on=date(2025, 7, 1))
    services.care_end(child=teenager, on=date(2025, 8, 1), reason_ceased="E4A", by=worker, at=NOW)
    teenager.refresh_from_db()
    assert teenager.case_status != "care_leaver"


def test_oc3_has_the_contact_around_the_birthday_in_the_year(teenager, worker):
    start_care(teenager, worker, on=date(2023, 1, 9))
    services.care_end(child=teenager, on=date(2025, 3, 3), reason_ceased="E5", by=worker, at=NOW)
    assert ssda903.oc3_children(CollectionYear(2026)) == {teenager.pk: 17}
    assert ssda903.oc3_rows(CollectionYear(2026)) == []  # no contact recorded yet: no row (131-133)
    services.leaver_contact_record(
        child=teenager,
        age=17,
        contact_on=date(2025, 5, 20),
        in_touch="YES",
        activity="F2",
        accommodation="E1",
        by=worker,
        at=NOW,
    )
    (row,) = ssda903.oc3_rows(CollectionYear(2026))
    assert (row["IN_TOUCH"], row["ACTIV"], row["ACCOM"]) == ("YES", "F2", "E1")
    assert ssda903.children_in_return(CollectionYear(2026)) == [teenager.pk]


def test_no_oc3_for_a_young_person_looked_after_on_their_birthday(teenager, worker):
    start_care(teenager, worker, on=date(2023, 1, 9))
    services.care_end(child=teenager, on=date(2025, 9, 1), reason_ceased="E5", by=worker, at=NOW)
    assert ssda903.oc3_rows(CollectionYear(2026)) == []
    with pytest.raises(CareError, match="1007"):
        services.leaver_contact_record(
            child=teenager,
            age=17,
            contact_on=date(2025, 5, 20),
            in_touch="YES",
            activity="F2",
            accommodation="E1",
            by=worker,
            at=NOW,
        )


@pytest.mark.parametrize(
    ("age", "in_touch", "activity", "accommodation", "rule"),
    [
        (18, "DIED", "F1", "0", "344"),
        (18, "YES", "0", "B1", "345"),
        (17, "YES", "F1", "T1", "347"),
        (17, "YES", "F1", "Z1", "3001"),
    ],
)
def test_care_leaver_codes_agree(age, in_touch, activity, accommodation, rule):
    problems = leaver_contact_problems(
        age=age, in_touch=in_touch, activity=activity, accommodation=accommodation
    )
    assert any(rule in message for message in problems.values())


def test_pathway_plans_are_reviewed_at_most_every_6_months():
    assert next_pathway_plan_due(last_plan=date(2025, 8, 31), born=date(2008, 1, 1), left_care=None) == date(
        2026, 2, 28
    )
    assert next_pathway_plan_due(last_plan=None, born=date(2009, 1, 1), left_care=None) == date(2025, 4, 1)


def test_a_care_leaver_has_a_pathway_plan_clock_and_a_personal_adviser(teenager, worker, manager):
    start_care(teenager, worker, on=date(2023, 1, 9))
    services.care_end(child=teenager, on=date(2025, 9, 1), reason_ceased="E5", by=worker, at=NOW)
    services.personal_adviser_allocate(
        child=teenager, adviser=manager, since=date(2025, 9, 1), by=worker, at=NOW
    )
    services.pathway_plan_record(child=teenager, agreed_on=date(2025, 10, 1), by=worker, at=NOW)

    clock = pathway_plan_clocks([teenager], today=date(2026, 1, 5), holidays=holiday_calendar())[teenager.pk]

    assert (clock.label, clock.due) == ("Pathway plan review", date(2026, 4, 1))
    assert CareLeaver.objects.get(child=teenager).personal_adviser == manager


def test_a_personal_adviser_is_for_a_young_person_entitled_to_support(child, worker, manager):
    start_care(child, worker, on=date(2025, 1, 6))
    with pytest.raises(CareError, match="not entitled"):
        services.personal_adviser_allocate(
            child=child, adviser=manager, since=date(2026, 1, 5), by=worker, at=NOW
        )


# ---- UASC -----------------------------------------------------------------------------------------------


def test_uasc_status_ceases_by_the_18th_birthday(teenager, worker):
    with pytest.raises(CareError, match="rule 304"):
        services.uasc_record(
            child=teenager, since=date(2024, 3, 1), ceased_on=date(2026, 6, 1), by=worker, at=at(2026, 7, 1)
        )


def test_uasc_rows_send_the_18th_birthday_while_the_status_lasts(teenager, worker):
    start_care(teenager, worker, on=date(2024, 3, 4))
    services.uasc_record(child=teenager, since=date(2024, 3, 1), by=worker, at=NOW)
    ref = teenager.la_child_id or str(teenager.pk)

    (this_year,) = ssda903.uasc_rows(CollectionYear(2026))
    assert this_year["DUC"] == "17/05/2026"  # the day it will cease, the same every year (205B)
    (next_year,) = ssda903.uasc_rows(CollectionYear(2027))
    assert next_year == {"CHILD": ref, "SEX": teenager.sex or "U", "DOB": "17/05/2008", "DUC": "17/05/2026"}


def test_every_file_builder_answers_a_per_child_call_too(child, worker):
    start_care(child, worker, on=date(2025, 6, 2))
    for columns, rows_of in FILES.values():
        rows = rows_of(child=child, child_ref="X", episodes=[], year=CollectionYear(2026))
        assert all(list(r.csv()) == columns for r in rows)
    assert HealthCheck.objects.count() == 0
