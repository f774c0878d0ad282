"""Children and adults known to the service, their addresses and relationships."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .codes import Disability, Ethnicity, RelationshipKind, Sex, UpnUnknown
from .names import name_key, normalise


class PersonKind(models.TextChoices):
    CHILD = "child", "Child or young person"
    ADULT = "adult", "Adult"


class CaseStatus(models.TextChoices):
    """Where a child is in the journey now. Kept up to date by the services that move them on; it sets the
    weight of the child in a worker's caseload."""

    NOT_OPEN = "", "Not open"
    REFERRAL = "referral", "Referral"
    ASSESSMENT = "assessment", "Assessment"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    LOOKED_AFTER = "looked_after", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    EARLY_HELP = "early_help", "Early help"


class PersonQuerySet(models.QuerySet):
    def children(self) -> PersonQuerySet:
        return self.filter(kind=PersonKind.CHILD)

    def visible_to(self, user) -> PersonQuerySet:
        """Everyone this user may see: unrestricted records, and restricted ones whose access list names them."""
        from .access import person_visibility_filter

        return self.filter(person_visibility_filter(user))


class Person(models.Model):
    kind = models.CharField(max_length=10, choices=PersonKind.choices, default=PersonKind.CHILD)
    la_child_id = models.CharField("LA child ID", max_length=20, unique=True, null=True, blank=True)
    given_name = models.CharField(max_length=80)
    family_name = models.CharField(max_length=80)
    known_as = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    upn = models.CharField("unique pupil number (UPN)", max_length=13, blank=True)
    former_upn = models.CharField("former UPN", max_length=13, blank=True)
    upn_unknown = models.CharField("reason UPN unknown", max_length=3, choices=UpnUnknown.choices, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    death_date = models.DateField(null=True, blank=True)
    responsible_team = models.ForeignKey(
        "workforce.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    case_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True, default="")
    restricted = models.BooleanField(default=False)
    restricted_reason = models.CharField(max_length=200, blank=True)
    # Search keys, kept in step with the names on save: lower-cased names and phonetic codes.
    given_name_norm = models.CharField(max_length=80, editable=False, default="")
    family_name_norm = models.CharField(max_length=80, editable=False, default="")
    given_name_key = models.CharField(max_length=20, editable=False, default="")
    family_name_key = models.CharField(max_length=20, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        excluded_fields=["given_name_norm", "family_name_norm", "given_name_key", "family_name_key"]
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(date_of_birth__isnull=False) & Q(expected_date_of_birth__isnull=False)),
                name="person_dob_or_expected_dob",
            ),
            models.CheckConstraint(
                condition=Q(death_date__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(death_date__gte=models.F("date_of_birth")),
                name="person_death_after_birth",
            ),
        ]
        indexes = [
            models.Index(fields=["family_name_norm", "given_name_norm"], name="person_name_norm"),
            models.Index(fields=["family_name_key"], name="person_family_key"),
            models.Index(fields=["given_name_key"], name="person_given_key"),
            models.Index(fields=["date_of_birth"], name="person_dob"),
            models.Index(fields=["nhs_number"], name="person_nhs"),
            models.Index(fields=["upn"], name="person_upn"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_search_keys()
        super().save(*args, **kwargs)

    def refresh_search_keys(self) -> None:
        self.given_name_norm = normalise(self.given_name)
        self.family_name_norm = normalise(self.family_name)
        self.given_name_key = name_key(self.given_name)
        self.family_name_key = name_key(self.family_name)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_child(self) -> bool:
        return self.kind == PersonKind.CHILD

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, on: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class PersonDisability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=Disability.choices)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="disability_once_per_person")]

    def __str__(self) -> str:
        return self.get_code_display()


class RestrictedAccess(models.Model):
    """The access list of a restricted record: only these users may see it at all."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_list")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="restricted_access"
    )
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "user"], name="restricted_access_once")]

    def __str__(self) -> str:
        return f"{self.user} may see person {self.person_id}"


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField("address line 1", max_length=120)
    line2 = models.CharField("address line 2", max_length=120, blank=True)
    town = models.CharField("town or city", max_length=80)
    postcode = models.CharField(max_length=10)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")), name="address_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.line1, self.line2, self.town, self.postcode] if p)


class Relationship(models.Model):
    """`person` is `kind` of `other`: "Jane (person) is mother (kind) of Sam (other)"."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=30, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("other")), name="relationship_not_to_self"),
            models.UniqueConstraint(fields=["person", "other", "kind"], name="relationship_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} is {self.get_kind_display().lower()} of {self.other}"
