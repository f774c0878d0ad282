"""Subject access: a child's whole record as a readable document, with third parties' details redacted.

The export is made of sections. This module gives the child's details, addresses, relationships,
chronology, allocations and front-door contacts and referrals; any app adds its own records by registering a
section, which then appears in every export:

    from carefile.governance.subject_access import Facts, Table, register_section

    @register_section(title="Assessments", order=50)
    def assessments_section(person, redact):
        rows = [[a.start, a.get_status_display(), redact.staff(a.worker), redact.text(a.summary)]
                for a in Assessment.objects.filter(child=person)]
        return [Table(["Started", "Status", "Social worker", "Summary"], rows)] if rows else None

A section function gets the child and the `Redactor` and returns a list of parts (`Facts`, `Table`,
`Paragraphs`) or None to leave the section out. Through the Redactor it names every other person, member of
staff and referrer: they come back as `Redacted` labels, "[Redacted: third party – <reason>]", and their
names are then redacted wherever they appear in free text (`redact.text(...)`) anywhere in the export.
Free text is redacted by matching the names the export knows about; the reviewer reads the whole export
before release for anything else that identifies someone.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.timezone import localtime

from carefile.people.models import Person

MANAGER_ROLES = {"team_manager", "head_of_service"}


@dataclass(frozen=True)
class Redacted:
    reason: str

    def __str__(self) -> str:
        return f"[Redacted: third party – {self.reason}]"


class FreeText:
    """Text that may name third parties: redacted once the whole export knows every third party's name."""

    def __init__(self, text: str, redactor: "Redactor"):
        self.text, self.redactor = text or "", redactor

    def __str__(self) -> str:
        return self.redactor.redact_names(self.text)


@dataclass
class Facts:
    """Label and value pairs (a GOV.UK summary list)."""

    items: list[tuple[str, Any]]
    heading: str = ""
    kind: str = "facts"


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    heading: str = ""
    kind: str = "table"


@dataclass
class Paragraphs:
    texts: list[Any]
    heading: str = ""
    kind: str = "paragraphs"


@dataclass
class Section:
    title: str
    parts: list[Facts | Table | Paragraphs]
    anchor: str = ""


class Redactor:
    """Decides what of an export names someone other than the child, and labels it with the reason."""

    def __init__(self, subject: Person, *, redact_junior_staff: bool):
        self.subject = subject
        self.redact_junior_staff = redact_junior_staff
        self._names: dict[str, str] = {}  # lower-cased name → reason
        self._pattern: re.Pattern | None = None
        self.count = 0

    # Naming people: the result is shown instead of their details.

    def _remember(self, name: str, reason: str) -> None:
        name = " ".join((name or "").split())
        if len(name) >= 3 and name.lower() not in self._own_names():
            self._names.setdefault(name.lower(), reason)
            self._pattern = None

    def _own_names(self) -> set[str]:
        s = self.subject
        names = {s.full_name, s.given_name, s.family_name, s.known_as, f"{s.known_as} {s.family_name}"}
        return {n.strip().lower() for n in names if n and n.strip()}

    def label(self, reason: str) -> Redacted:
        self.count += 1
        return Redacted(reason)

    def person(self, other: Person | None, reason: str = "family member or other person") -> Any:
        """Another person's name (or the child's own)."""
        if other is None:
            return ""
        if other.pk == self.subject.pk:
            return other.full_name
        self._remember(other.full_name, reason)
        self._remember(f"{other.known_as} {other.family_name}" if other.known_as else "", reason)
        if other.given_name.lower() not in self._own_names():
            self._remember(other.given_name, reason)
        return self.label(reason)

    def detail(self, reason: str) -> Redacted:
        """Any detail of a third party (a date of birth, an address, an identifier)."""
        return self.label(reason)

    def staff(self, staff) -> Any:
        """A member of staff: managers are named; others as the council chose for this request."""
        if staff is None:
            return ""
        if not self.redact_junior_staff or staff.role in MANAGER_ROLES:
            return f"{staff.name}, {staff.get_role_display().lower()}"
        self._remember(staff.name, "member of staff")
        return self.label(f"member of staff ({staff.get_role_display().lower()})")

    def named(self, name: str, reason: str) -> Any:
        """A name typed as text (a referrer): redacted, and redacted in free text too."""
        if not (name or "").strip():
            return ""
        self._remember(name, reason)
        return self.label(reason)

    def text(self, text: str) -> FreeText:
        return FreeText(text, self)

    def add_staff_names(self, staff_list) -> None:
        """Names of staff below manager level, to redact from free text when the council chose to."""
        if self.redact_junior_staff:
            for s in staff_list:
                if s.role not in MANAGER_ROLES:
                    self._remember(f"{s.given_name} {s.family_name}", "member of staff")

    def redact_names(self, text: str) -> str:
        if not self._names or not text:
            return text
        if self._pattern is None:
            names = sorted(self._names, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
            )

        def replace(match: re.Match) -> str:
            self.count += 1
            return str(Redacted(self._names[match.group(1).lower()]))

        return self._pattern.sub(replace, text)


SectionFunction = Callable[[Person, Redactor], list | None]
_sections: list[tuple[int, str, SectionFunction]] = []


def register_section(*, title: str, order: int = 100):
    def register(fn: SectionFunction) -> SectionFunction:
        key = (fn.__module__, fn.__qualname__)
        _sections[:] = [s for s in _sections if (s[2].__module__, s[2].__qualname__) != key]
        _sections.append((order, title, fn))
        _sections.sort(key=lambda s: (s[0], s[1]))
        return fn

    return register


def registered_sections() -> list[tuple[int, str, SectionFunction]]:
    return list(_sections)


@dataclass
class Export:
    person: Person
    sections: list[Section]
    redactions: int
    generated_at: datetime
    request_ref: str = ""
    requester: str = ""
    received_on: date | None = None
    reviewed: bool = False
    council_name: str = field(default_factory=lambda: settings.COUNCIL_NAME)


def subject_access_export(
    *,
    person: Person,
    redact_junior_staff: bool,
    at: datetime,
    request_ref: str = "",
    requester: str = "",
    received_on: date | None = None,
    reviewed: bool = False,
) -> Export:
    """Every registered section for `person`, with third parties redacted. Free text is rendered last, once
    every section has named its third parties."""
    from carefile.workforce.models import Staff

    redactor = Redactor(person, redact_junior_staff=redact_junior_staff)
    redactor.add_staff_names(Staff.objects.only("given_name", "family_name", "role"))
    sections = []
    for index, (_, title, fn) in enumerate(_sections):
        parts = fn(person, redactor)
        if parts:
            sections.append(Section(title=title, parts=parts, anchor=f"section-{index + 1}"))
    for section in sections:  # freeze free text into strings now every name is known
        for part in section.parts:
            _render_free_text(part)
    return Export(
        person=person,
        sections=sections,
        redactions=redactor.count,
        generated_at=at,
        request_ref=request_ref,
        requester=requester,
        received_on=received_on,
        reviewed=reviewed,
    )


def _freeze(value):
    if isinstance(value, FreeText):
        return str(value)
    if isinstance(value, datetime):
        value = localtime(value)
        return f"{value.day} {value:%B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if value is None:
        return ""
    return value


def _render_free_text(part) -> None:
    if isinstance(part, Facts):
        part.items = [(label, _freeze(value)) for label, value in part.items]
    elif isinstance(part, Table):
        part.rows = [[_freeze(v) for v in row] for row in part.rows]
    elif isinstance(part, Paragraphs):
        part.texts = [_freeze(t) for t in part.texts]


def export_html(export: Export, *, standalone: bool = True) -> str:
    return render_to_string(
        "governance/subject_access_document.html", {"export": export, "standalone": standalone}
    )


def export_pdf(export: Export) -> bytes:
    """The export as a PDF. WeasyPrint is imported here: it is slow to load."""
    from weasyprint import HTML

    return HTML(string=export_html(export, standalone=True)).write_pdf()


# The sections this app knows how to build: the child's own record and the front door's. -------------------

from . import subject_access_sections  # noqa: E402, F401  (registers the built-in sections)
