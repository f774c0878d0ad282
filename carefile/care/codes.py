"""SSDA903 code sets for children looked after, and the rules that tie them together.

Codes and meanings from `specs/statutory-data.md` §2.4; the pairings (which provider goes with which
placement, when a URN is needed, which codes are temporary) from the DfE rules the validators apply (rule
numbers in the comments). Everything here is data and pure functions: the services use it to refuse an
episode the return would reject, and the forms to offer only the codes that are valid on a date.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import models


class LegalStatus(models.TextChoices):
    C1 = "C1", "C1 – Interim care order"
    C2 = "C2", "C2 – Full care order"
    D1 = "D1", "D1 – Freeing order granted"
    E1 = "E1", "E1 – Placement order granted"
    V2 = "V2", "V2 – Single period of accommodation under section 20"
    V3 = "V3", "V3 – Agreed series of short breaks, each break recorded"
    V4 = "V4", "V4 – Agreed series of short breaks, the agreement recorded"
    L1 = "L1", "L1 – Police protection, in local authority accommodation"
    L2 = "L2", "L2 – Emergency protection order"
    L3 = "L3", "L3 – Child assessment order, in local authority accommodation"
    J1 = "J1", "J1 – Remanded to local authority or youth detention accommodation"
    J2 = "J2", "J2 – Transferred to local authority accommodation under PACE"
    J3 = "J3", "J3 – Youth rehabilitation order with residence or fostering requirement"


SHORT_BREAK_STATUSES = frozenset({LegalStatus.V3, LegalStatus.V4})
YOUTH_JUSTICE_STATUSES = frozenset({LegalStatus.J1, LegalStatus.J2, LegalStatus.J3})  # 10 or over (358)
# Freeing orders could not be applied for after 30 December 2005 (445, 451): never offered for new episodes.
RETIRED_STATUSES = frozenset({LegalStatus.D1})


class NewEpisodeReason(models.TextChoices):
    S = "S", "S – Started to be looked after"
    L = "L", "L – Change of legal status only"
    P = "P", "P – Change of placement and carer only"
    T = "T", "T – Change of placement, same carer"
    B = "B", "B – Change of legal status and of placement and carer"
    U = "U", "U – Change of legal status and of placement, same carer"


class Placement(models.TextChoices):
    A3 = "A3", "A3 – Placed for adoption with consent, with current foster carer"
    A4 = "A4", "A4 – Placed for adoption with consent, not with current foster carer"
    A5 = "A5", "A5 – Placed for adoption under a placement order, with current foster carer"
    A6 = "A6", "A6 – Placed for adoption under a placement order, not with current foster carer"
    H5 = "H5", "H5 – Semi-independent living (to March 2024)"
    K1 = "K1", "K1 – Secure children's home"
    K2 = "K2", "K2 – Children's home"
    K3 = "K3", "K3 – Supported accommodation (16 and over)"
    P1 = "P1", "P1 – With parent or other person with parental responsibility"
    P2 = "P2", "P2 – Independent living (to October 2023)"
    P3 = "P3", "P3 – Residential employment"
    R1 = "R1", "R1 – Residential care home"
    R2 = "R2", "R2 – NHS or health trust, or other medical or nursing establishment"
    R3 = "R3", "R3 – Family centre or mother and baby unit"
    R5 = "R5", "R5 – Young offender institution"
    S1 = "S1", "S1 – Residential school"
    T0 = "T0", "T0 – Temporary move of any kind"
    T1 = "T1", "T1 – Temporary: in hospital"
    T2 = "T2", "T2 – Temporary: child's holiday"
    T3 = "T3", "T3 – Temporary: while the foster carer is on holiday"
    T4 = "T4", "T4 – Temporary: 7 days or less, any other reason"
    U1 = "U1", "U1 – Foster: relative or friend, long term"
    U2 = "U2", "U2 – Foster: relative or friend who is also an approved adopter"
    U3 = "U3", "U3 – Foster: relative or friend, other"
    U4 = "U4", "U4 – Foster: other carer, long term"
    U5 = "U5", "U5 – Foster: other carer who is also an approved adopter"
    U6 = "U6", "U6 – Foster: other carer, other"
    Z1 = "Z1", "Z1 – Other placement (to March 2025)"
    Z11 = "Z11", "Z11 – Other placement (Z11)"
    Z12 = "Z12", "Z12 – Other placement (Z12)"
    Z13 = "Z13", "Z13 – Other placement (Z13)"
    Z14 = "Z14", "Z14 – Other placement (Z14)"


TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
OTHER_PLACEMENTS = frozenset({"Z1", "Z11", "Z12", "Z13", "Z14"})
LONG_TERM_FOSTER = frozenset({"U1", "U4"})
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
# Placed for adoption with the current foster carer: the carer stays the same, so the episode is T or U (217).
ADOPTION_WITH_CURRENT_CARER = frozenset({"A3", "A5"})
# No placement provider for these (213, 526); every other placement needs one.
NO_PROVIDER = TEMPORARY_PLACEMENTS | OTHER_PLACEMENTS
# An Ofsted URN is never given for these (222) and is needed for every other English placement (218).
NO_URN = frozenset({"P1", "P3", "R1", "R2", "R5"}) | TEMPORARY_PLACEMENTS | OTHER_PLACEMENTS
# `XXXXXXX` stands in for a URN only for placements made through a regional adoption agency (242).
RAA_URN = "XXXXXXX"
RAA_URN_PLACEMENTS = ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS
# The dates a code may start an episode: (first day, last day), None for open-ended.
PLACEMENT_VALID = {
    "H5": (None, date(2024, 3, 31)),
    "K3": (date(2024, 4, 1), None),
    "P2": (None, date(2023, 10, 27)),
    "Z1": (None, date(2025, 3, 31)),
    **{code: (date(2025, 4, 1), None) for code in ("Z11", "Z12", "Z13", "Z14")},
}
# Youngest age for a placement type (371, 372, 373, 374).
PLACEMENT_MIN_AGE = {"K3": 16, "H5": 16, "P2": 16, "R5": 10, "S1": 4, "P3": 14}


class Provider(models.TextChoices):
    PR0 = "PR0", "PR0 – Parent or other person with parental responsibility"
    PR1 = "PR1", "PR1 – Own council's provision (including a regional adoption agency it hosts)"
    PR2 = "PR2", "PR2 – Another council's provision (including a regional adoption agency it hosts)"
    PR3 = "PR3", "PR3 – Other public provision"
    PR4 = "PR4", "PR4 – Private provision"
    PR5 = "PR5", "PR5 – Voluntary or third-sector provision"


# Which providers a placement may have (527–531, 550): P1 only with PR0 and PR0 only with P1; PR1/PR2 not for
# P1, R2, R5; PR3 not for P1, A3–A6, K1, K2, U1–U6.
def providers_for(place: str) -> list[str]:
    if place in NO_PROVIDER:
        return []
    if place == "P1":
        return ["PR0"]
    allowed = ["PR1", "PR2", "PR3", "PR4", "PR5"]
    if place in {"R2", "R5"}:
        allowed = [p for p in allowed if p not in {"PR1", "PR2"}]
    if place in ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS | {"K1", "K2"}:
        allowed = [p for p in allowed if p != "PR3"]
    return allowed


class ReasonCeased(models.TextChoices):
    X1 = "X1", "X1 – Episode ends and a new one starts the same day"
    E11 = "E11", "E11 – Adopted: application unopposed"
    E12 = "E12", "E12 – Adopted: consent dispensed with by the court"
    E2 = "E2", "E2 – Died"
    E3 = "E3", "E3 – Care taken over by another local authority in the UK"
    E4A = "E4A", "E4A – Returned home to parents or others with parental responsibility, as planned"
    E4B = "E4B", "E4B – Returned home to parents or others with parental responsibility, not as planned"
    E13 = "E13", "E13 – Left care to live with parents, relatives or others without parental responsibility"
    E41 = "E41", "E41 – Residence order or child arrangements order granted"
    E45 = "E45", "E45 – Special guardianship order to former foster carers who are relatives or friends"
    E46 = "E46", "E46 – Special guardianship order to former foster carers who are not relatives or friends"
    E47 = "E47", "E47 – Special guardianship order to other carers who are relatives or friends"
    E48 = "E48", "E48 – Special guardianship order to other carers who are not relatives or friends"
    E5 = "E5", "E5 – Moved to independent living with formal support"
    E6 = "E6", "E6 – Moved to independent living without formal support"
    E7 = "E7", "E7 – Transferred to residential care funded by adult social care"
    E9 = "E9", "E9 – Sentenced to custody"
    E14 = "E14", "E14 – Accommodation on remand ended"
    E15 = "E15", "E15 – Age assessment found the child to be 18 or over"
    E16 = "E16", "E16 – Child moved abroad"
    E17 = "E17", "E17 – Aged 18 or over and stayed with current carers (for example Staying Put)"
    E8 = "E8", "E8 – Ceased for any other reason"


# The reasons that end a period of care (every code but X1).
CARE_ENDED_REASONS = [c for c in ReasonCeased if c != ReasonCeased.X1]
ADOPTED = frozenset({"E11", "E12"})
NO_LATER_EPISODES = frozenset({"E2", "E15"})  # 437


class PlacementChangeReason(models.TextChoices):
    CARPL = "CARPL", "Change to, or carrying out, the care plan"
    CLOSE = "CLOSE", "The provider resigned or closed"
    ALLEG = "ALLEG", "Allegation (section 47 enquiry)"
    STAND = "STAND", "Concerns about the standard of care"
    APPRR = "APPRR", "Carer's approval removed"
    CREQB = "CREQB", "Carer asked for the placement to end because of the child's behaviour"
    CREQO = "CREQO", "Carer asked for the placement to end for other reasons"
    CHILD = "CHILD", "The child asked for the placement to end"
    LAREQ = "LAREQ", "The responsible or area authority asked for the placement to end"
    PLACE = "PLACE", "Change in the status of the placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class Participation(models.TextChoices):
    PN0 = "PN0", "PN0 – Child under 4 at the time of the review"
    PN1 = "PN1", "PN1 – Attended and spoke for themselves"
    PN2 = "PN2", "PN2 – Attended; an advocate or the reviewing officer spoke for them"
    PN3 = "PN3", "PN3 – Attended and conveyed their views without words"
    PN4 = "PN4", "PN4 – Attended without contributing"
    PN5 = "PN5", "PN5 – Did not attend; briefed an advocate or the reviewing officer"
    PN6 = "PN6", "PN6 – Did not attend; conveyed views another way (written, text, phone, video)"
    PN7 = "PN7", "PN7 – Did not attend and their views were not conveyed"


class MissingKind(models.TextChoices):
    MISSING = "M", "Missing: whereabouts not known"
    AWAY = "A", "Away without authorisation: whereabouts known"


class NeedCode(models.TextChoices):
    """Category of need at the start of the period of care (SSDA903 `CIN`: N1–N8 only)."""

    N1 = "N1", "N1 – Abuse, neglect and exploitation"
    N2 = "N2", "N2 – Child's disability"
    N3 = "N3", "N3 – Parental disability or illness"
    N4 = "N4", "N4 – Family in acute stress"
    N5 = "N5", "N5 – Family dysfunction"
    N6 = "N6", "N6 – Socially unacceptable behaviour"
    N7 = "N7", "N7 – Low income"
    N8 = "N8", "N8 – Absent parenting"


# ---- postcodes and URNs ---------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")
_URN = re.compile(r"^(SC\d{6}|\d{6,7}|[A-Z]{2}\d{6})$")


def normalise_postcode(value: str) -> str:
    """A full UK postcode upper-cased with one space before the inward code ("dh1 5ab" → "DH1 5AB");
    an empty string stays empty. Raises ValueError for anything else: SSDA903 wants the full postcode of
    the home and of the placement (its validators look each one up, rule 392c), never a partial one."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    match = _POSTCODE.match(re.sub(r"\s+", "", value))
    if match is None:
        raise ValueError(f"{value} is not a full UK postcode: enter it like DH1 5AB")
    return f"{match[1]} {match[2]}"


def postcode_sector(postcode: str) -> str:
    """The postcode sector ("DH1 5AB" → "DH1 5"): enough to place a child on a map, not at a door. For
    listings and extracts that should not carry a full placement address; the return itself takes the full
    postcode."""
    postcode = normalise_postcode(postcode)
    return postcode[:-2] if postcode else ""


def normalise_urn(value: str) -> str:
    value = (value or "").strip().upper().replace(" ", "")
    if not value or value == RAA_URN:
        return value
    if not _URN.match(value):
        raise ValueError(
            f"{value} is not an Ofsted unique reference number: they look like SC123456 or 1234567"
        )
    return value


# ---- what makes a placement valid -----------------------------------------------------------------------


def _age_on(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def placement_problems(
    *,
    place: str,
    provider: str,
    postcode: str,
    urn: str,
    legal_status: str,
    on: date,
    born: date | None = None,
    outside_england: bool = False,
) -> dict[str, str]:
    """Why this placement could not be recorded as an SSDA903 episode starting `on`, by field (empty if it
    can). Values are assumed normalised (upper case, postcode spaced)."""
    problems: dict[str, str] = {}
    if place not in Placement.values:
        problems["place"] = "Choose the type of placement"
        return problems
    if legal_status and legal_status not in LegalStatus.values:
        problems["legal_status"] = "Choose the legal status"
    first, last = PLACEMENT_VALID.get(place, (None, None))
    if first is not None and on < first:
        problems["place"] = f"{place} can be used only from {first.day} {first:%B %Y}"
    if last is not None and on > last:
        problems["place"] = f"{place} cannot be used after {last.day} {last:%B %Y}"
    age = _age_on(born, on)
    minimum = PLACEMENT_MIN_AGE.get(place)
    if minimum is not None and age is not None and age < minimum:
        problems["place"] = f"A child must be {minimum} or over for placement {place}"
    short_break = legal_status in SHORT_BREAK_STATUSES
    if short_break and place in TEMPORARY_PLACEMENTS:
        problems["place"] = "A short break cannot be a temporary placement (rule 382)"
    if short_break and place in LONG_TERM_FOSTER:
        problems["place"] = "A short break cannot be a long-term foster placement (rule 384)"
    if legal_status == LegalStatus.V2 and place == "P1":
        problems["place"] = (
            "A child accommodated under section 20 (V2) cannot be placed with a parent (rule 378)"
        )
    if legal_status in YOUTH_JUSTICE_STATUSES and age is not None and age < 10:
        problems["legal_status"] = f"A child under 10 cannot have legal status {legal_status} (rule 358)"
    allowed = providers_for(place)
    if not allowed and provider:
        problems["provider"] = f"Placement {place} has no placement provider: leave it blank"
    elif allowed and provider not in allowed:
        problems["provider"] = (
            f"Choose the placement provider: for {place} it is one of {', '.join(allowed)}"
            if provider
            else "Choose the placement provider"
        )
    if short_break:
        # Short breaks report no placement postcode or URN (rule 214).
        return problems
    if place in NO_URN:
        if urn and urn != RAA_URN:
            problems["urn"] = f"Placement {place} has no Ofsted URN: leave it blank"
    elif not urn and not outside_england:
        problems["urn"] = (
            "Enter the placement's Ofsted unique reference number (or XXXXXXX for a placement made through "
            "a regional adoption agency)"
            if place in RAA_URN_PLACEMENTS
            else "Enter the placement's Ofsted unique reference number"
        )
    if urn == RAA_URN and place not in RAA_URN_PLACEMENTS:
        problems["urn"] = (
            "XXXXXXX is only for adoption and foster placements made through a regional adoption agency"
        )
    if outside_england and urn:
        problems["urn"] = "A placement outside England has no Ofsted URN: leave it blank"
    if not postcode:
        problems["postcode"] = "Enter the placement's full postcode"
    return problems


def place_choices_on(on: date) -> list[tuple[str, str]]:
    """The placement types that may start an episode on `on`."""
    choices = []
    for value, label in Placement.choices:
        first, last = PLACEMENT_VALID.get(value, (None, None))
        if (first is None or on >= first) and (last is None or on <= last):
            choices.append((value, label))
    return choices


def legal_status_choices(*, short_breaks: bool | None = None) -> list[tuple[str, str]]:
    """Legal statuses a worker may choose for a new episode; `short_breaks` True for only V3/V4, False for
    none of them, None for all."""
    choices = []
    for value, label in LegalStatus.choices:
        if value in RETIRED_STATUSES:
            continue
        if short_breaks is True and value not in SHORT_BREAK_STATUSES:
            continue
        if short_breaks is False and value in SHORT_BREAK_STATUSES:
            continue
        choices.append((value, label))
    return choices


# ---- health, permanence, care leavers (OC2, AD1, PlacedAdoption, PrevPerm, OC3) -------------------------


class HealthCheckKind(models.TextChoices):
    INITIAL = "initial_assessment", "Initial health assessment"
    REVIEW = "review_assessment", "Review health assessment"
    DENTAL = "dental_check", "Dental check"
    DEVELOPMENT = "development_check", "Development assessment (under 5)"
    IMMUNISATIONS = "immunisations", "Immunisations checked"


HEALTH_ASSESSMENTS = frozenset({HealthCheckKind.INITIAL, HealthCheckKind.REVIEW})
# Kinds that record whether things are up to date (OC2 IMMUNISATIONS, HEALTH_CHECK).
UP_TO_DATE_KINDS = frozenset({HealthCheckKind.IMMUNISATIONS, HealthCheckKind.DEVELOPMENT})


class SdqReason(models.TextChoices):
    SDQ1 = "SDQ1", "SDQ1 – Under 4 or over 16 at the date of assessment"
    SDQ2 = "SDQ2", "SDQ2 – Carer refused to complete the questionnaire"
    SDQ3 = "SDQ3", "SDQ3 – The child's disability too severe"
    SDQ4 = "SDQ4", "SDQ4 – Other"
    SDQ5 = "SDQ5", "SDQ5 – Young person refused"


class PermanencePlanKind(models.TextChoices):
    RETURN_HOME = "return_home", "Return to parents"
    FAMILY = "family", "Living with relatives or friends (special guardianship or child arrangements order)"
    ADOPTION = "adoption", "Adoption"
    LONG_TERM_FOSTER = "long_term_foster", "Long-term foster care"
    RESIDENTIAL = "residential", "Residential care"
    INDEPENDENCE = "independence", "Supported independence"


class ReversalReason(models.TextChoices):
    RD1 = "RD1", "RD1 – The child's needs changed"
    RD2 = "RD2", "RD2 – The court did not make a placement order"
    RD3 = "RD3", "RD3 – Prospective adopters could not be found"
    RD4 = "RD4", "RD4 – Any other reason"


class AdopterSex(models.TextChoices):
    M1 = "M1", "M1 – Single male"
    F1 = "F1", "F1 – Single female"
    MM = "MM", "MM – Male couple"
    FF = "FF", "FF – Female couple"
    MF = "MF", "MF – Male and female couple"


class AdopterLegalStatus(models.TextChoices):
    L0 = "L0", "L0 – Single person"
    L11 = "L11", "L11 – Married couple of different sexes"
    L12 = "L12", "L12 – Married couple of the same sex"
    L2 = "L2", "L2 – Civil partners"
    L3 = "L3", "L3 – Unmarried couple of different sexes"
    L4 = "L4", "L4 – Same-sex couple, not married or civil partners"


SINGLE_ADOPTER_SEX = frozenset({"M1", "F1"})
SAME_SEX_ADOPTERS = frozenset({"MM", "FF"})


def adopter_problems(*, number: int, sex: str, legal_status: str) -> dict[str, str]:
    """Adopters as the return checks them together (rules 519, 520 and the count)."""
    problems: dict[str, str] = {}
    single = sex in SINGLE_ADOPTER_SEX
    if number not in (1, 2):
        problems["number_of_adopters"] = "Adopters are one person or a couple"
    elif single != (number == 1):
        problems["adopters_sex"] = "The adopters' sex does not match the number of adopters"
    if (legal_status == "L0") != single:
        problems["adopters_legal_status"] = "A single adopter is L0, a couple any other status"
    elif legal_status in {"L12", "L4"} and sex not in SAME_SEX_ADOPTERS:
        problems["adopters_legal_status"] = f"{legal_status} is a same-sex couple (rule 520)"
    elif legal_status in {"L11", "L3"} and sex != "MF":
        problems["adopters_legal_status"] = f"{legal_status} is a couple of different sexes (rule 520)"
    elif legal_status == "L2" and single:
        problems["adopters_legal_status"] = "Civil partners are a couple (rule 519)"
    return problems


class PreviousPermanenceCode(models.TextChoices):
    P1 = "P1", "P1 – Adoption"
    P2 = "P2", "P2 – Special guardianship order"
    P3 = "P3", "P3 – Residence order or child arrangements order (who the child lives with)"
    P4 = "P4", "P4 – Previous permanence order, details unknown"
    Z1 = "Z1", "Z1 – No previous permanence order"


class LeaverEligibility(models.TextChoices):
    """Care Leavers (England) Regulations 2010 / Children Act 1989 s23A–s24."""

    ELIGIBLE = "eligible", "Eligible: 16 or 17 and still looked after"
    RELEVANT = "relevant", "Relevant: 16 or 17 and left care"
    FORMER_RELEVANT = "former_relevant", "Former relevant: 18 to 25"
    QUALIFYING = "qualifying", "Qualifying: looked after at or after 16, not eligible"


class InTouch(models.TextChoices):
    YES = "YES", "YES – In touch"
    NO = "NO", "NO – Not in touch"
    DIED = "DIED", "DIED – The young person has died"
    REFU = "REFU", "REFU – The young person refuses contact"
    NREQ = "NREQ", "NREQ – No longer needs services"
    RHOM = "RHOM", "RHOM – Returned home for 6 months or more"


NOT_IN_TOUCH_NO_DETAIL = frozenset({"DIED", "RHOM"})  # activity and accommodation 0 (344)


class Activity(models.TextChoices):
    F1 = "F1", "F1 – Full-time higher education"
    P1 = "P1", "P1 – Part-time higher education"
    F2 = "F2", "F2 – Full-time other education"
    P2 = "P2", "P2 – Part-time other education"
    F4 = "F4", "F4 – Full-time apprenticeship"
    P4 = "P4", "P4 – Part-time apprenticeship"
    F5 = "F5", "F5 – Full-time training or employment"
    P5 = "P5", "P5 – Part-time training or employment"
    G4 = "G4", "G4 – Not in education, employment or training: illness or disability"
    G5 = "G5", "G5 – Not in education, employment or training: other reasons"
    G6 = "G6", "G6 – Not in education, employment or training: pregnancy or parenting"
    NONE = "0", "0 – Not applicable or not known"


EET_ACTIVITIES = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})

ACCOMMODATION_KINDS = {
    "B": "With parents or relatives",
    "C": "Community home or other residential care",
    "D": "Semi-independent or supported accommodation",
    "E": "Supported lodgings",
    "G": "Gone abroad",
    "H": "Deported",
    "K": "Ordinary lodgings without support",
    "R": "Residence not known",
    "S": "No fixed abode or homeless",
    "T": "Foyer or similar (18 or over)",
    "U": "Independent living",
    "V": "Emergency accommodation",
    "W": "Bed and breakfast",
    "X": "In custody",
    "Y": "Other accommodation",
    "Z": "With former foster carers (staying put)",
}
# No fixed abode and custody are never suitable accommodation: S1 and X1 are not valid (SSDA903 rule 133).
ALWAYS_UNSUITABLE = frozenset({"S1", "X1"})
Accommodation = models.TextChoices(
    "Accommodation",
    [
        *[
            (f"{k}{n}", (f"{k}{n}", f"{k}{n} – {label}, {'suitable' if n == 1 else 'not suitable'}"))
            for k, label in ACCOMMODATION_KINDS.items()
            for n in (1, 2)
            if f"{k}{n}" not in ALWAYS_UNSUITABLE
        ],
        ("NONE", ("0", "0 – Not applicable or not known")),
    ],
)
OC3_AGES = (17, 18, 19, 20, 21)


def leaver_contact_problems(*, age: int, in_touch: str, activity: str, accommodation: str) -> dict[str, str]:
    """OC3 codes checked together (rules 344, 345, 347, 3001)."""
    problems: dict[str, str] = {}
    if age not in OC3_AGES:
        problems["age"] = "Contact is recorded around the 17th to the 21st birthday"
    if in_touch in NOT_IN_TOUCH_NO_DETAIL:
        if activity not in ("", "0") or accommodation not in ("", "0"):
            problems["activity"] = (
                f"With {in_touch}, leave activity and accommodation as 0 (not applicable) (rule 344)"
            )
    elif in_touch == "YES":
        if activity in ("", "0"):
            problems["activity"] = "The young person is in touch: record their activity (rule 345)"
        elif accommodation in ("", "0"):
            problems["accommodation"] = "The young person is in touch: record their accommodation (rule 345)"
    if accommodation[:1] == "T" and age < 18:
        problems["accommodation"] = "A foyer (T) is only for young people 18 or over (rule 347)"
    if accommodation[:1] == "Z" and age == 17:
        problems["accommodation"] = "At 17 a young person cannot be with former foster carers (Z) (rule 3001)"
    return problems
