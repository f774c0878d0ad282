"""Facts from the statutory return files: a CIN census XML and a directory of SSDA903 CSVs.

The files are read with `carefile.returns.readers` (streamed, with file and line for each value). A value
the indicators need that is not a valid date, flag or number raises `ReturnFileError` naming the file, the
line and the field, so a bad file fails loudly instead of giving a wrong figure.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from carefile.returns.readers import Position, Problem, find_903_files, read_903, read_cin

from .facts import (
    S47,
    Assessment,
    CareEpisode,
    CareLeaverRow,
    CinEpisode,
    Facts,
    MissingIncident,
    Period,
    Plan,
)


class ReturnFileError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _iso(value: str | None, pos: Position, field: str, lines: dict | None = None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReturnFileError(
            Problem.at(pos, field, f"'{value}' is not a date (YYYY-MM-DD)", line=(lines or {}).get(field))
        ) from None


def _dmy(value: str, pos: Position, field: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise ReturnFileError(Problem.at(pos, field, f"'{value}' is not a date (DD/MM/YYYY)")) from None


def _flag(value: str | None, pos: Position, field: str, lines: dict | None = None) -> bool:
    text = (value or "").strip().lower()
    if text in {"1", "true"}:
        return True
    if text in {"0", "false", ""}:
        return False
    raise ReturnFileError(
        Problem.at(pos, field, f"'{value}' is not true/false/1/0", line=(lines or {}).get(field))
    )


def _int(value: str | None, pos: Position, field: str, lines: dict | None = None) -> int:
    text = (value or "").strip()
    if not text:
        return 0
    if not text.isdigit():
        raise ReturnFileError(
            Problem.at(pos, field, f"'{value}' is not a whole number", line=(lines or {}).get(field))
        )
    return int(text)


def cin_from_file(path: str | Path) -> list[CinEpisode]:
    episodes = []
    for child in read_cin(path):
        ref = child.get("LAchildID") or ""
        for d in child.get("CINdetails", []):
            pos, lines = d["_pos"], d.get("_lines", {})
            referral = _iso(d.get("CINreferralDate"), pos, "CINreferralDate", lines)
            if referral is None:
                raise ReturnFileError(Problem.at(pos, "CINreferralDate", "is missing"))
            episodes.append(
                CinEpisode(
                    child=ref,
                    referral_date=referral,
                    nfa=_flag(d.get("ReferralNFA"), pos, "ReferralNFA", lines),
                    closure_date=_iso(d.get("CINclosureDate"), pos, "CINclosureDate", lines),
                    initial_cpc=_iso(d.get("DateOfInitialCPC"), pos, "DateOfInitialCPC", lines),
                    assessments=tuple(
                        Assessment(
                            _iso(
                                a.get("AssessmentActualStartDate"),
                                a["_pos"],
                                "AssessmentActualStartDate",
                                a.get("_lines"),
                            ),
                            _iso(
                                a.get("AssessmentAuthorisationDate"),
                                a["_pos"],
                                "AssessmentAuthorisationDate",
                                a.get("_lines"),
                            ),
                        )
                        for a in d.get("Assessments", [])
                    ),
                    s47=tuple(_s47(s) for s in d.get("Section47", [])),
                    plans=tuple(
                        Plan(
                            _required(p, "CPPstartDate"),
                            _iso(p.get("CPPendDate"), p["_pos"], "CPPendDate", p.get("_lines")),
                            _int(
                                p.get("NumberOfPreviousCPP"),
                                p["_pos"],
                                "NumberOfPreviousCPP",
                                p.get("_lines"),
                            ),
                        )
                        for p in d.get("ChildProtectionPlans", [])
                    ),
                )
            )
    return episodes


def _required(block: dict, field: str) -> date:
    day = _iso(block.get(field), block["_pos"], field, block.get("_lines"))
    if day is None:
        raise ReturnFileError(Problem.at(block["_pos"], field, "is missing"))
    return day


def _s47(s: dict) -> S47:
    return S47(
        _required(s, "S47ActualStartDate"),
        _iso(s.get("DateOfInitialCPC"), s["_pos"], "DateOfInitialCPC", s.get("_lines")),
    )


def ssda903_from_dir(directory: str | Path):
    """(episodes, missing, care leavers) from the directory's CSVs; a table whose file is absent is None."""
    files, problems = find_903_files(directory)
    if problems:
        raise ReturnFileError(problems[0])
    episodes = missing = leavers = None
    if "Episodes" in files:
        episodes = []
        for r in read_903(files["Episodes"]):
            pos = r["_pos"]
            decom = _dmy(r.get("DECOM", ""), pos, "DECOM")
            if decom is None:
                raise ReturnFileError(Problem.at(pos, "DECOM", "is missing"))
            episodes.append(
                CareEpisode(
                    child=r["CHILD"],
                    decom=decom,
                    rne=r.get("RNE", ""),
                    ls=r.get("LS", ""),
                    place=r.get("PLACE", ""),
                    pl_post=r.get("PL_POST", ""),
                    urn=r.get("URN", ""),
                    dec=_dmy(r.get("DEC", ""), pos, "DEC"),
                    rec=r.get("REC", ""),
                )
            )
    if "Missing" in files:
        missing = []
        for r in read_903(files["Missing"]):
            start = _dmy(r.get("MIS_START", ""), r["_pos"], "MIS_START")
            if start is not None:
                missing.append(MissingIncident(child=r["CHILD"], kind=r.get("MISSING", ""), start=start))
    if "OC3" in files:
        leavers = [
            CareLeaverRow(
                child=r["CHILD"],
                dob=_dmy(r.get("DOB", ""), r["_pos"], "DOB"),
                in_touch=r.get("IN_TOUCH", ""),
                activ=r.get("ACTIV", ""),
                accom=r.get("ACCOM", ""),
            )
            for r in read_903(files["OC3"])
        ]
    return episodes, missing, leavers


def facts(
    *, year: int, cin: str | Path | None = None, ssda903: str | Path | None = None, child_population=None
) -> Facts:
    period = Period.collection_year(year)
    reasons = {}
    cin_rows = cin_from_file(cin) if cin else None
    if cin_rows is None:
        reasons["cin"] = "No CIN census file was given"
    episodes = missing = leavers = None
    if ssda903:
        episodes, missing, leavers = ssda903_from_dir(ssda903)
    for family, rows, table in (
        ("cla", episodes, "Episodes"),
        ("missing", missing, "Missing"),
        ("care_leavers", leavers, "OC3"),
    ):
        if rows is None:
            reasons[family] = f"No SSDA903 {table} file was given"
    return Facts(
        period=period,
        cin=cin_rows,
        cla=episodes,
        missing=missing,
        care_leavers=leavers,
        child_population=child_population,
        source="returns",
        reasons=reasons,
    )
