"""The choices of child protection: agencies, decisions, outcomes and the DfE categories of abuse."""

from django.db import models


class Agency(models.TextChoices):
    """Who took part in a strategy discussion (Working Together 2023: at least social care, police, health)."""

    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    SOCIAL_CARE = "social_care", "Children's social care"
    OTHER = "other", "Other agency"


class InviteeRole(models.TextChoices):
    """Who is invited to a conference: the agencies, and the family and the child themselves."""

    PARENT = "parent", "Parent or carer"
    CHILD = "child", "The child"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    SOCIAL_CARE = "social_care", "Children's social care"
    OTHER = "other", "Other agency"


class Attendance(models.TextChoices):
    INVITED = "invited", "Invited"
    ATTENDED = "attended", "Attended"
    REPORT = "report", "Sent a report"
    APOLOGIES = "apologies", "Sent apologies"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class StrategyDecision(models.TextChoices):
    SECTION_47 = "s47", "Start a section 47 enquiry"
    NO_SECTION_47 = "no_s47", "No section 47 enquiry"


class EnquiryOutcome(models.TextChoices):
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    NO_CONFERENCE = "no_conference", "Concerns substantiated, but no conference needed"
    CONFERENCE = "conference", "Concerns substantiated: an initial child protection conference is needed"


# Outcomes that conclude the enquiry without a conference (CIN census ICPCnotRequired = 1).
NO_CONFERENCE_OUTCOMES = {EnquiryOutcome.NOT_SUBSTANTIATED, EnquiryOutcome.NO_CONFERENCE}


class Category(models.TextChoices):
    """CIN census InitialCategoryOfAbuse / LatestCategoryOfAbuse (statutory-data §1.4)."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple categories"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in child protection conference"
    REVIEW = "review", "Review child protection conference"


# Conferences that may start a plan: the initial conference and, for a child moving in on another council's
# plan, the transfer-in conference (CIN census DateOfInitialCPC at the CINdetails level).
STARTING_KINDS = {ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN}


class ConferenceDecision(models.TextChoices):
    PLAN = "plan", "The child needs a child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    CONTINUE = "continue", "Continue the child protection plan"
    END = "end", "End the child protection plan"


INITIAL_DECISIONS = [ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN]
REVIEW_DECISIONS = [ConferenceDecision.CONTINUE, ConferenceDecision.END]


class PlanEndReason(models.TextChoices):
    NO_LONGER_AT_RISK = "no_longer_at_risk", "No longer at risk of significant harm"
    MOVED = "moved", "Moved to another council (transferred)"
    LOOKED_AFTER = "looked_after", "Became looked after"
    AGE_18 = "age_18", "Reached 18"
    DIED = "died", "The child died"
    OTHER = "other", "Another reason"


class ProtectionEvent(models.TextChoices):
    """The chronology kinds this app writes (registered in `extensions`)."""

    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    S47_STARTED = "s47_started", "Section 47 enquiry started"
    S47_FINDINGS = "s47_findings", "Section 47 enquiry findings and outcome"
    S47_CONCLUDED = "s47_concluded", "Section 47 enquiry signed off"
    CONFERENCE_SCHEDULED = "cp_conference_scheduled", "Child protection conference scheduled"
    CONFERENCE_HELD = "cp_conference_held", "Child protection conference held"
    CP_PLAN_STARTED = "cp_plan_started", "Child protection plan started"
    CORE_GROUP = "core_group", "Core group meeting"
    CP_PLAN_ENDED = "cp_plan_ended", "Child protection plan ended"
