"""Turn the readers' raw rows into typed records, collecting every problem (file, line/element, field, reason).

The same functions serve the validation pass (problems collected, records thrown away) and the write pass
(records used; by then there are no problems). Checks cover formats and code lists, required fields,
references between files, and the structure the database insists on (one open episode, plan or enquiry per
child; ends after starts; a conference for each child protection plan), so that a file that validates
imports without a database error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from carefile.assessments.codes import Factor
from carefile.care.codes import (
    LegalStatus,
    MissingKind,
    NeedCode,
    NewEpisodeReason,
    Participation,
    Placement,
    PlacementChangeReason,
    Provider,
    ReasonCeased,
)
from carefile.frontdoor.codes import ClosureReason, PrimaryNeed, ReferralSource
from carefile.people.codes import Disability, Ethnicity, Sex, UpnUnknown
from carefile.protection.codes import Category

from ..readers import Position, Problem

UPN_RE = re.compile(r"^[A-Za-z]\d{11}[\dA-Za-z]$")
CHILD_ID_RE = re.compile(r"^[A-Za-z0-9]{1,20}$")
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}
GENDER_TO_SEX = {"1": "M", "2": "F", "0": "U", "9": "U"}


@cache
def _codes(choices) -> frozenset[str]:
    """A code list as a set, built once (`TextChoices.values` builds a new list on every call)."""
    return frozenset(choices.values)


class Fields:
    """Typed access to one raw row, noting each problem against its position."""

    def __init__(self, raw: dict, problems: list[Problem], *, iso: bool):
        self.raw = raw
        self.pos: Position = raw["_pos"]
        self.lines: dict = raw.get("_lines", {})
        self.problems = problems
        self.iso = iso

    def bad(self, name: str, reason: str) -> None:
        self.problems.append(Problem.at(self.pos, name, reason, line=self.lines.get(name)))

    def text(self, name: str, *, required: bool = False) -> str:
        value = self.raw.get(name) or ""
        if required and not value:
            self.bad(name, "is required but missing or blank")
        return value

    def date(self, name: str, *, required: bool = False) -> date | None:
        value = self.text(name, required=required)
        if not value:
            return None
        try:
            if self.iso:
                return date.fromisoformat(value) if len(value) == 10 else _fail()
            return datetime.strptime(value, "%d/%m/%Y").date() if len(value) == 10 else _fail()
        except ValueError:
            fmt = "YYYY-MM-DD" if self.iso else "DD/MM/YYYY"
            self.bad(name, f"'{value}' is not a date in the form {fmt}")
            return None

    def code(self, name: str, allowed, *, required: bool = False) -> str:
        value = self.text(name, required=required)
        if value and value not in allowed:
            self.bad(name, f"'{value}' is not a known code")
            return ""
        return value

    def flag(self, name: str, *, required: bool = False) -> bool | None:
        value = self.text(name, required=required)
        if not value:
            return None
        if value.lower() in TRUE:
            return True
        if value.lower() in FALSE:
            return False
        self.bad(name, f"'{value}' is not true/false/1/0")
        return None

    def integer(self, name: str, *, required: bool = False) -> int | None:
        value = self.text(name, required=required)
        if not value:
            return None
        if not value.isdigit():
            self.bad(name, f"'{value}' is not a whole number of 0 or more")
            return None
        return int(value)


def _fail():
    raise ValueError


# CIN census -------------------------------------------------------------------------------------------------


@dataclass
class CinAssessment:
    start: date
    review: date | None
    authorised: date | None
    factors: list[str]


@dataclass
class CinS47:
    start: date
    target: date | None
    icpc: date | None
    not_required: bool


@dataclass
class CinCpp:
    start: date
    end: date | None
    initial: str
    latest: str
    previous: int
    reviews: list[date]
    # How the plan's conference is found: ("s47", index into the episode's s47) or ("transfer", None).
    conference: tuple[str, int | None] = ("transfer", None)


@dataclass
class CinEpisode:
    referral_date: date
    source: str
    need: str
    closure: date | None
    reason: str
    icpc: date | None
    nfa: bool
    assessments: list[CinAssessment] = field(default_factory=list)
    plans: list[tuple[date, date | None]] = field(default_factory=list)
    s47: list[CinS47] = field(default_factory=list)
    cpps: list[CinCpp] = field(default_factory=list)


@dataclass
class CinChild:
    la_child_id: str
    upn: str
    former_upn: str
    upn_unknown: str
    dob: date | None
    expected_dob: date | None
    sex: str
    death: date | None
    ethnicity: str
    disabilities: list[str]
    episodes: list[CinEpisode]
    pos: Position | None = None


def convert_cin_header(header: dict, *, file: str, year: int, problems: list[Problem]) -> None:
    raw = {**header, "_pos": Position(file, None, "/Message/Header")}
    f = Fields(raw, problems, iso=True)
    reference = f.date("ReferenceDate")
    if reference is not None and reference != date(year, 3, 31):
        f.bad("ReferenceDate", f"is {reference:%Y-%m-%d}, but the return for {year} ends on {year}-03-31")
    collection = f.text("Collection")
    if collection and collection != "CIN":
        f.bad("Collection", f"'{collection}' is not a CIN census")


def convert_cin_child(raw: dict, problems: list[Problem]) -> CinChild:
    f = Fields(raw, problems, iso=True)
    child_id = f.text("LAchildID", required=True)
    if child_id and not CHILD_ID_RE.match(child_id):
        f.bad("LAchildID", "must be 1 to 20 letters or digits")
    upn = f.text("UPN")
    if upn and not UPN_RE.match(upn):
        f.bad("UPN", f"'{upn}' is not a UPN (a letter, 11 digits, then a digit or letter)")
    former = f.text("FormerUPN")
    if former and not UPN_RE.match(former):
        f.bad("FormerUPN", f"'{former}' is not a UPN")
    upn_unknown = f.code("UPNunknown", _codes(UpnUnknown))
    dob = f.date("PersonBirthDate")
    expected = f.date("ExpectedPersonBirthDate")
    if dob and expected:
        f.bad("ExpectedPersonBirthDate", "give either PersonBirthDate or ExpectedPersonBirthDate, not both")
        expected = None
    sex = f.text("Sex")
    if not sex and f.text("GenderCurrent"):
        sex = GENDER_TO_SEX.get(f.text("GenderCurrent"), "")
        if not sex:
            f.bad("GenderCurrent", f"'{f.text('GenderCurrent')}' is not a known code")
    elif not sex:
        f.bad("Sex", "is required but missing or blank")
    elif sex not in _codes(Sex):
        f.bad("Sex", f"'{sex}' is not a known code")
        sex = ""
    death = f.date("PersonDeathDate")
    if death and dob and death < dob:
        f.bad("PersonDeathDate", "is before PersonBirthDate")
    ethnicity = f.code("Ethnicity", _codes(Ethnicity), required=True)
    disabilities = []
    for code in raw.get("Disabilities", []):
        if code not in _codes(Disability):
            problems.append(Problem.at(f.pos, "Disability", f"'{code}' is not a known code"))
        elif code in disabilities:
            problems.append(Problem.at(f.pos, "Disability", f"'{code}' is given twice"))
        else:
            disabilities.append(code)
    episodes = [convert_cin_episode(d, problems) for d in raw.get("CINdetails", [])]
    _check_child_structure(raw, episodes, problems)
    return CinChild(
        la_child_id=child_id,
        upn=upn,
        former_upn=former,
        upn_unknown=upn_unknown,
        dob=dob,
        expected_dob=expected,
        sex=sex or "U",
        death=death,
        ethnicity=ethnicity,
        disabilities=disabilities,
        episodes=[e for e in episodes if e is not None],
        pos=f.pos,
    )


def convert_cin_episode(raw: dict, problems: list[Problem]) -> CinEpisode | None:
    f = Fields(raw, problems, iso=True)
    referral = f.date("CINreferralDate", required=True)
    source = f.code("ReferralSource", _codes(ReferralSource), required=True)
    need = f.code("PrimaryNeedCode", _codes(PrimaryNeed))
    closure = f.date("CINclosureDate")
    reason = f.code("ReasonForClosure", _codes(ClosureReason))
    icpc = f.date("DateOfInitialCPC")
    nfa = f.flag("ReferralNFA", required=True)
    if closure and not f.text("ReasonForClosure"):
        f.bad("ReasonForClosure", "is required when CINclosureDate is given")
    if f.text("ReasonForClosure") and not closure and f.text("CINclosureDate") == "":
        f.bad("CINclosureDate", "is required when ReasonForClosure is given")
    if referral and closure and closure < referral:
        f.bad("CINclosureDate", "is before CINreferralDate")
    assessments = []
    for a in raw.get("Assessments", []):
        fa = Fields(a, problems, iso=True)
        start = fa.date("AssessmentActualStartDate", required=True)
        review = fa.date("AssessmentInternalReviewDate")
        authorised = fa.date("AssessmentAuthorisationDate")
        if start and authorised and authorised < start:
            fa.bad("AssessmentAuthorisationDate", "is before AssessmentActualStartDate")
        factors = []
        for code in a.get("AssessmentFactors", []):
            if code not in _codes(Factor):
                fa.bad("AssessmentFactors", f"'{code}' is not a known code")
            elif code not in factors:
                factors.append(code)
        if start:
            assessments.append(CinAssessment(start, review, authorised, factors))
    if sum(1 for a in assessments if a.authorised is None) > 1:
        f.bad("Assessments", "more than one assessment without AssessmentAuthorisationDate in one episode")
    plans = []
    for p in raw.get("CINPlanDates", []):
        fp = Fields(p, problems, iso=True)
        start, end = fp.date("CINPlanStartDate", required=True), fp.date("CINPlanEndDate")
        if start and end and end < start:
            fp.bad("CINPlanEndDate", "is before CINPlanStartDate")
        elif start and referral and start < referral:
            fp.bad("CINPlanStartDate", "is before CINreferralDate")
        elif start:
            plans.append((start, end))
    s47s = []
    for s in raw.get("Section47", []):
        fs = Fields(s, problems, iso=True)
        start = fs.date("S47ActualStartDate", required=True)
        target = fs.date("InitialCPCtarget")
        held = fs.date("DateOfInitialCPC")
        not_required = fs.flag("ICPCnotRequired", required=True)
        if start and target and target <= start:
            fs.bad("InitialCPCtarget", "must be after S47ActualStartDate")
        if start and held and held < start:
            fs.bad("DateOfInitialCPC", "is before S47ActualStartDate")
        if held and not_required:
            fs.bad("ICPCnotRequired", "is true but a DateOfInitialCPC is given")
        if start:
            s47s.append(CinS47(start, target, held, bool(not_required)))
    cpps = []
    for p in raw.get("ChildProtectionPlans", []):
        fp = Fields(p, problems, iso=True)
        start, end = fp.date("CPPstartDate", required=True), fp.date("CPPendDate")
        initial = fp.code("InitialCategoryOfAbuse", _codes(Category), required=True)
        latest = fp.code("LatestCategoryOfAbuse", _codes(Category), required=True)
        previous = fp.integer("NumberOfPreviousCPP", required=True)
        reviews = []
        for text in p.get("CPPreviewDate", []):
            day = Fields({"CPPreviewDate": text, "_pos": fp.pos}, problems, iso=True).date("CPPreviewDate")
            if day and start and day <= start:
                fp.bad("CPPreviewDate", f"{day:%Y-%m-%d} is not after CPPstartDate")
            elif day and day not in reviews:
                reviews.append(day)
        if start and end and end <= start:
            fp.bad("CPPendDate", "must be after CPPstartDate")
        elif start and referral and start < referral:
            fp.bad("CPPstartDate", "is before CINreferralDate")
        elif start and initial and latest and previous is not None:
            plan = CinCpp(start, end, initial, latest, previous, sorted(reviews))
            matching = [i for i, s in enumerate(s47s) if s.icpc == start]
            if matching:
                plan.conference = ("s47", matching[0])
            elif icpc == start or not any(c.conference == ("transfer", None) for c in cpps):
                plan.conference = ("transfer", None)
            else:
                fp.bad(
                    "CPPstartDate",
                    "matches no initial conference (DateOfInitialCPC) in this episode, and another plan "
                    "in the episode already has none",
                )
                continue
            cpps.append(plan)
    if referral is None or not source or nfa is None:
        return None
    return CinEpisode(referral, source, need, closure, reason, icpc, nfa, assessments, plans, s47s, cpps)


def _check_child_structure(raw: dict, episodes: list, problems: list[Problem]) -> None:
    pos = raw["_pos"]
    good = [e for e in episodes if e is not None]
    if sum(1 for e in good if e.closure is None) > 1:
        problems.append(Problem.at(pos, "CINclosureDate", "more than one open episode (no closure date)"))
    dates = [e.referral_date for e in good]
    if len(set(dates)) != len(dates):
        problems.append(Problem.at(pos, "CINreferralDate", "two episodes start on the same day"))
    plans = [p for e in good for p in e.plans]
    if sum(1 for _s, end in plans if end is None) > 1:
        problems.append(Problem.at(pos, "CINPlanEndDate", "more than one open child in need plan"))
    cpps = [c for e in good for c in e.cpps]
    if sum(1 for c in cpps if c.end is None) > 1:
        problems.append(Problem.at(pos, "CPPendDate", "more than one open child protection plan"))
    if len({c.start for c in cpps}) != len(cpps):
        problems.append(Problem.at(pos, "CPPstartDate", "two child protection plans start on the same day"))
    s47 = [s for e in good for s in e.s47]
    if sum(1 for s in s47 if s.icpc is None and not s.not_required) > 1:
        problems.append(
            Problem.at(
                pos, "Section47", "more than one section 47 enquiry still open (no ICPC, not concluded)"
            )
        )
    if len({s.start for s in s47}) != len(s47):
        problems.append(
            Problem.at(pos, "S47ActualStartDate", "two section 47 enquiries start on the same day")
        )


# SSDA903 ----------------------------------------------------------------------------------------------------

SEX_903 = {"M": "M", "F": "F", "U": "U", "1": "M", "2": "F"}


@dataclass
class Header903:
    child: str
    sex: str
    dob: date | None
    ethnic: str
    upn: str
    upn_unknown: str
    pos: Position


@dataclass
class Episode903:
    start: date
    rne: str
    ls: str
    cin: str
    place: str
    provider: str
    end: date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str
    pos: Position


@dataclass
class Review903:
    held_on: date
    participation: str
    pos: Position


@dataclass
class Missing903:
    kind: str
    start: date
    end: date | None
    pos: Position


def convert_903_header(raw: dict, problems: list[Problem]) -> Header903 | None:
    f = Fields(raw, problems, iso=False)
    child = f.text("CHILD", required=True)
    if child and not CHILD_ID_RE.match(child):
        f.bad("CHILD", "must be 1 to 20 letters or digits")
    sex = f.text("SEX", required=True)
    if sex and sex not in SEX_903:
        f.bad("SEX", f"'{sex}' is not a known code")
    dob = f.date("DOB", required=True)
    ethnic = f.code("ETHNIC", _codes(Ethnicity), required=True)
    upn = f.text("UPN")
    unknown = ""
    if upn in _codes(UpnUnknown):
        upn, unknown = "", upn
    elif upn and not UPN_RE.match(upn):
        f.bad("UPN", f"'{upn}' is neither a UPN nor UN1–UN5")
    f.flag("MOTHER")
    f.date("MC_DOB")
    if not child:
        return None
    return Header903(child, SEX_903.get(sex, "U"), dob, ethnic, upn, unknown, f.pos)


def convert_903_episode(raw: dict, problems: list[Problem]) -> Episode903 | None:
    f = Fields(raw, problems, iso=False)
    start = f.date("DECOM", required=True)
    rne = f.code("RNE", _codes(NewEpisodeReason), required=True)
    ls = f.code("LS", _codes(LegalStatus), required=True)
    cin = f.code("CIN", _codes(NeedCode), required=True)
    place = f.code("PLACE", _codes(Placement), required=True)
    provider = f.code("PLACE_PROVIDER", _codes(Provider))
    end = f.date("DEC")
    rec = f.code("REC", _codes(ReasonCeased))
    change = f.code("REASON_PLACE_CHANGE", _codes(PlacementChangeReason))
    if bool(f.text("DEC")) != bool(f.text("REC")):
        f.bad("REC" if f.text("DEC") else "DEC", "DEC and REC must both be given or both be blank")
    if start and end and end <= start:
        f.bad("DEC", "must be after DECOM")
    if change and not f.text("DEC"):
        f.bad("REASON_PLACE_CHANGE", "is only given on an episode that has ended")
    if not (start and rne and ls and cin and place) or bool(end) != bool(rec):
        return None
    if end and end <= start:
        return None
    return Episode903(
        start,
        rne,
        ls,
        cin,
        place,
        provider,
        end,
        rec,
        change,
        f.text("HOME_POST"),
        f.text("PL_POST"),
        f.text("URN"),
        f.pos,
    )


def convert_903_review(raw: dict, problems: list[Problem]) -> Review903 | None:
    f = Fields(raw, problems, iso=False)
    f.date("DOB")
    held = f.date("REVIEW", required=True)
    code = f.code("REVIEW_CODE", _codes(Participation), required=True)
    return Review903(held, code, f.pos) if held and code else None


def convert_903_missing(raw: dict, problems: list[Problem]) -> Missing903 | None:
    f = Fields(raw, problems, iso=False)
    f.date("DOB")
    kind = f.code("MISSING", _codes(MissingKind), required=True)
    start = f.date("MIS_START", required=True)
    end = f.date("MIS_END")
    if start and end and end < start:
        f.bad("MIS_END", "is before MIS_START")
        return None
    return Missing903(kind, start, end, f.pos) if kind and start else None


# The other tables: typed rows as plain dicts (with "pos"), or None when the row is unusable.


def _bit(f: Fields, name: str, *, required: bool = False) -> bool | None:
    value = f.text(name, required=required)
    if not value:
        return None
    if value not in ("0", "1"):
        f.bad(name, f"'{value}' is not 0 or 1")
        return None
    return value == "1"


def convert_903_other(table: str, raw: dict, problems: list[Problem]) -> dict | None:
    from carefile.care.codes import (
        Accommodation,
        Activity,
        AdopterLegalStatus,
        AdopterSex,
        InTouch,
        PreviousPermanenceCode,
        ReversalReason,
        SdqReason,
    )

    f = Fields(raw, problems, iso=False)
    f.text("CHILD", required=True)
    f.date("DOB")
    row: dict = {"pos": f.pos}
    if table == "UASC":
        row["duc"] = f.date("DUC")
    elif table == "OC2":
        score = f.integer("SDQ_SCORE")
        if score is not None and score > 40:
            f.bad("SDQ_SCORE", f"{score} is more than 40")
            score = None
        row.update(
            sdq_score=score,
            sdq_reason=f.code("SDQ_REASON", _codes(SdqReason)),
            convicted=_bit(f, "CONVICTED"),
            health_check=_bit(f, "HEALTH_CHECK"),
            immunisations=_bit(f, "IMMUNISATIONS"),
            teeth_check=_bit(f, "TEETH_CHECK"),
            health_assessment=_bit(f, "HEALTH_ASSESSMENT"),
            substance_misuse=_bit(f, "SUBSTANCE_MISUSE"),
            received=_bit(f, "INTERVENTION_RECEIVED"),
            offered=_bit(f, "INTERVENTION_OFFERED"),
        )
        if score is not None and row["sdq_reason"]:
            f.bad("SDQ_REASON", "give SDQ_SCORE or SDQ_REASON, not both")
        if row["substance_misuse"]:
            if row["received"] is None:
                f.bad("INTERVENTION_RECEIVED", "is required when SUBSTANCE_MISUSE is 1")
            elif row["received"] is False and row["offered"] is None:
                f.bad("INTERVENTION_OFFERED", "is required when INTERVENTION_RECEIVED is 0")
    elif table == "OC3":
        row.update(
            in_touch=f.code("IN_TOUCH", _codes(InTouch), required=True),
            activity=f.code("ACTIV", _codes(Activity)) or "0",
            accommodation=f.code("ACCOM", _codes(Accommodation)) or "0",
        )
        if not row["in_touch"]:
            return None
    elif table == "AD1":
        nb = f.integer("NB_ADOPTR")
        if nb is not None and nb not in (1, 2):
            f.bad("NB_ADOPTR", f"{nb} is not 1 or 2")
        row.update(
            date_int=f.date("DATE_INT"),
            date_match=f.date("DATE_MATCH"),
            foster_care=_bit(f, "FOSTER_CARE"),
            number=nb,
            sex=f.code("SEX_ADOPTR", _codes(AdopterSex)),
            legal_status=f.code("LS_ADOPTR", _codes(AdopterLegalStatus)),
        )
    elif table == "PlacedAdoption":
        row.update(
            placed=f.date("DATE_PLACED", required=True),
            ceased=f.date("DATE_PLACED_CEASED"),
            reason=f.code("REASON_PLACED_CEASED", _codes(ReversalReason)),
        )
        if bool(f.text("DATE_PLACED_CEASED")) != bool(f.text("REASON_PLACED_CEASED")):
            f.bad(
                "REASON_PLACED_CEASED", "DATE_PLACED_CEASED and REASON_PLACED_CEASED go together (rule 119)"
            )
        if row["placed"] and row["ceased"] and row["ceased"] < row["placed"]:
            f.bad("DATE_PLACED_CEASED", "is before DATE_PLACED")
        if not row["placed"]:
            return None
    elif table == "PrevPerm":
        code = f.code("PREV_PERM", _codes(PreviousPermanenceCode))
        when = f.text("DATE_PERM")
        if when and not re.fullmatch(r"(\d{2}|ZZ)/(\d{2}|ZZ)/\d{4}", when):
            f.bad(
                "DATE_PERM", f"'{when}' is not a date in the form DD/MM/YYYY (ZZ for an unknown day or month)"
            )
        if code == "Z1" and (f.text("LA_PERM") or when):
            f.bad("PREV_PERM", "Z1 (no previous permanence) has no LA_PERM or DATE_PERM")
        row.update(code=code, la_code=f.text("LA_PERM"), order_date=when)
        if not code:
            return None
    elif table in ("SWEpisodes", "DoLo"):
        for column in ("SW_DECOM", "SW_DEC") if table == "SWEpisodes" else ("DOLO_START", "DOLO_END"):
            f.date(column)
        return None
    return row


@dataclass
class Period903:
    """A chain of episodes while continuously looked after."""

    episodes: list[Episode903]

    @property
    def start(self) -> date:
        return self.episodes[0].start

    @property
    def end(self) -> date | None:
        last = self.episodes[-1]
        return None if last.end is None or last.rec == "X1" else last.end

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def periods_of(episodes: list[Episode903], problems: list[Problem]) -> list[Period903]:
    """Split one child's episodes (any order) into periods of care, checking they chain."""
    periods: list[Period903] = []
    ordered = sorted(episodes, key=lambda e: e.start)
    for i, e in enumerate(ordered):
        if i and ordered[i - 1].start == e.start:
            problems.append(Problem.at(e.pos, "DECOM", "another episode of this child starts the same day"))
            continue
        previous = ordered[i - 1] if i else None
        continues = previous is not None and previous.rec == "X1" and previous.end == e.start
        if previous is not None and (previous.end is None or previous.end > e.start):
            problems.append(Problem.at(e.pos, "DECOM", "starts before the child's previous episode ended"))
            continue
        if continues and periods:
            periods[-1].episodes.append(e)
        else:
            periods.append(Period903([e]))
    if sum(1 for p in periods if p.end is None) > 1:
        problems.append(Problem.at(ordered[-1].pos, "DEC", "more than one period of care is still open"))
    return periods
