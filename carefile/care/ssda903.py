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
