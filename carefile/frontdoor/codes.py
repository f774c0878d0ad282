"""DfE codes used at the front door (specs/statutory-data.md §1.4)."""

from django.db import models


class ReferralSource(models.TextChoices):
    FAMILY = "1A", "Individual – family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual – acquaintance (neighbour, childminder)"
    SELF = "1C", "Individual – self"
    INDIVIDUAL_OTHER = "1D", "Individual – other"
    SCHOOLS = "2A", "Schools"
    EDUCATION = "2B", "Education services"
    GP = "3A", "Health – GP"
    HEALTH_VISITOR = "3B", "Health – health visitor"
    SCHOOL_NURSE = "3C", "Health – school nurse"
    PRIMARY_HEALTH = "3D", "Health – other primary health services"
    A_AND_E = "3E", "Health – A&E"
    HEALTH_OTHER = "3F", "Health – other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "LA services – social care"
    LA_OTHER_INTERNAL = "5B", "LA services – other internal"
    LA_EXTERNAL = "5C", "LA services – external (another council)"
    LA_EARLY_HELP = "5D", "LA services – early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Other legal agency (courts, probation, Cafcass, prison)"
    OTHER = "8", "Other (children's centre, voluntary organisation)"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    N1 = "N1", "N1 – Abuse, neglect and exploitation"
    N2 = "N2", "N2 – Child's disability"
    N3 = "N3", "N3 – Parental disability or illness"
    N4 = "N4", "N4 – Family in acute stress"
    N5 = "N5", "N5 – Family dysfunction"
    N6 = "N6", "N6 – Socially unacceptable behaviour"
    N7 = "N7", "N7 – Low income"
    N8 = "N8", "N8 – Absent parenting"
    N9 = "N9", "N9 – Cases other than children in need"
    N0 = "N0", "N0 – Not stated"


class ClosureReason(models.TextChoices):
    RC1 = "RC1", "RC1 – Adopted"
    RC2 = "RC2", "RC2 – Died"
    RC3 = "RC3", "RC3 – Child arrangements order"
    RC4 = "RC4", "RC4 – Special guardianship order"
    RC5 = "RC5", "RC5 – Transferred to another council"
    RC6 = "RC6", "RC6 – Transferred to adult social care"
    RC7 = "RC7", "RC7 – Services ceased for any other reason, including no longer in need"
    RC8 = "RC8", "RC8 – Case closed after assessment, no further action"
    RC9 = "RC9", "RC9 – Case closed after assessment, referred to early help"
