"""The daily report of unusual access to children's records, for information governance.

For one local day it lists:

- views of children neither in the viewer's team (the child's responsible team against the viewer's team, or
  a team the viewer manages) nor on their caseload (an allocation to the viewer that day);
- viewers who share a surname with the child they viewed;
- bulk viewing: more than `bulk_threshold` distinct children within any 60 minutes;
- out-of-hours viewing: before 07:00 or from 20:00 local time, or on a weekend or bank holiday.

The queries are bounded by the day (an index on the access log's time, added by this app's migration) and
grouped in the database: one row per viewer and child, not per view, comes back to Python. Bulk viewing
fetches single views only for the few viewers who saw more than the threshold in the whole day.
"""

from collections import Counter, deque
from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min, Q

from carefile.common.models import AccessLog
from carefile.people.models import Person
from carefile.people.names import normalise
from carefile.workforce.models import Allocation, Staff, Team

from .selectors import day_bounds, day_start

DEFAULT_BULK_THRESHOLD = 30
WORKING_DAY = (time(7, 0), time(20, 0))


def bulk_threshold_setting() -> int:
    return int(getattr(settings, "UNUSUAL_ACCESS_BULK_THRESHOLD", DEFAULT_BULK_THRESHOLD))


@dataclass(frozen=True)
class Viewer:
    user_id: int
    name: str
    role: str
    team: str
    username: str = ""


@dataclass(frozen=True)
class ChildRef:
    person_ref: int
    la_child_id: str
    team: str
    exists: bool = True


@dataclass(frozen=True)
class PairRow:
    viewer: Viewer
    child: ChildRef
    views: int
    first: datetime
    last: datetime
    detail: str = ""


@dataclass(frozen=True)
class BulkRow:
    viewer: Viewer
    peak_children: int
    window_start: datetime
    window_end: datetime
    children_in_day: int


@dataclass(frozen=True)
class OutOfHoursRow:
    viewer: Viewer
    views: int
    children: int
    first: datetime
    last: datetime


@dataclass
class UnusualAccessReport:
    on: date
    bulk_threshold: int
    out_of_hours_reason: str
    views: int = 0
    viewers: int = 0
    outside_team: list[PairRow] = field(default_factory=list)
    shared_surname: list[PairRow] = field(default_factory=list)
    bulk: list[BulkRow] = field(default_factory=list)
    out_of_hours: list[OutOfHoursRow] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.outside_team or self.shared_surname or self.bulk or self.out_of_hours)


def _viewers(day_rows) -> dict[int, Viewer]:
    users = day_rows.values("user_id").order_by()
    staff = {
        s.user_id: s
        for s in Staff.objects.filter(user_id__in=users).select_related("team", "user").order_by()
    }
    from carefile.workforce.models import User

    result = {}
    for user in User.objects.filter(pk__in=users).order_by():
        s = staff.get(user.pk)
        result[user.pk] = Viewer(
            user_id=user.pk,
            name=s.name if s else user.get_username(),
            role=s.get_role_display() if s else "No staff record",
            team=s.team.name if s and s.team else "",
            username=user.get_username(),
        )
    return result


def unusual_access_report(
    *, on: date, bulk_threshold: int | None = None, holidays: Container[date] = ()
) -> UnusualAccessReport:
    threshold = bulk_threshold if bulk_threshold is not None else bulk_threshold_setting()
    start, end = day_bounds(on)
    day_rows = AccessLog.objects.filter(at__gte=start, at__lt=end, user__isnull=False)
    if on in holidays:
        ooh_reason = "a bank holiday"
    elif on.weekday() >= 5:
        ooh_reason = "a weekend"
    else:
        ooh_reason = f"before {WORKING_DAY[0]:%H:%M} or from {WORKING_DAY[1]:%H:%M}"
    report = UnusualAccessReport(on=on, bulk_threshold=threshold, out_of_hours_reason=ooh_reason)

    pairs = list(
        day_rows.values("user_id", "person_ref")
        .annotate(views=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("user_id", "person_ref")
    )
    if not pairs:
        return report
    report.views = sum(p["views"] for p in pairs)
    viewers = _viewers(day_rows)
    report.viewers = len(viewers)

    # The children viewed, their teams and surnames; the viewers' teams, managed teams and allocations.
    people = {
        pk: (la_id or "", team_id, team_name or "", family_norm, family)
        for pk, la_id, team_id, team_name, family_norm, family in Person.objects.filter(
            pk__in=day_rows.values("person_ref").order_by()
        )
        .order_by()
        .values_list(
            "pk",
            "la_child_id",
            "responsible_team_id",
            "responsible_team__name",
            "family_name_norm",
            "family_name",
        )
    }
    staff_rows = Staff.objects.filter(user_id__in=day_rows.values("user_id").order_by()).order_by()
    staff_team = dict(staff_rows.values_list("user_id", "team_id"))
    staff_surname = {uid: normalise(name) for uid, name in staff_rows.values_list("user_id", "family_name")}
    managed: dict[int, set[int]] = {}
    managers = Team.objects.filter(manager__user_id__in=day_rows.values("user_id").order_by())
    for user_id, team_id in managers.values_list("manager__user_id", "pk"):
        managed.setdefault(user_id, set()).add(team_id)
    allocated = set(
        Allocation.objects.filter(
            Q(end__isnull=True) | Q(end__gt=start),
            start__lt=end,
            child_id__in=day_rows.values("person_ref").order_by(),
            worker__user_id__in=day_rows.values("user_id").order_by(),
        )
        .order_by()
        .values_list("worker__user_id", "child_id")
    )

    for pair in pairs:
        user_id, person_ref = pair["user_id"], pair["person_ref"]
        viewer = viewers.get(user_id)
        if viewer is None:
            continue
        la_id, child_team_id, child_team, child_surname, family_name = people.get(
            person_ref, ("", None, "", "", "")
        )
        child = ChildRef(
            person_ref=person_ref, la_child_id=la_id, team=child_team, exists=person_ref in people
        )
        row = PairRow(viewer=viewer, child=child, views=pair["views"], first=pair["first"], last=pair["last"])
        in_team = child_team_id is not None and (
            child_team_id == staff_team.get(user_id) or child_team_id in managed.get(user_id, set())
        )
        if not in_team and (user_id, person_ref) not in allocated:
            report.outside_team.append(row)
        surname = staff_surname.get(user_id, "")
        if surname and surname == child_surname:
            report.shared_surname.append(replace(row, detail=family_name))

    report.bulk = _bulk_viewing(day_rows, viewers, threshold)
    report.out_of_hours = _out_of_hours(day_rows, on, viewers, _is_off_day(on, holidays))
    sort_key = lambda r: (r.viewer.name.lower(), r.child.la_child_id)  # noqa: E731
    report.outside_team.sort(key=sort_key)
    report.shared_surname.sort(key=sort_key)
    return report


def _is_off_day(on: date, holidays: Container[date]) -> bool:
    return on.weekday() >= 5 or on in holidays


def _bulk_viewing(day_rows, viewers: dict[int, Viewer], threshold: int) -> list[BulkRow]:
    """Viewers who saw more than `threshold` distinct children within any 60 minutes."""
    heavy = dict(
        day_rows.values("user_id")
        .annotate(children=Count("person_ref", distinct=True))
        .filter(children__gt=threshold)
        .order_by()
        .values_list("user_id", "children")
    )
    rows = []
    window = timedelta(hours=1)
    for user_id, children_in_day in heavy.items():
        views = day_rows.filter(user_id=user_id).order_by("at", "id").values_list("at", "person_ref")
        recent: deque[tuple[datetime, int]] = deque()
        counts: Counter[int] = Counter()
        peak, peak_start, peak_end = 0, None, None
        for at, person_ref in views.iterator(chunk_size=5000):
            recent.append((at, person_ref))
            counts[person_ref] += 1
            while recent[0][0] <= at - window:
                old_at, old_ref = recent.popleft()
                counts[old_ref] -= 1
                if not counts[old_ref]:
                    del counts[old_ref]
            if len(counts) > peak:
                peak, peak_start, peak_end = len(counts), recent[0][0], at
        if peak > threshold and user_id in viewers:
            rows.append(
                BulkRow(
                    viewer=viewers[user_id],
                    peak_children=peak,
                    window_start=peak_start,
                    window_end=peak_end,
                    children_in_day=children_in_day,
                )
            )
    return sorted(rows, key=lambda r: -r.peak_children)


def _out_of_hours(day_rows, on: date, viewers: dict[int, Viewer], off_day: bool) -> list[OutOfHoursRow]:
    if off_day:
        outside = day_rows
    else:
        opens = datetime.combine(on, WORKING_DAY[0], tzinfo=day_start(on).tzinfo)
        closes = datetime.combine(on, WORKING_DAY[1], tzinfo=day_start(on).tzinfo)
        outside = day_rows.filter(Q(at__lt=opens) | Q(at__gte=closes))
    grouped = (
        outside.values("user_id")
        .annotate(
            views=Count("id"), children=Count("person_ref", distinct=True), first=Min("at"), last=Max("at")
        )
        .order_by()
    )
    rows = [
        OutOfHoursRow(
            viewer=viewers[g["user_id"]],
            views=g["views"],
            children=g["children"],
            first=g["first"],
            last=g["last"],
        )
        for g in grouped
        if g["user_id"] in viewers
    ]
    return sorted(rows, key=lambda r: (-r.views, r.viewer.name.lower()))
