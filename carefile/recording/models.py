"""Visits, case notes, corrections and the child's voice.

Visits are final the moment they are saved; case notes are drafted (autosaved) and then finalised. A final
record is never changed: not through a form, the admin, the ORM (`save`, `delete`, `QuerySet.update` and
`QuerySet.delete` refuse) nor SQL (database triggers refuse an UPDATE, see migration 0002). What was wrong
is put right by an appended correction, shown under the record.

A note a worker marks as significant, and any later change of mind, lives on its chronology events
(`ChronologyEvent.significant`), not on the note, so that the note itself stays as it was finalised.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse

from carefile.people.models import CaseStatus


class FinalisedRecordError(Exception):
    """A finalised visit, note or correction was about to be changed or deleted."""

    def __init__(self, message: str = "A finalised record cannot be changed: add a correction instead"):
        super().__init__(message)


# ---- choices ------------------------------------------------------------------------------------------


class VisitType(models.TextChoices):
    STATUTORY = "statutory", "Statutory visit"
    CHILD_IN_NEED = "child_in_need", "Child in need visit"
    CHILD_PROTECTION = "child_protection", "Child protection visit"
    LOOKED_AFTER = "looked_after", "Looked-after child visit"
    ASSESSMENT = "assessment", "Assessment visit"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser visit"
    UNANNOUNCED = "unannounced", "Unannounced visit"
    OTHER = "other", "Other visit"


# The type of visit a child's current status usually calls for: the visit form starts on it.
VISIT_TYPE_FOR_STATUS = {
    CaseStatus.CHILD_PROTECTION: VisitType.CHILD_PROTECTION,
    CaseStatus.CHILD_IN_NEED: VisitType.CHILD_IN_NEED,
    CaseStatus.LOOKED_AFTER: VisitType.LOOKED_AFTER,
    CaseStatus.CARE_LEAVER: VisitType.PERSONAL_ADVISER,
    CaseStatus.REFERRAL: VisitType.ASSESSMENT,
    CaseStatus.ASSESSMENT: VisitType.ASSESSMENT,
}


class Place(models.TextChoices):
    HOME = "home", "The child's home"
    SCHOOL = "school", "School, nursery or college"
    PLACEMENT = "placement", "The child's placement"
    OFFICE = "office", "Office or family centre"
    OTHER = "other", "Somewhere else"


class Communication(models.TextChoices):
    SPOKEN = "spoken", "Spoken words"
    SIGNED = "signed", "Signed (BSL or Makaton)"
    PLAY = "play", "Play"
    DRAWING = "drawing", "Drawing or writing"
    DEVICE = "device", "An app or a communication device"
    NON_VERBAL = "non_verbal", "Non-verbal: what I observed"
    INTERPRETER = "interpreter", "Through an interpreter"
    OTHER = "other", "Another way"


COMMUNICATION_LABEL = dict(Communication.choices)


def communication_labels(values) -> list[str]:
    return [str(COMMUNICATION_LABEL.get(v, v)) for v in values or []]


class NoteType(models.TextChoices):
    CASE_NOTE = "case_note", "Case note"
    PHONE_CALL = "phone_call", "Phone call"
    EMAIL = "email", "Email"
    MEETING = "meeting", "Meeting"
    LETTER = "letter", "Letter"
    TEXT_MESSAGE = "text_message", "Text message"
    MANAGEMENT = "management", "Management note"
    OTHER = "other", "Other"


class VoiceSource(models.TextChoices):
    VISIT = "visit", "Visit"
    ASSESSMENT = "assessment", "Assessment"
    REVIEW = "review", "Review"
    OTHER = "other", "Other"


class IntervalUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "Working days"
    CALENDAR_DAYS = "calendar_days", "Calendar days"


# ---- guards --------------------------------------------------------------------------------------------


class ImmutableQuerySet(models.QuerySet):
    """A queryset that refuses bulk changes to final rows (`final_filter` says which rows are final)."""

    final_filter = Q()

    def _has_final(self) -> bool:
        return self.filter(self.final_filter).exists()

    def update(self, **kwargs):
        if self._has_final():
            raise FinalisedRecordError()
        return super().update(**kwargs)

    def delete(self):
        if self._has_final():
            raise FinalisedRecordError()
        return super().delete()


class AlwaysFinalQuerySet(ImmutableQuerySet):
    final_filter = Q()  # every row


class NoteQuerySet(ImmutableQuerySet):
    final_filter = Q(finalised_at__isnull=False)

    def drafts(self):
        return self.filter(finalised_at__isnull=True)

    def final(self):
        return self.filter(finalised_at__isnull=False)


class AppendOnly(models.Model):
    """Written once, never changed or deleted through the ORM."""

    objects = AlwaysFinalQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FinalisedRecordError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FinalisedRecordError()


# ---- visits --------------------------------------------------------------------------------------------


class Visit(AppendOnly):
    """A visit to a child: finalised on save."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="visits")
    visited_at = models.DateTimeField("date and time of the visit")
    visit_type = models.CharField(max_length=20, choices=VisitType.choices)
    place = models.CharField("where", max_length=20, choices=Place.choices)
    place_detail = models.CharField("where exactly", max_length=200, blank=True)
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField(default=False)
    reason_not_seen = models.TextField(blank=True)
    others_present = models.CharField("who else was there", max_length=300, blank=True)
    observations = models.TextField(blank=True)
    words = models.TextField("the child's own words", blank=True)
    communication = models.JSONField("how the child communicated", default=list, blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-visited_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(child_seen=True) | ~Q(reason_not_seen=""), name="visit_not_seen_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(child_seen=True) | Q(seen_alone=False), name="visit_seen_alone_only_if_seen"
            ),
        ]
        indexes = [models.Index(fields=["child", "-visited_at"], name="visit_child_at")]

    def __str__(self) -> str:
        return f"{self.get_visit_type_display()} on {self.visited_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("recording:visit", args=[self.pk])

    @property
    def communication_labels(self) -> list[str]:
        return communication_labels(self.communication)


# ---- case notes ----------------------------------------------------------------------------------------


class CaseNote(models.Model):
    """A case note: a draft (autosaved, visible only to its author) until finalised, then never changed."""

    child = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="case_notes",
        help_text="The child whose record the note was written on",
    )
    note_type = models.CharField("type of note", max_length=20, choices=NoteType.choices, blank=True)
    happened_on = models.DateField("date it happened", null=True, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField("note", blank=True)
    significant = models.BooleanField(
        default=False,
        help_text="Marked significant when finalised; later changes live on its chronology events",
    )
    also_for = models.JSONField(
        default=list, blank=True, help_text="While a draft: the other children it will be filed to"
    )
    author = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    finalised_at = models.DateTimeField(null=True, blank=True)
    children = models.ManyToManyField("people.Person", through="NoteFiling", related_name="filed_notes")

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [
            models.Index(fields=["child", "author", "finalised_at"], name="casenote_child_drafts"),
        ]

    def __str__(self) -> str:
        return self.subject or "Untitled note"

    def save(self, *args, **kwargs):
        if not self._state.adding and (
            CaseNote.objects.filter(pk=self.pk, finalised_at__isnull=False).exists()
        ):
            raise FinalisedRecordError("A finalised case note cannot be changed: add a correction instead")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("recording:note", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_final or CaseNote.objects.filter(pk=self.pk, finalised_at__isnull=False).exists():
            raise FinalisedRecordError("A finalised case note cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class NoteFiling(AppendOnly):
    """A finalised note filed to a child's record (one row per child, the note's own child included)."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="filings")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="note_filings")
    happened_on = models.DateField(help_text="The note's date, repeated here to list a child's notes quickly")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "child"], name="note_filed_once_per_child")]
        indexes = [models.Index(fields=["child", "-happened_on"], name="notefiling_child_on")]

    def __str__(self) -> str:
        return f"Note {self.note_id} filed to child {self.child_id}"


# ---- corrections ---------------------------------------------------------------------------------------


class Correction(AppendOnly):
    text = models.TextField("the correction")
    reason = models.TextField("why it needs correcting")
    by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class VisitCorrection(Correction):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="corrections")

    def __str__(self) -> str:
        return f"Correction to visit {self.visit_id}"


class NoteCorrection(Correction):
    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="corrections")

    def __str__(self) -> str:
        return f"Correction to note {self.note_id}"


# ---- the child's voice ---------------------------------------------------------------------------------


class ChildVoice(AppendOnly):
    """What a child said (or showed), in their own words, and how they communicated it.

    Written by the service that recorded it (a visit, an assessment, a review), pointing back at that record.
    """

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="voices")
    said_on = models.DateField()
    words = models.TextField()
    communication = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=20, choices=VoiceSource.choices)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_record = GenericForeignKey("source_type", "source_id")
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-said_on", "-id"]
        verbose_name = "child's voice"
        verbose_name_plural = "children's voices"
        indexes = [models.Index(fields=["child", "-said_on", "-id"], name="voice_child_said")]

    def __str__(self) -> str:
        return f"{self.words[:60]} ({self.said_on:%d %B %Y})"

    @property
    def communication_labels(self) -> list[str]:
        return communication_labels(self.communication)


# ---- the visit clock's settings ------------------------------------------------------------------------


class VisitFrequency(models.Model):
    """How often a child of each status must be seen: the council's local standard (statutory-data §5).

    A row here replaces the default for its status (`selectors.DEFAULT_VISIT_FREQUENCIES`); a row that is
    not enabled switches the visit clock off for that status.
    """

    case_status = models.CharField(max_length=20, choices=CaseStatus.choices, unique=True)
    interval = models.PositiveSmallIntegerField(
        help_text="The child must be seen again within this many days"
    )
    unit = models.CharField(max_length=20, choices=IntervalUnit.choices)
    amber_within = models.PositiveSmallIntegerField(
        default=3, help_text="Show the clock amber when this many working days or fewer remain"
    )
    enabled = models.BooleanField(default=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the standard comes from (regulation or local policy)"
    )

    class Meta:
        ordering = ["case_status"]
        verbose_name_plural = "visit frequencies"
        constraints = [models.CheckConstraint(condition=Q(interval__gt=0), name="visit_interval_positive")]

    def __str__(self) -> str:
        return f"{self.get_case_status_display()}: every {self.interval} {self.get_unit_display().lower()}"


class RecordingEvent(models.TextChoices):
    """The chronology kinds this app writes (registered in `extensions`)."""

    VISIT = "visit", "Visit"
    CASE_NOTE = "case_note", "Case note"
    MANAGEMENT_NOTE = "management_note", "Management note"
    CHILD_VOICE = "child_voice", "The child's own words"
    CORRECTION = "record_corrected", "Correction to a visit or note"
