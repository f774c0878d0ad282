"""The facts layer: the small dataset every statutory indicator is computed from.

Two sources fill it: the database (`facts_db`) and the statutory return files (`facts_returns`). Both give
the facts *as they stand in the return*: one `CinEpisode` per CINdetails, one `CareEpisode` per SSDA903
Episodes row, one `MissingIncident` per Missing row, one `CareLeaverRow` per OC3 row. The indicator
functions (`indicators.py`) never look at anything else, so the two sources agree when the return was
exported from the same records.

A fact may be "raw" (the database gives an episode that ended after the period as ending then); every
indicator applies the period itself, so it works on trimmed and untrimmed facts alike. `None` for a whole
family (`cin`, `cla`, `missing`, `care_leavers`) means the source has no such records at all; the
indicators that need it answer null with the reason in `reasons`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


def months_before(day: date, months: int) -> date:
    """The same day number `months` calendar months earlier; 29-31 falls back to the month's last day."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def years_after(day: date, years: int) -> date:
    """The same day and month `years` later; 29 February becomes 28 February (indicators §0)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


@dataclass(frozen=True)
class Period:
    """The days the indicators are computed for, both ends included."""

    first: date
    last: date

    @classmethod
    def collection_year(cls, year: int) -> Period:
        """Collection year `year`: 1 April of year-1 to 31 March of year ("2025" = 2024-25)."""
        return cls(date(year - 1, 4, 1), date(year, 3, 31))

    @classmethod
    def rolling_year(cls, to: date) -> Period:
        """The 12 months to `to`: from the day after the same date a year earlier."""
        return cls(months_before(to, 12) + timedelta(days=1), to)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return cls(first, nxt - timedelta(days=1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """A span that starts on or before the last day and has not ended before the first."""
        return start is not None and start <= self.last and (end is None or end >= self.first)

    @property
    def label(self) -> str:
        if self.first.month == 4 and self.first.day == 1 and self.last == date(self.first.year + 1, 3, 31):
            return f"{self.first.year}-{str(self.last.year)[2:]}"
        return f"{self.first:%-d %b %Y} to {self.last:%-d %b %Y}"


@dataclass(frozen=True)
class Assessment:
    start: date | None
    authorised: date | None


@dataclass(frozen=True)
class S47:
    start: date
    icpc: date | None = None


@dataclass(frozen=True)
class Plan:
    start: date
    end: date | None = None
    previous: int = 0


@dataclass(frozen=True)
class CinEpisode:
    """A CINdetails: the referral and what happened in the episode."""

    child: str
    referral_date: date
    nfa: bool = False
    closure_date: date | None = None
    initial_cpc: date | None = None  # CINdetails/DateOfInitialCPC (transfer-in)
    assessments: tuple[Assessment, ...] = ()
    s47: tuple[S47, ...] = ()
    plans: tuple[Plan, ...] = ()
    child_pk: int | None = None


@dataclass(frozen=True)
class CareEpisode:
    """An SSDA903 Episodes row."""

    child: str
    decom: date
    rne: str
    ls: str
    place: str
    pl_post: str = ""
    urn: str = ""
    dec: date | None = None
    rec: str = ""
    child_pk: int | None = None

    @property
    def short_break(self) -> bool:
        return self.ls in SHORT_BREAKS

    @property
    def temporary(self) -> bool:
        return self.place in TEMPORARY


@dataclass(frozen=True)
class MissingIncident:
    child: str
    kind: str  # M missing, A away without authorisation
    start: date
    child_pk: int | None = None


@dataclass(frozen=True)
class CareLeaverRow:
    """An OC3 row."""

    child: str
    dob: date | None
    in_touch: str
    activ: str
    accom: str
    child_pk: int | None = None


SHORT_BREAKS = frozenset({"V3", "V4"})
TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})


@dataclass
class Facts:
    period: Period
    cin: list[CinEpisode] | None = None
    cla: list[CareEpisode] | None = None
    missing: list[MissingIncident] | None = None
    care_leavers: list[CareLeaverRow] | None = None
    child_population: int | None = None
    source: str = ""
    # Why a family of facts is missing, by family name.
    reasons: dict[str, str] = field(default_factory=dict)
    # Filtered lists the indicator functions share: `cache` for this period only, `shared` for every period
    # cut from the same facts (indexes by date).
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    shared: dict = field(default_factory=dict, repr=False, compare=False)

    def index(self, name: str, build):
        if name not in self.shared:
            self.shared[name] = build()
        return self.shared[name]

    def memo(self, name: str, build):
        if name not in self.cache:
            self.cache[name] = build()
        return self.cache[name]

    def with_period(self, period: Period) -> Facts:
        return Facts(
            period=period,
            cin=self.cin,
            cla=self.cla,
            missing=self.missing,
            care_leavers=self.care_leavers,
            child_population=self.child_population,
            source=self.source,
            reasons=self.reasons,
            shared=self.shared,
        )
