"""Synthetic identifiers that pass the real checks but cannot belong to anyone.

NHS numbers come from the 999 range, which the NHS reserves for test data; UPNs carry the DfE check letter.
"""

import random

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit for nine digits, or None when no valid number starts that way."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def upn_check_letter(last_twelve: str) -> str:
    """The DfE UPN check letter: characters 2–13 weighted 2–13, summed, modulus 23."""
    total = sum(int(d) * w for d, w in zip(last_twelve, range(2, 14), strict=True))
    return UPN_CHECK_LETTERS[total % 23]


class IdentifierMint:
    """Hands out unique identifiers from one seeded random source."""

    def __init__(self, rng: random.Random, la_code: str):
        self.rng = rng
        self.la_code = la_code
        self._nhs: set[str] = set()
        self._upn: set[str] = set()
        self._swe: set[str] = set()
        self._next_child = 5_000_001

    def la_child_id(self) -> str:
        # From 5,000,001 up, so they never meet the "CF" + record number that new records are given.
        value = f"CF{self._next_child:07d}"
        self._next_child += 1
        return value

    def nhs_number(self) -> str:
        while True:
            first_nine = f"999{self.rng.randrange(1_000_000):06d}"
            check = nhs_check_digit(first_nine)
            if check is None:
                continue
            number = f"{first_nine}{check}"
            if number not in self._nhs:
                self._nhs.add(number)
                return number

    def upn(self, school_start_year: int) -> str:
        """LA code, a school number (primary 2xxx or 3xxx), the two-digit year allocated, a serial."""
        while True:
            school = self.rng.choice((2, 2, 2, 3)) * 1000 + self.rng.randrange(1, 400)
            body = f"{self.la_code}{school:04d}{school_start_year % 100:02d}{self.rng.randrange(1000):03d}"
            upn = upn_check_letter(body) + body
            if upn not in self._upn:
                self._upn.add(upn)
                return upn

    def swe_number(self) -> str:
        while True:
            number = f"SW{self.rng.randrange(10_000, 999_999):06d}"
            if number not in self._swe:
                self._swe.add(number)
                return number
