"""The two passes of the import: validate everything, then write everything in one transaction."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction

from ..readers import Problem, ReadError, find_903_files, read_903, read_cin, read_cin_header
from . import convert
from .write import Writer

CHUNK = 500
NOT_IMPORTED_903 = ("UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "SWEpisodes", "DoLo")
NEEDS_PERIOD = ("AD1", "PlacedAdoption", "PrevPerm")

Progress = Callable[[str], None] | None


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the files: nothing was imported")
        self.problems = problems


@dataclass
class ImportResult:
    created: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    not_imported: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class Return903:
    """One SSDA903 return held by child: compact typed rows, small beside the CIN census."""

    headers: dict[str, convert.Header903] = field(default_factory=dict)
    episodes: dict[str, list[convert.Episode903]] = field(default_factory=lambda: defaultdict(list))
    reviews: dict[str, list[convert.Review903]] = field(default_factory=lambda: defaultdict(list))
    missing: dict[str, list[convert.Missing903]] = field(default_factory=lambda: defaultdict(list))
    # table -> child -> typed rows (UASC, OC2, OC3, AD1, PlacedAdoption, PrevPerm)
    others: dict[str, dict[str, list[dict]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    other: Counter = field(default_factory=Counter)


def _say(progress: Progress, message: str) -> None:
    if progress is not None:
        progress(message)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_903(directory, problems: list[Problem], progress: Progress, label: str) -> Return903:
    ret = Return903()
    files, found_problems = find_903_files(directory)
    problems.extend(found_problems)
    if "Header" not in files and not found_problems:
        problems.append(Problem(str(directory), "whole directory", "", "has no SSDA903 Header file"))
    readers = {
        "Header": convert.convert_903_header,
        "Episodes": convert.convert_903_episode,
        "Reviews": convert.convert_903_review,
        "Missing": convert.convert_903_missing,
    }
    for table in ["Header", "Episodes", "Reviews", "Missing", *NOT_IMPORTED_903]:
        if table not in files:
            continue
        count = 0
        try:
            for raw in read_903(files[table]):
                count += 1
                if "_extra" in raw:
                    problems.append(Problem.at(raw["_pos"], "", "more values than columns"))
                child = raw.get("CHILD", "")
                if table != "Header" and child and child not in ret.headers:
                    problems.append(
                        Problem.at(raw["_pos"], "CHILD", f"'{child}' is not in the {label} Header file")
                    )
                    continue
                if table in readers:
                    row = readers[table](raw, problems)
                    if row is None:
                        continue
                    if table == "Header":
                        if row.child in ret.headers:
                            problems.append(
                                Problem.at(row.pos, "CHILD", f"'{row.child}' is in the file twice")
                            )
                        ret.headers[row.child] = row
                    elif table == "Episodes":
                        ret.episodes[child].append(row)
                    elif table == "Reviews":
                        ret.reviews[child].append(row)
                    else:
                        ret.missing[child].append(row)
                else:
                    row = convert.convert_903_other(table, raw, problems)
                    if row is None:
                        ret.other[table] += table in ("SWEpisodes", "DoLo")
                    else:
                        ret.others[table][child].append(row)
        except ReadError as exc:
            problems.append(exc.problem)
        _say(progress, f"{label} {table}: {count} rows read")
    return ret


def _merge(previous: Return903 | None, current: Return903) -> Return903:
    """Last year's return under this year's: the same episode (child, DECOM) as sent this year wins."""
    if previous is None:
        return current
    merged = Return903(
        headers={**previous.headers, **current.headers}, other=current.other, others=current.others
    )
    for child in set(previous.episodes) | set(current.episodes):
        by_start = {e.start: e for e in previous.episodes.get(child, [])}
        by_start.update({e.start: e for e in current.episodes.get(child, [])})
        merged.episodes[child] = sorted(by_start.values(), key=lambda e: e.start)
    for child in set(previous.reviews) | set(current.reviews):
        by_day = {r.held_on: r for r in previous.reviews.get(child, [])}
        by_day.update({r.held_on: r for r in current.reviews.get(child, [])})
        merged.reviews[child] = sorted(by_day.values(), key=lambda r: r.held_on)
    for child in set(previous.missing) | set(current.missing):
        by_day = {m.start: m for m in previous.missing.get(child, [])}
        by_day.update({m.start: m for m in current.missing.get(child, [])})
        merged.missing[child] = sorted(by_day.values(), key=lambda m: m.start)
    return merged


def _check_903(ret: Return903, cin_dobs: dict[str, date | None], problems: list[Problem]) -> dict:
    """Periods of care per child, checking the chains and that reviews fall in a period."""
    periods = {}
    for child, episodes in ret.episodes.items():
        periods[child] = convert.periods_of(episodes, problems)
    for child, reviews in ret.reviews.items():
        for r in reviews:
            if not any(p.contains(r.held_on) for p in periods.get(child, [])):
                problems.append(
                    Problem.at(
                        r.pos, "REVIEW", f"{r.held_on:%d/%m/%Y} is outside the child's periods of care"
                    )
                )
    for table in NEEDS_PERIOD:
        for child, rows in ret.others.get(table, {}).items():
            if not periods.get(child):
                problems.append(
                    Problem.at(
                        rows[0]["pos"],
                        "CHILD",
                        f"'{child}' has no episodes of care to attach the {table} row to",
                    )
                )
    for child, header in ret.headers.items():
        if child in cin_dobs and cin_dobs[child] and header.dob and cin_dobs[child] != header.dob:
            problems.append(
                Problem.at(header.pos, "DOB", f"differs from PersonBirthDate in the CIN census for '{child}'")
            )
    return periods


def _cin_children(path, problems: list[Problem]) -> Iterator[convert.CinChild]:
    try:
        for raw in read_cin(path):
            yield convert.convert_cin_child(raw, problems)
    except ReadError as exc:
        problems.append(exc.problem)


def import_returns(
    *,
    year: int,
    cin: str | Path | None,
    ssda903: str | Path | None,
    ssda903_previous: str | Path | None = None,
    team,
    by,
    progress: Progress = None,
) -> ImportResult:
    """Import a CIN census file and/or an SSDA903 directory (with last year's, for earlier episodes).

    Raises `ImportFailed` with every problem found, having written nothing."""
    problems: list[Problem] = []
    result = ImportResult()
    # Pass 1: validate. ------------------------------------------------------------------------------------
    cin_dobs: dict[str, date | None] = {}
    if cin is not None:
        try:
            header = read_cin_header(cin)
            convert.convert_cin_header(header, file=str(cin), year=year, problems=problems)
        except ReadError as exc:
            problems.append(exc.problem)
        else:
            count = 0
            for child in _cin_children(cin, problems):
                count += 1
                if child.la_child_id in cin_dobs:
                    problems.append(
                        Problem.at(child.pos, "LAchildID", f"'{child.la_child_id}' is in the file twice")
                    )
                cin_dobs[child.la_child_id] = child.dob
                if count % 1000 == 0:
                    _say(progress, f"CIN census: {count} children checked")
            _say(progress, f"CIN census: {count} children checked")
    ret = None
    periods: dict = {}
    if ssda903 is not None:
        previous = (
            _read_903(ssda903_previous, problems, progress, "previous SSDA903") if ssda903_previous else None
        )
        ret = _merge(previous, _read_903(ssda903, problems, progress, "SSDA903"))
        periods = _check_903(ret, cin_dobs, problems)
        result.not_imported.update(ret.other)
    if problems:
        raise ImportFailed(problems)
    # Pass 2: write. ---------------------------------------------------------------------------------------
    for path in [p for p in (cin,) if p]:
        result.files[Path(path).name] = _sha256(Path(path))
    for directory in [d for d in (ssda903, ssda903_previous) if d]:
        for path in find_903_files(directory)[0].values():
            result.files[f"{Path(directory).name}/{path.name}"] = _sha256(path)
    writer = Writer(year=year, team=team, by=by, result=result)
    try:
        with transaction.atomic():
            if cin is not None:
                chunk: list[convert.CinChild] = []
                done = 0
                for child in _cin_children(cin, problems):
                    chunk.append(child)
                    if len(chunk) >= CHUNK:
                        writer.write_cin(chunk, ret)
                        done += len(chunk)
                        chunk = []
                        _say(progress, f"CIN census: {done} children imported")
                if chunk:
                    writer.write_cin(chunk, ret)
                    done += len(chunk)
                _say(progress, f"CIN census: {done} children imported")
            if ret is not None:
                ids = sorted(ret.headers)
                for i in range(0, len(ids), CHUNK):
                    writer.write_903(ids[i : i + CHUNK], ret, periods)
                    _say(progress, f"SSDA903: {min(i + CHUNK, len(ids))} of {len(ids)} children imported")
            writer.finish()
    except (IntegrityError, DatabaseError) as exc:
        raise ImportFailed(
            [Problem("(database)", "", "", f"the records conflict with what is already recorded: {exc}")]
        ) from exc
    for table, count in result.not_imported.items():
        result.warnings.append(
            f"SSDA903 {table}: {count} rows checked but not imported (no Carefile records yet)"
        )
    return result
