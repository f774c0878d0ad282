"""Teams, staff, roles and allocations of children to workers."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    """A sign-in. The person behind it is a `Staff` record (`user.staff`)."""


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    REVIEWING_OFFICER = "reviewing_officer", "Independent reviewing officer"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    INSPECTOR = "inspector", "Inspector (read only)"
    ADMINISTRATOR = "administrator", "Council administrator"


PRACTITIONER_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.REVIEWING_OFFICER, Role.HEAD_OF_SERVICE}
CASE_HOLDING_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}


class ServiceArea(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door (MASH)"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Assessment"
    CHILD_PROTECTION = "child_protection", "Child protection and child in need"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    DISABILITY = "disability", "Children with disabilities"
    ADOPTION = "adoption", "Adoption"
    FOSTERING = "fostering", "Fostering"
    REVIEWING = "reviewing", "Independent reviewing"


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices)
    manager = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contract(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    AGENCY = "agency", "Agency"


class QualificationLevel(models.IntegerChoices):
    """Workforce census QualLevel: the highest social work qualification."""

    UNDERGRADUATE = 1, "Undergraduate"
    POSTGRADUATE = 2, "Postgraduate"
    OTHER = 3, "Other"


class StartOrigin(models.IntegerChoices):
    """Workforce census StartOrigin: where a starter came from."""

    NEWLY_QUALIFIED = 1, "Newly qualified"
    OTHER_ENGLISH_LA = 2, "Social work role in another English council"
    OUTSIDE_ENGLAND = 3, "Social work role outside England"
    AGENCY = 4, "Agency or consultancy social work in England"
    OTHER_NON_LA_SW = 5, "Other non-council social work role in England"
    SOCIAL_CARE = 6, "Other social care role in England"
    NON_SOCIAL_CARE = 7, "Non-social-care role, outside England, no employment or career break"
    OTHER = 8, "Other"
    NOT_KNOWN = 9, "Not known"
    NOT_COLLECTED = 10, "Not yet collected"


class LeaverDestination(models.IntegerChoices):
    """Workforce census LeaverDestination."""

    OTHER_ENGLISH_LA = 1, "Social work role in another English council"
    OUTSIDE_ENGLAND = 2, "Social work role outside England"
    AGENCY = 3, "Agency or consultancy social work in England"
    OTHER_NON_LA_SW = 4, "Other non-council social work role in England"
    SOCIAL_CARE = 5, "Other social care role"
    NON_SOCIAL_CARE = 6, "Non-social-care role, outside England, no employment or career break"
    OTHER = 7, "Other"
    NOT_KNOWN = 8, "Not known"
    NOT_COLLECTED = 9, "Not yet collected"


class ReasonLeft(models.IntegerChoices):
    """Workforce census ReasonLeave."""

    RESIGNATION = 1, "Resignation"
    VOLUNTARY_REDUNDANCY = 2, "Voluntary redundancy"
    COMPULSORY_REDUNDANCY = 3, "Compulsory redundancy"
    DISMISSED = 4, "Dismissed"
    RETIRED = 5, "Retired"
    DECEASED = 6, "Deceased"
    OTHER_SW_ROLE = 7, "Moved to a social work role outside children and families in the council"
    OTHER = 8, "Other"
    NOT_KNOWN = 9, "Not known"
    NOT_COLLECTED = 10, "Not yet collected"


class AbsenceReason(models.TextChoices):
    """Workforce census ReasonAbsence."""

    MAT = "MAT", "Maternity or paternity leave"
    OTH = "OTH", "Other paid authorised absence"
    PUB = "PUB", "Public duties"
    SIC = "SIC", "Sickness"
    TRN = "TRN", "Training"
    UNA = "UNA", "Unauthorised absence"
    UNP = "UNP", "Unpaid authorised absence"


class Staff(models.Model):
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff")
    given_name = models.CharField(max_length=80)
    family_name = models.CharField(max_length=80)
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    fte = models.DecimalField("full-time equivalent", max_digits=4, decimal_places=2, default=Decimal("1.00"))
    contract = models.CharField(max_length=20, choices=Contract.choices, default=Contract.PERMANENT)
    start_date = models.DateField()
    leave_date = models.DateField(null=True, blank=True)
    swe_number = models.CharField("Social Work England number", max_length=12, blank=True)
    caseload_cap = models.PositiveSmallIntegerField(default=20)
    # Children's social work workforce census (specs/statutory-data.md §4). All optional: blank is "not
    # recorded", which the census reports as "not known" where it has such a code.
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=[("M", "Male"), ("F", "Female")], blank=True)
    ethnicity = models.CharField(max_length=4, blank=True, help_text="DfE ethnicity code, e.g. WBRI")
    qualification_level = models.PositiveSmallIntegerField(
        "highest social work qualification", choices=QualificationLevel.choices, null=True, blank=True
    )
    step_up_graduate = models.BooleanField("qualified through Step Up to Social Work", null=True, blank=True)
    frontline_graduate = models.BooleanField("qualified through Frontline", null=True, blank=True)
    start_origin = models.PositiveSmallIntegerField(
        "where they came from", choices=StartOrigin.choices, null=True, blank=True
    )
    leaver_destination = models.PositiveSmallIntegerField(
        "where they went", choices=LeaverDestination.choices, null=True, blank=True
    )
    reason_left = models.PositiveSmallIntegerField(
        "reason for leaving", choices=ReasonLeft.choices, null=True, blank=True
    )
    working_days_lost = models.DecimalField(
        "working days lost to sickness in the census year",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    absence_reason = models.CharField(
        "reason absent on the census date",
        max_length=3,
        choices=AbsenceReason.choices,
        blank=True,
        help_text="Leave blank when not absent on 30 September",
    )
    contract_weeks = models.DecimalField(
        "weeks worked in the census year (agency workers)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    base_salary = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "staff"
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_date__isnull=True) | Q(leave_date__gte=models.F("start_date")),
                name="staff_leave_after_start",
            ),
            models.CheckConstraint(condition=Q(fte__gt=0) & Q(fte__lte=1), name="staff_fte_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def name(self) -> str:
        return str(self)


class AllocationRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    REVIEWING_OFFICER = "reviewing_officer", "Independent reviewing officer"


class AllocationChangeReason(models.TextChoices):
    """Why a child's worker changed. The upper-case values are the SSDA903 social-worker-change codes
    (SW_REASON); the few local values map to them in `SSDA903_SW_REASON`."""

    NEW_CASE = "new_case", "First allocation of the case"
    TRANSFER = "TSPROC", "Transfer to another team at a stage of the case"
    CASELOAD = "MANAGE", "Management decision, including caseload balancing"
    WORKER_LEFT = "LEFTRL", "Social worker left the role"
    CONTRACT_ENDED = "FCONTA", "Social worker's fixed-term or agency contract ended"
    WORKER_ABSENT = "ABSENC", "Social worker's long-term absence"
    RESTRUCTURE = "ORGRST", "Organisational restructure"
    CHILD_REQUEST = "CHCHAN", "Child asked for a change of social worker"
    PARENT_REQUEST = "PCCHAN", "Parent or carer asked for a change of social worker"
    WORKER_DIED = "SWDIED", "Social worker died"
    CONFLICT = "conflict", "Conflict of interest (a management decision)"
    CASE_CLOSED = "case_closed", "Case closed"
    OTHER = "OTHERS", "Other reason"


SSDA903_SW_REASON = {
    **{r.value: r.value for r in AllocationChangeReason if r.value.isupper()},
    AllocationChangeReason.NEW_CASE: "OTHERS",
    AllocationChangeReason.CONFLICT: "MANAGE",
    AllocationChangeReason.CASE_CLOSED: "OTHERS",
}


class Allocation(models.Model):
    """A worker's responsibility for a child, as a period [start, end)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(
        max_length=30, choices=AllocationRole.choices, default=AllocationRole.SOCIAL_WORKER
    )
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=30, choices=AllocationChangeReason.choices)
    end_reason = models.CharField(max_length=30, choices=AllocationChangeReason.choices, blank=True)
    over_cap_reason = models.TextField(blank=True)
    by = models.ForeignKey(Staff, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "role"], condition=Q(end__isnull=True), name="one_open_allocation_per_role"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="allocation_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["worker", "end"], name="allocation_worker_open"),
            models.Index(fields=["child", "role", "start"], name="allocation_child_role"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} for child {self.child_id}"


class CaseWeight(models.Model):
    """How much a child of each case status counts in a worker's caseload (a council's own setting)."""

    case_status = models.CharField(max_length=20, unique=True, blank=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1.00"))

    class Meta:
        ordering = ["case_status"]
        constraints = [models.CheckConstraint(condition=Q(weight__gte=0), name="case_weight_not_negative")]

    def __str__(self) -> str:
        return f"{self.case_status or 'not open'}: {self.weight}"


DEFAULT_CASE_WEIGHTS = {
    "": Decimal("1.00"),
    "referral": Decimal("1.00"),
    "assessment": Decimal("1.00"),
    "child_in_need": Decimal("1.00"),
    "child_protection": Decimal("1.50"),
    "looked_after": Decimal("1.25"),
    "care_leaver": Decimal("0.75"),
    "early_help": Decimal("0.50"),
}
