"""Hand-computed figures for every indicator of specs/indicators.md, on small facts datasets: bank holidays,
the edges of the collection year (31 March / 1 April), calendar-month rules and rounding."""

from datetime import date
from decimal import Decimal

import pytest

from carefile.common.workdays import england_bank_holidays
from carefile.performance.facts import (
    S47,
    Assessment,
    CareEpisode,
    CareLeaverRow,
    CinEpisode,
    Facts,
    MissingIncident,
    Period,
    Plan,
    months_before,
    years_after,
)
from carefile.performance.indicators import INDICATORS, STATUTORY_KEYS, as_json, compute_all, percentage
from carefile.performance.workdays import OutsideHolidayTable, WorkingDays

WD = WorkingDays(england_bank_holidays(range(2015, 2031)), 2015, 2030)
Y2024, Y2025 = Period.collection_year(2024), Period.collection_year(2025)


def value(key, facts):
    return INDICATORS[key].compute(facts, WD).value


def test_every_key_of_the_spec_is_computed_in_order():
    spec = [
        "referrals", "re_referrals_12m_pct", "referrals_nfa_pct", "assessments_authorised",
        "assessments_within_45wd_pct", "s47_started", "icpc_held", "icpc_within_15wd_pct", "cpp_started",
        "cpp_open_at_end", "cpp_second_or_subsequent_pct", "cpp_ended", "cpp_ended_2y_plus_pct", "cla_at_end",
        "cla_started", "cla_ceased", "cla_3plus_placements_pct", "cla_missing_children",
        "care_leavers_in_touch_pct", "care_leavers_suitable_accommodation_pct", "care_leavers_eet_pct",
        "care_leavers_17_18_in_touch_pct", "care_leavers_17_18_suitable_accommodation_pct",
        "care_leavers_17_18_eet_pct",
    ]  # fmt: skip
    assert spec == STATUTORY_KEYS


def test_percentages_round_half_up_exactly():
    assert percentage(49, 400) == Decimal("12.3")  # 12.25
    assert percentage(1, 16) == Decimal("6.3")  # 6.25
    assert percentage(1, 3) == Decimal("33.3")
    assert percentage(0, 0) is None


def test_working_days_follow_the_spec_examples_and_fail_outside_the_table():
    assert WD.between(date(2023, 1, 6), date(2023, 1, 9)) == 1
    assert WD.between(date(2023, 4, 7), date(2023, 4, 11)) == 1
    assert WD.between(date(2023, 1, 2), date(2023, 1, 7)) == 4
    assert WD.between(date(2023, 1, 9), date(2023, 1, 9)) == 0
    assert WD.between(date(2023, 1, 10), date(2023, 1, 9)) == 0
    with pytest.raises(OutsideHolidayTable):
        WD.between(date(2030, 12, 1), date(2031, 1, 5))


def test_calendar_month_rules():
    assert months_before(date(2025, 2, 28), 12) == date(2024, 2, 28)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert years_after(date(2020, 2, 29), 2) == date(2022, 2, 28)
    assert Period.rolling_year(date(2025, 3, 31)) == Y2025


def ep(child, referral, **kw):
    return CinEpisode(child=child, referral_date=referral, **kw)


def test_referrals_count_the_year_edges_and_nfa():
    facts = Facts(
        Y2025,
        cin=[
            ep("a", date(2024, 3, 31), closure_date=date(2024, 5, 1)),  # before the year, open in it
            ep("b", date(2024, 4, 1), nfa=True, closure_date=date(2024, 4, 1)),
            ep("c", date(2025, 3, 31)),
            ep("d", date(2025, 4, 1)),  # after the year
        ],
    )
    assert value("referrals", facts) == 2
    assert value("referrals_nfa_pct", facts) == Decimal("50.0")


def test_re_referrals_use_the_calendar_rule_and_only_episodes_in_the_return():
    facts = Facts(
        Y2025,
        cin=[
            # exactly 12 months after the previous referral: counts
            ep("a", date(2023, 5, 15), closure_date=date(2024, 4, 2)),
            ep("a", date(2024, 5, 15)),
            # previous episode closed before the year: not in the return, so not seen
            ep("b", date(2023, 6, 1), closure_date=date(2024, 1, 20)),
            ep("b", date(2024, 5, 31), closure_date=date(2024, 6, 1)),
            # 12 months and a day: does not count
            ep("c", date(2023, 5, 14), closure_date=date(2024, 4, 30)),
            ep("c", date(2024, 5, 15), closure_date=date(2024, 6, 1)),
            # an earlier NFA referral in the year counts as a previous one
            ep("d", date(2024, 7, 1), nfa=True, closure_date=date(2024, 7, 1)),
            ep("d", date(2024, 9, 1)),
        ],
    )
    out = INDICATORS["re_referrals_12m_pct"].compute(facts, WD)
    # referrals in the year: a, b, c, d(Jul), d(Sep) = 5; re-referrals: a, d(Sep) = 2
    assert (out.numerator, out.denominator, out.value) == (2, 5, Decimal("40.0"))


def test_assessments_within_45_working_days_of_referral_across_bank_holidays():
    # Referral Monday 3 April 2023. 45 working days, skipping Good Friday, Easter Monday, 1 May, the
    # coronation holiday (8 May) and the spring bank holiday (29 May), end on Monday 12 June 2023.
    facts = Facts(
        Y2024,
        cin=[
            ep("a", date(2023, 4, 3), assessments=(Assessment(date(2023, 4, 3), date(2023, 6, 12)),)),
            ep("b", date(2023, 4, 3), assessments=(Assessment(date(2023, 4, 4), date(2023, 6, 13)),)),
            # second assessment in an episode referred before the year: timed from the referral
            ep(
                "c",
                date(2023, 1, 10),
                assessments=(
                    Assessment(date(2023, 1, 10), date(2023, 2, 1)),
                    Assessment(date(2023, 3, 1), date(2023, 4, 1)),
                ),
            ),
            ep("d", date(2024, 3, 1), assessments=(Assessment(date(2024, 3, 2), None),)),  # open: excluded
        ],
    )
    assert value("assessments_authorised", facts) == 3  # a, b and c's second
    out = INDICATORS["assessments_within_45wd_pct"].compute(facts, WD)
    assert (out.numerator, out.denominator, out.value) == (1, 3, Decimal("33.3"))


def test_s47_and_conferences_within_15_working_days_from_a_weekend_strategy_discussion():
    # Enquiry started on Saturday 23 December 2023: 25, 26 December and 1 January are bank holidays, so the
    # 15th working day is Wednesday 17 January 2024.
    facts = Facts(
        Y2024,
        cin=[
            ep("a", date(2023, 12, 20), s47=(S47(date(2023, 12, 23), date(2024, 1, 17)),)),
            ep("b", date(2023, 12, 20), s47=(S47(date(2023, 12, 23), date(2024, 1, 18)),)),
            # started before the year, conference in it: counted in ICPCs and in the timeliness
            ep("c", date(2023, 3, 20), s47=(S47(date(2023, 3, 24), date(2023, 4, 3)),)),
            # conference dated before the enquiry started: counted as held, not timed
            ep("d", date(2023, 6, 1), s47=(S47(date(2023, 6, 10), date(2023, 6, 9)),)),
            # transfer-in conference at episode level
            ep("e", date(2023, 9, 1), initial_cpc=date(2023, 9, 12)),
            # conference after the year
            ep("f", date(2024, 3, 20), s47=(S47(date(2024, 3, 25), date(2024, 4, 2)),)),
        ],
    )
    assert value("s47_started", facts) == 4  # a, b, d, f
    assert value("icpc_held", facts) == 5  # a, b, c, d, e
    out = INDICATORS["icpc_within_15wd_pct"].compute(facts, WD)
    # timed: a (15), b (16), c (Fri 24 Mar to Mon 3 Apr 2023 = 6) -> 2 of 3
    assert (out.numerator, out.denominator, out.value) == (2, 3, Decimal("66.7"))


def test_child_protection_plans():
    facts = Facts(
        Y2025,
        cin=[
            ep(
                "a",
                date(2024, 1, 1),
                plans=(Plan(date(2024, 3, 31), date(2024, 9, 1)), Plan(date(2024, 10, 1))),
            ),
            ep("b", date(2024, 4, 1), plans=(Plan(date(2024, 4, 1), date(2025, 3, 31), previous=1),)),
            ep("c", date(2022, 6, 1), plans=(Plan(date(2022, 6, 15), date(2024, 6, 15)),)),  # exactly 2 years
            ep("d", date(2022, 6, 1), plans=(Plan(date(2022, 6, 16), date(2024, 6, 15)),)),  # a day short
            ep(
                "e", date(2025, 3, 1), plans=(Plan(date(2025, 3, 31), date(2025, 4, 1)),)
            ),  # ends after the year
        ],
    )
    assert value("cpp_started", facts) == 3  # a's second, b, e
    assert value("cpp_open_at_end", facts) == 2  # a's second, e (b ended on 31 March)
    out = INDICATORS["cpp_second_or_subsequent_pct"].compute(facts, WD)
    assert (out.numerator, out.denominator, out.value) == (
        2,
        3,
        Decimal("66.7"),
    )  # a (earlier plan), b (previous)
    assert value("cpp_ended", facts) == 4  # a's first, b, c, d
    assert value("cpp_ended_2y_plus_pct", facts) == Decimal("25.0")  # c only


def ce(child, decom, rne, place="U4", dec=None, rec="", ls="C2", post="AB1 1AA", urn="SC1"):
    return CareEpisode(child, decom, rne, ls, place, post, urn, dec, rec)


def test_looked_after_counts_and_placement_stability():
    facts = Facts(
        Y2025,
        cla=[
            # x: in care since February 2024; a temporary move and back does not count; a legal change does not
            ce("x", date(2024, 2, 1), "S", dec=date(2024, 6, 1), rec="X1"),
            ce("x", date(2024, 6, 1), "P", place="T1", post="", urn="", dec=date(2024, 6, 5), rec="X1"),
            ce("x", date(2024, 6, 5), "P", dec=date(2024, 8, 1), rec="X1"),
            ce("x", date(2024, 8, 1), "L", ls="E1", dec=date(2024, 9, 1), rec="X1"),
            ce("x", date(2024, 9, 1), "P", place="K2", post="CD2 2BB", urn="SC2"),
            # y: three placements in the year (S, P, B); started in the year
            ce("y", date(2024, 5, 1), "S", dec=date(2024, 7, 1), rec="X1"),
            ce(
                "y",
                date(2024, 7, 1),
                "P",
                place="U6",
                post="EF3 3CC",
                urn="",
                dec=date(2024, 11, 1),
                rec="X1",
            ),
            ce("y", date(2024, 11, 1), "B", place="K2", post="GH4 4DD", urn="SC3"),
            # w: ceased on 31 March: not looked after at the end, counted as ceased
            ce("w", date(2024, 4, 1), "S", dec=date(2025, 3, 31), rec="E4A"),
            # z: short breaks only: ignored
            ce("z", date(2024, 6, 1), "S", ls="V3", dec=date(2024, 6, 3), rec="E8"),
            # v: started twice in the year, looked after at the end; ceased once
            ce("v", date(2024, 4, 10), "S", dec=date(2024, 5, 10), rec="E13"),
            ce("v", date(2024, 12, 1), "S"),
        ],
        missing=[
            MissingIncident("x", "M", date(2024, 4, 1)),
            MissingIncident("x", "M", date(2024, 5, 1)),
            MissingIncident("y", "A", date(2024, 6, 1)),  # away: not counted
            MissingIncident("v", "M", date(2024, 3, 31)),  # before the year
        ],
    )
    assert value("cla_at_end", facts) == 3  # x, y, v
    assert value("cla_started", facts) == 3  # y, w, v (once)
    assert value("cla_ceased", facts) == 2  # w, v
    out = INDICATORS["cla_3plus_placements_pct"].compute(facts, WD)
    assert (out.numerator, out.denominator, out.value) == (1, 3, Decimal("33.3"))  # y only; x has 2
    assert value("cla_missing_children", facts) == 1


def test_care_leaver_cohorts_by_age_on_31_march():
    rows = [
        CareLeaverRow("a", date(2006, 3, 31), "YES", "F1", "D1"),  # 19
        CareLeaverRow("b", date(2003, 4, 1), "YES", "G4", "U2"),  # 21 (22 on 1 April)
        CareLeaverRow("c", date(2003, 3, 31), "YES", "F1", "D1"),  # 22: out
        CareLeaverRow("d", date(2005, 6, 1), "NO", "0", "0"),  # 19, not in touch
        CareLeaverRow("e", date(2007, 4, 1), "YES", "P2", "Z1"),  # 17
        CareLeaverRow("f", date(2006, 4, 1), "REFU", "0", "0"),  # 18
    ]
    facts = Facts(Y2025, care_leavers=rows)
    assert value("care_leavers_in_touch_pct", facts) == Decimal("66.7")
    assert value("care_leavers_suitable_accommodation_pct", facts) == Decimal("33.3")
    assert value("care_leavers_eet_pct", facts) == Decimal("33.3")
    assert value("care_leavers_17_18_in_touch_pct", facts) == Decimal("50.0")
    assert value("care_leavers_17_18_suitable_accommodation_pct", facts) == Decimal("50.0")
    assert value("care_leavers_17_18_eet_pct", facts) == Decimal("50.0")


def test_missing_families_give_null_with_a_reason_and_every_key_is_output():
    facts = Facts(Y2025, cin=[], reasons={"care_leavers": "No OC3 records"})
    out = as_json(compute_all(facts, wd=WD))
    assert set(STATUTORY_KEYS) <= set(out)
    assert out["referrals"] == 0
    assert out["referrals_nfa_pct"] is None
    assert out["reasons"]["referrals_nfa_pct"] == "No referrals to count in 2024-25 (the denominator is 0)"
    assert out["care_leavers_in_touch_pct"] is None
    assert out["reasons"]["care_leavers_in_touch_pct"] == "No OC3 records"
    assert out["cla_at_end"] is None and out["reasons"]["cla_at_end"]
    assert out["cin_rate_per_10k"] is None


def test_rates_per_10000_when_the_population_is_set():
    facts = Facts(
        Y2025,
        cin=[ep("a", date(2024, 5, 1)), ep("b", date(2024, 5, 1), nfa=True, closure_date=date(2024, 5, 1))],
        cla=[],
        child_population=30000,
    )
    assert value("cin_rate_per_10k", facts) == Decimal("0.3")
