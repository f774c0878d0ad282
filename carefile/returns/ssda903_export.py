"""The SSDA903 return (children looked after, specs/statutory-data.md §2) for one collection year, as the
twelve CSV files the validators and the DfE take, each recognised by its exact header row.

`write_ssda903(year, out_dir)` writes every file, header-only when it has no rows (a missing table silently
skips every rule that needs it). Dates are DD/MM/YYYY, text UTF-8. The rows of each file come from one
function per file (`FILES`), built from what was recorded by the builders in `carefile.care.ssda903`; the
files whose records Carefile does not hold yet are written header-only.

Who is in it: every child looked after at any time in the year (an episode open on or after 1 April and
starting by 31 March). SWEpisodes covers the children looked after on 31 March, over the whole year
(including time not looked after), from their social worker allocations.

Streaming: children are read in chunks (`.iterator(chunk_size=...)`), each chunk's episodes, periods of care,
reviews, missing episodes, allocations and relationships in a fixed number of queries, and each child's rows
are written before the next chunk is read: memory does not grow with the council.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from carefile.care import ssda903 as builders
from carefile.care.codes import SHORT_BREAK_STATUSES
from carefile.care.ssda903 import CollectionYear, fmt

from .progress import Progress, ensure
from .readers import SSDA903_COLUMNS

CHUNK = 500
MIN_SW_EPISODE_DAYS = 3

# Exact header rows (statutory-data §2.2; lac_validator/config.py), shared with the readers of imports.
COLUMNS = SSDA903_COLUMNS
FILE_NAMES = {table: f"{table}.csv" for table in COLUMNS}


def check_year(year: int) -> None:
    if not isinstance(year, int) or year < 2024:
        raise ValueError(
            f"Give a collection year of 2024 or later (the year the collection ends on 31 March), not {year!r}"
        )


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _day(value) -> date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def children_in_year(year: CollectionYear):
    """Children in the return: looked after at any time in the year, and the care leavers of OC3 (who are in
    the Header too)."""
    from carefile.care.models import Episode
    from carefile.people.models import Person

    in_year = Episode.objects.filter(child_id=OuterRef("pk"), start__lte=year.end).filter(
        Q(end__isnull=True) | Q(end__gte=year.start)
    )
    leavers = getattr(builders, "oc3_children", None)
    leaver_ids = list(leavers(year)) if leavers is not None else []
    return Person.objects.filter(Q(Exists(in_year)) | Q(pk__in=leaver_ids)).order_by("pk")


# The facts of one chunk of children -------------------------------------------------------------------------


@dataclass
class ChildFacts:
    child: object
    ref: str
    episodes: list = field(default_factory=list)
    periods: dict = field(default_factory=dict)
    reviews: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    allocations: list = field(default_factory=list)  # (start, end, reason, sw_id)
    mother_of: list = field(default_factory=list)  # dates of birth of the girl's children
    # Rows of the files the care app builds (OC2, OC3, AD1, PlacedAdoption, PrevPerm, UASC), by table.
    built: dict = field(default_factory=dict)


def _chunk_facts(children: list, year: CollectionYear) -> list[ChildFacts]:
    from carefile.care.models import CareReview, Episode, MissingEpisode, PeriodOfCare
    from carefile.people.models import Relationship, RelationshipKind
    from carefile.workforce.models import Allocation, AllocationRole

    ids = [c.pk for c in children]
    facts = {c.pk: ChildFacts(child=c, ref=c.la_child_id or str(c.pk)) for c in children}
    for e in Episode.objects.filter(child_id__in=ids).order_by("child_id", "start", "pk"):
        facts[e.child_id].episodes.append(e)
    for p in PeriodOfCare.objects.filter(child_id__in=ids):
        facts[p.child_id].periods[p.pk] = p
    for r in CareReview.objects.filter(child_id__in=ids, held_on__range=(year.start, year.end)).only(
        "child_id", "held_on", "participation"
    ):
        facts[r.child_id].reviews.append(r)
    for m in MissingEpisode.objects.filter(child_id__in=ids, period__isnull=False).only(
        "child_id", "period_id", "kind", "started_at", "ended_at"
    ):
        facts[m.child_id].missing.append(m)
    for child_id, start, end, reason, swe in (
        Allocation.objects.filter(child_id__in=ids, role=AllocationRole.SOCIAL_WORKER)
        .order_by("child_id", "start", "pk")
        .values_list("child_id", "start", "end", "reason", "worker__swe_number")
    ):
        facts[child_id].allocations.append((_day(start), _day(end), reason, swe))
    for mother_id, dob in Relationship.objects.filter(
        person_id__in=ids, kind=RelationshipKind.MOTHER
    ).values_list("person_id", "other__date_of_birth"):
        if dob is not None:
            facts[mother_id].mother_of.append(dob)
    by_ref = {f.ref: f for f in facts.values()}
    for table, name in CARE_BUILDERS.items():
        builder = getattr(builders, name, None)
        if builder is None:
            continue  # not recorded yet: the file is written header-only
        for row in builder(year, child_ids=ids):
            row = row.csv() if hasattr(row, "csv") else dict(row)
            owner = by_ref.get(row.get("CHILD"))
            if owner is not None:
                owner.built.setdefault(table, []).append(row)
    return [facts[c.pk] for c in children]


# One function per file: the child's rows as dicts of CSV strings -------------------------------------------


def _csv(rows) -> list[dict[str, str]]:
    return [r.csv() for r in rows]


def header_rows(f: ChildFacts, year: CollectionYear) -> list[dict]:
    looked_after = builders.in_return(f.episodes, year)
    if not looked_after and not f.built.get("OC3"):
        return []  # a care leaver without an OC3 row is not in the return (rule EPI)
    if not looked_after:
        # Motherhood is not asked of care leavers not looked after in the year (rule 628).
        return _csv([builders.header_row(child=f.child, mother=None, mc_dob=None)])
    short_only = builders.only_short_breaks(f.episodes, year)
    first_child = min((d for d in f.mother_of if d <= year.end), default=None)
    return _csv(
        [
            builders.header_row(
                child=f.child,
                mother=first_child is not None,
                mc_dob=first_child,
                short_breaks_only=short_only,
            )
        ]
    )


def episodes_rows(f: ChildFacts, year: CollectionYear) -> list[dict]:
    rows = _csv(builders.episode_rows(child_ref=f.ref, episodes=f.episodes, year=year, periods=f.periods))
    if f.built.get("UASC"):
        # An unaccompanied asylum-seeking child had no home in England: no home postcode, so no distance
        # (rule 406).
        for row in rows:
            row["HOME_POST"] = ""
    return rows


def reviews_rows(f: ChildFacts, year: CollectionYear) -> list[dict]:
    return _csv(
        builders.review_rows(
            child_ref=f.ref, dob=f.child.date_of_birth, reviews=f.reviews, episodes=f.episodes, year=year
        )
    )


def missing_rows(f: ChildFacts, year: CollectionYear) -> list[dict]:
    return _csv(
        builders.missing_rows(child_ref=f.ref, dob=f.child.date_of_birth, missing=f.missing, year=year)
    )


def _looked_after_on(episodes: Iterable, day: date) -> bool:
    return any(
        e.start <= day and (e.end is None or e.end > day) and e.legal_status not in SHORT_BREAK_STATUSES
        for e in episodes
    )


def _care_started(episodes: Iterable, year: CollectionYear) -> date | None:
    """When the child's current stay in care started, if its first episode is in the year's Episodes and still
    open or followed by another (REC X1) on 31 March.

    The validators' SW12STG2 (0.1.17) requires every social worker episode of such a child to start on or
    after that DECOM, although the rule's text asks for the whole year: they are the judge, so a social
    worker allocated before the child came into care is reported from the day care started."""
    latest = None
    for e in episodes:
        if e.new_episode_reason != "S" or e.legal_status in SHORT_BREAK_STATUSES:
            continue
        if e.start > year.end or (e.end is not None and e.end < year.start):
            continue
        ended_in_year = e.end is not None and e.end <= year.end
        if not ended_in_year or e.reason_ceased == "X1":
            latest = e.start if latest is None else max(latest, e.start)
    return latest


def sw_id(swe_number: str) -> str:
    """The Social Work England number (it starts SW), or XX when the worker has none (rule SW02STG1)."""
    swe = (swe_number or "").strip().upper()
    return swe if swe.startswith("SW") else "XX"


def sw_episode_rows(f: ChildFacts, year: CollectionYear) -> list[dict]:
    """Social worker episodes of a child looked after on 31 March (rule SW01): each allocation of a social
    worker in the year; one still running on 31 March is open (SW_DEC blank).

    The rule text (SW12) asks for the whole year, including time not looked after; the validators' SW12STG2
    (0.1.17) instead wants each social worker episode to start on or after the day the child's current stay in
    care started. They are the judge: a worker allocated before the child came into care is reported from that
    day. (Their SW12STG2 also wants episodes for children whose care ended in the year, whom SW01 and the rule
    text leave out: `scripts/validators/check_returns.py` reports those rows as a known conflict.)"""
    from carefile.workforce.models import SSDA903_SW_REASON

    if not _looked_after_on(f.episodes, year.end):
        return []
    since = _care_started(f.episodes, year)
    kept: list[list] = []
    for start, end, reason, swe in f.allocations:
        if start > year.end or (end is not None and end < year.start):
            continue
        if since is not None and start < since:
            if end is not None and end <= since:
                continue  # the worker before the child came into care
            start = since
        if end is not None and (end - start).days < MIN_SW_EPISODE_DAYS:
            continue  # too short to be an episode of its own (SW09STG2: under 3 days from 2025-26)
        kept.append(
            [
                start,
                end if end is not None and end <= year.end else None,
                SSDA903_SW_REASON.get(reason, "OTHERS"),
                swe,
            ]
        )
    for previous, following in zip(kept, kept[1:], strict=False):
        # When the worker left because their contract ended (FCONTA) the next episode starts after the last
        # one ended (SW10bSTG2): the last day of the one before is the day before the new worker's first.
        if following[2] == "FCONTA" and previous[1] is not None and previous[1] >= following[0]:
            previous[1] = following[0] - timedelta(days=1)
    return [
        {
            "CHILD": f.ref,
            "DOB": fmt(f.child.date_of_birth),
            "SW_ID": sw_id(swe),
            "SW_DECOM": fmt(start),
            "SW_DEC": fmt(end),
            "SW_REASON": reason,
        }
        for start, end, reason, swe in kept
    ]


# The files whose rows the care app builds, for many children at once: `carefile.care.ssda903.<name>(year,
# child_ids=[...])`, called once per chunk. A builder not there (yet) leaves its file header-only.
CARE_BUILDERS = {
    "UASC": "uasc_rows",
    "OC2": "oc2_rows",
    "OC3": "oc3_rows",
    "AD1": "ad1_rows",
    "PlacedAdoption": "placed_adoption_rows",
    "PrevPerm": "prev_perm_rows",
}


def _from_care(table: str) -> Callable[[ChildFacts, CollectionYear], list[dict]]:
    def rows(f: ChildFacts, year: CollectionYear) -> list[dict]:
        return [{c: row.get(c, "") for c in COLUMNS[table]} for row in f.built.get(table, [])]

    rows.__name__ = f"{table.lower()}_rows"
    return rows


FILES: dict[str, Callable[[ChildFacts, CollectionYear], list[dict]]] = {
    "Header": header_rows,
    "Episodes": episodes_rows,
    "Reviews": reviews_rows,
    "UASC": _from_care("UASC"),
    "OC2": _from_care("OC2"),
    "OC3": _from_care("OC3"),
    "AD1": _from_care("AD1"),
    "PlacedAdoption": _from_care("PlacedAdoption"),
    "PrevPerm": _from_care("PrevPerm"),
    "Missing": missing_rows,
    "SWEpisodes": sw_episode_rows,
    "DoLo": lambda f, year: [],  # deprivation of liberty orders are not recorded yet
}


def write_ssda903(year: int, out_dir, progress: Progress | None = None) -> dict:
    """Write the twelve SSDA903 CSV files of the collection year ending 31 March `year` into `out_dir`
    (created if need be). Returns the number of rows written per file, and `children`."""
    check_year(year)
    collection = CollectionYear(year)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    children = children_in_year(collection)
    progress = ensure(progress, f"SSDA903 {year}", total=children.count())
    counts = {"children": 0, **{table: 0 for table in COLUMNS}}
    handles = {table: (out / FILE_NAMES[table]).open("w", newline="", encoding="utf-8") for table in COLUMNS}
    try:
        writers = {}
        for table, handle in handles.items():
            writers[table] = csv.DictWriter(handle, fieldnames=COLUMNS[table], lineterminator="\n")
            writers[table].writeheader()
        for chunk in _chunks(children.iterator(chunk_size=CHUNK), CHUNK):
            for f in _chunk_facts(chunk, collection):
                for table, rows_of in FILES.items():
                    rows = rows_of(f, collection)
                    writers[table].writerows(rows)
                    counts[table] += len(rows)
                progress.advance()
    finally:
        for handle in handles.values():
            handle.close()
    counts["children"] = counts["Header"]
    progress.done(", ".join(f"{t} {counts[t]:,}" for t in COLUMNS if counts[t]))
    return counts
