"""Where children live and how one period of care unfolds: placements, moves, legal statuses and
temporary moves, as plain records before anything is written."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from carefile.seed import names
from carefile.seed.postcodes import real_postcode

from ..codes import LONG_TERM_FOSTER
from .common import (
    K3_FROM,
    PLACEMENT_COUNTS,
    REASONS,
    _age,
    _weighted,
)

# ---- places the children live ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    place: str
    provider: str
    postcode: str
    urn: str
    name: str


class _Places:
    """Foster carers, children's homes and supported accommodation the council places with, each with a stable
    postcode and URN, so a child returning to a placement returns to the same row."""

    def __init__(self, rng: random.Random, la_urn: str):
        self.rng = rng
        self.la_urn = la_urn
        self.agencies = [f"SC{rng.randint(400000, 499999)}" for _ in range(25)]
        self.carers: dict[str, list[Place]] = defaultdict(list)
        self.homes = [self._home("K2") for _ in range(60)]
        self.supported = [self._home("K3") for _ in range(25)]

    def _postcode(self) -> str:
        rng = self.rng
        _, districts = rng.choice(names.TOWNS)
        letters = names.INWARD_LETTERS
        return real_postcode(
            rng.choice(districts), rng.randint(1, 9), rng.choice(letters), rng.choice(letters)
        )

    def _home(self, place: str) -> Place:
        rng = self.rng
        provider = _weighted(rng, {"PR4": 78, "PR1": 14, "PR5": 8})
        kind = "House" if place == "K2" else "Supported Living"
        name = f"{rng.choice(names.BUILDINGS)} {kind}"
        return Place(place, provider, self._postcode(), f"SC{rng.randint(500000, 599999)}", name)

    def foster(self, place: str) -> Place:
        rng = self.rng
        provider = _weighted(rng, {"PR1": 60, "PR4": 34, "PR5": 6})
        urn = self.la_urn if provider == "PR1" else rng.choice(self.agencies)
        surname = rng.choice(names.BRITISH.surnames)
        kin = place in {"U1", "U2", "U3"}
        return Place(
            place, provider, self._postcode(), urn, f"{'Aunt and uncle ' if kin else 'Mr and Mrs '}{surname}"
        )

    def home(self, place: str) -> Place:
        return self.rng.choice(self.homes if place == "K2" else self.supported)

    def parent(self, home_postcode: str) -> Place:
        return Place("P1", "PR0", home_postcode or self._postcode(), "", "With mother")

    def adoption(self, place: str, current: Place | None) -> Place:
        rng = self.rng
        if place in {"A3", "A5"} and current is not None:
            return Place(
                place,
                current.provider if current.provider in {"PR1", "PR2"} else "PR1",
                current.postcode,
                current.urn,
                current.name,
            )
        return Place(
            place,
            _weighted(rng, {"PR1": 70, "PR2": 30}),
            self._postcode(),
            rng.choice([self.la_urn, "XXXXXXX"]),
            f"Adopters: {rng.choice(names.BRITISH.surnames)}",
        )

    def temporary(self, place: str) -> Place:
        what = {"T1": "Hospital", "T2": "Holiday", "T3": "Respite carers", "T4": "Emergency carers"}[place]
        return Place(place, "", self._postcode(), "", what)

    def short_break(self) -> Place:
        rng = self.rng
        if rng.random() < 0.6:
            return Place("K2", _weighted(rng, {"PR1": 60, "PR4": 40}), "", "", "Willow Short Breaks House")
        return Place("U6", "PR1", "", "", f"Short-break carers: {rng.choice(names.BRITISH.surnames)}")


# ---- one child's care -----------------------------------------------------------------------------------


@dataclass
class _Ep:
    start: date
    rne: str
    ls: str
    where: Place
    placement_start: date
    long_term: bool = False
    end: date | None = None
    rec: str = ""
    change: str = ""


@dataclass
class _Period:
    child_id: int
    start: date
    end: date | None
    cin: str
    home: str
    short_breaks: bool = False
    episodes: list[_Ep] = field(default_factory=list)


def _initial_status(rng: random.Random, age: int) -> str:
    if age >= 16:
        return _weighted(rng, {"V2": 58, "C2": 22, "C1": 12, "J1": 8})
    if age >= 10:
        return _weighted(rng, {"V2": 34, "C1": 38, "C2": 22, "J1": 6})
    return _weighted(rng, {"C1": 62, "V2": 24, "C2": 14})


def _placement_type(rng: random.Random, age: int, ls: str) -> str:
    if ls == "J1":
        return _weighted(rng, {"K2": 60, "U6": 30, "K1": 10})
    if age >= 16:
        return _weighted(rng, {"K3": 30, "U6": 26, "K2": 24, "U3": 12, "U4": 8})
    if age >= 11:
        return _weighted(
            rng, {"U6": 44, "K2": 26, "U3": 12, "U4": 10, "U1": 4, "P1": 4 if ls in {"C1", "C2"} else 0}
        )
    return _weighted(rng, {"U6": 58, "U3": 16, "U4": 10, "U1": 6, "P1": 10 if ls in {"C1", "C2"} else 0})


def _change_dates(rng: random.Random, start: date, until: date, n: int) -> list[date]:
    span = (until - start).days
    if n <= 0 or span < 14:
        return []
    n = min(n, span // 10)
    picked = sorted({start + timedelta(days=rng.randint(7, span - 1)) for _ in range(n * 2)})
    result: list[date] = []
    for d in picked:
        if (not result and (d - start).days >= 7) or (result and (d - result[-1]).days >= 10):
            result.append(d)
        if len(result) == n:
            break
    return result


class _Builder:
    def __init__(self, rng: random.Random, on: date, places: _Places):
        self.rng, self.on, self.places = rng, on, places

    def period(
        self,
        child_id: int,
        born: date,
        start: date,
        end: date | None,
        home: str,
        end_reasons: dict | None = None,
    ) -> _Period:
        """A period of care from `start` to `end` (None: still looked after at `on`)."""
        rng = self.rng
        until = end or self.on
        age = _age(born, start)
        ls = _initial_status(rng, age)
        cin = _weighted(rng, {"N1": 62, "N4": 9, "N5": 9, "N8": 7, "N6": 5, "N3": 4, "N2": 3, "N7": 1})
        p = _Period(child_id, start, end, cin, home)
        first = self._place(age, ls, home, start)
        p.episodes.append(_Ep(start, "S", ls, first, start, long_term=first.place in LONG_TERM_FOSTER))
        placements = _weighted(rng, PLACEMENT_COUNTS)
        changes: list[tuple[date, str]] = [
            (d, "move") for d in _change_dates(rng, start, until, placements - 1)
        ]
        # Interim care orders become full orders; a few young children get placement orders.
        if ls == "C1" and (until - start).days > 100:
            changes.append(
                (start + timedelta(days=rng.randint(90, min(330, (until - start).days - 5))), "C2")
            )
        if ls == "J1" and (until - start).days > 40:
            changes.append(
                (start + timedelta(days=rng.randint(20, min(120, (until - start).days - 5))), "V2")
            )
        if age < 5 and ls in {"C1", "C2"} and (until - start).days > 420 and rng.random() < 0.35:
            changes.append((start + timedelta(days=rng.randint(330, (until - start).days - 80)), "E1"))
        if rng.random() < 0.07 and (until - start).days > 60:
            changes.append((start + timedelta(days=rng.randint(30, (until - start).days - 20)), "temporary"))
        if rng.random() < 0.06 and (until - start).days > 200:
            changes.append((start + timedelta(days=rng.randint(180, (until - start).days - 5)), "long_term"))
        changes.sort()
        taken = {start}
        for day, what in changes:
            if day in taken or day <= p.episodes[-1].start or day >= until:
                continue
            self._change(p, day, what, born, until, taken)
        if end is not None:
            last = p.episodes[-1]
            if last.where.place.startswith("T"):  # a period cannot end in a temporary placement (381)
                p.episodes.pop()
                last = p.episodes[-1]
                last.end, last.rec, last.change = None, "", ""
            last.end = end
            last.rec = _weighted(rng, {"E4A": 45, "E4B": 8, "E13": 12, "E41": 8, "E45": 6, "E8": 8})
            if _age(born, end) >= 16:
                last.rec = _weighted(rng, {"E4A": 30, "E5": 30, "E6": 10, "E13": 15, "E8": 15})
            if end_reasons:
                last.rec = _weighted(rng, end_reasons)
            if last.rec == "E45" and last.where.place not in {"U1", "U2", "U3", "U4", "U5", "U6"}:
                last.rec = (
                    "E4A"  # a special guardianship order to former foster carers needs a foster placement
                )
        return p

    def _place(self, age: int, ls: str, home: str, on: date, avoid: Place | None = None) -> Place:
        for _ in range(5):
            kind = _placement_type(self.rng, age, ls)
            if kind == "K3" and on < K3_FROM:
                kind = "K2"  # supported accommodation was H5, not K3, before April 2024: keep to a children's home
            if kind == "P1":
                where = self.places.parent(home)
            elif kind in {"K1", "K2", "K3"}:
                where = self.places.home("K2" if kind == "K1" else kind)
                if kind == "K1":
                    where = Place(
                        "K1", "PR1", where.postcode, f"SC{self.rng.randint(600000, 600099)}", "Secure unit"
                    )
            else:
                where = self.places.foster(kind)
            if avoid is None or placement_key_of(where) != placement_key_of(avoid):
                return where
        return self.places.foster("U6")

    def _change(self, p: _Period, day: date, what: str, born: date, until: date, taken: set) -> None:
        rng = self.rng
        current = p.episodes[-1]
        if current.where.place.startswith("T"):
            return
        age = _age(born, day)
        if what in {"C2", "V2", "E1"}:
            if what == current.ls:
                return
            if what == "V2" and current.where.place == "P1":
                return
            if what == "E1" and current.ls not in {"C1", "C2"}:
                return
            if what == "E1" and rng.random() < 0.7:
                # A placement order, then placed for adoption about two months later.
                self._close(current, day, "")
                p.episodes.append(
                    _Ep(day, "L", what, current.where, current.placement_start, current.long_term)
                )
                taken.add(day)
                later = day + timedelta(days=rng.randint(40, 90))
                if later < until and later not in taken:
                    with_carer = rng.random() < 0.25 and current.where.place.startswith("U")
                    place = "A5" if with_carer else "A6"
                    where = self.places.adoption(place, current.where if with_carer else None)
                    self._close(p.episodes[-1], later, "CARPL")
                    rne = "T" if with_carer else "P"
                    p.episodes.append(
                        _Ep(later, rne, what, where, current.placement_start if with_carer else later)
                    )
                    taken.add(later)
                return
            self._close(current, day, "")
            p.episodes.append(_Ep(day, "L", what, current.where, current.placement_start, current.long_term))
            taken.add(day)
            return
        if what == "temporary":
            kind = _weighted(rng, {"T2": 40, "T3": 30, "T1": 15, "T4": 15})
            days = {
                "T1": rng.randint(2, 20),
                "T2": rng.randint(3, 12),
                "T3": rng.randint(3, 14),
                "T4": rng.randint(1, 6),
            }
            back = day + timedelta(days=days[kind])
            if back >= until or back in taken:
                return
            self._close(current, day, "")
            p.episodes.append(_Ep(day, "P", current.ls, self.places.temporary(kind), current.placement_start))
            self._close(p.episodes[-1], back, "")
            p.episodes.append(
                _Ep(back, "P", current.ls, current.where, current.placement_start, current.long_term)
            )
            taken.update({day, back})
            return
        if what == "long_term":
            if current.where.place not in {"U3", "U6"}:
                return
            new = Place(
                "U1" if current.where.place == "U3" else "U4",
                current.where.provider,
                current.where.postcode,
                current.where.urn,
                current.where.name,
            )
            self._close(current, day, "PLACE")
            p.episodes.append(_Ep(day, "T", current.ls, new, current.placement_start, True))
            taken.add(day)
            return
        where = self._place(age, current.ls if current.ls != "E1" else "C2", p.home, day, avoid=current.where)
        if current.ls == "V2" and where.place == "P1":
            where = self.places.foster("U6")
        new_ls = current.ls
        if current.ls == "C1" and rng.random() < 0.15:
            new_ls = "C2"  # a move on the day the full order is made: RNE B
        rne = "B" if new_ls != current.ls else "P"
        self._close(current, day, _weighted(rng, REASONS))
        p.episodes.append(_Ep(day, rne, new_ls, where, day, where.place in LONG_TERM_FOSTER))
        taken.add(day)

    @staticmethod
    def _close(e: _Ep, day: date, change: str) -> None:
        e.end, e.rec, e.change = day, "X1", change


def placement_key_of(where: Place) -> tuple[str, str, str, str]:
    return (where.place, where.postcode, where.urn, where.provider)
