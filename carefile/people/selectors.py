"""Reading people: search tolerant of spelling and word order, the duplicate check, a child's summary."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from .models import Person, Relationship
from .names import name_key, normalise

DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
]
NHS_NUMBER = re.compile(r"^\d{10}$")
UPN = re.compile(r"^[A-Za-z]\d{11}[0-9A-Za-z]$")


@dataclass(frozen=True)
class SearchTerms:
    names: list[str]
    dates: list[date]
    identifiers: list[str]
    problems: list[str]


def parse_search(query: str) -> SearchTerms:
    """Split a search into name words, dates of birth and identifiers. Spaces inside NHS numbers are joined."""
    text = re.sub(r"(?<=\d) (?=\d)", "", query.strip())
    names, dates, identifiers, problems = [], [], [], []
    for token in text.replace(",", " ").split():
        parsed = _parse_date(token)
        if parsed is not None:
            dates.append(parsed)
        elif re.fullmatch(r"\d+[/.-]\d+[/.-]\d+", token):
            problems.append(f"{token} is not a real date: write dates of birth as 31/12/2015")
        elif NHS_NUMBER.match(token) or UPN.match(token) or re.fullmatch(r"[A-Za-z]{1,4}\d{3,}", token):
            identifiers.append(token.upper())
        elif normalise(token):
            names.append(token)
    return SearchTerms(names, dates, identifiers, problems)


def _parse_date(token: str) -> date | None:
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(token)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def _name_word_filter(word: str) -> Q:
    plain, key = normalise(word), name_key(word)
    q = Q(given_name_norm__startswith=plain) | Q(family_name_norm__startswith=plain)
    if key:
        q |= Q(given_name_key=key) | Q(family_name_key=key)
        if len(plain) >= 3:  # a typed beginning that sounds like the beginning of a name: "smi" → Smyth
            q |= Q(given_name_key__startswith=key) | Q(family_name_key__startswith=key)
    return q


def person_search(*, user, query: str, kind: str | None = None) -> QuerySet[Person]:
    """People visible to `user` matching every word of `query`, in any order, names spelt roughly."""
    terms = parse_search(query)
    people = Person.objects.visible_to(user)
    if kind:
        people = people.filter(kind=kind)
    if not (terms.names or terms.dates or terms.identifiers):
        return people.none()
    for word in terms.names:
        people = people.filter(_name_word_filter(word))
    for day in terms.dates:
        people = people.filter(Q(date_of_birth=day) | Q(expected_date_of_birth=day))
    for ident in terms.identifiers:
        people = people.filter(
            Q(nhs_number=ident) | Q(upn=ident) | Q(former_upn=ident) | Q(la_child_id=ident)
        )
    return people.select_related("responsible_team").order_by("family_name", "given_name", "id")


def possible_duplicates(
    *,
    user,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    nhs_number: str = "",
    upn: str = "",
) -> QuerySet[Person]:
    """Existing records that may be the same person: same identifier, or names that sound alike with the same birth date."""
    same_names = _name_word_filter(given_name) & _name_word_filter(family_name)
    swapped = Q(given_name_key=name_key(family_name), family_name_key=name_key(given_name))
    q = Q(pk__in=[])
    if date_of_birth:
        q |= (same_names | swapped) & (Q(date_of_birth=date_of_birth) | Q(date_of_birth__isnull=True))
        q |= Q(date_of_birth=date_of_birth, family_name_key=name_key(family_name))
    else:
        q |= Q(given_name_norm=normalise(given_name), family_name_norm=normalise(family_name))
    if nhs_number:
        q |= Q(nhs_number=nhs_number)
    if upn:
        q |= Q(upn=upn.upper())
    return Person.objects.visible_to(user).filter(q).order_by("family_name", "given_name", "id")[:20]


def relationships_of(person: Person) -> list[dict]:
    """Both directions of a person's relationships, labelled from this person's point of view."""
    from .codes import INVERSE_LABEL

    rows = []
    for rel in Relationship.objects.filter(person=person).select_related("other"):
        rows.append(
            {
                "other": rel.other,
                "label": INVERSE_LABEL.get(rel.kind, rel.get_kind_display()),
                "relationship": rel,
            }
        )
    for rel in Relationship.objects.filter(other=person).select_related("person"):
        rows.append({"other": rel.person, "label": rel.get_kind_display(), "relationship": rel})
    return sorted(
        rows, key=lambda r: (r["other"].kind != "adult", r["other"].family_name, r["other"].given_name)
    )
