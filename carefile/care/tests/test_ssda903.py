"""The SSDA903 rows built from recorded episodes, reviews and missing episodes, against the rules in the
spec: contiguity, reason codes, DEC/REC, and where the collection year begins and ends."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone

from carefile.care import ssda903
from carefile.care.episodes import chain_problems
from carefile.care.models import CareReview, Episode, PeriodOfCare
from carefile.care.ssda903 import CollectionYear
from carefile.people.models import Person

Y2025 = CollectionYear(2025)  # 2024-25


def period(cin="N1", home="DH7 8XL"):
    return PeriodOfCare(cin_need=cin, home_postcode=home)


def ep(
    start,
    end=None,
    rne="S",
    ls="C2",
    place="U6",
    provider="PR1",
    postcode="DH1 5AB",
    urn="SC123456",
    rec="",
    change="",
    p=None,
    **kwargs,
):
    return Episode(
        period=p or period(),
        start=start,
        end=end,
        new_episode_reason=rne,
        legal_status=ls,
        place=place,
        provider=provider,
        postcode=postcode,
        urn=urn,
        reason_ceased=rec or ("X1" if end else ""),
        reason_place_change=change,
        placement_start=start,
        **kwargs,
    )


def chain():
    """Into care on C1 in 2023, a move, a care order, a holiday, a move, and out of care in May 2025."""
    p = period()
    return [
        ep(date(2023, 11, 6), date(2024, 1, 15), "S", "C1", p=p, change="CREQO"),
        ep(
            date(2024, 1, 15),
            date(2024, 5, 20),
            "P",
            "C1",
            urn="1234567",
            provider="PR4",
            postcode="NE1 4XF",
            p=p,
        ),
        ep(
            date(2024, 5, 20),
            date(2024, 8, 1),
            "L",
            "C2",
            urn="1234567",
            provider="PR4",
            postcode="NE1 4XF",
            p=p,
        ),
        ep(
            date(2024, 8, 1),
            date(2024, 8, 10),
            "P",
            "C2",
            place="T2",
            provider="",
            urn="",
            postcode="LL55 4UR",
            p=p,
        ),
        ep(
            date(2024, 8, 10),
            date(2025, 2, 3),
            "P",
            "C2",
            urn="1234567",
            provider="PR4",
            postcode="NE1 4XF",
            p=p,
            change="CHILD",
        ),
        ep(
            date(2025, 2, 3),
            date(2025, 5, 12),
            "P",
            "C2",
            place="K2",
            provider="PR4",
            postcode="SR2 7HJ",
            urn="SC654321",
            p=p,
            rec="E13",
        ),
    ]


# ---- which episodes and how ----------------------------------------------------------------------------


def test_every_episode_open_at_any_time_in_the_year_is_sent_in_order():
    rows = ssda903.episode_rows(child_ref="C1", episodes=list(reversed(chain())), year=Y2025)

    assert [r.DECOM for r in rows] == [
        date(2024, 1, 15),
        date(2024, 5, 20),
        date(2024, 8, 1),
        date(2024, 8, 10),
        date(2025, 2, 3),
    ]
    assert [r.RNE for r in rows] == ["P", "L", "P", "P", "P"]


def test_an_episode_that_ended_before_1_april_is_not_in_the_year():
    rows = ssda903.episode_rows(child_ref="C1", episodes=chain()[:1], year=Y2025)

    assert rows == []


def test_an_episode_that_ended_on_1_april_is_in_the_year():
    rows = ssda903.episode_rows(
        child_ref="C1", episodes=[ep(date(2024, 2, 1), date(2024, 4, 1), rec="E4A")], year=Y2025
    )

    assert [(r.DEC, r.REC) for r in rows] == [(date(2024, 4, 1), "E4A")]


def test_an_episode_that_ended_after_31_march_is_sent_as_open_without_dec_rec_or_change_reason():
    row = ssda903.episode_rows(child_ref="C1", episodes=chain(), year=Y2025)[-1]

    assert date(2025, 2, 3) == row.DECOM
    assert (row.DEC, row.REC, row.REASON_PLACE_CHANGE) == (None, "", "")


def test_an_episode_that_starts_after_31_march_waits_for_next_year():
    rows = ssda903.episode_rows(child_ref="C1", episodes=[ep(date(2025, 4, 1))], year=Y2025)

    assert rows == []
    assert (
        len(ssda903.episode_rows(child_ref="C1", episodes=[ep(date(2025, 4, 1))], year=CollectionYear(2026)))
        == 1
    )


def test_episodes_carry_x1_and_the_reason_for_the_placement_change_on_the_ending_episode():
    rows = ssda903.episode_rows(child_ref="C1", episodes=chain(), year=Y2025)

    assert [(r.REC, r.REASON_PLACE_CHANGE) for r in rows] == [
        ("X1", ""),
        ("X1", ""),
        ("X1", ""),
        ("X1", "CHILD"),
        ("", ""),
    ]


def test_the_category_of_need_and_home_postcode_come_from_the_period_of_care():
    rows = ssda903.episode_rows(child_ref="C1", episodes=chain(), year=Y2025)

    assert {(r.CIN, r.HOME_POST) for r in rows} == {("N1", "DH7 8XL")}


def test_a_temporary_placement_has_no_provider_and_no_urn():
    row = ssda903.episode_rows(child_ref="C1", episodes=chain(), year=Y2025)[2]

    assert (row.PLACE, row.PLACE_PROVIDER, row.URN, row.PL_POST) == ("T2", "", "", "LL55 4UR")


def test_short_breaks_send_no_postcodes_or_urn():
    row = ssda903.episode_rows(
        child_ref="C1",
        episodes=[ep(date(2024, 6, 7), date(2024, 6, 9), ls="V3", place="K2", rec="E4A")],
        year=Y2025,
    )[0]

    assert (row.LS, row.HOME_POST, row.PL_POST, row.URN, row.PLACE_PROVIDER) == ("V3", "", "", "", "PR1")


def test_a_placement_outside_england_has_no_urn():
    row = ssda903.episode_rows(
        child_ref="C1", episodes=[ep(date(2024, 6, 7), place="K2", outside_england=True)], year=Y2025
    )[0]

    assert row.URN == ""


def test_an_open_h5_placement_is_sent_as_k3_from_2024_25():
    episodes = [ep(date(2023, 6, 7), place="H5", provider="PR4")]

    assert ssda903.episode_rows(child_ref="C1", episodes=episodes, year=CollectionYear(2024))[0].PLACE == "H5"
    assert ssda903.episode_rows(child_ref="C1", episodes=episodes, year=Y2025)[0].PLACE == "K3"


def test_the_csv_row_has_the_exact_columns_and_dd_mm_yyyy_dates():
    row = ssda903.episode_rows(child_ref="C1", episodes=chain(), year=Y2025)[0].csv()

    assert list(row) == ssda903.EPISODE_COLUMNS
    assert row == {
        "CHILD": "C1",
        "DECOM": "15/01/2024",
        "RNE": "P",
        "LS": "C1",
        "CIN": "N1",
        "PLACE": "U6",
        "PLACE_PROVIDER": "PR4",
        "DEC": "20/05/2024",
        "REC": "X1",
        "REASON_PLACE_CHANGE": "",
        "HOME_POST": "DH7 8XL",
        "PL_POST": "NE1 4XF",
        "URN": "1234567",
    }


def test_the_year_is_named_by_the_year_it_ends():
    assert (Y2025.start, Y2025.end, str(Y2025)) == (date(2024, 4, 1), date(2025, 3, 31), "2024-25")
    assert CollectionYear.of(date(2025, 3, 31)) == Y2025
    assert CollectionYear.of(date(2025, 4, 1)) == CollectionYear(2026)


# ---- the chain rules ------------------------------------------------------------------------------------


def test_a_sound_chain_has_no_problems():
    assert chain_problems(chain()) == []


def test_a_gap_between_episodes_is_found():
    eps = chain()
    eps[1].start = date(2024, 1, 16)

    assert any("rules 388, 433" in p for p in chain_problems(eps))


def test_a_continuation_with_rne_s_is_found():
    eps = chain()
    eps[1].new_episode_reason = "S"

    assert any("rule 431" in p for p in chain_problems(eps))


def test_rne_l_with_a_changed_placement_is_found():
    eps = chain()
    eps[2].postcode = "NE2 1AA"

    assert any("rule 434" in p for p in chain_problems(eps))


def test_rne_p_without_a_changed_placement_is_found():
    eps = chain()
    eps[1].place, eps[1].postcode, eps[1].urn, eps[1].provider = "U6", "DH1 5AB", "SC123456", "PR1"

    assert any("rule 435" in p for p in chain_problems(eps))


def test_a_return_from_a_temporary_placement_to_somewhere_else_is_found():
    eps = chain()
    eps[4].postcode = "DH9 9ZZ"

    assert any("rule 383" in p for p in chain_problems(eps))


def test_a_placement_change_without_a_reason_is_found():
    eps = chain()
    eps[0].reason_place_change = ""

    assert any("rule 225" in p for p in chain_problems(eps))


def test_a_reason_for_a_change_into_a_temporary_placement_is_found():
    eps = chain()
    eps[2].reason_place_change = "CARPL"

    assert any("rule 226" in p for p in chain_problems(eps))


def test_a_period_that_ends_in_a_temporary_placement_is_found():
    eps = chain()[:4]
    eps[3].reason_ceased = "E4A"

    assert any("rule 381" in p for p in chain_problems(eps))


def test_an_open_episode_with_a_change_reason_is_found():
    eps = [ep(date(2024, 6, 1), change="CARPL")]

    assert any("rule 233" in p for p in chain_problems(eps))


# ---- reviews, missing, header ----------------------------------------------------------------------------


def test_reviews_held_in_the_year_are_sent_with_their_participation_code():
    reviews = [
        CareReview(held_on=d, participation=c)
        for d, c in [(date(2024, 3, 30), "PN1"), (date(2024, 6, 12), "PN5"), (date(2025, 4, 1), "PN1")]
    ]

    rows = ssda903.review_rows(
        child_ref="C1", dob=date(2012, 5, 17), reviews=reviews, episodes=chain(), year=Y2025
    )

    assert [r.csv() for r in rows] == [
        {"CHILD": "C1", "DOB": "17/05/2012", "REVIEW": "12/06/2024", "REVIEW_CODE": "PN5"}
    ]


def test_a_child_only_on_short_breaks_has_no_reviews_in_the_return():
    breaks = [ep(date(2024, 6, 7), date(2024, 6, 9), ls="V3", rec="E4A")]

    rows = ssda903.review_rows(
        child_ref="C1",
        dob=None,
        reviews=[CareReview(held_on=date(2024, 7, 1), participation="PN1")],
        episodes=breaks,
        year=Y2025,
    )

    assert rows == []


@dataclass
class M:
    kind: str
    started_at: datetime
    ended_at: datetime | None
    period_id: int | None


def aware(y, m, d, hh=12):
    return timezone.make_aware(datetime(y, m, d, hh))


def test_missing_rows_are_incidents_from_care_overlapping_the_year():
    missing = [
        M("M", aware(2024, 3, 20), aware(2024, 3, 25), 1),  # before the year
        M("A", aware(2024, 3, 30), aware(2024, 4, 2), 1),  # over 1 April
        M("M", aware(2024, 9, 1), aware(2024, 9, 2), None),  # from home
        M("M", aware(2025, 3, 30), aware(2025, 4, 3), 1),  # over 31 March
    ]

    rows = ssda903.missing_rows(child_ref="C1", dob=date(2012, 5, 17), missing=missing, year=Y2025)

    assert [(r.MISSING, r.MIS_START, r.MIS_END) for r in rows] == [
        ("A", date(2024, 3, 30), date(2024, 4, 2)),
        ("M", date(2025, 3, 30), None),
    ]
    assert list(rows[0].csv()) == ssda903.MISSING_COLUMNS


def test_a_missing_incident_late_at_night_is_dated_by_the_local_day():
    late = M("M", timezone.make_aware(datetime(2024, 7, 1, 0, 30)), None, 1)

    rows = ssda903.missing_rows(child_ref="C1", dob=None, missing=[late], year=Y2025)

    assert date(2024, 7, 1) == rows[0].MIS_START


def test_the_header_row_takes_the_child_and_blanks_motherhood_for_a_boy():
    girl = Person(
        la_child_id="A1", sex="F", date_of_birth=date(2009, 1, 2), ethnicity="WBRI", upn="", upn_unknown="UN4"
    )
    boy = Person(
        la_child_id="B1", sex="M", date_of_birth=date(2009, 1, 2), ethnicity="BAFR", upn="A123456789012"
    )

    assert ssda903.header_row(child=girl, mother=False).csv() == {
        "CHILD": "A1",
        "SEX": "F",
        "DOB": "02/01/2009",
        "ETHNIC": "WBRI",
        "UPN": "UN4",
        "MOTHER": "0",
        "MC_DOB": "",
    }
    assert ssda903.header_row(child=boy, mother=True).MOTHER == ""


@pytest.mark.parametrize(
    ("episodes", "expected"),
    [
        ([ep(date(2023, 11, 6))], True),
        ([ep(date(2024, 5, 1))], False),
        ([ep(date(2023, 11, 6), date(2024, 10, 1), rec="E4A")], False),
        ([ep(date(2023, 11, 6), ls="V4")], False),
        ([ep(date(2020, 1, 1), date(2023, 1, 1), rec="E4A")], False),
    ],
)
def test_continuously_looked_after_for_the_year_follows_the_dfe_definition(episodes, expected):
    assert ssda903.continuously_looked_after(episodes, Y2025) is expected


def test_a_girl_only_on_short_breaks_has_no_motherhood_fields():
    girl = Person(
        la_child_id="A1", sex="F", date_of_birth=date(2012, 1, 2), ethnicity="WBRI", upn="A123456789012"
    )

    assert ssda903.header_row(child=girl, mother=False, short_breaks_only=True).MOTHER == ""
