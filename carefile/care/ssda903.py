"""SSDA903 rows from what was recorded: Episodes, Reviews, Missing and the Header fields, for one collection
year. Pure functions of the records (model instances or anything with their fields): the returns app writes
the files from these, one child at a time or many.

The collection year runs 1 April to 31 March and is named by the year it ends (2025 = 2024-25), as the
validators name it. Dates in rows are `date` objects; `.csv()` gives the strings the files carry
(DD/MM/YYYY, blank for none), keyed by the exact column names of `specs/statutory-data.md` §2.2.

What the builder decides:
- Episodes: every episode open at any time in the year (it starts on or before 31 March and has no end or ends
  on or after 1 April). An episode that ended after 31 March is sent as still open: DEC, REC and the reason
  for placement change blank (rules 354, 233). CIN and HOME_POST come from the period of care. Short-break
  episodes (V3/V4) carry no postcodes or URN (rule 214). No provider for temporary and "other" placements
  (213); no URN where none applies (222). From 2024-25 an H5 placement is sent as K3.
- Reviews: reviews held in the year, except for a child whose episodes in the year are all short breaks
  (rule 399).
- Missing: incidents that began while the child was looked after and overlap the year; an end after 31 March
  is left blank (rule 571).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime

from django.utils import timezone

from .codes import NO_PROVIDER, NO_URN, SHORT_BREAK_STATUSES

EPISODE_COLUMNS = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]
REVIEW_COLUMNS = ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]
MISSING_COLUMNS = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]
HEADER_COLUMNS = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
UPN_UNKNOWN_903 = {"UN1", "UN2", "UN3", "UN4", "UN5"}


@dataclass(frozen=True)
class CollectionYear:
    """1 April to 31 March, named by the year it ends (2025 = 2024-25)."""

    end_year: int

    @classmethod
    def of(cls, day: date) -> CollectionYear:
        return cls(day.year + 1 if day.month >= 4 else day.year)

    @property
    def start(self) -> date:
        return date(self.end_year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 3, 31)

    def __str__(self) -> str:
        return f"{self.end_year - 1}-{str(self.end_year)[2:]}"


def fmt(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


class _Row:
    def csv(self) -> dict[str, str]:
        return {k: fmt(v) for k, v in asdict(self).items()}

    @classmethod
    def columns(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class EpisodeRow(_Row):
    CHILD: str
    DECOM: date
    RNE: str
    LS: str
    CIN: str
    PLACE: str
    PLACE_PROVIDER: str
    DEC: date | None
    REC: str
    REASON_PLACE_CHANGE: str
    HOME_POST: str
    PL_POST: str
    URN: str


@dataclass(frozen=True)
class ReviewRow(_Row):
    CHILD: str
    DOB: date | None
    REVIEW: date
    REVIEW_CODE: str


@dataclass(frozen=True)
class MissingRow(_Row):
    CHILD: str
    DOB: date | None
    MISSING: str
    MIS_START: date
    MIS_END: date | None


@dataclass(frozen=True)
class HeaderRow(_Row):
    CHILD: str
    SEX: str
    DOB: date | None
    ETHNIC: str
    UPN: str
    MOTHER: str
    MC_DOB: date | None


def _in_year(start: date, end: date | None, year: CollectionYear) -> bool:
    return start <= year.end and (end is None or end >= year.start)


def _period_of(episode, periods: dict | None):
    if periods is not None and episode.period_id in periods:
        return periods[episode.period_id]
    return episode.period


def place_code(place: str, year: CollectionYear) -> str:
    """The placement code as the year's return takes it: open H5 placements roll into K3 from 2024-25."""
    if place == "H5" and year.end_year >= 2025:
        return "K3"
    return place


def episode_row(*, child_ref: str, episode, period, year: CollectionYear) -> EpisodeRow:
    ended_in_year = episode.end is not None and episode.end <= year.end
    short_break = episode.legal_status in SHORT_BREAK_STATUSES
    place = place_code(episode.place, year)
    return EpisodeRow(
        CHILD=child_ref,
        DECOM=episode.start,
        RNE=episode.new_episode_reason,
        LS=episode.legal_status,
        CIN=period.cin_need,
        PLACE=place,
        PLACE_PROVIDER="" if place in NO_PROVIDER else episode.provider,
        DEC=episode.end if ended_in_year else None,
        REC=episode.reason_ceased if ended_in_year else "",
        REASON_PLACE_CHANGE=episode.reason_place_change if ended_in_year else "",
        HOME_POST="" if short_break else (period.home_postcode or ""),
        PL_POST="" if short_break else (episode.postcode or ""),
        URN="" if short_break or place in NO_URN or episode.outside_england else (episode.urn or ""),
    )


def episode_rows(
    *, child_ref: str, episodes: Iterable, year: CollectionYear, periods: dict | None = None
) -> list[EpisodeRow]:
    """The child's Episodes rows for the year, in order. `periods` maps period id to period when the episodes
    do not carry theirs."""
    return [
        episode_row(child_ref=child_ref, episode=e, period=_period_of(e, periods), year=year)
        for e in sorted(episodes, key=lambda e: e.start)
        if _in_year(e.start, e.end, year)
    ]


def in_return(episodes: Iterable, year: CollectionYear) -> bool:
    """Whether the child was looked after at any time in the year (and so is in the return)."""
    return any(_in_year(e.start, e.end, year) for e in episodes)


def only_short_breaks(episodes: Iterable, year: CollectionYear) -> bool:
    in_year = [e for e in episodes if _in_year(e.start, e.end, year)]
    return bool(in_year) and all(e.legal_status in SHORT_BREAK_STATUSES for e in in_year)


def continuously_looked_after(episodes: Iterable, year: CollectionYear) -> bool:
    """Looked after for the whole year to 31 March (the OC2 cohort), as the DfE rules define it: looked after
    during the year, with no episode that starts care after 1 April, none that ends care before 31 March and no
    short breaks in the year."""
    eps = list(episodes)
    during = [e for e in eps if _in_year(e.start, e.end, year)]
    if not during:
        return False
    for e in eps:
        if e.new_episode_reason == "S" and year.start < e.start <= year.end:
            return False
        if e.end is not None and e.reason_ceased != "X1" and year.start <= e.end < year.end:
            return False
    return not any(e.legal_status in SHORT_BREAK_STATUSES for e in during)


def review_rows(
    *, child_ref: str, dob: date | None, reviews: Iterable, episodes: Iterable, year: CollectionYear
) -> list[ReviewRow]:
    """The child's Reviews rows: each review held in the year, unless the child was only on short breaks."""
    if only_short_breaks(episodes, year):
        return []
    return [
        ReviewRow(CHILD=child_ref, DOB=dob, REVIEW=r.held_on, REVIEW_CODE=r.participation)
        for r in sorted(reviews, key=lambda r: r.held_on)
        if year.start <= r.held_on <= year.end
    ]


def _day(value: datetime | None) -> date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def missing_rows(
    *, child_ref: str, dob: date | None, missing: Iterable, year: CollectionYear
) -> list[MissingRow]:
    """The child's Missing rows: incidents from care (not from home) that overlap the year."""
    rows = []
    for m in sorted(missing, key=lambda m: m.started_at):
        if m.period_id is None:
            continue
        start, end = _day(m.started_at), _day(m.ended_at)
        if not _in_year(start, end, year):
            continue
        rows.append(
            MissingRow(
                CHILD=child_ref,
                DOB=dob,
                MISSING=m.kind,
                MIS_START=start,
                MIS_END=end if end is not None and end <= year.end else None,
            )
        )
    return rows


def header_row(
    *, child, mother: bool | None = None, mc_dob: date | None = None, short_breaks_only: bool = False
) -> HeaderRow:
    """The child's Header row. MOTHER (whether a girl is a mother) and MC_DOB come from elsewhere in the record;
    left blank when not given, always blank for a boy, and blank for a child only on short breaks in the year
    (rule 399: pass `only_short_breaks(episodes, year)`)."""
    upn = child.upn or (child.upn_unknown if child.upn_unknown in UPN_UNKNOWN_903 else "")
    is_female = child.sex == "F" and not short_breaks_only
    return HeaderRow(
        CHILD=child.la_child_id or str(child.pk),
        SEX=child.sex or "U",
        DOB=child.date_of_birth,
        ETHNIC=child.ethnicity,
        UPN=upn,
        MOTHER=("1" if mother else "0") if is_female and mother is not None else "",
        MC_DOB=mc_dob if is_female and mother else None,
    )


# ---- the files of health, adoption, care leavers and UASC (bulk, from the database) ----------------------
#
# One function per file, `<file>_rows(year, child_ids=None)`: the file's rows for the collection year, for
# every child who belongs in it (or only those in `child_ids`), in a fixed number of queries however many
# children. Each row is a `Row`: a dict of the CSV strings keyed by the file's exact header (`FILES[name][0]`),
# whose `.csv()` is itself. `FILES` maps the file name to (header, row function).
#
# What the builders decide (DfE rule numbers in brackets):
# - OC2: children looked after continuously for 12 months at 31 March (`continuously_looked_after`), short
#   breaks apart. SDQ (the latest questionnaire in the year) for children 4 or over by 31 March and under 17 at
#   1 April (186, 188, 189), blank when none was recorded. CONVICTED for 10 and over at 31 March (542, 543);
#   HEALTH_CHECK (development assessments up to date) for under 5s only (545, 546); IMMUNISATIONS from the
#   latest check by 31 March; TEETH_CHECK and HEALTH_ASSESSMENT 1 when one was held in the year. With nothing
#   recorded the answer is 0 (no conviction, no substance misuse identified, no check).
# - OC3: young people with a leaving-care record (relevant or former relevant) whose 17th–21st birthday falls in
#   the year, not looked after on it or leaving care that day (1007, 1016), not died or transferred (1000,
#   1011), with a period of care (1002); IN_TOUCH/ACTIV/ACCOM from the contact for that birthday. A young
#   person with no contact recorded yet has no row (blank codes are invalid, 131–133).
# - AD1: children whose care ended in the year by adoption (E11, E12): the decision, the match and the adopters
#   (601).
# - PlacedAdoption: children in the return with a decision that they should be placed for adoption made by 31
#   March and not reversed before 1 April; a reversal after 31 March is not sent (117, 118).
# - PrevPerm: children who started to be looked after (RNE S) in the year (630): their previous permanence,
#   blank when not recorded.
# - UASC: children in the return who were unaccompanied asylum-seeking at any time in the year; DUC the date
#   status ceased or, until it does, the 18th birthday when it will (304; 205B wants the same DUC each year).

OC2_COLUMNS = [
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
]
OC3_COLUMNS = ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"]
AD1_COLUMNS = [
    "CHILD",
    "DOB",
    "DATE_INT",
    "DATE_MATCH",
    "FOSTER_CARE",
    "NB_ADOPTR",
    "SEX_ADOPTR",
    "LS_ADOPTR",
]
PLACED_ADOPTION_COLUMNS = ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"]
PREV_PERM_COLUMNS = ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"]
UASC_COLUMNS = ["CHILD", "SEX", "DOB", "DUC"]


class Row(dict):
    """A row of CSV strings keyed by the file's columns."""

    def csv(self) -> dict[str, str]:
        return self


def _row(columns: list[str], **values) -> Row:
    return Row({c: fmt(values.get(c)) for c in columns})


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _ref(child) -> str:
    return child.la_child_id or str(child.pk)


def _birthday(born: date, years: int) -> date:
    from .timescales import add_years

    return add_years(born, years)


def _age_on(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _episodes_by_child(year: CollectionYear, child_ids) -> dict[int, list]:
    """Every episode of the children looked after at any time in the year (all their episodes, in order)."""
    from django.db.models import Exists, OuterRef, Q

    from .models import Episode

    in_year = Episode.objects.filter(child_id=OuterRef("child_id"), start__lte=year.end).filter(
        Q(end__isnull=True) | Q(end__gte=year.start)
    )
    qs = Episode.objects.filter(Exists(in_year))
    if child_ids is not None:
        qs = qs.filter(child_id__in=list(child_ids))
    result: dict[int, list] = {}
    for e in qs.order_by("child_id", "start", "pk"):
        result.setdefault(e.child_id, []).append(e)
    return result


def _people(ids) -> dict:
    from carefile.people.models import Person

    return {
        p.pk: p
        for p in Person.objects.filter(pk__in=list(ids)).only(
            "pk", "la_child_id", "date_of_birth", "sex", "death_date"
        )
    }


def oc2_rows(year: CollectionYear, child_ids=None, **per_child) -> list[Row]:
    """OC2: children looked after continuously for 12 months at 31 March."""
    from .models import HealthCheck, SdqAssessment, YearOutcome

    child_ids = _per_child_ids(child_ids, per_child)
    episodes = _episodes_by_child(year, child_ids)
    cohort = [cid for cid, eps in episodes.items() if continuously_looked_after(eps, year)]
    if not cohort:
        return []
    people = _people(cohort)
    checks: dict[int, list] = {}
    for h in HealthCheck.objects.filter(child_id__in=cohort, held_on__lte=year.end).order_by("held_on", "pk"):
        checks.setdefault(h.child_id, []).append(h)
    sdqs: dict[int, object] = {}
    for s in SdqAssessment.objects.filter(
        child_id__in=cohort, held_on__range=(year.start, year.end)
    ).order_by("held_on", "pk"):
        sdqs[s.child_id] = s  # the latest in the year
    outcomes = {
        o.child_id: o for o in YearOutcome.objects.filter(child_id__in=cohort, year_end=year.end_year)
    }
    rows = []
    for cid in sorted(cohort, key=lambda c: _ref(people[c])):
        child = people[cid]
        born = child.date_of_birth
        age = _age_on(born, year.end)
        mine = checks.get(cid, [])
        in_year = [h for h in mine if h.held_on >= year.start]

        def latest(kind, mine=mine):
            found = [h for h in mine if h.kind == kind]
            return found[-1] if found else None

        sdq_due = born is not None and _birthday(born, 4) <= year.end and _birthday(born, 17) > year.start
        sdq = sdqs.get(cid) if sdq_due else None
        outcome = outcomes.get(cid)
        immunisations = latest("immunisations")
        development = latest("development_check")
        misuse = bool(outcome and outcome.substance_misuse)
        rows.append(
            _row(
                OC2_COLUMNS,
                CHILD=_ref(child),
                DOB=born,
                SDQ_SCORE=sdq.score if sdq is not None and sdq.score is not None else None,
                SDQ_REASON=sdq.reason if sdq is not None else "",
                CONVICTED=_flag(bool(outcome and outcome.convicted)) if age is not None and age >= 10 else "",
                HEALTH_CHECK=_flag(bool(development and development.up_to_date))
                if age is not None and age < 5
                else "",
                IMMUNISATIONS=_flag(bool(immunisations and immunisations.up_to_date)),
                TEETH_CHECK=_flag(any(h.kind == "dental_check" for h in in_year)),
                HEALTH_ASSESSMENT=_flag(
                    any(h.kind in ("initial_assessment", "review_assessment") for h in in_year)
                ),
                SUBSTANCE_MISUSE=_flag(misuse),
                INTERVENTION_RECEIVED=_flag(outcome.intervention_received) if misuse else "",
                INTERVENTION_OFFERED=_flag(outcome.intervention_offered) if misuse else "",
            )
        )
    return rows


def oc3_children(year: CollectionYear, child_ids=None) -> dict[int, int]:
    """The care leavers in the year's OC3: child id → the birthday (17–21) that falls in the year."""
    from django.db.models import Q

    from .codes import SHORT_BREAK_STATUSES
    from .models import CareLeaver, Episode

    leavers = CareLeaver.objects.exclude(eligibility="eligible")
    if child_ids is not None:
        leavers = leavers.filter(child_id__in=list(child_ids))
    people = _people(leavers.values_list("child_id", flat=True))
    candidates: dict[int, int] = {}
    for cid, p in people.items():
        born = p.date_of_birth
        if born is None:
            continue
        for age in (17, 18, 19, 20, 21):
            if year.start <= _birthday(born, age) <= year.end:
                candidates[cid] = age
    if not candidates:
        return {}
    last_episode: dict[int, object] = {}
    in_care_on_birthday: set[int] = set()
    for e in (
        Episode.objects.filter(child_id__in=list(candidates))
        .exclude(legal_status__in=list(SHORT_BREAK_STATUSES))
        .filter(Q(end__isnull=False) | Q(end__isnull=True))
        .order_by("child_id", "start")
    ):
        last_episode[e.child_id] = e
        birthday = _birthday(people[e.child_id].date_of_birth, candidates[e.child_id])
        if e.start <= birthday and (e.end is None or e.end >= birthday):
            in_care_on_birthday.add(e.child_id)  # leaving care on the birthday counts (1007, 1016)
    result = {}
    for cid, age in candidates.items():
        last = last_episode.get(cid)
        if last is None or last.end is None or cid in in_care_on_birthday:
            continue  # 1002, 1007
        if last.reason_ceased in ("E2", "E3"):
            continue  # 1000, 1011
        death = people[cid].death_date
        if death is not None and death <= last.end:
            continue
        result[cid] = age
    return result


def oc3_rows(year: CollectionYear, child_ids=None, **per_child) -> list[Row]:
    """OC3: care leavers in the year of their 17th to 21st birthday."""
    from .models import LeaverContact

    child_ids = _per_child_ids(child_ids, per_child)
    cohort = oc3_children(year, child_ids)
    if not cohort:
        return []
    people = _people(cohort)
    contacts = {(c.child_id, c.age): c for c in LeaverContact.objects.filter(child_id__in=list(cohort))}
    rows = []
    for cid in sorted(cohort, key=lambda c: _ref(people[c])):
        c = contacts.get((cid, cohort[cid]))
        if c is None:
            continue  # blank codes are invalid (131-133): the leaving-care page shows the contact as due
        rows.append(
            _row(
                OC3_COLUMNS,
                CHILD=_ref(people[cid]),
                DOB=people[cid].date_of_birth,
                IN_TOUCH=c.in_touch,
                ACTIV=c.activity,
                ACCOM=c.accommodation,
            )
        )
    return rows


def ad1_rows(year: CollectionYear, child_ids=None, **per_child) -> list[Row]:
    """AD1: children adopted (REC E11, E12) in the year."""
    from .models import AdoptionMatch, Episode

    child_ids = _per_child_ids(child_ids, per_child)
    adopted = Episode.objects.filter(reason_ceased__in=["E11", "E12"], end__range=(year.start, year.end))
    if child_ids is not None:
        adopted = adopted.filter(child_id__in=list(child_ids))
    adopted_on = dict(adopted.values_list("child_id", "end"))
    if not adopted_on:
        return []
    people = _people(adopted_on)
    matches: dict[int, object] = {}
    for m in (
        AdoptionMatch.objects.filter(child_id__in=list(adopted_on))
        .select_related("decision")
        .order_by("matched_on", "pk")
    ):
        if m.matched_on <= adopted_on[m.child_id] and m.decision.reversed_on is None:
            matches[m.child_id] = m
    rows = []
    for cid in sorted(adopted_on, key=lambda c: _ref(people[c])):
        m = matches.get(cid)
        rows.append(
            _row(
                AD1_COLUMNS,
                CHILD=_ref(people[cid]),
                DOB=people[cid].date_of_birth,
                DATE_INT=m.decision.decided_on if m else None,
                DATE_MATCH=m.matched_on if m else None,
                FOSTER_CARE=_flag(m.foster_carers) if m else "",
                NB_ADOPTR=m.number_of_adopters if m else "",
                SEX_ADOPTR=m.adopters_sex if m else "",
                LS_ADOPTR=m.adopters_legal_status if m else "",
            )
        )
    return rows


def placed_adoption_rows(year: CollectionYear, child_ids=None, **per_child) -> list[Row]:
    """PlacedAdoption: decisions that a child in the return should be placed for adoption, and reversals."""
    from django.db.models import Q

    from .models import AdoptionDecision

    child_ids = _per_child_ids(child_ids, per_child)
    in_return = _episodes_by_child(year, child_ids)
    decisions = (
        AdoptionDecision.objects.filter(child_id__in=list(in_return), decided_on__lte=year.end)
        .filter(Q(reversed_on__isnull=True) | Q(reversed_on__gte=year.start))
        .order_by("child_id", "decided_on")
    )
    decisions = list(decisions)
    if not decisions:
        return []
    people = _people({d.child_id for d in decisions})
    rows = []
    for d in sorted(decisions, key=lambda d: (_ref(people[d.child_id]), d.decided_on)):
        reversed_in_year = d.reversed_on is not None and d.reversed_on <= year.end
        rows.append(
            _row(
                PLACED_ADOPTION_COLUMNS,
                CHILD=_ref(people[d.child_id]),
                DOB=people[d.child_id].date_of_birth,
                DATE_PLACED=d.decided_on,
                DATE_PLACED_CEASED=d.reversed_on if reversed_in_year else None,
                REASON_PLACED_CEASED=d.reversal_reason if reversed_in_year else "",
            )
        )
    return rows


def prev_perm_rows(year: CollectionYear, child_ids=None, **per_child) -> list[Row]:
    """PrevPerm: children who started to be looked after in the year."""
    from .models import Episode, PreviousPermanence

    child_ids = _per_child_ids(child_ids, per_child)
    started = Episode.objects.filter(new_episode_reason="S", start__range=(year.start, year.end))
    if child_ids is not None:
        started = started.filter(child_id__in=list(child_ids))
    ids = set(started.values_list("child_id", flat=True))
    if not ids:
        return []
    people = _people(ids)
    perms: dict[int, object] = {}
    for p in PreviousPermanence.objects.filter(child_id__in=list(ids), period__start__lte=year.end).order_by(
        "period__start"
    ):
        perms[p.child_id] = p  # the latest
    rows = []
    for cid in sorted(ids, key=lambda c: _ref(people[c])):
        p = perms.get(cid)
        rows.append(
            _row(
                PREV_PERM_COLUMNS,
                CHILD=_ref(people[cid]),
                DOB=people[cid].date_of_birth,
                PREV_PERM=p.code if p else "",
                LA_PERM=p.la_code if p else "",
                DATE_PERM=p.order_date if p else "",
            )
        )
    return rows


def uasc_rows(year: CollectionYear, child_ids=None, **per_child) -> list[Row]:
    """UASC: children in the return who were unaccompanied asylum-seeking at any time in the year."""
    from .models import UascStatus

    child_ids = _per_child_ids(child_ids, per_child)
    in_return = _episodes_by_child(year, child_ids)
    statuses = list(UascStatus.objects.filter(child_id__in=list(in_return), since__lte=year.end))
    if not statuses:
        return []
    people = _people({s.child_id for s in statuses})
    rows = []
    for s in sorted(statuses, key=lambda s: _ref(people[s.child_id])):
        child = people[s.child_id]
        duc = s.ceased_on
        if duc is None and child.date_of_birth is not None:
            duc = _birthday(child.date_of_birth, 18)  # when the status will cease, sent every year (205B)
        if duc is not None and duc < year.start:
            continue  # not UASC at any time in the year
        rows.append(
            _row(UASC_COLUMNS, CHILD=_ref(child), SEX=child.sex or "U", DOB=child.date_of_birth, DUC=duc)
        )
    return rows


def uasc_flag(child_id: int, on: date) -> str:
    """The Header's UASC item (XML): 1 when the child was UASC at any time up to `on`."""
    from .models import UascStatus

    return "1" if UascStatus.objects.filter(child_id=child_id, since__lte=on).exists() else "0"


def children_in_return(year: CollectionYear) -> list[int]:
    """Every child in the year's return: looked after at any time in the year, and the care leavers of OC3
    (who are in the Header file too)."""
    return sorted(set(_episodes_by_child(year, None)) | set(oc3_children(year)))


def _per_child_ids(child_ids, per_child: dict):
    """Allow a per-child call, `fn(child=…, child_ref=…, episodes=…, year=…)`, as well as the bulk one."""
    child = per_child.get("child")
    if child is not None:
        return [child.pk]
    return child_ids


FILES = {
    "OC2": (OC2_COLUMNS, oc2_rows),
    "OC3": (OC3_COLUMNS, oc3_rows),
    "AD1": (AD1_COLUMNS, ad1_rows),
    "PlacedAdoption": (PLACED_ADOPTION_COLUMNS, placed_adoption_rows),
    "PrevPerm": (PREV_PERM_COLUMNS, prev_perm_rows),
    "UASC": (UASC_COLUMNS, uasc_rows),
}
