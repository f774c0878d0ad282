"""Synthetic visits, the child's words and case notes for the children already in the database.

`seed_recording(rng=..., on=..., holidays=...)` writes the year up to `on` for every child a social worker
or personal adviser held in that year: the open children for the whole year (or since they were allocated),
and children whose case closed during the year up to the closure. Visits come at about the frequency the
child's status calls for (most on time, about one in eight late, one in twelve where the child was not
seen), with the child's own words on most (sentences children of that age say; what a baby showed), seen
alone for most children over five; and 2–6 finalised case notes a month, one in ten filed to a brother or
sister too, management notes by the team manager. Each record gets the chronology events the services
write, with the same wording.

Speed: rows are written with one multi-row INSERT per batch through the database cursor (executemany),
not through model instances, with ids handed out here so that the child's words, filings and chronology
events can point at their visit or note without reading anything back. A large council (over a million
visits and notes) is a few minutes of work. The same database, rng and date always give the same records.
Nothing else may write these tables while it runs (seed_council runs it inside its own transaction).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, router, transaction
from django.db.models import Max, Q
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.common.workdays import add_working_days, is_working_day
from carefile.people.models import Person, PersonKind, Relationship
from carefile.workforce.models import Allocation, AllocationRole, Team

from .models import (
    VISIT_TYPE_FOR_STATUS,
    CaseNote,
    ChildVoice,
    Communication,
    IntervalUnit,
    NoteFiling,
    NoteType,
    Place,
    RecordingEvent,
    Visit,
    VisitType,
    VoiceSource,
)
from .selectors import LOOKED_AFTER_RULE, VisitRule, visit_due, visit_rules
from .services import note_event_at, note_summary, visit_summary, voice_summary

BATCH = 2000
CHILDREN_PER_BLOCK = 400

# Statuses without a visit standard still see a worker now and then.
FALLBACK_RULES = {
    "looked_after": LOOKED_AFTER_RULE,  # about 6-weekly: the care app's regulation 28 clock judges them
    "referral": VisitRule("referral", 10, IntervalUnit.WORKING_DAYS, 3),
    "early_help": VisitRule("early_help", 30, IntervalUnit.CALENDAR_DAYS, 5),
}

# ---- what children say ---------------------------------------------------------------------------------

WORDS_UNDER_3 = [  # non-verbal: what the worker saw
    "Babbled and smiled when her carer picked her up, and reached for the bottle.",
    "Crawled to the toy box and brought me a car, then looked back at mum.",
    "Settled quickly on mum's lap and fell asleep.",
    "Cried when the door banged and calmed when held close.",
    "Laughed at the peekaboo game and wanted it again.",
    "Held on to dad's leg and watched me from behind it.",
    "Pointed at the dog and said 'woof'.",
    "Pushed the bowl away and shook his head at the spoon.",
]
WORDS_3_TO_5 = [
    "I like playing with my dinosaurs.",
    "Mummy shouts sometimes.",
    "I had fish fingers for tea.",
    "I don't like the dark. Can the light stay on?",
    "My teddy is called Bob and he sleeps with me.",
    "Nanny takes me to the park.",
    "I want to go to big school with my brother.",
    "Daddy was sad and went away.",
    "I'm a good helper at nursery.",
    "Can you come to my birthday?",
]
WORDS_6_TO_11 = [
    "I like it at school because my friends are there.",
    "I get scared when Dad comes home late.",
    "I want to see my nan more.",
    "Football is my favourite thing. I'm in the team now.",
    "I don't like it when they argue. I go upstairs.",
    "My foster carer makes the best pancakes.",
    "I miss my brother. When can I see him?",
    "I wish I could stay at Mum's at the weekends.",
    "Nobody at school knows about social workers and I want it to stay that way.",
    "I'm worried about Mum when I'm at school.",
    "The new house is better because I've got my own room.",
    "I want to go swimming like everyone else in my class.",
    "I don't want to talk about it today.",
    "Can you tell the judge I want to live with Auntie?",
]
WORDS_12_PLUS = [
    "I just want people to stop asking me the same questions.",
    "College is alright. I'm doing mechanics.",
    "I feel safer here than I did at home.",
    "I want to choose when I see my dad.",
    "Nobody listens to me at the meetings.",
    "I've been going to the youth club on Thursdays.",
    "I need help with money for my phone.",
    "I'm worried about my little sister.",
    "I don't want a new social worker again.",
    "I stayed out because I didn't want to be at home.",
    "I'd like to learn to drive when I'm seventeen.",
    "Things are better with Mum now. We talk more.",
    "School said I might get excluded and I don't care.",
    "I want to know why I came into care. Nobody has told me properly.",
]
WORDS_CARE_LEAVER = [
    "I need help sorting out the bills for my flat.",
    "I've got an interview at the café next week.",
    "It's lonely living on my own sometimes.",
    "I want to go to university but I don't know how to pay for it.",
    "Can you help me get my birth certificate?",
    "I'm still in touch with my old foster carer. She's been great.",
]
NOT_SEEN = [
    "Nobody answered the door; left a card asking the family to call.",
    "{name} was at a hospital appointment; mum had not let us know.",
    "The family cancelled on the day because {name} was unwell.",
    "{name} refused to come out of their room; spoke to them through the door.",
    "{name} was staying with grandparents; visit rearranged for next week.",
    "The placement asked to rearrange because of a school trip.",
]
OBSERVATIONS = [
    "The home was warm and tidy. {name} was playing in the living room when I arrived.",
    "There was little food in the kitchen. Mum said the shopping was due tomorrow.",
    "{name} looked well cared for and was dressed for the weather.",
    "{name} showed me their bedroom, which was clean with a made bed and toys.",
    "The atmosphere was tense; mum and her partner spoke little to each other.",
    "{name} was relaxed with their carer and went to them for comfort.",
    "We talked in the car on the way to the park, where {name} was more chatty.",
    "School reported good attendance this half term; {name} seemed proud of it.",
    "Dog mess in the garden again; discussed with dad, who said he would clear it today.",
    "{name} had a small bruise on their arm; explanation given was a fall at football, consistent with what school said.",
]
OTHERS = {
    Place.HOME: ["Mum", "Mum and her partner", "Dad", "Mum and younger brother", "Nan", ""],
    Place.PLACEMENT: ["Foster carer", "Foster carers", "Residential key worker", ""],
    Place.SCHOOL: ["Designated safeguarding lead", "Class teacher", "Teaching assistant", ""],
    Place.OFFICE: ["Family support worker", ""],
    Place.OTHER: ["", "Youth worker"],
}

NOTE_TYPES = [
    (NoteType.CASE_NOTE, 35),
    (NoteType.PHONE_CALL, 25),
    (NoteType.EMAIL, 14),
    (NoteType.MEETING, 10),
    (NoteType.TEXT_MESSAGE, 5),
    (NoteType.LETTER, 3),
    (NoteType.MANAGEMENT, 8),
]
NOTES = {
    NoteType.CASE_NOTE: [
        ("Update on school attendance", "Checked with school: {name}'s attendance is {pct}% this half term."),
        (
            "Contact arrangements",
            "Spoke to both parents about contact. Agreed Saturday afternoons at the family centre.",
        ),
        (
            "Chronology updated",
            "Reviewed the file and brought the chronology up to date after the last meeting.",
        ),
        ("Housing", "Family have been offered a two-bedroom flat; moving date to be confirmed."),
    ],
    NoteType.PHONE_CALL: [
        (
            "Call from school",
            "Designated safeguarding lead called: {name} arrived late and hungry twice this week.",
        ),
        (
            "Call with mum",
            "Mum called to say {name} has a dentist appointment on Thursday. Discussed the plan.",
        ),
        ("Call from health visitor", "Health visitor confirmed the developmental check is booked."),
        ("Call to GP surgery", "Asked the GP for an update on {name}'s referral to CAMHS; letter to follow."),
    ],
    NoteType.EMAIL: [
        (
            "Email from the police",
            "Police shared a domestic incident notification from the weekend. No injuries reported.",
        ),
        ("Email to the IRO", "Sent the IRO the latest visit notes before the review."),
        ("Email from school", "School sent {name}'s end of term report: good progress in reading."),
    ],
    NoteType.MEETING: [
        ("Core group meeting", "Core group met. Actions reviewed: two completed, one carried forward."),
        ("Team around the family", "TAF meeting with school and health. Parenting course place confirmed."),
        ("Professionals meeting", "Agreed a joint visit with the police next week."),
    ],
    NoteType.TEXT_MESSAGE: [
        ("Text from mum", "Mum texted to confirm tomorrow's visit time."),
        ("Text to young person", "Texted {name} to remind them of the appointment at the college."),
    ],
    NoteType.LETTER: [
        ("Letter to parents", "Letter sent confirming the outcome of the conference and the next steps."),
    ],
    NoteType.MANAGEMENT: [
        (
            "Management oversight",
            "Reviewed the case with the social worker. Visits are on time. Direction: chase the CAMHS referral.",
        ),
        (
            "Supervision extract",
            "Discussed in supervision. Risk remains medium. Continue the plan; review in four weeks.",
        ),
        ("Management direction", "Agreed to convene a strategy discussion if there is another incident."),
    ],
}


@dataclass
class _Child:
    pk: int
    status: str
    born: date
    name: str
    team_id: int | None
    start: date
    end: date
    workers: _Workers


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _words(rng: random.Random, child: _Child, on: date) -> tuple[str, list[str]]:
    age = _age(child.born, on)
    if age < 3:
        how = [Communication.NON_VERBAL] + ([Communication.PLAY] if rng.random() < 0.4 else [])
        return rng.choice(WORDS_UNDER_3), how
    if child.status == "care_leaver" or age >= 18:
        return rng.choice(WORDS_CARE_LEAVER), [Communication.SPOKEN]
    bank = WORDS_3_TO_5 if age < 6 else WORDS_6_TO_11 if age < 12 else WORDS_12_PLUS
    how = [Communication.SPOKEN]
    roll = rng.random()
    if roll < 0.03:
        how = [Communication.SIGNED]
    elif roll < 0.05:
        how = [Communication.DEVICE]
    elif roll < 0.08:
        how = [Communication.INTERPRETER, Communication.SPOKEN]
    elif age < 9 and roll < 0.3:
        how.append(rng.choice([Communication.PLAY, Communication.DRAWING]))
    return rng.choice(bank), how


def _place(rng: random.Random, status: str) -> str:
    if status == "looked_after":
        return rng.choices([Place.PLACEMENT, Place.SCHOOL, Place.OTHER], [75, 15, 10])[0]
    if status == "care_leaver":
        return rng.choices([Place.HOME, Place.OFFICE, Place.OTHER], [60, 25, 15])[0]
    return rng.choices([Place.HOME, Place.SCHOOL, Place.OFFICE, Place.OTHER], [75, 15, 5, 5])[0]


def _working_day_on_or_before(day: date, holidays: Container[date]) -> date:
    while not is_working_day(day, holidays=holidays):
        day -= timedelta(days=1)
    return day


def _aware(day: date, rng: random.Random, first: int = 9, last: int = 17) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(rng.randint(first, last), rng.choice([0, 15, 30, 45])))
    )


class _Workers:
    """Who held a child on a given day (their social worker or personal adviser), from the allocations."""

    def __init__(self, periods: list[tuple[date, date | None, int]]):
        self.periods = sorted(periods, key=lambda p: (p[0], p[2]))

    def on(self, day: date) -> int:
        holder = None
        for start, end, worker in self.periods:
            if start <= day and (end is None or day < end):
                holder = worker
        return holder or self.periods[-1][2]


class _Table:
    """Rows for one table, written with executemany; ids handed out here when the rows need them."""

    def __init__(self, model, columns: list[str], *, with_ids: bool):
        self.model, self.with_ids = model, with_ids
        self.connection = connections[router.db_for_write(model)]
        ops, quote = self.connection.ops, self.connection.ops.quote_name
        names = (["id"] if with_ids else []) + columns
        fields = [model._meta.get_field(name) for name in names]
        self.convert = []
        for field in fields:
            kind = field.get_internal_type()
            if kind == "DateTimeField":
                self.convert.append(ops.adapt_datetimefield_value)
            elif kind == "DateField":
                self.convert.append(ops.adapt_datefield_value)
            elif kind == "JSONField":
                self.convert.append(lambda value, field=field: field.get_db_prep_save(value, self.connection))
            else:
                self.convert.append(None)
        self.sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        self.last_id = (model._base_manager.aggregate(m=Max("id"))["m"] or 0) if with_ids else 0
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, *values) -> int | None:
        if self.with_ids:
            self.last_id += 1
            values = (self.last_id, *values)
        self.rows.append(values)
        return self.last_id if self.with_ids else None

    def flush(self) -> None:
        convert = self.convert
        with self.connection.cursor() as cursor:
            for i in range(0, len(self.rows), BATCH):
                cursor.executemany(
                    self.sql,
                    [
                        tuple(
                            v if c is None or v is None else c(v) for c, v in zip(convert, row, strict=True)
                        )
                        for row in self.rows[i : i + BATCH]
                    ],
                )
        self.written += len(self.rows)
        self.rows = []

    def finish(self) -> None:
        """Move the table's id sequence past the ids handed out here (PostgreSQL; SQLite keeps up by itself)."""
        if self.with_ids:
            with self.connection.cursor() as cursor:
                for sql in self.connection.ops.sequence_reset_sql(no_style(), [self.model]):
                    cursor.execute(sql)


def _children(on: date, since: date) -> list[_Child]:
    """Every child a social worker or personal adviser held at some time in (since, on], with the part of the
    year they were held: to `on` if their case is open, to the end of the last allocation if it closed."""
    periods: dict[int, list] = defaultdict(list)
    for child_id, worker_id, start, end in (
        Allocation.objects.filter(
            child__kind=PersonKind.CHILD,
            role__in=[AllocationRole.SOCIAL_WORKER, AllocationRole.PERSONAL_ADVISER],
            start__date__lte=on,
        )
        .filter(Q(end__isnull=True) | Q(end__date__gt=since))
        .order_by("child_id", "start", "id")
        .values_list("child_id", "worker_id", "start", "end")
    ):
        periods[child_id].append(
            (timezone.localtime(start).date(), timezone.localtime(end).date() if end else None, worker_id)
        )
    children = []
    for pk, status, born, name, team_id in (
        Person.objects.filter(kind=PersonKind.CHILD, date_of_birth__isnull=False, death_date__isnull=True)
        .order_by("pk")
        .values_list("pk", "case_status", "date_of_birth", "given_name", "responsible_team_id")
    ):
        if pk not in periods:
            continue
        workers = _Workers(periods[pk])
        start = max(since, workers.periods[0][0], born)
        is_open = bool(status) and team_id is not None and any(end is None for _, end, _ in workers.periods)
        end = on if is_open else min(on, max(e or on for _, e, _ in workers.periods))
        if start >= end:
            continue
        if not is_open:  # closed during the year: assessed and closed, or supported as a child in need
            status = "assessment" if (end - start).days < 70 else "child_in_need"
        children.append(_Child(pk, status, born, name, team_id, start, end, workers))
    return children


def seed_recording(
    *,
    rng: random.Random,
    on: date,
    holidays: Container[date],
    report: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the year of visits, the child's words and case notes up to `on`. Returns the counts."""
    since = on - timedelta(days=365)
    children = _children(on, since)
    held = {c.pk for c in children}
    managers = dict(Team.objects.values_list("pk", "manager_id"))
    siblings: dict[int, list[int]] = defaultdict(list)
    restricted = set(Person.objects.filter(restricted=True).values_list("pk", flat=True))
    for a, b in Relationship.objects.filter(kind__in=["sibling", "half_sibling"]).values_list(
        "person_id", "other_id"
    ):
        if a in held and b in held and a not in restricted and b not in restricted:
            siblings[a].append(b)
            siblings[b].append(a)
    rules = {**FALLBACK_RULES, **visit_rules()}
    tables = {
        "visit": _Table(Visit, VISIT_COLUMNS, with_ids=True),
        "voice": _Table(ChildVoice, VOICE_COLUMNS, with_ids=True),
        "note": _Table(CaseNote, NOTE_COLUMNS, with_ids=True),
        "filing": _Table(NoteFiling, ["note_id", "child_id", "happened_on"], with_ids=True),
        "event": _Table(ChronologyEvent, EVENT_COLUMNS, with_ids=False),
    }
    writer = _Writer(
        tables,
        rng=rng,
        on=on,
        holidays=holidays,
        rules=rules,
        managers=managers,
        siblings=siblings,
        visit_ct=ContentType.objects.get_for_model(Visit).pk,
    )
    with transaction.atomic():
        for i in range(0, len(children), CHILDREN_PER_BLOCK):
            for child in children[i : i + CHILDREN_PER_BLOCK]:
                writer.child(child)
            for table in tables.values():
                table.flush()
            if report and (i // CHILDREN_PER_BLOCK) % 10 == 9:
                report(f"    recording: {i + CHILDREN_PER_BLOCK:,} of {len(children):,} children")
        for table in tables.values():
            table.finish()
    return {
        "children": len(children),
        "visits": tables["visit"].written,
        "children's words": tables["voice"].written,
        "case notes": tables["note"].written,
        "recording chronology events": tables["event"].written,
    }


VISIT_COLUMNS = [
    "child_id", "visited_at", "visit_type", "place", "place_detail", "child_seen", "seen_alone",
    "reason_not_seen", "others_present", "observations", "words", "communication", "recorded_by_id",
    "recorded_at",
]  # fmt: skip
VOICE_COLUMNS = [
    "child_id", "said_on", "words", "communication", "source", "source_type_id", "source_id",
    "recorded_by_id", "recorded_at",
]  # fmt: skip
NOTE_COLUMNS = [
    "child_id", "note_type", "happened_on", "subject", "body", "significant", "also_for", "author_id",
    "created_at", "updated_at", "finalised_at",
]  # fmt: skip
EVENT_COLUMNS = ["person_id", "kind", "at", "by_id", "summary", "data", "recorded_at", "significant"]


class _Writer:
    def __init__(self, tables, *, rng, on, holidays, rules, managers, siblings, visit_ct):
        self.t = tables
        self.rng, self.on, self.holidays = rng, on, holidays
        self.rules, self.managers, self.siblings, self.visit_ct = rules, managers, siblings, visit_ct
        self.end_of_on = timezone.make_aware(datetime.combine(on, time(18, 0)))
        self.now = timezone.now()

    def child(self, child: _Child) -> None:
        rule = self.rules.get(child.status)
        if rule is not None:
            self.visits(child, rule)
        self.notes(child)

    def visits(self, child: _Child, rule: VisitRule) -> None:
        """Visits from the start of the child's year to its end: most by the due date, one in eight late."""
        rng, holidays, t = self.rng, self.holidays, self.t
        end = min(child.end, self.on)
        end_at = timezone.make_aware(datetime.combine(end, time(18, 0)))
        default_type = VISIT_TYPE_FOR_STATUS.get(child.status, VisitType.OTHER)
        day = child.start + timedelta(days=rng.randint(0, 5))
        while True:
            due = visit_due(since=day, rule=rule, holidays=holidays)
            if rng.random() < 0.12:  # late
                day = add_working_days(due, rng.randint(1, 8), holidays=holidays)
            else:
                gap = (due - day).days
                day = _working_day_on_or_before(
                    day + timedelta(days=max(1, rng.randint(gap * 6 // 10, gap))), holidays
                )
            if day > end:
                return
            visited_at = _aware(day, rng, 8, 18)
            if visited_at > end_at:
                return
            worker = child.workers.on(day)
            seen = rng.random() < 0.92
            age = _age(child.born, day)
            alone = seen and rng.random() < (0.8 if age >= 5 else 0.05)
            said = _words(rng, child, day) if seen and rng.random() < (0.85 if age >= 3 else 0.6) else None
            place = _place(rng, child.status)
            roll = rng.random()
            kind = VisitType.UNANNOUNCED if roll < 0.07 else VisitType.OTHER if roll < 0.09 else default_type
            reason = "" if seen else rng.choice(NOT_SEEN).format(name=child.name)
            words, how = said if said else ("", [])
            recorded_at = min(
                visited_at + timedelta(hours=rng.randint(1, 30)), max(self.end_of_on, visited_at)
            )
            visit_id = t["visit"].add(
                child.pk, visited_at, kind, place, "", seen, alone, reason,
                "" if alone else rng.choice(OTHERS[place]),
                rng.choice(OBSERVATIONS).format(name=child.name) if seen else "",
                words, how, worker, recorded_at,
            )  # fmt: skip
            summary = visit_summary(
                name=child.name,
                visit_type=kind,
                place=place,
                child_seen=seen,
                seen_alone=alone,
                reason_not_seen=reason,
            )
            t["event"].add(
                child.pk, RecordingEvent.VISIT, visited_at, worker, summary, {"visit": visit_id}, self.now,
                rng.random() < 0.02,
            )  # fmt: skip
            if said:
                voice_id = t["voice"].add(
                    child.pk, timezone.localtime(visited_at).date(), words, how, VoiceSource.VISIT,
                    self.visit_ct, visit_id, worker, recorded_at,
                )  # fmt: skip
                t["event"].add(
                    child.pk, RecordingEvent.CHILD_VOICE, visited_at, worker,
                    voice_summary(child.name, words, how),
                    {"voice": voice_id, "source": VoiceSource.VISIT, "source_id": visit_id}, self.now, False,
                )  # fmt: skip

    def notes(self, child: _Child) -> None:
        rng, t = self.rng, self.t
        end = min(child.end, self.on)
        span = (end - child.start).days
        if span <= 0:
            return
        total = sum(rng.randint(2, 6) for _ in range(max(1, round(span / 30.4))))
        types, weights = zip(*NOTE_TYPES, strict=True)
        siblings = self.siblings.get(child.pk, [])
        for _ in range(total):
            day = max(
                child.start,
                _working_day_on_or_before(child.start + timedelta(days=rng.randint(0, span)), self.holidays),
            )
            note_type = rng.choices(types, weights)[0]
            author = child.workers.on(day)
            if note_type == NoteType.MANAGEMENT:
                author = self.managers.get(child.team_id) or author
            subject, body = rng.choice(NOTES[note_type])
            finalised = min(
                _aware(day, rng, 10, 17) + timedelta(days=rng.choice([0, 0, 0, 1, 2])), self.end_of_on
            )
            filed_to = [child.pk]
            if siblings and note_type != NoteType.MANAGEMENT and rng.random() < 0.1:
                filed_to.append(rng.choice(siblings))
            significant = rng.random() < 0.02
            note_id = t["note"].add(
                child.pk, note_type, day, subject, body.format(name=child.name, pct=rng.randint(62, 99)),
                significant, filed_to[1:], author, finalised - timedelta(minutes=rng.randint(5, 90)), finalised,
                finalised,
            )  # fmt: skip
            kind = (
                RecordingEvent.MANAGEMENT_NOTE
                if note_type == NoteType.MANAGEMENT
                else RecordingEvent.CASE_NOTE
            )
            at = note_event_at(day, finalised)
            summary = note_summary(note_type=note_type, subject=subject, children=len(filed_to))
            for child_id in filed_to:
                t["filing"].add(note_id, child_id, day)
                t["event"].add(
                    child_id, kind, at, author, summary, {"note": note_id, "children": filed_to}, self.now,
                    significant,
                )  # fmt: skip
