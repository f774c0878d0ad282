"""DfE code sets for people (specs/statutory-data.md §1.4), shared by the CIN census, SSDA903 and forms."""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown or unborn"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour (including ADHD)"
    CON = "CON", "Consciousness (seizures)"
    AUT = "AUT", "Diagnosed autism or Asperger's"
    DDA = "DDA", "Other disability under the Equality Act"


class UpnUnknown(models.TextChoices):
    UN1 = "UN1", "UN1 – not yet of school age or no UPN yet assigned"
    UN2 = "UN2", "UN2 – never attended a state-funded school in England"
    UN3 = "UN3", "UN3 – educated outside England"
    UN4 = "UN4", "UN4 – new to the council or newly looked after, UPN not yet known"
    UN5 = "UN5", "UN5 – source discrepancies prevent reliable matching"
    UN6 = "UN6", "UN6 – other reason"
    UN7 = "UN7", "UN7 – referral with no further action"


class RelationshipKind(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENTS_PARTNER = "parents_partner", "Parent's partner"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    OTHER_RELATIVE = "other_relative", "Other relative"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship (family and friends) carer"
    FRIEND = "friend", "Family friend"
    PROFESSIONAL = "professional", "Professional"


# What a relationship reads as from the other person's side: "A is mother of B" → "B is child of A".
INVERSE_LABEL = {
    RelationshipKind.MOTHER: "Child",
    RelationshipKind.FATHER: "Child",
    RelationshipKind.PARENT: "Child",
    RelationshipKind.STEP_PARENT: "Step-child",
    RelationshipKind.PARENTS_PARTNER: "Partner's child",
    RelationshipKind.SIBLING: "Sibling",
    RelationshipKind.HALF_SIBLING: "Half-sibling",
    RelationshipKind.GRANDPARENT: "Grandchild",
    RelationshipKind.AUNT_UNCLE: "Niece or nephew",
    RelationshipKind.OTHER_RELATIVE: "Other relative",
    RelationshipKind.FOSTER_CARER: "Foster child",
    RelationshipKind.KINSHIP_CARER: "Child in their care",
    RelationshipKind.FRIEND: "Family friend",
    RelationshipKind.PROFESSIONAL: "Professional's contact",
}
