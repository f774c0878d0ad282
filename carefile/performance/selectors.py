"""Reads for the performance pages: the statutory indicators by month, the operational figures of today, and the
children behind each figure.

Query counts do not grow with the council: the facts are read once for the whole window (about ten queries,
`facts_db.facts`) and every month's figure is computed from them in memory; each operational figure is one or
two aggregate queries.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from carefile.workforce.models import Allocation, AllocationRole, Contract, Role, Staff, Team

from . import facts_db
from .facts import Facts, Period, months_before
from .indicators import INDICATORS, Outcome, percentage
from .workdays import working_days

# The statutory figures the dashboards show, in order (every key is available to the command and drill-down).
DASHBOARD_KEYS = [
    "referrals",
    "re_referrals_12m_pct",
    "referrals_nfa_pct",
    "assessments_authorised",
    "assessments_within_45wd_pct",
    "s47_started",
    "icpc_held",
    "icpc_within_15wd_pct",
    "cpp_started",
    "cpp_open_at_end",
    "cpp_second_or_subsequent_pct",
    "cpp_ended_2y_plus_pct",
    "cla_at_end",
    "cla_started",
    "cla_ceased",
    "cla_3plus_placements_pct",
    "cla_missing_children",
]

# What the drill-down list of each figure shows.
DRILL_LABELS = {
    "referrals": "Children referred",
    "re_referrals_12m_pct": "Children re-referred within 12 months",
    "referrals_nfa_pct": "Children whose referral ended in no further action",
    "assessments_authorised": "Children whose assessment was completed",
    "assessments_within_45wd_pct": "Children whose assessment took more than 45 working days",
    "s47_started": "Children with a section 47 enquiry started",
    "icpc_held": "Children with an initial child protection conference",
    "icpc_within_15wd_pct": "Children whose initial conference was more than 15 working days after the strategy discussion",
    "cpp_started": "Children whose child protection plan started",
    "cpp_open_at_end": "Children on a child protection plan",
    "cpp_second_or_subsequent_pct": "Children on a second or subsequent plan",
    "cpp_ended": "Children whose plan ended",
    "cpp_ended_2y_plus_pct": "Children whose plan lasted two years or more",
    "cla_at_end": "Children looked after",
    "cla_started": "Children who started to be looked after",
    "cla_ceased": "Children who ceased to be looked after",
    "cla_3plus_placements_pct": "Children looked after with three or more placements in 12 months",
    "cla_missing_children": "Looked-after children who went missing",
    "care_leavers_in_touch_pct": "Care leavers aged 19 to 21 not in touch",
    "care_leavers_suitable_accommodation_pct": "Care leavers aged 19 to 21 not known to be in suitable accommodation",
    "care_leavers_eet_pct": "Care leavers aged 19 to 21 not in education, employment or training",
    "care_leavers_17_18_in_touch_pct": "Care leavers aged 17 or 18 not in touch",
    "care_leavers_17_18_suitable_accommodation_pct": "Care leavers aged 17 or 18 not known to be in suitable accommodation",
    "care_leavers_17_18_eet_pct": "Care leavers aged 17 or 18 not in education, employment or training",
    "cin_rate_per_10k": "Children in need at the end of the period",
    "cpp_rate_per_10k": "Children on a child protection plan",
    "cla_rate_per_10k": "Children looked after",
    "clocks_overdue": "Children with an overdue statutory clock",
    "visits_on_time_pct": "Children whose visit is overdue",
    "seen_alone_pct": "Children seen in the last 3 months but not seen alone",
    "children_3plus_workers": "Children with three or more social workers in 12 months",
    "return_interviews_72h_pct": "Children whose return home interview was not offered within 72 hours",
}


OPERATIONAL_LABELS = {
    "clocks_overdue": "Children with an overdue statutory clock",
    "visits_on_time_pct": "Children whose visits are on time",
    "seen_alone_pct": "Children seen alone (of those seen in 3 months)",
    "children_3plus_workers": "Children with 3 or more social workers in 12 months",
    "return_interviews_72h_pct": "Return home interviews offered within 72 hours",
    "workers_over_cap_pct": "Workers over their caseload cap",
    "agency_rate_pct": "Agency social workers (share of FTE)",
    "vacancy_rate_pct": "Vacancy rate",
}


def label_for(key: str) -> str:
    return INDICATORS[key].label if key in INDICATORS else OPERATIONAL_LABELS.get(key, key)


def team_by_ref(ref: str) -> Team | None:
    if ref.isdigit():
        return Team.objects.filter(pk=int(ref)).first()
    return Team.objects.filter(name=ref).first()


def compute(facts: Facts, keys=None, wd=None) -> dict[str, Outcome]:
    wd = wd if wd is not None else working_days()
    return {key: INDICATORS[key].compute(facts, wd) for key in (keys or INDICATORS)}


# ---- months ----------------------------------------------------------------------------------------------


def last_months(today: date, n: int = 12) -> list[Period]:
    """The `n` calendar months up to and including today's (the current one runs to today)."""
    months = []
    y, m = today.year, today.month
    for _ in range(n):
        p = Period.month(y, m)
        months.append(Period(p.first, min(p.last, today)))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(months))


def period_for(ind, month: Period) -> Period:
    return Period.rolling_year(month.last) if ind.window == "year" else month


@dataclass
class Figure:
    key: str
    label: str
    kind: str
    outcome: Outcome
    series: list[tuple[Period, Outcome]] = field(default_factory=list)
    target: object = None
    better: str = ""
    drill: bool = True
    note: str = ""
    breakdown: list[tuple[str, int]] = field(default_factory=list)

    @property
    def value(self):
        return self.outcome.value

    @property
    def target_met(self):
        return self.target.met(self.value) if self.target is not None else None

    @property
    def unit_suffix(self) -> str:
        return "%" if self.kind == "pct" else ""


def statutory_figures(
    *, today: date, team=None, months: int = 12, keys=DASHBOARD_KEYS
) -> tuple[Period, list[Figure]]:
    """Each statutory figure for the 12 months to today, with its value for each of the last `months` months."""
    # Tens of thousands of small immutable facts: the cyclic garbage collector would walk them again and
    # again while they are built, for nothing (they hold no cycles). Reference counting still frees them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _statutory_figures(today=today, team=team, months=months, keys=keys)
    finally:
        if enabled:
            gc.enable()


def _statutory_figures(*, today, team, months, keys):
    headline = Period.rolling_year(today)
    month_periods = last_months(today, months)
    window = Period(months_before(month_periods[0].first, 12), today)
    # Child-in-need figures need only the episodes open in the months shown and the 12 months to today (an
    # earlier referral counts only if its episode is in the period's return); placements need 12 months more.
    all_facts = facts_db.facts(window, team=team, cin_from=min(headline.first, month_periods[0].first))
    wd = working_days()
    head_facts = all_facts.with_period(headline)
    per_month = [(p, all_facts.with_period(p)) for p in month_periods]
    figures = []
    for key in keys:
        ind = INDICATORS[key]
        series = []
        for p, f in per_month:
            if ind.window == "year":
                f = all_facts.with_period(period_for(ind, p))
            series.append((p, ind.compute(f, wd)))
        figures.append(
            Figure(key, ind.label, ind.kind, ind.compute(head_facts, wd), series, better=ind.better)
        )
    return headline, figures


# ---- operational figures (as at today) ------------------------------------------------------------------


def _day_end(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


def open_children(team=None):
    from carefile.people.models import Person

    qs = Person.objects.children().exclude(case_status="").filter(death_date__isnull=True)
    if team is not None:
        qs = qs.filter(responsible_team=team)
    return qs


def _clock_type(label: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "", label.split(":")[0])).strip().capitalize()


def clocks_overdue(*, today: date, team=None, holidays=None) -> tuple[Outcome, list[tuple[str, int]]]:
    from carefile.common.calendar import holiday_calendar
    from carefile.common.extensions import open_clocks

    holidays = holidays if holidays is not None else holiday_calendar()
    children = list(
        open_children(team).only(
            "pk", "kind", "case_status", "date_of_birth", "death_date", "responsible_team_id"
        )
    )
    by_type: dict[str, int] = defaultdict(int)
    late = set()
    for child_id, clocks in open_clocks(children, today, holidays).items():
        for c in clocks:
            if c.state.rag == "red":
                by_type[_clock_type(c.label)] += 1
                late.add(child_id)
    return Outcome(len(late), children=late), sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))


def visits_on_time(*, today: date, team=None, holidays=None) -> Outcome:
    from carefile.common.calendar import holiday_calendar
    from carefile.recording.selectors import visit_clocks

    holidays = holidays if holidays is not None else holiday_calendar()
    children = list(open_children(team).only("pk", "kind", "case_status", "date_of_birth", "death_date"))
    clocks = visit_clocks(children, today=today, holidays=holidays)
    late = {cid for cid, c in clocks.items() if c.state.rag == "red"}
    return Outcome(
        percentage(len(clocks) - len(late), len(clocks)), len(clocks) - len(late), len(clocks), late
    )


def seen_alone_series(
    *, today: date, team=None, months: list[Period]
) -> tuple[Outcome, list[tuple[Period, Outcome]]]:
    """Of the children seen on a visit in the last 3 months, those seen alone at least once; and by month
    (the children seen that month), in two queries."""
    from carefile.recording.models import Visit

    base = Visit.objects.filter(child_seen=True)
    if team is not None:
        base = base.filter(child__responsible_team=team)
    since = _day_end(months_before(today, 3))
    rows = (
        base.filter(visited_at__gte=since, visited_at__lt=_day_end(today))
        .values("child_id")
        .annotate(alone=Count("id", filter=Q(seen_alone=True)))
    )
    seen = {r["child_id"]: r["alone"] for r in rows}
    not_alone = {cid for cid, n in seen.items() if not n}
    head = Outcome(
        percentage(len(seen) - len(not_alone), len(seen)), len(seen) - len(not_alone), len(seen), not_alone
    )
    monthly = (
        base.filter(
            visited_at__gte=_day_end(months[0].first - timedelta(days=1)), visited_at__lt=_day_end(today)
        )
        .annotate(month=TruncMonth("visited_at"))
        .values("month", "child_id")
        .annotate(alone=Count("id", filter=Q(seen_alone=True)))
    )
    by_month: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for r in monthly:
        m = r["month"]
        slot = by_month[(m.year, m.month)]
        slot[1] += 1
        slot[0] += 1 if r["alone"] else 0
    series = []
    for p in months:
        n, d = by_month.get((p.first.year, p.first.month), [0, 0])
        series.append((p, Outcome(percentage(n, d), n, d)))
    return head, series


def children_with_many_workers(*, today: date, team=None, threshold: int = 3) -> Outcome:
    since = _day_end(months_before(today, 12))
    qs = Allocation.objects.filter(role=AllocationRole.SOCIAL_WORKER, start__lt=_day_end(today)).filter(
        Q(end__isnull=True) | Q(end__gte=since)
    )
    if team is not None:
        qs = qs.filter(child__responsible_team=team)
    ids = set(
        qs.values("child_id")
        .annotate(workers=Count("worker", distinct=True))
        .filter(workers__gte=threshold)
        .values_list("child_id", flat=True)
    )
    return Outcome(len(ids), children=ids)


def return_interviews(
    *, today: date, team=None, months: list[Period]
) -> tuple[Outcome, list[tuple[Period, Outcome]]]:
    """Returns from going missing in the 12 months to today whose 72 hours are over: offered in time?"""
    from carefile.care.models import MissingEpisode

    now = timezone.now()
    first = months[0].first if months else months_before(today, 12)
    start = min(first, months_before(today, 12) + timedelta(days=1))
    qs = MissingEpisode.objects.filter(
        ended_at__isnull=False,
        ended_at__gte=_day_end(start - timedelta(days=1)),
        ended_at__lt=_day_end(today),
    )
    if team is not None:
        qs = qs.filter(child__responsible_team=team)
    head_from = months_before(today, 12) + timedelta(days=1)
    total = hits = 0
    late = set()
    by_month: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for child_id, ended, offered in qs.values_list("child_id", "ended_at", "offered_at"):
        due = ended + timedelta(hours=72)
        if offered is None and due > now:
            continue  # still within its 72 hours
        ok = offered is not None and offered <= due
        day = timezone.localtime(ended).date()
        slot = by_month[(day.year, day.month)]
        slot[1] += 1
        slot[0] += ok
        if day >= head_from:
            total += 1
            hits += ok
            if not ok:
                late.add(child_id)
    series = []
    for p in months:
        n, d = by_month.get((p.first.year, p.first.month), [0, 0])
        series.append((p, Outcome(percentage(n, d), n, d)))
    return Outcome(percentage(hits, total), hits, total, late), series


def _staff_in_post(today: date, team=None):
    qs = Staff.objects.filter(role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER], start_date__lte=today).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gt=today)
    )
    if team is not None:
        qs = qs.filter(team=team)
    return qs


def caseloads(*, today: date, team=None) -> tuple[Outcome, list[dict]]:
    """Case-holding workers over their caseload cap (weighted, scaled by FTE), two queries."""
    from carefile.workforce.selectors import effective_cap, weighted_caseloads

    workers = list(_staff_in_post(today, team).select_related("team"))
    loads = weighted_caseloads(workers=workers, on=today)
    rows = []
    for w in workers:
        load, cap = loads.get(w.pk, Decimal(0)), effective_cap(w)
        rows.append({"worker": w, "load": load, "cap": cap, "over": load > cap})
    over = [r for r in rows if r["over"]]
    return Outcome(percentage(len(over), len(rows)), len(over), len(rows)), rows


def agency_rate(*, today: date, team=None) -> Outcome:
    """Agency FTE ÷ (agency + employed FTE) of the social workers and team managers in post (CSWW style)."""
    from django.db.models import Sum

    sums = _staff_in_post(today, team).aggregate(
        total=Sum("fte"), agency=Sum("fte", filter=Q(contract=Contract.AGENCY))
    )
    total, agency = sums["total"] or Decimal(0), sums["agency"] or Decimal(0)
    if not total:
        return Outcome(None, reason="No social workers in post")
    value = (Decimal(100) * agency / total).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    return Outcome(value, None, None)


NO_VACANCIES = "Carefile does not record funded posts (the establishment) yet, so vacancies cannot be counted"


def compute_operational(*, today: date, team=None, months: list[Period]) -> list[Figure]:
    """The practice and workforce figures computed live (the clock providers of every app: seconds on a
    large council; the dashboards read them from the day's `Snapshot`)."""
    from carefile.common.calendar import holiday_calendar

    holidays = holiday_calendar()
    clocks, by_type = clocks_overdue(today=today, team=team, holidays=holidays)
    seen_alone, seen_series = seen_alone_series(today=today, team=team, months=months)
    rhi, rhi_series = return_interviews(today=today, team=team, months=months)
    over_cap, _rows = caseloads(today=today, team=team)
    snapshot = "A snapshot of today: no monthly history is kept for this figure."
    return [
        Figure(
            "clocks_overdue",
            "Children with an overdue statutory clock",
            "count",
            clocks,
            better="lower",
            note=snapshot,
            breakdown=by_type,
        ),
        Figure(
            "visits_on_time_pct",
            "Children whose visits are on time",
            "pct",
            visits_on_time(today=today, team=team, holidays=holidays),
            better="higher",
            note=snapshot,
        ),
        Figure(
            "seen_alone_pct",
            "Children seen alone (of those seen in 3 months)",
            "pct",
            seen_alone,
            seen_series,
            better="higher",
        ),
        Figure(
            "children_3plus_workers",
            "Children with 3 or more social workers in 12 months",
            "count",
            children_with_many_workers(today=today, team=team),
            better="lower",
            note=snapshot,
        ),
        Figure(
            "return_interviews_72h_pct",
            "Return home interviews offered within 72 hours",
            "pct",
            rhi,
            rhi_series,
            better="higher",
        ),
        Figure(
            "workers_over_cap_pct",
            "Workers over their caseload cap",
            "pct",
            over_cap,
            better="lower",
            drill=False,
            note=snapshot,
        ),
        Figure(
            "agency_rate_pct",
            "Agency social workers (share of FTE)",
            "pct",
            agency_rate(today=today, team=team),
            better="lower",
            drill=False,
            note=snapshot,
        ),
        Figure("vacancy_rate_pct", "Vacancy rate", "pct", Outcome(None, reason=NO_VACANCIES), drill=False),
    ]


SNAPSHOT_KEYS = {
    "clocks_overdue",
    "visits_on_time_pct",
    "children_3plus_workers",
    "workers_over_cap_pct",
    "agency_rate_pct",
}
OPERATIONAL_DRILL = {
    "clocks_overdue",
    "visits_on_time_pct",
    "seen_alone_pct",
    "children_3plus_workers",
    "return_interviews_72h_pct",
}


def _enc(v):
    return str(v) if isinstance(v, Decimal) else v


def _dec(v, kind):
    if v is None:
        return None
    return Decimal(v) if kind == "pct" else int(v)


def snapshot_data(figures: list[Figure]) -> dict:
    return {
        f.key: {
            "kind": f.kind,
            "value": _enc(f.outcome.value),
            "numerator": f.outcome.numerator,
            "denominator": f.outcome.denominator,
            "reason": f.outcome.reason,
            "children": sorted(c for c in f.outcome.children if isinstance(c, int)),
            "breakdown": [list(b) for b in f.breakdown],
            "series": [[f"{p.first:%Y-%m}", _enc(o.value), o.numerator, o.denominator] for p, o in f.series],
        }
        for f in figures
    }


def _outcome(d: dict) -> Outcome:
    return Outcome(
        _dec(d["value"], d["kind"]), d["numerator"], d["denominator"], set(d["children"]), d["reason"]
    )


def snapshot(*, today: date, team=None, months: list[Period] | None = None):
    """Today's snapshot of the practice and workforce figures for the council or a team, taken now if there
    is none yet."""
    from . import services
    from .models import Snapshot

    row = Snapshot.objects.filter(on=today, team=team).first()
    if row is None:
        figures = compute_operational(today=today, team=team, months=months or last_months(today))
        row = services.save_snapshot(on=today, team=team, data=snapshot_data(figures), at=timezone.now())
    return row


def _history(*, team, months: list[Period]) -> dict[tuple[int, int], dict]:
    """The last snapshot of each month (two queries)."""
    from django.db.models import Max

    from .models import Snapshot

    scope = Snapshot.objects.filter(team=team, on__gte=months[0].first, on__lte=months[-1].last)
    last_days = [
        r["last"] for r in scope.annotate(month=TruncMonth("on")).values("month").annotate(last=Max("on"))
    ]
    return {
        (on.year, on.month): data for on, data in scope.filter(on__in=last_days).values_list("on", "data")
    }


def operational_figures(*, today: date, team=None, months: list[Period]) -> list[Figure]:
    row = snapshot(today=today, team=team, months=months)
    history = _history(team=team, months=months)
    figures = []
    for key, d in row.data.items():
        f = Figure(
            key,
            label_for(key),
            d["kind"],
            _outcome(d),
            better=INDICATORS[key].better if key in INDICATORS else "",
        )
        f.breakdown = [tuple(b) for b in d["breakdown"]]
        f.drill = key in OPERATIONAL_DRILL
        if key in SNAPSHOT_KEYS:
            f.series = []
            for p in months:
                h = history.get((p.first.year, p.first.month), {}).get(key)
                f.series.append((p, _outcome(h) if h else Outcome(None)))
            f.note = f"Taken each day (this one at {timezone.localtime(row.taken_at):%H:%M on %-d %B %Y}); each month shows its last day's figure."
        else:
            by_month = {m: (v, n, dd) for m, v, n, dd in d["series"]}
            f.series = [
                (
                    p,
                    Outcome(
                        _dec(by_month.get(f"{p.first:%Y-%m}", (None,))[0], d["kind"]),
                        *by_month.get(f"{p.first:%Y-%m}", (None, None, None))[1:],
                    ),
                )
                for p in months
            ]
        f.better = BETTER.get(key, "")
        figures.append(f)
    return figures


BETTER = {
    "clocks_overdue": "lower",
    "visits_on_time_pct": "higher",
    "seen_alone_pct": "higher",
    "children_3plus_workers": "lower",
    "return_interviews_72h_pct": "higher",
    "workers_over_cap_pct": "lower",
    "agency_rate_pct": "lower",
}


def dashboard(*, today: date, team=None) -> dict:
    from .models import targets

    headline, figures = statutory_figures(today=today, team=team)
    months = [p for p, _ in figures[0].series] if figures else last_months(today)
    ops = operational_figures(today=today, team=team, months=months)
    all_targets = targets()
    for f in figures + ops:
        f.target = all_targets.get(f.key)
    return {"headline": headline, "months": months, "statutory": figures, "operational": ops}


# ---- drill-down ------------------------------------------------------------------------------------------


def parse_month(text: str | None) -> Period | None:
    if not text or not re.fullmatch(r"\d{4}-\d{2}", text):
        return None
    y, m = int(text[:4]), int(text[5:])
    if not 1 <= m <= 12:
        return None
    return Period.month(y, m)


def drill_children(*, key: str, today: date, month: Period | None = None) -> tuple[set[int], str]:
    """The ids of the children behind figure `key` (for the 12 months to today, or one month), and the period
    it covers, for the whole council; the page narrows it by team and worker."""
    if key in OPERATIONAL_DRILL:
        row = snapshot(today=today)
        return set(row.data.get(key, {}).get("children", [])), "today"
    ind = INDICATORS[key]
    if month is not None:
        month = Period(month.first, min(month.last, today))
        period = period_for(ind, month)
    else:
        period = Period.rolling_year(today)
    window = Period(months_before(period.first, 12), period.last)
    f = facts_db.facts(window, cin_from=period.first).with_period(period)
    out = ind.compute(f)
    return {c for c in out.children if isinstance(c, int)}, period.label


def children_list(*, ids, user, team=None, worker=None):
    """The children behind a figure that `user` may see, filtered; and how many restricted ones are hidden."""
    from carefile.people.models import Person

    qs = Person.objects.filter(pk__in=ids)
    if team is not None:
        qs = qs.filter(responsible_team=team)
    if worker is not None:
        qs = qs.filter(
            allocations__worker=worker,
            allocations__role=AllocationRole.SOCIAL_WORKER,
            allocations__end__isnull=True,
        )
    total = qs.count()
    visible = qs.filter(pk__in=Person.objects.visible_to(user).values("pk"))
    visible = (
        visible.select_related("responsible_team").order_by("family_name", "given_name", "id").distinct()
    )
    return visible, total - visible.count()


def current_workers(child_ids) -> dict[int, Staff]:
    rows = Allocation.objects.filter(
        child_id__in=list(child_ids), role=AllocationRole.SOCIAL_WORKER, end__isnull=True
    ).select_related("worker")
    return {a.child_id: a.worker for a in rows}
