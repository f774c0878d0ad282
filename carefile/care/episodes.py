"""How episodes follow one another: the reason for a new episode, when the child's placement began, and the
problems SSDA903 would find in a chain of episodes.

Pure functions of episode-like objects (anything with the `Episode` fields), so the services, the return
builder and the tests share one reading of the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from .codes import ADOPTION_WITH_CURRENT_CARER, NO_LATER_EPISODES, TEMPORARY_PLACEMENTS


class EpisodeLike(Protocol):
    child_id: int
    period_id: int | None
    start: date
    end: date | None
    new_episode_reason: str
    legal_status: str
    place: str
    provider: str
    postcode: str
    urn: str
    reason_ceased: str
    reason_place_change: str
    placement_start: date


def placement_key(e) -> tuple[str, str, str, str]:
    return (e.place, e.postcode or "", e.urn or "", e.provider or "")


def is_temporary(place: str) -> bool:
    return place in TEMPORARY_PLACEMENTS


def new_episode_reason(*, status_changed: bool, placement_changed: bool, same_carer: bool = False) -> str:
    """RNE for an episode that continues a period of care: L, P, T, B or U."""
    if status_changed and placement_changed:
        return "U" if same_carer else "B"
    if placement_changed:
        return "T" if same_carer else "P"
    if status_changed:
        return "L"
    raise ValueError("Neither the legal status nor the placement changed: there is no new episode")


def same_carer_required(place: str) -> bool:
    """Placed for adoption with the current foster carer (A3, A5): the carer stays, so T or U (rule 217)."""
    return place in ADOPTION_WITH_CURRENT_CARER


def before_temporary(previous: Sequence) -> object | None:
    """The episode the child was in before the temporary placement they are in now (if they are in one)."""
    if not previous or not is_temporary(previous[-1].place):
        return None
    for e in reversed(previous[:-1]):
        if not is_temporary(e.place):
            return e
    return None


def placement_start_for(*, previous: Sequence, start: date, rne: str, place: str, key: tuple) -> date:
    """When the placement of a new episode began, for the visit clock (reg 28: "the start of any placement").

    A placement begins when the child starts to be looked after or moves to another carer (S, P, B). It
    carries on through a change of legal status (L), a change with the same carer (T, U: the carer moved house
    or the placement's status changed), a temporary move (T0–T4) and the return from one to the placement the
    child left.
    """
    if rne == "S" or not previous:
        return start
    last = previous[-1]
    if is_temporary(place) or rne in {"L", "T", "U"}:
        return last.placement_start
    left = before_temporary(previous)
    if left is not None and placement_key(left) == key:
        return left.placement_start
    return start


def chain_problems(episodes: Iterable) -> list[str]:
    """What SSDA903 would reject in one child's episodes (all of them, any order): gaps and overlaps, reason
    codes that do not match what changed, temporary placements at either end of a period or not followed by a
    return, and the reason for a placement change where it is needed or not allowed. Empty when the chain is
    sound."""
    eps = sorted(episodes, key=lambda e: e.start)
    problems: list[str] = []
    for i, e in enumerate(eps):
        label = f"Episode from {e.start:%d/%m/%Y}"
        if e.end is not None and e.end <= e.start:
            problems.append(f"{label} ends on or before the day it starts (rule 355/356)")
        if (e.end is None) != (not e.reason_ceased):
            problems.append(f"{label}: DEC and REC must both be given or both be blank (rule 148)")
        if e.end is None and e.reason_place_change:
            problems.append(f"{label} is open but has a reason for placement change (rule 233)")
        nxt = eps[i + 1] if i + 1 < len(eps) else None
        prev = eps[i - 1] if i > 0 else None
        continues = prev is not None and prev.reason_ceased == "X1"
        if prev is not None and prev.end is None:
            problems.append(f"{label} starts while the episode before it is still open (rule 142)")
        elif prev is not None and prev.end is not None and e.start < prev.end:
            problems.append(f"{label} starts before the episode before it ended (rule 501)")
        if continues:
            if e.start != prev.end:
                problems.append(
                    f"{label} does not start the day the episode before it ended (rules 388, 433)"
                )
            if e.new_episode_reason == "S":
                problems.append(f"{label} has RNE S but continues the episode before it (rule 431)")
            problems.extend(_reason_problems(label, prev, e))
            problems.extend(_temporary_return_problems(label, eps[:i], e))
        else:
            if e.new_episode_reason != "S":
                problems.append(f"{label} starts a period of care, so its RNE must be S (rules 357, 432)")
            if is_temporary(e.place):
                problems.append(
                    f"{label}: a period of care cannot start with a temporary placement (rule 380)"
                )
        ends_period = e.end is not None and e.reason_ceased != "X1"
        if e.reason_ceased == "X1" and (nxt is None or nxt.start != e.end):
            problems.append(f"{label} ended X1 but no episode starts the same day (rule 388)")
        if ends_period and is_temporary(e.place):
            problems.append(f"{label}: a period of care cannot end with a temporary placement (rule 381)")
        if ends_period and nxt is not None and nxt.start == e.end:
            problems.append(
                f"{label} ended the period but the next episode starts the same day (rule 388/431)"
            )
        if e.reason_ceased in NO_LATER_EPISODES and nxt is not None:
            problems.append(f"{label} ended {e.reason_ceased} but there are later episodes (rule 437)")
        if e.reason_ceased == "X1" and nxt is not None:
            placement_changes = nxt.new_episode_reason in {"P", "B", "T", "U"}
            temporary_either_side = is_temporary(e.place) or is_temporary(nxt.place)
            if placement_changes and not temporary_either_side and not e.reason_place_change:
                problems.append(f"{label} ended with a placement change but no reason for it (rule 225)")
            if e.reason_place_change and (temporary_either_side or not placement_changes):
                problems.append(f"{label} has a reason for placement change where none is allowed (rule 226)")
    return problems


def _reason_problems(label: str, prev, e) -> list[str]:
    status_changed = e.legal_status != prev.legal_status
    placement_changed = placement_key(e) != placement_key(prev)
    rne = e.new_episode_reason
    if rne == "L" and (not status_changed or placement_changed):
        return [f"{label} has RNE L but the placement changed or the legal status did not (rule 434)"]
    if rne in {"P", "T"} and (status_changed or not placement_changed):
        return [f"{label} has RNE {rne} but the legal status changed or the placement did not (rule 435)"]
    if rne in {"B", "U"} and (not status_changed or not placement_changed):
        return [
            f"{label} has RNE {rne} but the legal status and the placement did not both change (rule 436)"
        ]
    return []


def _temporary_return_problems(label: str, earlier: Sequence, e) -> list[str]:
    if not earlier or not is_temporary(earlier[-1].place):
        return []
    if is_temporary(e.place):
        return [f"{label}: after a temporary placement the child returns to their placement (rule 383)"]
    left = earlier[-2] if len(earlier) >= 2 else None
    if e.new_episode_reason != "P" or left is None or (left.place, left.postcode) != (e.place, e.postcode):
        return [
            f"{label}: after a temporary placement the child returns to the same placement, RNE P (rule 383)"
        ]
    return []
