"""The council's starting lists: service types and a case file audit template (both editable in admin).
Used by migration 0002 (with its historical models) and by tests and the seed after a database flush."""

SERVICE_TYPES = [
    ("short-breaks", "Short breaks"),
    ("family-support", "Family support"),
    ("equipment-adaptations", "Equipment and adaptations"),
    ("personal-assistant", "Personal assistant"),
    ("direct-payments", "Direct payments"),
    ("overnight-short-breaks", "Overnight short breaks"),
    ("specialist-childcare", "Specialist childcare"),
    ("sitting-service", "Sitting service"),
]

DOMAINS = [
    (
        "Voice of the child",
        "Are the child's wishes, feelings and lived experience recorded and do they shape the plan?",
    ),
    ("Plan quality", "Is the plan specific, with actions, owners and timescales, and is progress reviewed?"),
    ("Management oversight", "Is management direction recorded, with its rationale, at key decision points?"),
    ("Timeliness", "Were visits, assessments, conferences and reviews on time, and was drift avoided?"),
]


def ensure_defaults(ServiceType=None, AuditTemplate=None, AuditDomain=None):  # noqa: N803
    if ServiceType is None:
        from .models import AuditDomain, AuditTemplate, ServiceType
    for order, (code, name) in enumerate(SERVICE_TYPES, start=1):
        ServiceType.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
    template, _ = AuditTemplate.objects.get_or_create(
        name="Practice standards case file audit",
        defaults={"description": "The four practice standards every case file is audited against."},
    )
    for order, (name, guidance) in enumerate(DOMAINS, start=1):
        AuditDomain.objects.get_or_create(
            template=template, name=name, defaults={"guidance": guidance, "order": order}
        )
