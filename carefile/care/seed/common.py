"""Proportions, words and small helpers shared by the care seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time

from django.utils import timezone

from ..timescales import add_months

BATCH = 2000
MISSING_SHARE = 0.10
SHORT_BREAK_SHARE = 0.15  # of disabled children in need
EARLIER_PERIOD_SHARE = 0.08
K3_FROM = date(2024, 4, 1)

PLACEMENT_COUNTS = {1: 42, 2: 27, 3: 15, 4: 7, 5: 4, 6: 2, 8: 2, 11: 1}
REASONS = {
    "CARPL": 30,
    "CREQB": 16,
    "CREQO": 12,
    "CHILD": 8,
    "LAREQ": 6,
    "STAND": 4,
    "CLOSE": 4,
    "ALLEG": 3,
    "APPRR": 2,
    "OTHER": 8,
}
PARTICIPATION = {"PN1": 40, "PN2": 8, "PN3": 5, "PN4": 4, "PN5": 15, "PN6": 18, "PN7": 10}
CHILD_VIEWS = [
    "I like living here. I want to keep seeing my sister every week.",
    "I don't want to move again. I like my school.",
    "Said through the advocate that they want more time with their dad.",
    "Wrote a letter to the review: happy with the carers, wants a phone.",
    "I want to go home to mum. Nobody tells me what is happening.",
    "Drew a picture of the carers' dog and said it was the best thing about living here.",
    "Wants to do more football and to stay with the same social worker.",
    "Did not want to share views this time; the reviewing officer will visit before the next review.",
]
RECOMMENDATIONS = [
    "Arrange sibling contact every fortnight and review how it is going",
    "Complete the personal education plan with the designated teacher",
    "Book the review health assessment and dental check",
    "Refer to CAMHS for an assessment of emotional wellbeing",
    "Update the life story work with the child",
    "Complete the permanence report for the second review",
    "Explore family members as connected carers",
    "Agree a plan for contact with the mother, supervised, once a month",
    "Make an advocacy referral so the child's views are heard",
    "Apply for a passport so the child can go on the school trip",
]
FOUND_AT = [
    "A friend's house in town",
    "The town centre, with older young people",
    "Mother's address",
    "The railway station",
    "Returned to the placement by themselves",
    "Brought back by the police",
    "A party in a flat; police attended",
]
LEARNT = [
    "Went to see friends and lost track of time; no risks disclosed. Agreed a text check-in with carers.",
    "Went to mother's house; wants more contact. Raised at the next review.",
    "Was with older males who gave lifts and vapes. Exploitation screening tool completed; referred to the "
    "exploitation panel.",
    "Upset after contact was cancelled. Carers to plan the evenings after contact.",
    "Would not say where they were. Police informed of the address found; safety plan updated.",
]
INTERVIEWERS = [
    "Return interview worker, Safe Futures service",
    "Independent return interview service",
    "Youth worker",
]


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _birthday(born: date, years: int) -> date:
    return add_months(born, 12 * years)
