"""The built-in sections of a subject access export: the child's own record (people, workforce) and the
front door's contacts and referrals. Other apps register theirs next to their own models."""

from django.utils.timezone import localtime

from carefile.common.chronology import kind_label
from carefile.common.models import ChronologyEvent
from carefile.people.codes import RelationshipKind
from carefile.people.models import CaseStatus, Person
from carefile.people.selectors import relationships_of
from carefile.workforce.models import Allocation

from .subject_access import Facts, Paragraphs, Redactor, Table, register_section

CARERS = {RelationshipKind.FOSTER_CARER, RelationshipKind.KINSHIP_CARER}
RELATIVES = {
    RelationshipKind.MOTHER,
    RelationshipKind.FATHER,
    RelationshipKind.PARENT,
    RelationshipKind.STEP_PARENT,
    RelationshipKind.PARENTS_PARTNER,
    RelationshipKind.SIBLING,
    RelationshipKind.HALF_SIBLING,
    RelationshipKind.GRANDPARENT,
    RelationshipKind.AUNT_UNCLE,
    RelationshipKind.OTHER_RELATIVE,
}
PLACED = {CaseStatus.LOOKED_AFTER}


def _reason_for(kind: str) -> str:
    if kind in CARERS:
        return "carer"
    if kind in RELATIVES:
        return "relative"
    if kind == RelationshipKind.PROFESSIONAL:
        return "professional"
    return "other person"


@register_section(title="About the child", order=10)
def about_section(person: Person, redact: Redactor):
    disabilities = ", ".join(str(d) for d in person.disabilities.all()) or "Not recorded"
    items = [
        ("Name", person.full_name),
        ("Known as", person.known_as or "—"),
        ("LA child ID", person.la_child_id or "—"),
        ("Date of birth", person.date_of_birth or "Not known"),
    ]
    if person.expected_date_of_birth:
        items.append(("Expected date of birth", person.expected_date_of_birth))
    items += [
        ("Sex", person.get_sex_display()),
        ("Ethnicity", person.get_ethnicity_display()),
        ("Disabilities", disabilities),
        ("NHS number", person.nhs_number or "Not recorded"),
        ("Unique pupil number", person.upn or "Not recorded"),
    ]
    if person.death_date:
        items.append(("Date of death", person.death_date))
    items += [
        ("Responsible team", person.responsible_team.name if person.responsible_team else "None"),
        ("Case status", person.get_case_status_display()),
    ]
    return [Facts(items)]


@register_section(title="Addresses", order=20)
def addresses_section(person: Person, redact: Redactor):
    addresses = list(person.addresses.all())
    if not addresses:
        return [Paragraphs(["No address recorded."])]
    # A looked-after or restricted child's current address is where they are placed: the carers' address.
    protect_current = person.case_status in PLACED or person.restricted
    rows = []
    for address in addresses:
        shown = (
            redact.detail("carer's or placement address")
            if protect_current and address.end is None
            else str(address)
        )
        rows.append([address.start, address.end or "Now", shown])
    return [Table(["From", "Until", "Address"], rows)]


@register_section(title="Family and network", order=30)
def relationships_section(person: Person, redact: Redactor):
    rows = []
    for r in relationships_of(person):
        other, relationship = r["other"], r["relationship"]
        kind = relationship.kind
        reason = _reason_for(kind)
        rows.append(
            [
                r["label"],
                redact.person(other, reason),
                redact.detail(f"{reason}'s date of birth") if other.date_of_birth else "",
                "Yes"
                if relationship.parental_responsibility and relationship.person_id == other.pk
                else "No",
            ]
        )
    if not rows:
        return [Paragraphs(["No relationships recorded."])]
    return [Table(["Relationship to the child", "Name", "Date of birth", "Parental responsibility"], rows)]


@register_section(title="Social workers and teams", order=35)
def allocations_section(person: Person, redact: Redactor):
    allocations = Allocation.objects.filter(child=person).select_related("worker").order_by("start", "id")
    rows = [
        [a.start, a.end or "Now", a.get_role_display(), redact.staff(a.worker), a.get_reason_display()]
        for a in allocations
    ]
    if not rows:
        return None
    return [Table(["From", "Until", "Role", "Worker", "Reason"], rows)]


@register_section(title="Chronology", order=40)
def chronology_section(person: Person, redact: Redactor):
    events = ChronologyEvent.objects.filter(person=person).select_related("by").order_by("at", "id")
    rows = [
        [e.at, kind_label(e.kind), redact.text(e.summary), redact.staff(e.by) if e.by_id else ""]
        for e in events
    ]
    if not rows:
        return [Paragraphs(["Nothing recorded."])]
    return [Table(["When", "What happened", "Summary", "Recorded by"], rows)]


@register_section(title="Contacts and referrals", order=60)
def front_door_section(person: Person, redact: Redactor):
    from carefile.frontdoor.models import Contact, Referral

    parts = []
    contacts = (
        Contact.objects.filter(contact_children__child=person)
        .select_related("decision__decided_by", "recorded_by")
        .order_by("received_at", "id")
    )
    for contact in contacts:
        decision = getattr(contact, "decision", None)
        items = [
            ("Received", contact.received_at),
            ("Source", contact.get_source_display()),
            ("Referrer", redact.named(contact.referrer_name, "referrer") or "Not recorded"),
            ("Referrer's organisation", contact.referrer_organisation or "—"),
            (
                "Referrer's phone or email",
                redact.detail("referrer's contact details") if contact.referrer_contact else "—",
            ),
            ("Concerns", redact.text(contact.presenting_concerns)),
            ("Consent", contact.get_consent_display()),
        ]
        if contact.consent_notes:
            items.append(("About consent", redact.text(contact.consent_notes)))
        if contact.partner_information:
            items.append(("Information from partners", redact.text(contact.partner_information)))
        if decision is not None:
            items += [
                ("Decision", decision.get_outcome_display()),
                ("Reasons for the decision", redact.text(decision.rationale)),
                ("Decided by", redact.staff(decision.decided_by)),
            ]
        parts.append(
            Facts(
                items,
                heading=f"Contact received {localtime(contact.received_at).day} {localtime(contact.received_at):%B %Y}",
            )
        )
    referrals = Referral.objects.filter(child=person).select_related("team").order_by("referral_date", "id")
    rows = [
        [
            r.referral_date,
            r.get_source_display(),
            r.team.name,
            redact.text(r.presenting_issue),
            r.closure_date or "Open",
            r.get_closure_reason_display() if r.closure_reason else "",
        ]
        for r in referrals
    ]
    if rows:
        parts.append(
            Table(
                ["Referred", "Source", "Team", "Presenting issue", "Closed", "Why closed"], rows, "Referrals"
            )
        )
    return parts or None
