"""Planning families, children, adults and each child's allocation history up to the seed date."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from carefile.people.codes import RelationshipKind
from carefile.people.models import PersonKind
from carefile.workforce.models import AllocationChangeReason as Why
from carefile.workforce.models import AllocationRole, Contract, ServiceArea

from . import names
from .identifiers import IdentifierMint
from .plan import (
    AccessPlan,
    AllocationPlan,
    CouncilPlan,
    FamilyPlan,
    PersonPlan,
    RelationshipPlan,
    StaffPlan,
    at_work,
    case_weight,
    days,
    weighted,
)
from .postcodes import real_postcode

A = ServiceArea

# Age bands (years, inclusive) and weights of the eldest child in a family, by the area holding the case.
AGE_BANDS = {
    A.FRONT_DOOR: {(0, 4): 30, (5, 9): 30, (10, 15): 30, (16, 17): 10},
    A.EARLY_HELP: {(0, 4): 30, (5, 9): 35, (10, 15): 35},
    A.ASSESSMENT: {(0, 4): 35, (5, 9): 25, (10, 15): 30, (16, 17): 10},
    A.CHILD_PROTECTION: {(0, 4): 40, (5, 9): 30, (10, 15): 27, (16, 17): 3},
    A.CHILDREN_IN_CARE: {(0, 4): 18, (5, 9): 18, (10, 15): 38, (16, 17): 26},
    A.CARE_LEAVERS: {(16, 17): 1},
    A.DISABILITY: {(2, 9): 45, (10, 17): 55},
}
FAMILY_SIZES = {
    A.CHILDREN_IN_CARE: {1: 60, 2: 30, 3: 10},
    A.DISABILITY: {1: 85, 2: 15},
    A.CARE_LEAVERS: {1: 1},
}
DEFAULT_FAMILY_SIZES = {1: 45, 2: 30, 3: 15, 4: 10}
# How long ago (days) an open case in each area began, and how many workers held it before the current one.
OPEN_DURATION = {
    A.FRONT_DOOR: (1, 25),
    A.EARLY_HELP: (30, 420),
    A.ASSESSMENT: (5, 65),
    A.CHILD_PROTECTION: (40, 900),
    A.CHILDREN_IN_CARE: (60, 5000),
    A.CARE_LEAVERS: (300, 5000),
    A.DISABILITY: (120, 5000),
}
EARLIER_WORKERS = {
    A.FRONT_DOOR: {0: 1},
    A.EARLY_HELP: {0: 70, 1: 30},
    A.ASSESSMENT: {0: 75, 1: 25},
    A.CHILD_PROTECTION: {0: 30, 1: 35, 2: 25, 3: 10},
    A.CHILDREN_IN_CARE: {0: 20, 1: 35, 2: 30, 3: 15},
    A.CARE_LEAVERS: {1: 50, 2: 35, 3: 15},
    A.DISABILITY: {0: 45, 1: 40, 2: 15},
}
# The area a case usually came from before reaching this one.
CAME_FROM = {
    A.EARLY_HELP: A.ASSESSMENT,
    A.ASSESSMENT: A.FRONT_DOOR,
    A.CHILD_PROTECTION: A.ASSESSMENT,
    A.CHILDREN_IN_CARE: A.CHILD_PROTECTION,
    A.CARE_LEAVERS: A.CHILDREN_IN_CARE,
    A.DISABILITY: A.ASSESSMENT,
}
# Closed cases: the areas they passed through, with weights, and how long each stage lasted (days).
CLOSED_ROUTES = {
    (A.FRONT_DOOR,): 8,
    (A.ASSESSMENT,): 48,
    (A.ASSESSMENT, A.CHILD_PROTECTION): 26,
    (A.EARLY_HELP,): 10,
    (A.ASSESSMENT, A.DISABILITY): 3,
    (A.ASSESSMENT, A.CHILD_PROTECTION, A.CHILDREN_IN_CARE): 5,
}
STAGE_DAYS = {
    A.FRONT_DOOR: (1, 10),
    A.ASSESSMENT: (10, 60),
    A.CHILD_PROTECTION: (90, 700),
    A.EARLY_HELP: (60, 360),
    A.DISABILITY: (150, 900),
    A.CHILDREN_IN_CARE: (150, 900),
}
CHANGE_REASONS = {
    Why.CASELOAD: 5,
    Why.WORKER_ABSENT: 2,
    Why.CHILD_REQUEST: 1,
    Why.PARENT_REQUEST: 1,
    Why.OTHER: 1,
    Why.RESTRUCTURE: 0.3,
    Why.CONFLICT: 0.3,
}
DISABILITY_CODES = {
    "LD": 20,
    "AUT": 22,
    "COMM": 14,
    "BEH": 14,
    "PC": 6,
    "MOB": 6,
    "HAND": 3,
    "INC": 3,
    "HEAR": 4,
    "VIS": 3,
    "CON": 3,
    "DDA": 2,
}
PRE_BIRTH_DAYS = 270  # an unborn child is open from at most this many days before the expected birth
RESTRICTED_REASON = "A close relative works in the council's children's services"
OVER_CAP_REASONS = (
    "Agreed by the team manager: keeps brothers and sisters with one worker",
    "Agreed by the team manager: no capacity elsewhere in the team",
)


@dataclass
class Segment:
    team: int
    worker: int
    start: date
    end: date | None
    reason: str = Why.NEW_CASE
    end_reason: str = ""
    area: str = ""


@dataclass
class Family:
    children: list[PersonPlan] = field(default_factory=list)
    adults: list[PersonPlan] = field(default_factory=list)
    code: str = "WBRI"


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return date(dob.year + years, 3, 1)


class PeoplePlanner:
    def __init__(
        self, rng: random.Random, plan: CouncilPlan, mint: IdentifierMint, signins: dict[str, StaffPlan]
    ):
        self.rng, self.plan, self.mint, self.signins = rng, plan, mint, signins
        self.on, self.window_start = plan.on, plan.window_start
        self.teams_by_area: dict[str, list[int]] = {}
        for team in plan.teams:
            self.teams_by_area.setdefault(team.area, []).append(team.idx)
        self.pool: dict[int, list[StaffPlan]] = {}
        for s in plan.staff:
            if s.kind == "sw" and s.team is not None:
                self.pool.setdefault(s.team, []).append(s)
        self.pas = [s for s in plan.staff if s.kind == "pa"]
        self.iros = [s for s in plan.staff if s.kind == "iro"]
        self.head = signins["head.of.service"]
        self.care_leavers_team = self.teams_by_area[A.CARE_LEAVERS][0]
        self.reviewing_team = self.teams_by_area[A.REVIEWING][0]

    # ---- people -------------------------------------------------------------------------------------------

    def _add_person(self, person: PersonPlan) -> PersonPlan:
        person.idx = len(self.plan.people)
        self.plan.people.append(person)
        return person

    def _upn_fields(self, dob: date | None, code: str) -> tuple[str, str]:
        rng = self.rng
        if dob is None or (self.on - dob).days < 5 * 365 + 1:
            return "", "UN1"
        if rng.random() < 0.93:
            return self.mint.upn(dob.year + 5), ""
        if code in ("OOTH", "BAFR", "AOTH") and rng.random() < 0.5:
            return "", "UN2"
        return "", weighted(rng, {"UN4": 5, "UN5": 2, "UN3": 1})

    def _child(
        self,
        fam: Family,
        heritage: names.Heritage,
        family_name: str,
        dob: date | None,
        edd: date | None,
        disabled: bool,
    ) -> PersonPlan:
        rng = self.rng
        if dob is None:
            given, sex, disabilities = "Unborn", "U", ()
        else:
            sex = "M" if rng.random() < 0.51 else "F"
            given = rng.choice(heritage.boys if sex == "M" else heritage.girls)
            if disabled or rng.random() < 0.06:
                picks = {
                    rng.choices(list(DISABILITY_CODES), weights=list(DISABILITY_CODES.values()))[0]
                    for _ in range(rng.choice((1, 1, 2, 3) if disabled else (1, 1, 2)))
                }
                disabilities = tuple(sorted(picks))
            else:
                disabilities = ("NONE",)
        upn, upn_unknown = self._upn_fields(dob, fam.code)
        known_as = names.KNOWN_AS[given] if given in names.KNOWN_AS and rng.random() < 0.4 else ""
        return self._add_person(
            PersonPlan(
                idx=0,
                kind=PersonKind.CHILD,
                la_id=self.mint.la_child_id(),
                given=given,
                family=family_name,
                known_as=known_as,
                dob=dob,
                edd=edd,
                sex=sex,
                ethnicity=fam.code,
                upn=upn,
                upn_unknown=upn_unknown,
                nhs=self.mint.nhs_number() if dob and rng.random() < 0.98 else "",
                disabilities=disabilities,
            )
        )

    def _adult(self, code: str, sex: str, family_name: str, dob: date) -> PersonPlan:
        heritage = names.HERITAGE_BY_ETHNICITY[code]
        given = self.rng.choice(heritage.women if sex == "F" else heritage.men)
        return self._add_person(
            PersonPlan(
                idx=0,
                kind=PersonKind.ADULT,
                la_id=None,
                given=given,
                family=family_name,
                known_as="",
                dob=dob,
                edd=None,
                sex=sex,
                ethnicity=code,
                nhs=self.mint.nhs_number() if self.rng.random() < 0.6 else "",
            )
        )

    def _address(self) -> tuple[str, str, str, str]:
        rng = self.rng
        town, districts = rng.choice(names.TOWNS)
        postcode = real_postcode(
            rng.choice(districts),
            rng.randint(1, 9),
            rng.choice(names.INWARD_LETTERS),
            rng.choice(names.INWARD_LETTERS),
        )
        street = rng.choice(names.STREETS)
        if rng.random() < 0.15:
            building = f"{rng.choice(names.BUILDINGS)} {rng.choice(('Court', 'House', 'Lodge'))}"
            return f"Flat {rng.randint(1, 40)}, {building}", street, town, postcode
        return f"{rng.randint(1, 180)} {street}", "", town, postcode

    def family(
        self,
        *,
        n: int,
        area: str,
        ref: date,
        unborn: bool = False,
        adults_p: float = 1.0,
        age_days: int | None = None,
    ) -> Family:
        """A family of `n` children whose eldest is of an age usual for `area` on `ref`, with parents and homes."""
        rng = self.rng
        fam = Family(code=weighted(rng, names.ETHNICITY_WEIGHTS))
        if fam.code in names.MIXED:
            pair = names.MIXED[fam.code]
            mother_code, father_code = pair if rng.random() < 0.6 else pair[::-1]
        else:
            mother_code = father_code = fam.code
        has_father = rng.random() < 0.6 * adults_p
        has_mother = rng.random() < 0.96 * adults_p or (adults_p == 1 and not has_father)
        surname_code = father_code if has_father and rng.random() < 0.6 else mother_code
        family_name = rng.choice(names.HERITAGE_BY_ETHNICITY[surname_code].surnames)
        given_pools = [names.HERITAGE_BY_ETHNICITY[mother_code], names.HERITAGE_BY_ETHNICITY[father_code]]

        if age_days is None:
            lo, hi = weighted(rng, AGE_BANDS[area])
            age_days = rng.randint(max(7, lo * 365), (hi + 1) * 365 - 6)
        dobs: list[date | None] = []
        for i in range(n):
            if i == n - 1 and unborn:
                dobs.append(None)
                break
            if age_days < 7:
                break
            dobs.append(ref - days(age_days))
            age_days -= rng.randint(300, 1600)
        disabled = area == A.DISABILITY
        for dob in dobs:
            edd = None if dob else self.on + days(rng.randint(14, 150))
            heritage = rng.choice(given_pools) if fam.code in names.MIXED else given_pools[0]
            fam.children.append(self._child(fam, heritage, family_name, dob, edd, disabled))

        born = [c.dob for c in fam.children if c.dob]
        eldest = min(born) if born else self.on + days(90)
        mother = father = None
        if has_mother:
            mother_dob = eldest - days(rng.randint(17 * 365, 40 * 365))
            own = rng.random() < 0.2
            name = rng.choice(names.HERITAGE_BY_ETHNICITY[mother_code].surnames) if own else family_name
            mother = self._adult(mother_code, "F", name, mother_dob)
            fam.adults.append(mother)
        if has_father:
            base = mother.dob if mother else eldest - days(rng.randint(19 * 365, 42 * 365))
            father_dob = base - days(rng.randint(-3 * 365, 8 * 365))
            name = (
                family_name
                if surname_code == father_code
                else rng.choice(names.HERITAGE_BY_ETHNICITY[father_code].surnames)
            )
            father = self._adult(father_code, "M", name, father_dob)
            fam.adults.append(father)

        # Homes: the family's current address, and for some the one before it.
        home = self._address()
        home_start = ref - days(rng.randint(60, 9 * 365))
        before = (
            (self._address(), home_start - days(rng.randint(365, 6 * 365))) if rng.random() < 0.3 else None
        )
        father_elsewhere = rng.random() < 0.4
        for person in fam.children + fam.adults:
            if person.dob is None:
                continue
            if person is father and father_elsewhere:
                person.addresses.append(
                    (*self._address(), max(person.dob, ref - days(rng.randint(30, 3000))), None)
                )
                continue
            if before and person.dob < home_start:
                person.addresses.append((*before[0], max(before[1], person.dob), home_start))
            person.addresses.append((*home, max(home_start, person.dob), None))

        self.plan.families.append(FamilyPlan([c.idx for c in fam.children], [a.idx for a in fam.adults]))
        rels = self.plan.relationships
        for child in fam.children:
            if mother:
                rels.append(RelationshipPlan(mother.idx, child.idx, RelationshipKind.MOTHER, True, child.dob))
            if father:
                rels.append(RelationshipPlan(father.idx, child.idx, RelationshipKind.FATHER, True, child.dob))
        for i, older in enumerate(fam.children):
            for younger in fam.children[i + 1 :]:
                rels.append(
                    RelationshipPlan(older.idx, younger.idx, RelationshipKind.SIBLING, False, younger.dob)
                )
        return fam

    # ---- workers ------------------------------------------------------------------------------------------

    def _manager(self, team: int) -> StaffPlan:
        return self.plan.staff[self.plan.teams[team].manager]

    def _by(self, team: int, worker: int) -> int:
        manager = self._manager(team)
        return self.head.idx if manager.idx == worker else manager.idx

    def _pick(self, team: int, start: date, end: date, exclude: int, area: str) -> StaffPlan | None:
        """A worker employed throughout [start, end]; leavers who left soon after are likelier."""
        rng = self.rng
        candidates = [w for w in self.pool.get(team, ()) if w.idx != exclude and w.covers(start, end)]
        if not candidates:
            manager = self._manager(team)
            if manager.idx != exclude and manager.covers(start, end):
                return manager
            candidates = [
                w
                for other in self.teams_by_area[area]
                for w in self.pool.get(other, ())
                if w.idx != exclude and w.covers(start, end)
            ]
            if not candidates:
                return None
        weights = [5 if w.leave and 0 <= (w.leave - end).days <= 60 else 1 for w in candidates]
        return rng.choices(candidates, weights=weights)[0]

    def _change_reason(self, before: Segment, after: Segment) -> str:
        if before.area != after.area:
            return Why.TRANSFER
        worker = self.plan.staff[before.worker]
        if worker.leave and (worker.leave - before.end).days <= 60:
            return Why.CONTRACT_ENDED if worker.contract == Contract.AGENCY else Why.WORKER_LEFT
        return weighted(self.rng, CHANGE_REASONS)

    def _leaver(self, seg: Segment, nxt: Segment) -> StaffPlan | None:
        """A worker of the team who left while the case was open, so the change of worker can be their leaving."""
        successor = self.plan.staff[nxt.worker]
        last = (nxt.end or self.on) - days(7)
        candidates = [
            w
            for w in self.pool.get(seg.team, ())
            if w.leave
            and w.idx != nxt.worker
            and w.start <= seg.start
            and seg.start + days(14) <= w.leave <= last
            and successor.covers(w.leave, nxt.end)
        ]
        return self.rng.choice(candidates) if candidates else None

    def _fill_history(self, segments: list[Segment]) -> list[Segment]:
        """Choose workers for every segment but the last (already chosen), latest first; link the reasons."""
        for i in range(len(segments) - 2, -1, -1):
            seg, nxt = segments[i], segments[i + 1]
            if seg.area == nxt.area and self.rng.random() < 0.4:
                leaver = self._leaver(seg, nxt)
                if leaver is not None:
                    seg.worker, seg.end, nxt.start = leaver.idx, leaver.leave, leaver.leave
                    continue
            worker = self._pick(seg.team, seg.start, seg.end, nxt.worker, seg.area)
            if worker is None:
                segments = segments[i + 1 :]
                break
            seg.worker = worker.idx
        for before, after in zip(segments, segments[1:], strict=False):
            before.end_reason = after.reason = self._change_reason(before, after)
        segments[0].reason = Why.NEW_CASE
        return segments

    def _change_points(self, start: date, end: date, n: int) -> list[date]:
        span = (end - start).days
        if span < 14 or n == 0:
            return []
        points = sorted({start + days(self.rng.randint(7, span - 3)) for _ in range(n)})
        kept: list[date] = []
        for p in points:
            if not kept or (p - kept[-1]).days >= 7:
                kept.append(p)
        return kept

    def _allocate(
        self, fam: Family, segments: list[Segment], role: str = AllocationRole.SOCIAL_WORKER
    ) -> None:
        """Allocations for each child of the family along the segments, clipped to the child's birth."""
        rng = self.rng
        moments = {}
        for seg in segments:
            for d in (seg.start, seg.end):
                if d is not None and d not in moments:
                    moments[d] = at_work(rng, d)
        for child in fam.children:
            first = True
            for seg in segments:
                start = seg.start
                if child.dob and child.dob > start:
                    if seg.end is not None and child.dob >= seg.end:
                        continue
                    start = child.dob
                start_at = moments[start] if start == seg.start else at_work(rng, start)
                if child.dob is None and child.edd is not None and child.edd - days(PRE_BIRTH_DAYS) > start:
                    # An unborn child is open from when the pregnancy was known, not from the older children's
                    # case start (rule 8606: a referral at most 280 days before the expected date of birth).
                    start = child.edd - days(PRE_BIRTH_DAYS)
                    if seg.end is not None and start >= seg.end:
                        continue
                    start_at = timezone.make_aware(
                        datetime.combine(start, timezone.localtime(start_at).time())
                    )
                self.plan.allocations.append(
                    AllocationPlan(
                        child=child.idx,
                        worker=seg.worker,
                        role=role,
                        start=start_at,
                        end=moments[seg.end] if seg.end else None,
                        reason=Why.NEW_CASE if first else seg.reason,
                        end_reason=seg.end_reason,
                        by=self._by(seg.team, seg.worker),
                    )
                )
                if first and role == AllocationRole.SOCIAL_WORKER:
                    child.created, child.by = start_at, self._by(seg.team, seg.worker)
                first = False
        created = [c.created for c in fam.children if c.created]
        for adult in fam.adults:
            adult.created = min(created) if created else None
            adult.by = fam.children[0].by if fam.children else None

    # ---- open cases ---------------------------------------------------------------------------------------

    def open_case(self, fam: Family, worker: StaffPlan) -> list[Segment]:
        rng, on = self.rng, self.on
        team = self.plan.teams[worker.team]
        area = team.area
        lo, hi = OPEN_DURATION[area]
        case_start = max(on - days(rng.randint(lo, hi)), self.window_start + days(rng.randint(0, 20)))
        born = [c.dob for c in fam.children if c.dob]
        if not born:
            case_start = max(case_start, on - days(rng.randint(20, 120)))
        else:
            case_start = max(case_start, min(born) + days(1))
        case_start = min(case_start, on - days(2))
        points = self._change_points(case_start, on - days(2), weighted(rng, EARLIER_WORKERS[area]))
        current_start = points[-1] if points else case_start
        if worker.start >= current_start:
            current_start = min(worker.start + days(rng.randint(1, 14)), on - days(1))
            points = [p for p in points if (current_start - p).days >= 7]
            if (current_start - case_start).days >= 7:
                points.append(current_start)
            else:
                case_start, points = current_start, []
        bounds = [case_start, *points]
        segments = []
        seg_area = area
        area_team = {area: team.idx}
        for i in range(len(bounds) - 1, -1, -1):
            if i < len(bounds) - 1 and seg_area in CAME_FROM and rng.random() < 0.55:
                seg_area = CAME_FROM[seg_area]
            team_idx = area_team.setdefault(seg_area, rng.choice(self.teams_by_area[seg_area]))
            end = bounds[i + 1] if i + 1 < len(bounds) else None
            segments.insert(0, Segment(team_idx, worker.idx, bounds[i], end, area=seg_area))
        segments = self._fill_history(segments)
        self._allocate(fam, segments)
        return segments

    def _review(self, fam: Family, in_care_from: date, until: date | None) -> None:
        """An independent reviewing officer for a child in care, sometimes after an earlier one."""
        rng, on = self.rng, self.on
        start = min(in_care_from + days(rng.randint(1, 10)), on - days(1))
        last = until or on
        iro = rng.choice(self.iros)
        if iro.start >= start:
            start = min(iro.start + days(rng.randint(1, 10)), on - days(1))
        segs = [Segment(self.reviewing_team, iro.idx, start, until, area=A.REVIEWING)]
        if (last - start).days > 90 and rng.random() < 0.3:
            change = start + days(rng.randint(30, (last - start).days - 30))
            earlier = [i for i in self.iros if i.idx != iro.idx and i.covers(start, change)]
            if earlier:
                segs = [
                    Segment(self.reviewing_team, rng.choice(earlier).idx, start, change, area=A.REVIEWING),
                    Segment(self.reviewing_team, iro.idx, change, until, area=A.REVIEWING),
                ]
                segs[0].end_reason = segs[1].reason = weighted(rng, {Why.CASELOAD: 3, Why.WORKER_ABSENT: 1})
        if until is not None:
            segs[-1].end_reason = Why.OTHER
        if segs[-1].end is not None and segs[-1].end <= segs[-1].start:
            return
        self._allocate(fam, segs, AllocationRole.REVIEWING_OFFICER)

    def _adviser(self, child: PersonPlan, fam: Family, in_care_from: date) -> None:
        rng = self.rng
        start = max(in_care_from, _birthday(child.dob, 16)) + days(rng.randint(0, 90))
        if start >= self.on:
            return
        pa = rng.choice(self.pas)
        start = max(start, pa.start + days(1))
        if start >= self.on:
            return
        seg = Segment(self.care_leavers_team, pa.idx, start, None, area=A.CARE_LEAVERS)
        self._allocate(Family(children=[child]), [seg], AllocationRole.PERSONAL_ADVISER)

    def _status(self, area: str) -> str:
        if area == A.CHILD_PROTECTION:
            return "child_protection" if self.rng.random() < 0.3 else "child_in_need"
        return {
            A.FRONT_DOOR: "referral",
            A.EARLY_HELP: "early_help",
            A.ASSESSMENT: "assessment",
            A.CHILDREN_IN_CARE: "looked_after",
            A.CARE_LEAVERS: "looked_after",
            A.DISABILITY: "child_in_need",
        }[area]

    def _after_open(self, fam: Family, segments: list[Segment], area: str, team: int) -> None:
        status = self._status(area)
        for child in fam.children:
            child.team, child.case_status = team, status
        if area in (A.CHILDREN_IN_CARE, A.CARE_LEAVERS):
            in_care = next((s.start for s in segments if s.area == A.CHILDREN_IN_CARE), segments[0].start)
            self._review(fam, in_care, None)
            if area == A.CARE_LEAVERS:
                for child in fam.children:
                    self._adviser(child, fam, in_care)

    def fill_caseload(self, worker: StaffPlan) -> None:
        """Open families for the worker until they hold their target: a number of children, or a weighted load."""
        rng = self.rng
        team = self.plan.teams[worker.team]
        area = team.area if team.area in AGE_BANDS else A.CHILD_PROTECTION
        heaviest = 1.5 if area == A.CHILD_PROTECTION else max(case_weight(self._status(area)), 0.5)
        children, load = 0, 0.0
        if worker.username == "team.manager":
            fam = self.family(n=2, area=area, ref=self.on, age_days=rng.randint(6 * 365, 12 * 365))
            self._restrict(fam, worker)
            self._after_open(fam, self.open_case(fam, worker), area, team.idx)
            children += len(fam.children)
        while True:
            if worker.target_children:
                room = worker.target_children - children
                if room <= 0:
                    break
            else:
                if load >= worker.target - 0.5:
                    break
                room = int((worker.target - load + 0.5) / heaviest)
            n = min(weighted(rng, FAMILY_SIZES.get(area, DEFAULT_FAMILY_SIZES)), max(1, room))
            unborn = area in (A.ASSESSMENT, A.CHILD_PROTECTION) and rng.random() < 0.04
            if worker.username == "social.worker" and children == 0:
                n, unborn = 2, True  # the demo caseload always has a pre-birth case
            fam = self.family(n=n, area=area, ref=self.on, unborn=unborn)
            self._after_open(fam, self.open_case(fam, worker), area, team.idx)
            children += len(fam.children)
            load += sum(case_weight(c.case_status) for c in fam.children)

    def _restrict(self, fam: Family, manager: StaffPlan) -> None:
        for person in fam.children + fam.adults:
            person.restricted, person.restricted_reason = True, RESTRICTED_REASON
            self.plan.access.append(AccessPlan(person.idx, manager.idx, None, self.head.idx))

    def adult_care_leaver(self) -> None:
        """An 18-20-year-old who left care: social workers until 18, a personal adviser since 16."""
        rng = self.rng
        fam = self.family(
            n=1,
            area=A.CARE_LEAVERS,
            ref=self.on,
            adults_p=0.6,
            age_days=rng.randint(18 * 365 + 10, 21 * 365 - 10),
        )
        child = fam.children[0]
        eighteen = _birthday(child.dob, 18)
        hi = eighteen - days(120)
        lo = max(self.window_start, _birthday(child.dob, 12))
        in_care = hi - days(30) if lo >= hi else lo + days(rng.randint(0, (hi - lo).days))
        cic_team = rng.choice(self.teams_by_area[A.CHILDREN_IN_CARE])
        points = self._change_points(in_care, eighteen, weighted(rng, {0: 30, 1: 40, 2: 30}))
        bounds = [in_care, *points, eighteen]
        segments = [
            Segment(cic_team, -1, bounds[i], bounds[i + 1], area=A.CHILDREN_IN_CARE)
            for i in range(len(bounds) - 1)
        ]
        last = self._pick(cic_team, segments[-1].start, eighteen, -1, A.CHILDREN_IN_CARE)
        if last is None:
            segments = segments[-1:]
            last = self._manager(cic_team)
        segments[-1].worker = last.idx
        segments = self._fill_history(segments)
        segments[-1].end_reason = Why.TRANSFER
        self._allocate(fam, segments)
        self._review(fam, segments[0].start, eighteen)
        self._adviser(child, fam, in_care)
        child.team, child.case_status = self.care_leavers_team, "care_leaver"

    # ---- closed cases -------------------------------------------------------------------------------------

    def closed_family(self) -> int:
        rng, on = self.rng, self.on
        route = weighted(rng, CLOSED_ROUTES)
        lengths = [rng.randint(*STAGE_DAYS[a]) for a in route]
        total = sum(lengths)
        lo, hi = (self.window_start + days(total + 1)).toordinal(), (on - days(10)).toordinal()
        close = date.fromordinal(rng.randint(lo, hi) if lo <= hi else hi)
        n = min(weighted(rng, {1: 55, 2: 28, 3: 12, 4: 5}), 1 if A.DISABILITY in route else 4)
        fam = self.family(n=n, area=route[0] if route[0] in AGE_BANDS else A.ASSESSMENT, ref=close)
        bounds, areas, end = [], [], close
        for area, length in zip(reversed(route), reversed(lengths), strict=True):
            start = max(end - days(length), self.window_start - days(30))
            if start >= end:
                break
            inner = self._change_points(start, end, 1) if rng.random() < 0.25 else []
            for b in reversed([start, *inner]):
                bounds.insert(0, b)
                areas.insert(0, area)
            end = start
        eldest = min(c.dob for c in fam.children)
        keep = [i for i, b in enumerate(bounds) if i == len(bounds) - 1 or bounds[i + 1] > eldest]
        bounds, areas = [bounds[i] for i in keep], [areas[i] for i in keep]
        teams = {a: rng.choice(self.teams_by_area[a]) for a in route}
        segments = [
            Segment(
                teams[areas[i]], -1, bounds[i], bounds[i + 1] if i + 1 < len(bounds) else close, area=areas[i]
            )
            for i in range(len(bounds))
        ]
        last = segments[-1]
        worker = self._pick(last.team, last.start, last.end, -1, last.area) or self._manager(last.team)
        last.worker = worker.idx
        segments = self._fill_history(segments)
        segments[-1].end_reason = Why.CASE_CLOSED
        self._allocate(fam, segments)
        return len(fam.children)

    # ---- the whole council --------------------------------------------------------------------------------

    def run(self, progress=None) -> None:
        spec = self.plan.spec
        holders = [s for s in self.plan.staff if (s.target > 0 or s.target_children > 0) and s.leave is None]
        for worker in holders:
            self.fill_caseload(worker)
        for _ in range(spec.adult_care_leavers):
            self.adult_care_leaver()
        closed = 0
        while closed < spec.closed_children:
            closed += self.closed_family()
        self._finish()

    def _finish(self) -> None:
        """Access-list grant times, and the reason each over-cap allocation was agreed."""
        people = self.plan.people
        for grant in self.plan.access:
            grant.granted_at = people[grant.person].created or at_work(self.rng, self.on - days(1))
        open_by_worker: dict[int, list[AllocationPlan]] = {}
        for alloc in self.plan.allocations:
            if alloc.end is None and alloc.role == AllocationRole.SOCIAL_WORKER:
                open_by_worker.setdefault(alloc.worker, []).append(alloc)
        for worker_idx, allocs in open_by_worker.items():
            worker = self.plan.staff[worker_idx]
            cap = worker.cap * float(worker.fte) + 1e-9  # the cap scales with the hours worked
            load = 0.0
            for alloc in sorted(allocs, key=lambda a: a.start):
                load += case_weight(people[alloc.child].case_status)
                if load > cap:
                    alloc.over_cap_reason = self.rng.choice(OVER_CAP_REASONS)


def plan_people(
    rng: random.Random, plan: CouncilPlan, mint: IdentifierMint, signins: dict[str, StaffPlan]
) -> PeoplePlanner:
    planner = PeoplePlanner(rng, plan, mint, signins)
    planner.run()
    return planner
