"""The words of the synthetic records: names, what agencies shared, findings, views and progress."""

from __future__ import annotations

from ..codes import (
    Agency,
)

FIRST_NAMES = [
    "Sarah",
    "James",
    "Priya",
    "Tom",
    "Aisha",
    "Mark",
    "Helen",
    "Daniel",
    "Fatima",
    "Chris",
    "Emma",
    "Raj",
]
SURNAMES = [
    "Jones",
    "Patel",
    "Walker",
    "Khan",
    "Robson",
    "Lee",
    "Hussain",
    "Bell",
    "Turner",
    "Ahmed",
    "Dixon",
    "Scott",
]
PARTICIPANTS = [
    (Agency.POLICE, "Detective Constable, child abuse investigation team"),
    (Agency.HEALTH, "Named nurse for safeguarding"),
    (Agency.EDUCATION, "Designated safeguarding lead"),
    (Agency.HEALTH, "Health visitor"),
]
INFORMATION = [
    "School reported marks on {name}'s arm; police hold two domestic abuse call-outs to the address this year. "
    "Health: missed immunisations and a recent A&E visit.",
    "{name} told a teacher that Dad hit Mum last night and that {name} hid upstairs. Police attended; Dad left "
    "the home. Health visitor has concerns about the home conditions.",
    "Neighbours called the police about {name} being left alone overnight. The house was cold and there was "
    "little food. School says attendance is 71% this term.",
    "{name} disclosed to the school nurse that an adult known to the family touched them. Police are "
    "investigating; the adult does not live in the home.",
]
RATIONALES = [
    "There is reasonable cause to suspect that {name} is suffering, or is likely to suffer, significant harm: "
    "the injuries and the history of domestic abuse together meet the threshold.",
    "The disclosure and the police information meet the threshold for a section 47 enquiry, jointly with police.",
    "Neglect over a long period, now with {name} left alone: likely significant harm. Single-agency enquiry.",
]
SAFETY = [
    "Mum agreed that Dad will not return to the home while the enquiry goes on; police to check tonight.",
    "{name} to stay with Nan tonight under a safety plan agreed with Mum; medical at the hospital tomorrow.",
    "Daily check by school and a home visit today; the family told how to reach the out-of-hours team.",
]
FINDINGS = [
    "{name} was seen alone at school and at home. The injuries were consistent with the account given by "
    "{name}. Checks with health and police confirm a pattern of domestic abuse. Mum is protective but "
    "struggling. Concerns substantiated.",
    "{name} was seen alone twice and spoke about feeling hungry and scared at night. Home conditions are poor "
    "and there is no food in the house on two visits. Concerns substantiated.",
]
FINDINGS_NOT = [
    "{name} was seen alone and gave a clear account that matches Mum's. The bruise was from football; school "
    "confirms this. No evidence of significant harm. Support offered through early help.",
    "Home conditions were good on an unannounced visit. {name} appears well cared for. The referrer's concerns "
    "were not substantiated; the family accepted advice about supervision.",
]
CHILD_VIEWS = [
    '{name} met the chair before the conference and said: "I want Dad to stop shouting. I like it when Nan comes."',
    "{name} wrote a letter to the conference, read out by the advocate: they want to stay at home with Mum.",
    "{name} is too young to give their views; the social worker described what they saw of {name} at home.",
    "{name} did not want to come but told the social worker they feel safer since the plan started.",
]
SUMMARIES = [
    "The conference heard from school, health and police. The risks from domestic abuse remain high; Mum is "
    "engaging. The conference agreed {name} needs a child protection plan.",
    "Long-standing neglect, with little change despite help under a child in need plan. A child protection plan "
    "is needed.",
]
OUTCOMES = [
    "{name} is safe at home and knows who to tell when they are worried",
    "{name} has enough to eat, clean clothes and a warm home every day",
    "{name} goes to school every day and on time",
    "{name} is not hurt or frightened by the adults around them",
    "{name}'s health appointments are kept",
]
ACTIONS = [
    (
        "staff",
        "Visit {name} every 10 working days and see {name} alone",
        "{name} is seen alone at every visit",
    ),
    ("Mum", "Keep to the safety plan: Dad does not come to the home", "No police call-outs for three months"),
    ("Domestic abuse worker", "Work with Mum on the Freedom Programme", "Mum completes the programme"),
    (
        "School",
        "Tell the social worker the same day if {name} is absent",
        "Every absence is reported that day",
    ),
    ("Health visitor", "Weigh {name} every two weeks", "{name}'s weight is back on their centile"),
    ("Dad", "Go to the perpetrator programme", "Dad attends 10 of the 12 sessions"),
    ("staff", "Make a referral to the family support service", "The family has a support worker"),
]
ATTENDEES = [
    "Mum, social worker, class teacher, health visitor",
    "Mum, Dad, social worker, school nurse, family support worker",
    "Mum, social worker, designated safeguarding lead, domestic abuse worker",
]
PROGRESS = [
    "Actions are on track. School attendance has improved; Mum is keeping to the safety plan.",
    "Some progress, but two missed health appointments. Agreed a reminder from the health visitor.",
    "Good engagement from Mum. Dad has started the programme. No new incidents.",
    "Slow progress: the family support referral is still waiting. Chased by the social worker.",
]
