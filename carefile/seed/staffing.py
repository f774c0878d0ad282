"""Planning the teams and the workforce: managers, case-holding workers, leavers, the demo sign-ins."""

from __future__ import annotations

import math
import random
from decimal import Decimal

from carefile.workforce.models import Contract, Role, ServiceArea

from . import names
from .identifiers import IdentifierMint
from .plan import AREA_BY_KEY, CASE_AREAS, CouncilPlan, StaffPlan, TeamPlan, days, weighted

STAFF_HERITAGE = {
    "WBRI": 70,
    "WIRI": 3,
    "WOTH": 5,
    "AIND": 4,
    "APKN": 4,
    "ABAN": 1,
    "BCRB": 4,
    "BAFR": 7,
    "CHNE": 1,
    "OOTH": 1,
}

HEADS_OF_SERVICE = [
    "Head of service, safeguarding and family help",
    "Head of service, children in care and care leavers",
    "Head of service, front door and assessment",
    "Head of service, children with disabilities",
    "Head of service, quality assurance",
    "Head of service, early help",
]


def _team_names(base: str, count: int) -> list[str]:
    if count == 1:
        return [base]
    places = list(names.LOCALITIES) + [town for town, _ in names.TOWNS]
    out = []
    for i in range(count):
        place = places[i % len(places)]
        suffix = "" if i < len(places) else f" {i // len(places) + 1}"
        out.append(f"{base} – {place}{suffix}")
    return out


class StaffMaker:
    def __init__(self, rng: random.Random, plan: CouncilPlan, mint: IdentifierMint):
        self.rng = rng
        self.plan = plan
        self.mint = mint

    def person_name(self) -> tuple[str, str]:
        heritage = names.HERITAGE_BY_ETHNICITY[weighted(self.rng, STAFF_HERITAGE)]
        given = self.rng.choice(heritage.women if self.rng.random() < 0.82 else heritage.men)
        return given, self.rng.choice(heritage.surnames)

    def add(
        self,
        *,
        role: str,
        job_title: str,
        team: int | None,
        kind: str,
        start,
        leave=None,
        contract: str = Contract.PERMANENT,
        fte: Decimal = Decimal("1.00"),
        registered: bool = True,
        cap: int = 20,
    ) -> StaffPlan:
        given, family = self.person_name()
        staff = StaffPlan(
            idx=len(self.plan.staff),
            given=given,
            family=family,
            role=role,
            job_title=job_title,
            team=team,
            fte=fte,
            contract=contract,
            start=start,
            leave=leave,
            swe=self.mint.swe_number() if registered else "",
            cap=cap,
            kind=kind,
        )
        self.plan.staff.append(staff)
        return staff

    def manager(self, team: TeamPlan, job_title: str = "Team manager") -> StaffPlan:
        rng, window_start = self.rng, self.plan.window_start
        contract = Contract.AGENCY if rng.random() < 0.08 else Contract.PERMANENT
        tm = self.add(
            role=Role.TEAM_MANAGER,
            job_title=job_title,
            team=team.idx,
            kind="tm",
            contract=contract,
            start=window_start - days(rng.randint(30, 8 * 365)),
        )
        team.manager = tm.idx
        return tm

    def case_worker(self, team: TeamPlan, caseload: tuple[int, int]) -> StaffPlan:
        rng, on = self.rng, self.plan.on
        early_help = team.area == ServiceArea.EARLY_HELP
        contract = Contract.AGENCY if rng.random() < 0.18 else Contract.PERMANENT
        fte = Decimal("1.00")
        cap = 20
        target = rng.randint(*caseload)
        if not early_help and contract == Contract.PERMANENT and rng.random() < 0.12:
            start = on - days(rng.randint(60, 330))
            job, cap, target = "Newly qualified social worker (ASYE)", 15, min(target, rng.randint(8, 13))
        else:
            if contract == Contract.AGENCY:
                start = on - days(rng.randint(60, 700))
            else:
                start = on - days(rng.randint(120, 14 * 365))
                if rng.random() < 0.18:
                    fte = Decimal(rng.choice(("0.50", "0.60", "0.80")))
                    target = max(4, round(target * float(fte), 1))
            years = (on - start).days / 365
            job = "Senior social worker" if years > 5 else "Social worker"
            if years > 9 and rng.random() < 0.3:
                job = "Advanced practitioner"
        if early_help:
            job = "Early help practitioner"
        worker = self.add(
            role=Role.SOCIAL_WORKER,
            job_title=job,
            team=team.idx,
            kind="sw",
            start=start,
            contract=contract,
            fte=fte,
            cap=cap,
            registered=not early_help,
        )
        worker.target = target
        return worker

    def leaver(self, team: TeamPlan) -> StaffPlan:
        rng, on, span = self.rng, self.plan.on, 365 * self.plan.spec.years
        agency = rng.random() < 0.35
        leave = on - days(rng.randint(15, span - 15))
        start = leave - days(rng.randint(60, 500) if agency else rng.randint(200, 6 * 365))
        job = "Early help practitioner" if team.area == ServiceArea.EARLY_HELP else "Social worker"
        return self.add(
            role=Role.SOCIAL_WORKER,
            job_title=job,
            team=team.idx,
            kind="sw",
            start=start,
            leave=leave,
            contract=Contract.AGENCY if agency else Contract.PERMANENT,
            registered=team.area != ServiceArea.EARLY_HELP,
        )


def plan_workforce(rng: random.Random, plan: CouncilPlan, mint: IdentifierMint) -> dict[str, StaffPlan]:
    """Teams and staff; returns the staff behind each demo sign-in, by username."""
    spec, on = plan.spec, plan.on
    maker = StaffMaker(rng, plan, mint)
    total_share = sum(a.share for a in CASE_AREAS)
    workers_by_area: dict[str, list[StaffPlan]] = {}

    for area in CASE_AREAS:
        # Children a worker holds on average (newly qualified and part-time workers hold fewer).
        children_each = sum(area.caseload) / 2 / area.weight * 0.95
        n_workers = max(1, round(spec.open_children * area.share / total_share / children_each))
        n_teams = max(area.min_teams, math.ceil(n_workers / spec.team_size))
        n_workers = max(n_workers, n_teams * (2 if area.min_teams > 1 else 1))
        area_teams = []
        for name in _team_names(area.team_name, n_teams):
            team = TeamPlan(idx=len(plan.teams), name=name, area=area.area)
            plan.teams.append(team)
            area_teams.append(team)
            maker.manager(team)
        workers = []
        for i in range(n_workers):
            workers.append(maker.case_worker(area_teams[i % n_teams], area.caseload))
        workers_by_area[area.area] = workers
        for team in area_teams:
            in_team = sum(1 for w in workers if w.team == team.idx)
            for _ in range(max(1, round(in_team * spec.years * spec.turnover))):
                maker.leaver(team)

    # Personal advisers sit in the care leavers team.
    care_leavers_team = next(t for t in plan.teams if t.area == ServiceArea.CARE_LEAVERS)
    n_pas = max(1, round((spec.adult_care_leavers + spec.open_children * 0.03) / 25))
    for _ in range(n_pas):
        maker.add(
            role=Role.SOCIAL_WORKER,
            job_title="Personal adviser",
            team=care_leavers_team.idx,
            kind="pa",
            start=on - days(rng.randint(200, 10 * 365)),
            registered=False,
        )

    # Independent reviewing officers, one for every 55 or so children in care.
    reviewing = TeamPlan(
        idx=len(plan.teams), name="Independent Reviewing Service", area=ServiceArea.REVIEWING
    )
    plan.teams.append(reviewing)
    maker.manager(reviewing, "Reviewing and child protection chairs manager")
    in_care_share = sum(
        AREA_BY_KEY[a].share for a in (ServiceArea.CHILDREN_IN_CARE, ServiceArea.CARE_LEAVERS)
    )
    in_care = spec.open_children * in_care_share / total_share
    iros = []
    for _ in range(max(2, round(in_care / 60))):
        iros.append(
            maker.add(
                role=Role.REVIEWING_OFFICER,
                job_title="Independent reviewing officer",
                team=reviewing.idx,
                kind="iro",
                start=plan.window_start - days(rng.randint(-365, 10 * 365)),
                contract=Contract.AGENCY if rng.random() < 0.1 else Contract.PERMANENT,
            )
        )

    office_start = plan.window_start - days(rng.randint(100, 3000))
    heads = [
        maker.add(
            role=Role.HEAD_OF_SERVICE,
            job_title=HEADS_OF_SERVICE[i % len(HEADS_OF_SERVICE)],
            team=None,
            kind="office",
            start=office_start - days(rng.randint(0, 2000)),
        )
        for i in range(spec.heads_of_service)
    ]
    analysts = [
        maker.add(
            role=Role.PERFORMANCE_ANALYST,
            job_title="Performance analyst",
            team=None,
            kind="office",
            start=on - days(rng.randint(200, 3000)),
            registered=False,
        )
        for _ in range(spec.analysts)
    ]
    inspector = maker.add(
        role=Role.INSPECTOR,
        job_title="Inspector (read-only access)",
        team=None,
        kind="office",
        start=on - days(rng.randint(30, 300)),
        registered=False,
    )
    admins = [
        maker.add(
            role=Role.ADMINISTRATOR,
            job_title="Systems administrator",
            team=None,
            kind="office",
            start=on - days(rng.randint(200, 3000)),
            registered=False,
        )
        for _ in range(spec.administrators)
    ]

    # The demo sign-ins: the first child protection team's manager and one of its social workers.
    cp_team = next(t for t in plan.teams if t.area == ServiceArea.CHILD_PROTECTION)
    social_worker = next(w for w in workers_by_area[ServiceArea.CHILD_PROTECTION] if w.team == cp_team.idx)
    social_worker.contract, social_worker.fte, social_worker.cap = Contract.PERMANENT, Decimal("1.00"), 20
    social_worker.start = on - days(rng.randint(2 * 365, 8 * 365))
    social_worker.job_title, social_worker.target_children = "Social worker", 15
    team_manager = plan.staff[cp_team.manager]
    team_manager.contract, team_manager.target_children = Contract.PERMANENT, 3
    for team in plan.teams:
        if team.manager is not None and team.idx not in (cp_team.idx, reviewing.idx):
            plan.staff[team.manager].target_children = rng.choice((0, 0, 0, 0, 1, 2))

    # A few workers carry more than the cap of 20.
    busy = [
        w
        for area in (ServiceArea.CHILD_PROTECTION, ServiceArea.CHILDREN_IN_CARE)
        for w in workers_by_area[area]
        if w is not social_worker and w.cap == 20 and w.fte == 1
    ]
    for worker in rng.sample(busy, min(spec.over_cap_workers, len(busy))):
        worker.target = rng.randint(22, 24)

    signins = {
        "social.worker": social_worker,
        "team.manager": team_manager,
        "reviewing.officer": iros[0],
        "head.of.service": heads[0],
        "analyst": analysts[0],
        "inspector": inspector,
        "admin": admins[0],
    }
    for username, staff in signins.items():
        staff.username = username
    return signins


# ---- workforce census details (a seed stage: STAGE_HOOKS "workforce") ---------------------------------

CENSUS_ABSENCE = {"SIC": 5, "MAT": 3, "TRN": 1, "OTH": 1}


def fill_census_details(*, rng: random.Random, on, holidays=None) -> dict[str, int]:
    """Give registered staff the workforce census items (specs/statutory-data.md §4.4), deterministically for
    the seed: date of birth, sex, ethnicity, qualification, where starters came from and leavers went, sickness
    days and absence on 30 September. One bulk update."""
    from datetime import date as _date

    from carefile.workforce.models import Staff

    staff = list(Staff.objects.exclude(swe_number="").order_by("pk"))
    for s in staff:
        born = min(on.year - 24, s.start_date.year - rng.randint(22, 40))  # qualified at 22 or later
        s.date_of_birth = _date(born, rng.randint(1, 12), rng.randint(1, 28))
        s.sex = "F" if rng.random() < 0.82 else "M"
        s.ethnicity = weighted(rng, STAFF_HERITAGE)
        s.qualification_level = weighted(rng, {1: 55, 2: 40, 3: 5})
        s.step_up_graduate = rng.random() < 0.06
        s.frontline_graduate = rng.random() < 0.08
        if s.contract == Contract.AGENCY:
            s.contract_weeks = Decimal(rng.randint(8, 52))
        newly_qualified = "ASYE" in s.job_title
        s.start_origin = (
            1 if newly_qualified else weighted(rng, {2: 45, 4: 20, 5: 8, 6: 10, 7: 5, 8: 4, 9: 8})
        )
        if s.leave_date is not None:
            s.leaver_destination = weighted(rng, {1: 35, 3: 20, 4: 8, 5: 7, 6: 10, 7: 5, 8: 15})
            s.reason_left = weighted(rng, {1: 70, 5: 10, 4: 3, 7: 5, 8: 5, 9: 7})
        s.working_days_lost = Decimal(rng.choice((0, 0, 0, 1, 2, 3, 5, 8, 12, 20, 35)))
        s.absence_reason = weighted(rng, CENSUS_ABSENCE) if rng.random() < 0.06 else ""
        s.base_salary = Decimal(rng.randrange(36000, 62000, 250))
    fields = [
        "date_of_birth",
        "sex",
        "ethnicity",
        "qualification_level",
        "step_up_graduate",
        "frontline_graduate",
        "contract_weeks",
        "start_origin",
        "leaver_destination",
        "reason_left",
        "working_days_lost",
        "absence_reason",
        "base_salary",
    ]
    Staff.objects.bulk_update(staff, fields, batch_size=500)
    return {"staff with census details": len(staff)}
