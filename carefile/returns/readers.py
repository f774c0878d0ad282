"""Readers for statutory return files: parse them into plain dicts, each carrying where it came from.

Nothing here checks meaning (codes, dates, references): that is the caller's job (the importer's validation,
an indicator calculator, a data-quality check). The readers only turn bytes into rows, stream them so memory
stays flat however big the file is, and say where each value came from so that a problem can be reported as
"file, line, field".

CIN census XML (`read_cin`)
    `read_cin(path)` yields one dict per `<Child>`, in file order, built with lxml iterparse (each `Child`
    element is cleared once read). Values are the element text stripped of surrounding blanks, or None
    where the element is absent; repeating parts are lists. Keys are the XSD element names::

        {"_pos": Position, "_lines": {"LAchildID": 12, ...},
         "LAchildID": "A123", "UPN": ..., "FormerUPN", "UPNunknown", "PersonBirthDate",
         "ExpectedPersonBirthDate", "Sex", "GenderCurrent", "PersonDeathDate", "Ethnicity",
         "Disabilities": ["NONE"],
         "CINdetails": [
            {"_pos", "_lines", "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
             "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA",
             "Assessments": [{"_pos", "_lines", "AssessmentActualStartDate", "AssessmentInternalReviewDate",
                              "AssessmentAuthorisationDate", "AssessmentFactors": [...]}],
             "CINPlanDates": [{"_pos", "_lines", "CINPlanStartDate", "CINPlanEndDate"}],
             "Section47": [{"_pos", "_lines", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                            "ICPCnotRequired"}],
             "ChildProtectionPlans": [{"_pos", "_lines", "CPPstartDate", "CPPendDate",
                                       "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
                                       "NumberOfPreviousCPP", "CPPreviewDate": [...]}]}]}

    `read_cin_header(path)` returns {"Collection", "Year", "ReferenceDate", "LEA", "_lines"} from the
    `Header` (stopping as soon as it has been read). A file that is not well-formed XML raises `ReadError`
    with the line lxml reports.

SSDA903 CSV files (`find_903_files`, `read_903`)
    A return is a directory of CSV files, one per table. `find_903_files(directory)` tells each file's table
    by its exact header row (as the DfE validator does), returning ({table: path}, [Problem]) — a CSV whose
    header matches no table, or two files of the same table, is a problem. `read_903(path)` yields one dict
    per data row (csv.DictReader): column name → stripped string ("" for blank), plus "_pos" (its line).
    Table names and columns are in `SSDA903_COLUMNS`.

`Position.where` is "line N" for CSV and "line N, /Message/Children/Child[3]/CINdetails[1]" for XML.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SSDA903_COLUMNS: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
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
    ],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": [
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
    ],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}


@dataclass(frozen=True)
class Position:
    """Where a row or element came from: the file, its line, and for XML the element path."""

    file: str
    line: int | None = None
    path: str = ""

    @property
    def where(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(self.path)
        return ", ".join(parts) or "whole file"


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file: (file, line or element, field, reason)."""

    file: str
    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}: {self.where}:{field} {self.reason}"

    @classmethod
    def at(cls, pos: Position, field: str, reason: str, *, line: int | None = None) -> Problem:
        if line is not None and line != pos.line:
            pos = Position(pos.file, line, pos.path)
        return cls(pos.file, pos.where, field, reason)


class ReadError(Exception):
    """The file cannot be read at all (not XML, not CSV, missing). Carries a `Problem`."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# CIN census -------------------------------------------------------------------------------------------------

_IDENT = (
    "LAchildID",
    "UPN",
    "FormerUPN",
    "UPNunknown",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "Sex",
    "GenderCurrent",
    "PersonDeathDate",
)
_DETAIL = (
    "CINreferralDate",
    "ReferralSource",
    "PrimaryNeedCode",
    "CINclosureDate",
    "ReasonForClosure",
    "DateOfInitialCPC",
    "ReferralNFA",
)
_ASSESSMENT = ("AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate")
_CIN_PLAN = ("CINPlanStartDate", "CINPlanEndDate")
_S47 = ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")
_CPP = (
    "CPPstartDate",
    "CPPendDate",
    "InitialCategoryOfAbuse",
    "LatestCategoryOfAbuse",
    "NumberOfPreviousCPP",
)


def _text(el) -> str | None:
    if el is None:
        return None
    return (el.text or "").strip()


def _fields(parent, names, pos: Position) -> dict:
    row: dict = {"_pos": pos, "_lines": {}}
    for name in names:
        el = parent.find(name)
        row[name] = _text(el)
        if el is not None:
            row["_lines"][name] = el.sourceline
    return row


def _child_dict(child, file: str, index: int) -> dict:
    path = f"/Message/Children/Child[{index}]"
    ids = child.find("ChildIdentifiers")
    chars = child.find("ChildCharacteristics")
    pos = Position(file, child.sourceline, path)
    row = _fields(ids if ids is not None else child, _IDENT, pos)
    row["_lines"]["ChildIdentifiers"] = ids.sourceline if ids is not None else None
    eth = chars.find("Ethnicity") if chars is not None else None
    row["Ethnicity"] = _text(eth)
    if eth is not None:
        row["_lines"]["Ethnicity"] = eth.sourceline
    row["Disabilities"] = [_text(d) for d in child.iterfind("ChildCharacteristics/Disabilities/Disability")]
    details = []
    for i, d in enumerate(child.iterfind("CINdetails"), start=1):
        dpath = f"{path}/CINdetails[{i}]"
        detail = _fields(d, _DETAIL, Position(file, d.sourceline, dpath))
        detail["Assessments"] = []
        for j, a in enumerate(d.iterfind("Assessments"), start=1):
            row_a = _fields(a, _ASSESSMENT, Position(file, a.sourceline, f"{dpath}/Assessments[{j}]"))
            row_a["AssessmentFactors"] = [
                _text(f) for f in a.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")
            ]
            detail["Assessments"].append(row_a)
        detail["CINPlanDates"] = [
            _fields(p, _CIN_PLAN, Position(file, p.sourceline, f"{dpath}/CINPlanDates[{j}]"))
            for j, p in enumerate(d.iterfind("CINPlanDates"), start=1)
        ]
        detail["Section47"] = [
            _fields(s, _S47, Position(file, s.sourceline, f"{dpath}/Section47[{j}]"))
            for j, s in enumerate(d.iterfind("Section47"), start=1)
        ]
        plans = []
        for j, p in enumerate(d.iterfind("ChildProtectionPlans"), start=1):
            row_p = _fields(p, _CPP, Position(file, p.sourceline, f"{dpath}/ChildProtectionPlans[{j}]"))
            row_p["CPPreviewDate"] = [_text(r) for r in p.iterfind("Reviews/CPPreviewDate")]
            plans.append(row_p)
        detail["ChildProtectionPlans"] = plans
        details.append(detail)
    row["CINdetails"] = details
    return row


def _syntax_problem(file: str, exc: etree.XMLSyntaxError) -> ReadError:
    line = exc.position[0] if getattr(exc, "position", None) else getattr(exc, "lineno", None)
    return ReadError(
        Problem(file, f"line {line}" if line else "whole file", "", f"not well-formed XML: {exc.msg}")
    )


def read_cin_header(path: str | Path) -> dict:
    """The CIN census Header: Collection, Year, ReferenceDate and LEA (the first Source's), with their lines."""
    file = str(path)
    header: dict = {"Collection": None, "Year": None, "ReferenceDate": None, "LEA": None, "_lines": {}}
    try:
        for _event, el in etree.iterparse(file, events=("end",), huge_tree=True):
            if el.tag in ("Collection", "Year", "ReferenceDate", "LEA") and header[el.tag] is None:
                header[el.tag] = _text(el)
                header["_lines"][el.tag] = el.sourceline
            if el.tag in ("Header", "Child"):
                break
    except OSError as exc:
        raise ReadError(Problem(file, "whole file", "", f"cannot be read: {exc}")) from exc
    except etree.XMLSyntaxError as exc:
        raise _syntax_problem(file, exc) from exc
    return header


def read_cin(path: str | Path) -> Iterator[dict]:
    """Each `<Child>` of a CIN census file as a dict (see the module docstring), streamed."""
    file = str(path)
    index = 0
    try:
        context = etree.iterparse(file, events=("end",), tag="Child", huge_tree=True)
        for _event, el in context:
            index += 1
            yield _child_dict(el, file, index)
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except OSError as exc:
        raise ReadError(Problem(file, "whole file", "", f"cannot be read: {exc}")) from exc
    except etree.XMLSyntaxError as exc:
        raise _syntax_problem(file, exc) from exc


# SSDA903 ----------------------------------------------------------------------------------------------------


def _header_row(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return [c.strip() for c in next(csv.reader(f), [])]


def find_903_files(directory: str | Path) -> tuple[dict[str, Path], list[Problem]]:
    """Each SSDA903 table's CSV in `directory`, told by its header row; and what is wrong with the set."""
    directory = Path(directory)
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    if not directory.is_dir():
        return found, [Problem(str(directory), "whole directory", "", "is not a directory")]
    by_header = {tuple(cols): table for table, cols in SSDA903_COLUMNS.items()}
    for path in sorted(directory.glob("*.csv")):
        try:
            header = _header_row(path)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), "line 1", "", f"cannot be read: {exc}"))
            continue
        table = by_header.get(tuple(header))
        if table is None:
            problems.append(
                Problem(
                    str(path), "line 1", "", "header row matches no SSDA903 table (" + ",".join(header) + ")"
                )
            )
        elif table in found:
            problems.append(
                Problem(str(path), "line 1", "", f"a second {table} file (first: {found[table].name})")
            )
        else:
            found[table] = path
    return found, problems


def read_903(path: str | Path) -> Iterator[dict]:
    """Each data row of one SSDA903 CSV: column → stripped string, plus "_pos". Streamed."""
    file = str(path)
    try:
        with open(file, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            for raw in reader:
                row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
                if not any(row.values()):
                    continue
                row["_pos"] = Position(file, reader.line_num)
                if None in raw:
                    row["_extra"] = raw[None]
                yield row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ReadError(Problem(file, "whole file", "", f"cannot be read: {exc}")) from exc
