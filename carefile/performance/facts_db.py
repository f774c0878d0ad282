"""Facts from the database, as the returns would carry them (CIN census CINdetails, SSDA903 Episodes and
Missing). A fixed number of queries for any size of council.

What goes in, and how, follows the builders the exports use: `carefile.protection.cin_census` (the ICPC
dates and NumberOfPreviousCPP: earlier plans here plus those recorded elsewhere) and
`carefile.care.ssda903.episode_row` (placement codes, URN and postcode blanking). The child is identified
as the returns identify them (LA child ID, else the record id), and carries its database id for drill-down.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from .facts import (
    S47,
    Assessment,
    CareEpisode,
    CareLeaverRow,
    CinEpisode,
    Facts,
    MissingIncident,
    Period,
    Plan,
)

NO_OC3 = "Carefile does not record care leavers' contact, activity and accommodation (SSDA903 OC3) yet"


def _aware(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _local(value: datetime | None):
    if value is None:
        return None
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _child_filter(prefix: str, team=None, children=None) -> Q:
    q = Q()
    if team is not None:
        q &= Q(**{f"{prefix}responsible_team": team})
    if children is not None:
        q &= Q(**{f"{prefix}in" if prefix else "pk__in": children})
    return q


def _ref(la_child_id, pk) -> str:
    return la_child_id or str(pk)


def cin_facts(period: Period, *, team=None, children=None) -> list[CinEpisode]:
    """Every child-in-need episode open at some time in `period`, with its assessments, enquiries,
    conferences and plans (six queries)."""
    from carefile.assessments.models import Assessment as AssessmentModel
    from carefile.frontdoor.models import Referral
    from carefile.protection.codes import ConferenceKind
    from carefile.protection.models import ChildProtectionPlan, Conference, Section47Enquiry

    episodes = Referral.objects.filter(
        Q(referral_date__lte=period.last)
        & (Q(closure_date__isnull=True) | Q(closure_date__gte=period.first)),
        _child_filter("child__", team, children),
    )
    rows = list(
        episodes.order_by().values_list(
            "pk", "child_id", "child__la_child_id", "referral_date", "referral_nfa", "closure_date"
        )
    )
    ids = episodes.values("pk")
    assessments = defaultdict(list)
    for episode_id, start, authorised in (
        AssessmentModel.objects.filter(referral__in=ids)
        .order_by()
        .values_list("referral_id", "start_date", "authorised_on")
    ):
        assessments[episode_id].append(Assessment(start, authorised))
    initial = Conference.objects.filter(
        enquiry=OuterRef("pk"), kind=ConferenceKind.INITIAL, held_on__isnull=False
    )
    s47 = defaultdict(list)
    for episode_id, start, held in (
        Section47Enquiry.objects.filter(episode__in=ids)
        .order_by()
        .annotate(icpc=Subquery(initial.values("held_on")[:1]))
        .values_list("episode_id", "start_date", "icpc")
    ):
        s47[episode_id].append(S47(start, held))
    transfer = {}
    for episode_id, held in (
        Conference.objects.filter(episode__in=ids, kind=ConferenceKind.TRANSFER_IN, held_on__isnull=False)
        .order_by("held_on")
        .values_list("episode_id", "held_on")
    ):
        transfer.setdefault(episode_id, held)
    plans = list(
        ChildProtectionPlan.objects.filter(episode__in=ids)
        .order_by()
        .values_list("episode_id", "child_id", "start", "end", "previous_plans_elsewhere")
    )
    starts = defaultdict(list)
    for child_id, start in (
        ChildProtectionPlan.objects.filter(child__in=episodes.values("child_id"))
        .order_by()
        .values_list("child_id", "start")
    ):
        starts[child_id].append(start)
    plan_facts = defaultdict(list)
    for episode_id, child_id, start, end, elsewhere in plans:
        previous = elsewhere + sum(1 for s in starts[child_id] if s < start)
        plan_facts[episode_id].append(Plan(start, end, previous))
    return [
        CinEpisode(
            child=_ref(la_id, child_id),
            referral_date=referral_date,
            nfa=nfa,
            closure_date=closure,
            initial_cpc=transfer.get(pk),
            assessments=tuple(sorted(assessments[pk], key=lambda a: (a.start or a.authorised,))),
            s47=tuple(sorted(s47[pk], key=lambda s: s.start)),
            plans=tuple(sorted(plan_facts[pk], key=lambda p: p.start)),
            child_pk=child_id,
        )
        for pk, child_id, la_id, referral_date, nfa, closure in rows
    ]


EPISODE_FIELDS = [
    "child_id",
    "child__la_child_id",
    "start",
    "end",
    "new_episode_reason",
    "legal_status",
    "place",
    "provider",
    "postcode",
    "urn",
    "reason_ceased",
    "reason_place_change",
    "outside_england",
    "period__cin_need",
    "period__home_postcode",
]


def cla_facts(period: Period, *, team=None, children=None) -> list[CareEpisode]:
    """Every SSDA903 episode open at some time in `period`, as its Episodes row (one query)."""
    from carefile.care.models import Episode
    from carefile.care.ssda903 import CollectionYear, episode_row

    year = CollectionYear.of(period.last)
    result = []
    for row in (
        Episode.objects.filter(
            Q(start__lte=period.last) & (Q(end__isnull=True) | Q(end__gte=period.first)),
            _child_filter("child__", team, children),
        )
        .order_by()
        .values(*EPISODE_FIELDS)
    ):
        ep = SimpleNamespace(**row)
        per = SimpleNamespace(cin_need=row["period__cin_need"], home_postcode=row["period__home_postcode"])
        r = episode_row(
            child_ref=_ref(row["child__la_child_id"], row["child_id"]), episode=ep, period=per, year=year
        )
        result.append(
            CareEpisode(
                child=r.CHILD,
                decom=r.DECOM,
                rne=r.RNE,
                ls=r.LS,
                place=r.PLACE,
                pl_post=r.PL_POST,
                urn=r.URN,
                # Keep the real end even when it is after the year: the indicators apply the period.
                dec=row["end"],
                rec=row["reason_ceased"] if row["end"] is not None else "",
                child_pk=row["child_id"],
            )
        )
    return result


def missing_facts(period: Period, *, team=None, children=None) -> list[MissingIncident]:
    """Incidents of going missing or away from care (not from home) that began by the end of `period`."""
    from carefile.care.models import MissingEpisode

    qs = (
        MissingEpisode.objects.filter(
            _child_filter("child__", team, children),
            period__isnull=False,
            started_at__lt=_aware(period.last + timedelta(days=1)),
            started_at__gte=_aware(period.first - timedelta(days=1)),
        )
        .order_by()
        .values_list("child_id", "child__la_child_id", "kind", "started_at")
    )
    return [
        MissingIncident(child=_ref(la_id, child_id), kind=kind, start=_local(at), child_pk=child_id)
        for child_id, la_id, kind, at in qs
    ]


def care_leaver_facts(period: Period, *, team=None, children=None) -> list[CareLeaverRow] | None:
    """The OC3 rows of the collection year that `period` ends in (the care app builds them), or None when the
    care app does not record care leavers' contact yet."""
    from carefile.care import ssda903
    from carefile.people.models import Person

    build = getattr(ssda903, "oc3_rows", None)
    if build is None:
        return None
    ids = None
    if team is not None or children is not None:
        ids = list(Person.objects.filter(_child_filter("", team, children)).values_list("pk", flat=True))
    try:
        rows = build(ssda903.CollectionYear.of(period.last), child_ids=ids)
    except TypeError:  # an older builder, one child at a time
        return None
    refs = [r["CHILD"] for r in rows]
    pks = dict(Person.objects.filter(la_child_id__in=refs).values_list("la_child_id", "pk"))
    result = []
    for r in rows:
        dob = datetime.strptime(r["DOB"], "%d/%m/%Y").date() if r.get("DOB") else None
        ref = r["CHILD"]
        pk = pks.get(ref) or (int(ref) if ref.isdigit() else None)
        result.append(
            CareLeaverRow(ref, dob, r.get("IN_TOUCH", ""), r.get("ACTIV", ""), r.get("ACCOM", ""), pk)
        )
    return result


def facts(period: Period, *, team=None, children=None, cin_from=None) -> Facts:
    """All the facts for `period` from the database: about fifteen queries whatever the size of the council.
    `cin_from` reads child-in-need episodes only from that day (the looked-after ones need the longer window
    for placements in the 12 months to a date)."""
    from .models import PerformanceSettings

    cin_period = Period(max(period.first, cin_from), period.last) if cin_from else period
    return Facts(
        period=period,
        cin=cin_facts(cin_period, team=team, children=children),
        cla=cla_facts(period, team=team, children=children),
        missing=missing_facts(period, team=team, children=children),
        care_leavers=care_leaver_facts(period, team=team, children=children),
        child_population=PerformanceSettings.current().child_population if team is None else None,
        source="database",
        reasons={
            "care_leavers": NO_OC3,
            "population": "No child population (ONS 0-17) is set in the performance settings"
            if team is None
            else "Rates per 10,000 children are for the whole council, not a team",
        },
    )
