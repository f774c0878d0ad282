"""The children's social work workforce census (CSWW): one record per registered social worker, from Staff.

specs/statutory-data.md §4. The reference date is 30 September of the census year; starters, leavers and
absence are counted over the year to it (1 October to 30 September). Included: every registered social
worker (a Social Work England number) in a social work role who was in post on the reference date or
started or left in the year as a council employee, and agency social workers in post on the reference date.

Written as the COLLECT XML (Message / Header / LALevelVacancies / CSWWWorker, element order of the LIIA
`csww_schema_2025.xsd`; optional items left out when not recorded), or as a CSV of the same worker items when
the file is named .csv. Vacancies and incentives are council-level facts Carefile does not hold: they are
given on the command line (`--vacancies`), the incentives written as 0 (none).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from carefile.common import clock
from carefile.workforce.models import Allocation, AllocationRole, Contract, Role, Staff

SOFTWARE_CODE = "Carefile"
# Staff roles that are social work roles, and the census OrgRole each is by default.
ORG_ROLE = {
    Role.HEAD_OF_SERVICE: 2,  # middle manager
    Role.TEAM_MANAGER: 3,  # first-line manager
    Role.REVIEWING_OFFICER: 4,  # senior practitioner (independent reviewing officers hold no cases)
    Role.SOCIAL_WORKER: 5,  # case holder
}
SENIOR_TITLES = ("senior", "advanced", "consultant", "principal")

WORKER_ITEMS = [
    "AgencyWorker",
    "SWENo",
    "FTE",
    "PersonBirthDate",
    "Sex",
    "Ethnicity",
    "QualLevel",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "RoleEndDate",
    "LeaverDestination",
    "ReasonLeave",
    "FTE30",
    "Cases30",
    "WorkingDaysLost",
    "ContractWeeks",
    "FrontlineGrad",
    "Absat30Sept",
    "ReasonAbsence",
    "BaseSalary",
    "RRPayments",
    "OtherPayments",
]
LA_ITEMS = [
    "NumberOfVacancies",
    "NoAgencyFTE",
    "NoAgencyHeadcount",
    "RecruitmentBonus",
    "RetentionBonus",
    "PerformanceAward",
    "CarAllowance",
    "RelocationPackage",
    "RegionalWeighting",
    "CostSWE",
    "CostDBS",
    "OtherAllowances",
]


@dataclass
class CensusResult:
    reference_date: date
    workers: int = 0
    agency: int = 0
    starters: int = 0
    leavers: int = 0
    la_level: dict | None = None


def reference_date(year: int) -> date:
    return date(year, 9, 30)


def _fte(value: Decimal | None) -> str:
    return "" if value is None else f"{Decimal(value):.6f}"


def _two(value) -> str:
    return "" if value is None else f"{Decimal(value):.2f}"


def _bool(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _org_role(staff: Staff, cases: int) -> int:
    role = ORG_ROLE[staff.role]
    if role == 5 and any(word in staff.job_title.lower() for word in SENIOR_TITLES):
        role = 4
    if role == 5 and cases == 0:
        role = 6  # qualified, without cases
    return role


def census_staff(year: int):
    """The staff the census covers (see the module docstring), in a stable order."""
    ref = reference_date(year)
    year_start = ref - timedelta(days=364)  # 1 October of the year before
    in_post = Q(start_date__lte=ref) & (Q(leave_date__isnull=True) | Q(leave_date__gt=ref))
    moved = Q(start_date__gte=year_start, start_date__lte=ref) | Q(
        leave_date__gte=year_start, leave_date__lte=ref
    )
    return (
        Staff.objects.filter(role__in=list(ORG_ROLE))
        .exclude(swe_number="")
        .filter(in_post | (moved & Q(contract=Contract.PERMANENT)))
        .order_by("swe_number", "id")
    )


def _cases_at(year: int, staff_ids: list[int]) -> Counter:
    ref_end = timezone.make_aware(datetime.combine(reference_date(year) + timedelta(days=1), time.min))
    return Counter(
        Allocation.objects.filter(
            worker_id__in=staff_ids, role=AllocationRole.SOCIAL_WORKER, start__lt=ref_end
        )
        .filter(Q(end__isnull=True) | Q(end__gte=ref_end))
        .values_list("worker_id", flat=True)
    )


def worker_rows(year: int, *, chunk: int = 1000) -> Iterator[dict[str, str]]:
    """Each worker's census items (blank where not recorded or not applicable), streamed in chunks."""
    ref = reference_date(year)
    year_start = ref - timedelta(days=364)
    batch: list[Staff] = []

    def emit(staff_batch):
        cases = _cases_at(year, [s.pk for s in staff_batch])
        for s in staff_batch:
            agency = s.contract == Contract.AGENCY
            in_post = s.start_date <= ref and (s.leave_date is None or s.leave_date > ref)
            starter = year_start <= s.start_date <= ref
            leaver = s.leave_date is not None and year_start <= s.leave_date <= ref
            held = cases[s.pk] if in_post else 0
            row = dict.fromkeys(WORKER_ITEMS, "")
            row.update(
                AgencyWorker="1" if agency else "0",
                SWENo=s.swe_number,
                FTE=_fte(s.fte),
                OrgRole=str(_org_role(s, held)),
                FTE30=_fte(s.fte) if in_post else "",
                Cases30=str(held) if in_post else "",
            )
            if agency:
                row["ContractWeeks"] = "" if s.contract_weeks is None else f"{Decimal(s.contract_weeks):.1f}"
            else:
                absent = bool(s.absence_reason) if in_post else None
                row.update(
                    PersonBirthDate=s.date_of_birth.isoformat() if s.date_of_birth else "",
                    Sex=s.sex,
                    Ethnicity=s.ethnicity,
                    QualLevel=str(s.qualification_level or ""),
                    StepUpGrad=_bool(s.step_up_graduate),
                    RoleStartDate=s.start_date.isoformat(),
                    StartOrigin=str(s.start_origin or 10) if starter else "",
                    RoleEndDate=s.leave_date.isoformat() if leaver else "",
                    LeaverDestination=str(s.leaver_destination or 9) if leaver else "",
                    ReasonLeave=str(s.reason_left or 10) if leaver else "",
                    WorkingDaysLost=_two(s.working_days_lost),
                    FrontlineGrad=_bool(s.frontline_graduate),
                    Absat30Sept=_bool(absent),
                    ReasonAbsence=s.absence_reason if absent else "",
                    BaseSalary=_two(s.base_salary),
                )
            yield row, agency, in_post, starter, leaver

    for staff in census_staff(year).iterator(chunk_size=chunk):
        batch.append(staff)
        if len(batch) >= chunk:
            yield from emit(batch)
            batch = []
    if batch:
        yield from emit(batch)


def _la_level(vacancies: Decimal, agency_fte: Decimal, agency_headcount: int) -> dict[str, str]:
    items = dict.fromkeys(LA_ITEMS, "0")
    items.update(
        NumberOfVacancies=_two(vacancies),
        NoAgencyFTE=_two(agency_fte),
        NoAgencyHeadcount=str(agency_headcount),
        OtherAllowances="",
    )
    return items


def write_workforce_census(
    year: int,
    out: Path | str,
    *,
    vacancies: Decimal = Decimal("0"),
    progress: Callable[[str], None] | None = None,
) -> CensusResult:
    """Write the census for the year to `out`: CSV if it ends .csv, else the COLLECT XML."""
    out = Path(out)
    say = progress or (lambda message: None)
    result = CensusResult(reference_date=reference_date(year))
    agency_fte = Decimal("0")

    def counted(rows):
        nonlocal agency_fte
        for row, agency, in_post, starter, leaver in rows:
            result.workers += 1
            result.starters += int(starter and not agency)
            result.leavers += int(leaver and not agency)
            if agency and in_post:
                result.agency += 1
                agency_fte += Decimal(row["FTE"] or "0")
            if result.workers % 1000 == 0:
                say(f"{result.workers} workers written")
            yield row

    if out.suffix.lower() == ".csv":
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=WORKER_ITEMS)
            writer.writeheader()
            for row in counted(worker_rows(year)):
                writer.writerow(row)
        result.la_level = _la_level(vacancies, agency_fte, result.agency)
    else:
        _write_xml(
            year, out, counted(worker_rows(year)), result, vacancies, lambda: (agency_fte, result.agency)
        )
    say(
        f"Workforce census {year}: {result.workers} workers ({result.agency} agency in post), "
        f"{result.starters} starters, {result.leavers} leavers"
    )
    return result


def _write_xml(year, out: Path, rows, result: CensusResult, vacancies: Decimal, agency_totals) -> None:
    """Stream the workers, then the LA-level block, which the schema puts first: the workers go to a
    temporary file and are copied in after it, so memory stays flat."""
    workers_part = out.with_name(out.name + ".workers")
    try:
        with workers_part.open("wb") as handle:
            for row in rows:
                worker = etree.Element("CSWWWorker")
                for item in WORKER_ITEMS:
                    if row[item] != "":
                        etree.SubElement(worker, item).text = row[item]
                handle.write(etree.tostring(worker, encoding="utf-8") + b"\n")
        agency_fte, agency_headcount = agency_totals()
        result.la_level = _la_level(vacancies, agency_fte, agency_headcount)
        with out.open("wb") as handle, etree.xmlfile(handle, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element("Message"):
                header = etree.Element("Header")
                details = etree.SubElement(header, "CollectionDetails")
                etree.SubElement(details, "Collection").text = "CSWW"
                etree.SubElement(details, "Year").text = str(year)
                etree.SubElement(details, "ReferenceDate").text = result.reference_date.isoformat()
                source = etree.SubElement(header, "Source")
                etree.SubElement(source, "SourceLevel").text = "L"
                etree.SubElement(source, "LEA").text = settings.COUNCIL_LA_CODE
                etree.SubElement(source, "SoftwareCode").text = SOFTWARE_CODE
                etree.SubElement(source, "DateTime").text = clock.now().replace(microsecond=0).isoformat()
                xf.write(header)
                la = etree.Element("LALevelVacancies")
                for item in LA_ITEMS:
                    etree.SubElement(la, item).text = result.la_level[item]
                xf.write(la)
                xf.flush()
                with workers_part.open("rb") as workers:
                    for line in workers:
                        handle.write(line)
    finally:
        workers_part.unlink(missing_ok=True)
