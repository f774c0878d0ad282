"""The statutory indicators of specs/indicators.md: one function per key, each a pure function of `Facts`.

Each returns an `Outcome`: the value (an int count, a `Decimal` percentage rounded half-up to one place,
or None), the numerator and denominator of a percentage, the children behind the figure (for drill-down)
and, when the value cannot be computed, the reason. Every function applies `facts.period` itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .facts import CareEpisode, Facts, months_before, years_after
from .workdays import WorkingDays, working_days

ONE_PLACE = Decimal("0.1")


def percentage(numerator: int, denominator: int) -> Decimal | None:
    """100 × n / d to one decimal place, halves up, exactly; None when d is 0."""
    if not denominator:
        return None
    return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(
        ONE_PLACE, rounding=ROUND_HALF_UP
    )


def rate_per_10k(count: int, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (Decimal(10_000) * Decimal(count) / Decimal(population)).quantize(
        ONE_PLACE, rounding=ROUND_HALF_UP
    )


@dataclass
class Outcome:
    value: int | Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    # Who is behind the figure: database ids where the facts came from the database, else return ids.
    children: set = field(default_factory=set)
    reason: str = ""

    def json_value(self):
        if isinstance(self.value, Decimal):
            return float(self.value)
        return self.value


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    kind: str  # count, pct or rate
    family: str  # cin, cla, missing, care_leavers or population
    fn: Callable[[Facts, WorkingDays], Outcome]
    better: str = ""  # "higher", "lower" or "" (neither)
    window: str = "period"  # "period": a month is meaningful; "year": needs 12 months (placements)
    stock: bool = False  # a count at the end of the period, not during it

    def compute(self, facts: Facts, wd: WorkingDays | None = None) -> Outcome:
        rows = getattr(facts, self.family if self.family != "population" else "cin")
        if rows is None:
            return Outcome(
                None, reason=facts.reasons.get(self.family, f"No {FAMILY_NAMES[self.family]} records")
            )
        if self.family == "population" and not facts.child_population:
            return Outcome(
                None, reason=facts.reasons.get("population", "No child population (ONS 0-17) is set")
            )
        out = self.fn(facts, wd if wd is not None else working_days())
        if out.value is None and not out.reason and out.denominator == 0:
            out.reason = f"No {self.unit} to count in {facts.period.label} (the denominator is 0)"
        return out


FAMILY_NAMES = {
    "cin": "children-in-need (CIN census)",
    "cla": "looked-after (SSDA903 episodes)",
    "missing": "missing-from-care (SSDA903 Missing)",
    "care_leavers": "care leaver (SSDA903 OC3)",
    "population": "population",
}

INDICATORS: dict[str, Indicator] = {}


def indicator(key, label, unit, kind, family, *, better="", window="period", stock=False):
    def register(fn):
        INDICATORS[key] = Indicator(key, label, unit, kind, family, fn, better, window, stock)
        return fn

    return register


def _pct(hits: Iterable, total: Iterable, children: set) -> Outcome:
    hits, total = list(hits), list(total)
    return Outcome(percentage(len(hits), len(total)), len(hits), len(total), children)


def _ids(items) -> set:
    return {i.child_pk if i.child_pk is not None else i.child for i in items}


# ---- CIN census ----------------------------------------------------------------------------------------


def _in_return(facts: Facts):
    """CINdetails in the period's return: referred by its last day and not closed before its first."""
    p = facts.period
    return facts.memo(
        "cin_in_return", lambda: [e for e in facts.cin if p.overlaps(e.referral_date, e.closure_date)]
    )


def _dated(facts: Facts, name: str, rows):
    """The items of `rows()` ((date, item) pairs, built once for every period of these facts) whose date is in
    the period: a bisect on a sorted index."""
    index = facts.index(name, lambda: sorted((r for r in rows() if r[0] is not None), key=_first))
    days = facts.index(name + ":days", lambda: [r[0] for r in index])
    lo, hi = bisect_left(days, facts.period.first), bisect_right(days, facts.period.last)
    return [r[1] for r in index[lo:hi]]


def _first(r):
    return r[0]


def _referrals(facts: Facts):
    return facts.memo(
        "referrals", lambda: _dated(facts, "referrals", lambda: [(e.referral_date, e) for e in facts.cin])
    )


@indicator("referrals", "Referrals received", "referrals", "count", "cin")
def referrals(facts, wd):
    eps = _referrals(facts)
    return Outcome(len(eps), children=_ids(eps))


@indicator("re_referrals_12m_pct", "Re-referrals within 12 months", "referrals", "pct", "cin", better="lower")
def re_referrals_12m_pct(facts, wd):
    def previous():
        by_child = defaultdict(list)
        for e in facts.cin:
            by_child[e.child].append(e)
        return {
            id(e): [
                p
                for p in by_child[e.child]
                if months_before(e.referral_date, 12) <= p.referral_date < e.referral_date
            ]
            for e in facts.cin
        }

    earlier = facts.index("earlier_referrals", previous)
    period = facts.period
    total = _referrals(facts)
    # The earlier referral must be in the period's return: its episode open at some time in the period.
    hits = [e for e in total if any(period.overlaps(p.referral_date, p.closure_date) for p in earlier[id(e)])]
    return _pct(hits, total, _ids(hits))


@indicator("referrals_nfa_pct", "Referrals with no further action", "referrals", "pct", "cin")
def referrals_nfa_pct(facts, wd):
    total = _referrals(facts)
    hits = [e for e in total if e.nfa]
    return _pct(hits, total, _ids(hits))


def _authorised(facts):
    """(episode, assessment) for each assessment authorised in the period."""
    return facts.memo(
        "authorised",
        lambda: _dated(
            facts, "authorised", lambda: [(a.authorised, (e, a)) for e in facts.cin for a in e.assessments]
        ),
    )


@indicator("assessments_authorised", "Assessments completed", "assessments", "count", "cin")
def assessments_authorised(facts, wd):
    rows = _authorised(facts)
    return Outcome(len(rows), children=_ids(e for e, _ in rows))


@indicator(
    "assessments_within_45wd_pct",
    "Assessments completed within 45 working days of referral",
    "assessments",
    "pct",
    "cin",
    better="higher",
)
def assessments_within_45wd_pct(facts, wd):
    rows = _authorised(facts)
    late = [(e, a) for e, a in rows if wd.between(e.referral_date, a.authorised) > 45]
    out = Outcome(percentage(len(rows) - len(late), len(rows)), len(rows) - len(late), len(rows))
    # The children to act on are those whose assessments took too long.
    out.children = _ids(e for e, _ in late)
    return out


def _s47s(facts):
    return [(e, s) for e in _in_return(facts) for s in e.s47]


@indicator("s47_started", "Section 47 enquiries started", "enquiries", "count", "cin")
def s47_started(facts, wd):
    rows = _dated(facts, "s47_start", lambda: [(s.start, (e, s)) for e in facts.cin for s in e.s47])
    return Outcome(len(rows), children=_ids(e for e, _ in rows))


@indicator("icpc_held", "Initial child protection conferences", "conferences", "count", "cin")
def icpc_held(facts, wd):
    rows = [e for e, s in _icpcs(facts)] + _dated(
        facts, "cin_icpc", lambda: [(e.initial_cpc, e) for e in facts.cin]
    )
    return Outcome(len(rows), children=_ids(rows))


def _icpcs(facts):
    return _dated(facts, "s47_icpc", lambda: [(s.icpc, (e, s)) for e in facts.cin for s in e.s47])


@indicator(
    "icpc_within_15wd_pct",
    "Initial conferences within 15 working days of the strategy discussion",
    "conferences",
    "pct",
    "cin",
    better="higher",
)
def icpc_within_15wd_pct(facts, wd):
    rows = [(e, s) for e, s in _icpcs(facts) if s.icpc >= s.start]
    late = [(e, s) for e, s in rows if wd.between(s.start, s.icpc) > 15]
    out = Outcome(percentage(len(rows) - len(late), len(rows)), len(rows) - len(late), len(rows))
    out.children = _ids(e for e, _ in late)
    return out


def _plans(facts):
    """Plans in the period's return: started by its last day and not ended before its first."""
    everything = facts.index("plans", lambda: [(e, pl) for e in facts.cin for pl in e.plans])
    p = facts.period
    return facts.memo("plans", lambda: [(e, pl) for e, pl in everything if p.overlaps(pl.start, pl.end)])


def _started(facts):
    return _dated(facts, "plan_start", lambda: [(pl.start, (e, pl)) for e in facts.cin for pl in e.plans])


@indicator("cpp_started", "Child protection plans started", "plans", "count", "cin")
def cpp_started(facts, wd):
    rows = _started(facts)
    return Outcome(len(rows), children=_ids(e for e, _ in rows))


@indicator("cpp_open_at_end", "Child protection plans open at the end", "plans", "count", "cin", stock=True)
def cpp_open_at_end(facts, wd):
    last = facts.period.last
    rows = [(e, pl) for e, pl in _plans(facts) if pl.start <= last and (pl.end is None or pl.end > last)]
    return Outcome(len(rows), children=_ids(e for e, _ in rows))


@indicator(
    "cpp_second_or_subsequent_pct",
    "Plans started that were a second or subsequent plan",
    "plans",
    "pct",
    "cin",
    better="lower",
)
def cpp_second_or_subsequent_pct(facts, wd):
    starts = defaultdict(list)
    for e, pl in _plans(facts):
        starts[e.child].append(pl.start)
    total = _started(facts)
    hits = [(e, pl) for e, pl in total if pl.previous > 0 or any(s < pl.start for s in starts[e.child])]
    return _pct(hits, total, _ids(e for e, _ in hits))


def _ended(facts):
    return _dated(facts, "plan_end", lambda: [(pl.end, (e, pl)) for e in facts.cin for pl in e.plans])


@indicator("cpp_ended", "Child protection plans ended", "plans", "count", "cin")
def cpp_ended(facts, wd):
    rows = _ended(facts)
    return Outcome(len(rows), children=_ids(e for e, _ in rows))


@indicator(
    "cpp_ended_2y_plus_pct",
    "Plans ended that had lasted two years or more",
    "plans",
    "pct",
    "cin",
    better="lower",
)
def cpp_ended_2y_plus_pct(facts, wd):
    total = _ended(facts)
    hits = [(e, pl) for e, pl in total if pl.end >= years_after(pl.start, 2)]
    return _pct(hits, total, _ids(e for e, _ in hits))


# ---- SSDA903 -------------------------------------------------------------------------------------------


def _cla_rows(facts) -> list[CareEpisode]:
    """Non-short-break episodes open at some time in the period."""
    p = facts.period
    return facts.memo(
        "cla", lambda: [e for e in facts.cla if not e.short_break and p.overlaps(e.decom, e.dec)]
    )


def _open_at_end(facts) -> list[CareEpisode]:
    last = facts.period.last
    return [e for e in _cla_rows(facts) if e.decom <= last and (e.dec is None or e.dec > last)]


@indicator("cla_at_end", "Children looked after at the end", "children", "count", "cla", stock=True)
def cla_at_end(facts, wd):
    return Outcome(len({e.child for e in _open_at_end(facts)}), children=_ids(_open_at_end(facts)))


@indicator("cla_started", "Children who started to be looked after", "children", "count", "cla")
def cla_started(facts, wd):
    rows = [e for e in _cla_rows(facts) if e.rne == "S" and e.decom in facts.period]
    return Outcome(len({e.child for e in rows}), children=_ids(rows))


@indicator("cla_ceased", "Children who ceased to be looked after", "children", "count", "cla")
def cla_ceased(facts, wd):
    rows = [e for e in _cla_rows(facts) if e.dec in facts.period and e.rec and e.rec != "X1"]
    return Outcome(len({e.child for e in rows}), children=_ids(rows))


def placements_in_period(episodes: list[CareEpisode]) -> int:
    """Placements of one child in the period (indicators §2, steps 1-5), from its in-period episodes."""
    count = 0
    before = None  # the episode before this one (temporary or not)
    last_real = None  # the last non-temporary episode
    for e in sorted((e for e in episodes if not e.short_break), key=lambda e: e.decom):
        if e.temporary:
            before = e
            continue
        if last_real is None:
            count = 1
        elif e.rne in {"P", "B", "S"}:
            returns = (
                e.rne == "P"
                and before is not None
                and before.temporary
                and (e.place, e.pl_post, e.urn) == (last_real.place, last_real.pl_post, last_real.urn)
            )
            count += 0 if returns else 1
        before = last_real = e
    return count


@indicator(
    "cla_3plus_placements_pct",
    "Children looked after with three or more placements in the year",
    "children",
    "pct",
    "cla",
    better="lower",
    window="year",
)
def cla_3plus_placements_pct(facts, wd):
    at_end = {e.child: e for e in _open_at_end(facts)}
    by_child = defaultdict(list)
    for e in _cla_rows(facts):
        if e.child in at_end:
            by_child[e.child].append(e)
    hits = [at_end[c] for c, eps in by_child.items() if placements_in_period(eps) >= 3]
    return _pct(hits, at_end, _ids(hits))


@indicator("cla_missing_children", "Looked-after children who went missing", "children", "count", "missing")
def cla_missing_children(facts, wd):
    rows = [m for m in facts.missing if m.kind == "M" and m.start in facts.period]
    return Outcome(len({m.child for m in rows}), children=_ids(rows))


# ---- care leavers (OC3) --------------------------------------------------------------------------------


def _age(dob: date | None, on: date) -> int | None:
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _cohort(facts, ages):
    return [r for r in facts.care_leavers if _age(r.dob, facts.period.last) in ages]


EET = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}


def _leaver(key, label, ages, test):
    def fn(facts, wd):
        total = _cohort(facts, ages)
        misses = [r for r in total if not test(r)]
        out = _pct([r for r in total if test(r)], total, _ids(misses))
        return out

    fn.__name__ = key
    indicator(key, label, "care leavers", "pct", "care_leavers", better="higher", window="year")(fn)
    return fn


def _in_touch(r):
    return r.in_touch.strip().upper() == "YES"


def _suitable(r):
    code = r.accom.strip().upper()
    return len(code) == 2 and code.endswith("1")


def _eet(r):
    return r.activ.strip().upper() in EET


AGED_19_21, AGED_17_18 = {19, 20, 21}, {17, 18}
care_leavers_in_touch_pct = _leaver(
    "care_leavers_in_touch_pct", "Care leavers aged 19-21 in touch", AGED_19_21, _in_touch
)
care_leavers_suitable_accommodation_pct = _leaver(
    "care_leavers_suitable_accommodation_pct",
    "Care leavers aged 19-21 in suitable accommodation",
    AGED_19_21,
    _suitable,
)
care_leavers_eet_pct = _leaver(
    "care_leavers_eet_pct", "Care leavers aged 19-21 in education, employment or training", AGED_19_21, _eet
)
care_leavers_17_18_in_touch_pct = _leaver(
    "care_leavers_17_18_in_touch_pct", "Care leavers aged 17-18 in touch", AGED_17_18, _in_touch
)
care_leavers_17_18_suitable_accommodation_pct = _leaver(
    "care_leavers_17_18_suitable_accommodation_pct",
    "Care leavers aged 17-18 in suitable accommodation",
    AGED_17_18,
    _suitable,
)
care_leavers_17_18_eet_pct = _leaver(
    "care_leavers_17_18_eet_pct",
    "Care leavers aged 17-18 in education, employment or training",
    AGED_17_18,
    _eet,
)

# The keys of specs/indicators.md §4, in its order.
STATUTORY_KEYS = list(INDICATORS)


# ---- rates per 10,000 children (statutory-data §6.2), when the council sets its population --------------


@indicator(
    "cin_rate_per_10k", "Children in need per 10,000 children", "children", "rate", "population", stock=True
)
def cin_rate_per_10k(facts, wd):
    last = facts.period.last
    rows = [e for e in _in_return(facts) if not e.nfa and (e.closure_date is None or e.closure_date > last)]
    n = len({e.child for e in rows})
    return Outcome(rate_per_10k(n, facts.child_population), n, facts.child_population, _ids(rows))


@indicator(
    "cpp_rate_per_10k", "Children on a plan per 10,000 children", "children", "rate", "population", stock=True
)
def cpp_rate_per_10k(facts, wd):
    out = cpp_open_at_end(facts, wd)
    return Outcome(
        rate_per_10k(out.value, facts.child_population), out.value, facts.child_population, out.children
    )


@indicator(
    "cla_rate_per_10k",
    "Children looked after per 10,000 children",
    "children",
    "rate",
    "population",
    stock=True,
)
def cla_rate_per_10k(facts, wd):
    if facts.cla is None:
        return Outcome(None, reason=facts.reasons.get("cla", "No looked-after records"))
    out = cla_at_end(facts, wd)
    return Outcome(
        rate_per_10k(out.value, facts.child_population), out.value, facts.child_population, out.children
    )


def compute_all(
    facts: Facts, keys: Iterable[str] | None = None, wd: WorkingDays | None = None
) -> dict[str, Outcome]:
    wd = wd if wd is not None else working_days()
    return {key: INDICATORS[key].compute(facts, wd) for key in (keys or INDICATORS)}


def as_json(results: dict[str, Outcome]) -> dict:
    """One object {key: value}, every key present; a null that has a reason is explained under "reasons"."""
    values: dict = {k: o.json_value() for k, o in results.items()}
    values["reasons"] = {k: o.reason for k, o in results.items() if o.value is None and o.reason}
    return values
