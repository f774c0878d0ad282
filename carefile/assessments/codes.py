"""Assessment code sets: the DfE factors identified at assessment (CIN census `AssessmentFactors`,
specs/statutory-data.md §1.4), the outcome of an assessment and how the child communicated."""

from django.db import models


class Factor(models.TextChoices):
    """Factors identified at the end of assessment. 18A and 19A were replaced in 2020-21 and are not offered."""

    ALCOHOL_CHILD = "1A", "Alcohol misuse by the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse by a parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse by another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse by the child"
    DRUGS_PARENT = "2B", "Drug misuse by a parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse by another person in the household"
    DOMESTIC_CHILD = "3A", "Domestic abuse: the child is subject to it"
    DOMESTIC_PARENT = "3B", "Domestic abuse: a parent or carer is subject to it"
    DOMESTIC_OTHER = "3C", "Domestic abuse: another person in the household is subject to it"
    MENTAL_HEALTH_CHILD = "4A", "Mental health of the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health of a parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health of another person in the family or household"
    LEARNING_CHILD = "5A", "Learning disability of the child"
    LEARNING_PARENT = "5B", "Learning disability of a parent or carer"
    LEARNING_OTHER = "5C", "Learning disability of another person in the family or household"
    PHYSICAL_CHILD = "6A", "Physical disability or illness of the child"
    PHYSICAL_PARENT = "6B", "Physical disability or illness of a parent or carer"
    PHYSICAL_OTHER = "6C", "Physical disability or illness of another person in the family or household"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_OVERSEAS_RETURN = "8B", "Privately fostered: overseas child intending to return home"
    PRIVATE_OVERSEAS_STAY = "8C", "Privately fostered: overseas child intending to stay in the UK"
    PRIVATE_EDUCATION = "8D", "Privately fostered: UK child in an educational placement"
    PRIVATE_FAMILY = "8E", "Privately fostered: UK child in an alternative family arrangement"
    PRIVATE_OTHER = "8F", "Privately fostered: other"
    UASC = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    CSE = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Neglect"
    EMOTIONAL = "17A", "Emotional abuse"
    PHYSICAL_CHILD_ON_CHILD = "18B", "Physical abuse: child on child"
    PHYSICAL_ADULT_ON_CHILD = "18C", "Physical abuse: adult on child"
    SEXUAL_CHILD_ON_CHILD = "19B", "Sexual abuse: child on child"
    SEXUAL_ADULT_ON_CHILD = "19C", "Sexual abuse: adult on child"
    OTHER = "20", "Other"
    NONE = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation"
    FAITH = "23A", "Abuse linked to faith or belief"
    CCE = "24A", "Child criminal exploitation"


NO_FACTORS = Factor.NONE.value

# How the factors are grouped on the form: related codes together, the way a social worker thinks of them.
FACTOR_GROUPS: list[tuple[str, list[str]]] = [
    ("Abuse and neglect", ["16A", "17A", "18B", "18C", "19B", "19C", "22A", "23A"]),
    ("Domestic abuse", ["3A", "3B", "3C"]),
    ("Alcohol and drug misuse", ["1A", "1B", "1C", "2A", "2B", "2C"]),
    ("Mental health", ["4A", "4B", "4C"]),
    ("Disability and illness", ["5A", "5B", "5C", "6A", "6B", "6C"]),
    (
        "Harm outside the home",
        ["10A", "11A", "24A", "12A", "13A", "14A", "15A"],
    ),
    ("The child's circumstances", ["7A", "9A", "8B", "8C", "8D", "8E", "8F"]),
    ("Other", ["20", "21"]),
]


def factor_problems(codes: list[str]) -> list[str]:
    """What is wrong with a list of factor codes under the CIN census rules (8869, 8898), as messages."""
    problems = []
    valid = set(Factor.values)
    unknown = [c for c in codes if c not in valid]
    if unknown:
        problems.append(
            f"{', '.join(unknown)} {'is not a' if len(unknown) == 1 else 'are not'} DfE factor code"
        )
    if len(set(codes)) != len(codes):
        problems.append("Choose each factor only once")
    if NO_FACTORS in codes and len(set(codes)) > 1:
        problems.append("Choose 'No factors identified' on its own, or the factors identified, not both")
    return problems


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STRATEGY = "strategy", "Strategy discussion (risk of significant harm)"
    LOOKED_AFTER = "looked_after", "Looked after"
    OTHER = "other", "Other"


# Outcomes after which the episode is expected to close (RC8 no further action, RC9 early help).
CLOSING_OUTCOMES = {Outcome.NFA: "RC8", Outcome.EARLY_HELP: "RC9"}


class Communication(models.TextChoices):
    """How the child shared their views: the same values as the visits' (`recording.Communication`)."""

    SPOKEN = "spoken", "Spoken words"
    SIGNED = "signed", "Signed (BSL or Makaton)"
    PLAY = "play", "Play"
    DRAWING = "drawing", "Drawing or writing"
    DEVICE = "device", "An app or a communication device"
    NON_VERBAL = "non_verbal", "Non-verbal: what I observed"
    INTERPRETER = "interpreter", "Through an interpreter"
    OTHER = "other", "Another way"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting authorisation"
    AUTHORISED = "authorised", "Authorised"
