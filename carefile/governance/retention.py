"""Retention and disposal of children's records.

The rules are data (`RetentionRule`, editable in the admin), one per category:

- adoption records: 100 years from the adoption order;
- records of children who were ever looked after: until the 75th birthday;
- other children's records: the council's local policy, by default until the 25th birthday or 6 years after
  the case closed, whichever is later.

A record is kept while its case is open, while a legal hold is on it, and whenever a date its rule needs is
not known. "Ever looked after", adoption and the date of the adoption order come from fact providers
(`@retention_facts`): this module has providers for what exists today (case status, allocations, referrals,
the chronology); the looked-after and adoption apps add theirs when they arrive.

Disposal is two-step: one administrator proposes the records past retention; a second approves. Each child's
records are then deleted in one transaction (their field history too), after checking again that the record
is past retention and not on hold, and a `DisposalRecord` keeps the LA child ID, the date, the rule and who
approved, and no name.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import router, transaction
from django.db.models import Count, Max, ProtectedError, Q, RestrictedError
from django.db.models.deletion import Collector

from carefile.common.models import ChronologyEvent
from carefile.people.models import CaseStatus, Person, PersonKind, Relationship
from carefile.workforce.models import Allocation

from .models import (
    DisposalProposal,
    DisposalProposalItem,
    DisposalRecord,
    LegalHold,
    ProposalStatus,
    RetentionCategory,
    RetentionRule,
)

DEFAULT_RULES = {
    RetentionCategory.ADOPTION: {
        "description": "Adoption records: 100 years from the adoption order",
        "years_from_adoption_order": 100,
    },
    RetentionCategory.LOOKED_AFTER: {
        "description": "Children who were looked after: until their 75th birthday",
        "years_from_birth": 75,
    },
    RetentionCategory.OTHER: {
        "description": "Other children: until their 25th birthday or 6 years after the case closed, whichever is later",
        "years_from_birth": 25,
        "years_from_closure": 6,
    },
}
WAS_LOOKED_AFTER = {CaseStatus.LOOKED_AFTER, CaseStatus.CARE_LEAVER}


class DisposalRefused(Exception):
    """A disposal step that cannot be taken; the message says why."""


# Facts about children that decide their category and dates --------------------------------------------------


@dataclass
class RetentionFacts:
    looked_after: bool = False
    adoption: bool = False
    adoption_order: date | None = None
    case_open: bool = False
    last_activity: date | None = None  # the case closed no earlier than this
    created: date | None = None  # when the record was made: the date of closure if nothing else is known

    def saw(self, day: date | None) -> None:
        if day is not None and (self.last_activity is None or day > self.last_activity):
            self.last_activity = day


FactsProvider = Callable[[list[int], dict[int, RetentionFacts]], None]
_providers: list[FactsProvider] = []


def retention_facts(fn: FactsProvider) -> FactsProvider:
    """Register `fn(child_ids, facts)`, which updates `facts[child_id]` for many children in a few queries."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


@retention_facts
def _people_facts(ids: list[int], facts: dict[int, RetentionFacts]) -> None:
    for pk, status, created in Person.objects.filter(pk__in=ids).values_list(
        "pk", "case_status", "created_at"
    ):
        facts[pk].looked_after |= status in WAS_LOOKED_AFTER
        facts[pk].case_open |= bool(status)
        facts[pk].created = created.date()


@retention_facts
def _allocation_facts(ids: list[int], facts: dict[int, RetentionFacts]) -> None:
    rows = (
        Allocation.objects.filter(child_id__in=ids)
        .values("child_id")
        .annotate(open=Count("id", filter=Q(end__isnull=True)), last_end=Max("end"), last_start=Max("start"))
        .order_by()
    )
    for row in rows:
        f = facts[row["child_id"]]
        f.case_open |= row["open"] > 0
        f.saw(row["last_end"].date() if row["last_end"] else None)
        f.saw(row["last_start"].date() if row["last_start"] else None)


@retention_facts
def _chronology_facts(ids: list[int], facts: dict[int, RetentionFacts]) -> None:
    rows = (
        ChronologyEvent.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(last=Max("at"))
        .order_by()
    )
    for row in rows:
        facts[row["person_id"]].saw(row["last"].date())


@retention_facts
def _referral_facts(ids: list[int], facts: dict[int, RetentionFacts]) -> None:
    from carefile.frontdoor.models import Referral

    rows = (
        Referral.objects.filter(child_id__in=ids)
        .values("child_id")
        .annotate(open=Count("id", filter=Q(closure_date__isnull=True)), closed=Max("closure_date"))
        .order_by()
    )
    for row in rows:
        f = facts[row["child_id"]]
        f.case_open |= row["open"] > 0
        f.saw(row["closed"])


# The rules --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    category: str
    description: str
    years_from_birth: int | None = None
    years_from_closure: int | None = None
    years_from_adoption_order: int | None = None


def current_rules() -> dict[str, Rule]:
    rules = {c: Rule(category=c, **values) for c, values in DEFAULT_RULES.items()}
    for row in RetentionRule.objects.all():
        rules[row.category] = Rule(
            category=row.category,
            description=row.description,
            years_from_birth=row.years_from_birth,
            years_from_closure=row.years_from_closure,
            years_from_adoption_order=row.years_from_adoption_order,
        )
    return rules


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def category_of(facts: RetentionFacts) -> str:
    if facts.adoption:
        return RetentionCategory.ADOPTION
    if facts.looked_after:
        return RetentionCategory.LOOKED_AFTER
    return RetentionCategory.OTHER


def retained_until(rule: Rule, *, born: date | None, facts: RetentionFacts) -> tuple[date | None, str]:
    """The last day the record is kept under `rule` (the latest of its bases), or None and why it cannot be
    worked out."""
    ends = []
    if rule.years_from_birth is not None:
        if born is None:
            return None, "date of birth not known"
        ends.append(add_years(born, rule.years_from_birth))
    if rule.years_from_closure is not None:
        closed = facts.last_activity or facts.created
        if closed is None:
            return None, "date the case closed not known"
        ends.append(add_years(closed, rule.years_from_closure))
    if rule.years_from_adoption_order is not None:
        if facts.adoption_order is None:
            return None, "date of the adoption order not recorded"
        ends.append(add_years(facts.adoption_order, rule.years_from_adoption_order))
    return (max(ends), "") if ends else (None, "the rule has no basis")


@dataclass
class RetentionState:
    person_id: int
    la_child_id: str
    category: str
    rule: Rule
    retained_until: date | None
    kept_because: str = ""
    on_hold: bool = False
    proposed: bool = False
    facts: RetentionFacts = field(default_factory=RetentionFacts)

    @property
    def past_retention(self) -> bool:
        return not self.kept_because and self.retained_until is not None

    @property
    def category_label(self) -> str:
        return RetentionCategory(self.category).label


def retention_states(*, today: date, person_ids: Iterable[int] | None = None) -> list[RetentionState]:
    """Every child's (or the given children's) category, retention date and whether they are past it today."""
    children = Person.objects.filter(kind=PersonKind.CHILD)
    if person_ids is not None:
        children = children.filter(pk__in=list(person_ids))
    rows = list(children.order_by("la_child_id", "pk").values_list("pk", "la_child_id", "date_of_birth"))
    ids = [r[0] for r in rows]
    facts = {pk: RetentionFacts() for pk in ids}
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        for provider in _providers:
            provider(chunk, facts)
    held = set(LegalHold.objects.filter(released_at__isnull=True).values_list("person_id", flat=True))
    proposed = set(
        DisposalProposalItem.objects.filter(proposal__status=ProposalStatus.PROPOSED).values_list(
            "person_id", flat=True
        )
    )
    rules = current_rules()
    states = []
    for pk, la_child_id, born in rows:
        f = facts[pk]
        category = category_of(f)
        rule = rules[category]
        until, unknown = retained_until(rule, born=born, facts=f)
        if f.case_open:
            kept = "the case is open"
        elif unknown:
            kept = unknown
        elif until is not None and until >= today:
            kept = f"kept until {until:%d %B %Y}"
        else:
            kept = ""
        states.append(
            RetentionState(
                person_id=pk,
                la_child_id=la_child_id or "",
                category=category,
                rule=rule,
                retained_until=until,
                kept_because=kept,
                on_hold=pk in held,
                proposed=pk in proposed,
                facts=f,
            )
        )
    return states


def disposal_preview(*, today: date) -> list[RetentionState]:
    """The children whose records are past retention today, held ones included (marked), oldest first."""
    due = [s for s in retention_states(today=today) if s.past_retention]
    return sorted(due, key=lambda s: (s.retained_until, s.la_child_id))


# Proposing, approving and disposing ---------------------------------------------------------------------------


@transaction.atomic
def disposal_propose(*, person_ids: Iterable[int], by, at: datetime, today: date) -> DisposalProposal:
    states = retention_states(today=today, person_ids=person_ids)
    chosen = [s for s in states if s.past_retention and not s.on_hold and not s.proposed]
    if not chosen:
        raise DisposalRefused(
            "None of these records can be proposed: they are not past retention, are on legal hold or are "
            "already waiting for approval"
        )
    proposal = DisposalProposal.objects.create(proposed_by=by, proposed_at=at)
    DisposalProposalItem.objects.bulk_create(
        DisposalProposalItem(
            proposal=proposal,
            person_id=s.person_id,
            la_child_id=s.la_child_id or str(s.person_id),
            category=s.category,
            retained_until=s.retained_until,
        )
        for s in chosen
    )
    return proposal


def _decide(proposal: DisposalProposal, *, by, at: datetime, status: str, note: str) -> DisposalProposal:
    proposal = DisposalProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PROPOSED:
        raise DisposalRefused("This proposal has been decided already")
    if proposal.proposed_by_id == by.pk:
        raise DisposalRefused("A second administrator must decide: you proposed this disposal")
    proposal.status, proposal.decided_by, proposal.decided_at = status, by, at
    proposal.decision_note = note.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return proposal


@transaction.atomic
def disposal_reject(*, proposal: DisposalProposal, by, at: datetime, note: str = "") -> DisposalProposal:
    proposal = _decide(proposal, by=by, at=at, status=ProposalStatus.REJECTED, note=note)
    proposal.items.update(outcome="Kept: the disposal was rejected")
    return proposal


def disposal_approve(
    *, proposal: DisposalProposal, by, at: datetime, today: date, note: str = ""
) -> list[DisposalRecord]:
    """A second administrator approves: each child's records are disposed of, each in its own transaction."""
    with transaction.atomic():
        proposal = _decide(proposal, by=by, at=at, status=ProposalStatus.APPROVED, note=note)
    records = []
    for item in proposal.items.all():
        record = record_dispose(item=item, proposal=proposal, approved_by=by, at=at, today=today)
        if record is not None:
            records.append(record)
    return records


@transaction.atomic
def record_dispose(
    *, item: DisposalProposalItem, proposal: DisposalProposal, approved_by, at: datetime, today: date
) -> DisposalRecord | None:
    """Delete one child's records, after checking again that they are past retention and not on hold."""
    person = Person.objects.select_for_update().filter(pk=item.person_id).first() if item.person_id else None
    if person is None:
        DisposalProposalItem.objects.filter(pk=item.pk).update(outcome="Not found: disposed of already")
        return None
    if LegalHold.objects.filter(person=person, released_at__isnull=True).exists():
        DisposalProposalItem.objects.filter(pk=item.pk).update(outcome="Kept: a legal hold was placed")
        return None
    state = retention_states(today=today, person_ids=[person.pk])[0]
    if not state.past_retention:
        DisposalProposalItem.objects.filter(pk=item.pk).update(outcome=f"Kept: {state.kept_because}")
        return None
    la_child_id, person_ref = person.la_child_id or str(person.pk), person.pk
    deleted = person_records_delete(person)
    DisposalProposalItem.objects.filter(pk=item.pk).update(outcome="Disposed of")
    return DisposalRecord.objects.create(
        la_child_id=la_child_id,
        person_ref=person_ref,
        disposed_at=at,
        category=state.category,
        rule=state.rule.description,
        retained_until=state.retained_until,
        proposal=proposal,
        proposed_by_id=proposal.proposed_by_id,
        approved_by=approved_by,
        deleted=deleted,
    )


# Deleting a child's records -----------------------------------------------------------------------------------

DisposalStep = Callable[[Person], Callable[[], Iterable] | None]
_steps: list[DisposalStep] = []


def disposal_step(fn: DisposalStep) -> DisposalStep:
    """Register `fn(child)`, called before the child's records are deleted. It may return a function, called
    after, that returns querysets of records left without a child (a contact about this child alone)."""
    if fn not in _steps:
        _steps.append(fn)
    return fn


@disposal_step
def _contacts_about_this_child_alone(child: Person):
    from carefile.frontdoor.models import Contact, ContactChild

    contact_ids = list(ContactChild.objects.filter(child=child).values_list("contact_id", flat=True))

    def orphans():
        return [Contact.objects.filter(pk__in=contact_ids, contact_children__isnull=True)]

    return orphans


def _adults_known_only_through(child: Person) -> list[int]:
    """Adults whose every relationship is with this child: their records are part of the child's file."""
    linked = set(
        Relationship.objects.filter(Q(person=child) | Q(other=child)).values_list("person_id", "other_id")
    )
    adults = {pk for pair in linked for pk in pair} - {child.pk}
    adults = set(Person.objects.filter(pk__in=adults, kind=PersonKind.ADULT).values_list("pk", flat=True))
    elsewhere = set(
        Relationship.objects.filter(Q(person_id__in=adults) | Q(other_id__in=adults))
        .exclude(Q(person=child) | Q(other=child))
        .values_list("person_id", "other_id")
    )
    return sorted(adults - {pk for pair in elsewhere for pk in pair})


def person_records_delete(child: Person) -> dict[str, int]:
    """Delete the child, everything that belongs to them and their field history. Call inside a transaction.
    Records that protect the child from deletion (contacts, referrals and what hangs off them) go first."""
    counts: Counter[str] = Counter()
    deleted_ids: dict[type, set] = defaultdict(set)
    afterwards = [after for step in _steps if (after := step(child)) is not None]
    people = [child.pk, *_adults_known_only_through(child)]
    _delete(Person.objects.filter(pk__in=people), counts, deleted_ids)
    for after in afterwards:
        for queryset in after():
            _delete(queryset, counts, deleted_ids)
    _delete_history(deleted_ids, counts)
    return dict(sorted(counts.items()))


def _delete(queryset, counts: Counter, deleted_ids: dict, depth: int = 0) -> None:
    if depth > 20:
        raise DisposalRefused("The records refer to each other too deeply to dispose of safely")
    using = router.db_for_write(queryset.model)
    for _ in range(100):
        collector = Collector(using=using, origin=queryset)
        try:
            collector.collect(queryset)
        except (ProtectedError, RestrictedError) as error:
            blockers = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", [])
            by_model: dict[type, set] = defaultdict(set)
            for obj in blockers:
                by_model[type(obj)].add(obj.pk)
            for model, pks in by_model.items():
                _delete(model._default_manager.filter(pk__in=pks), counts, deleted_ids, depth + 1)
            continue
        for model, instances in collector.data.items():
            deleted_ids[model].update(obj.pk for obj in instances)
        for fast in collector.fast_deletes:
            deleted_ids[fast.model].update(fast.values_list("pk", flat=True))
        _, per_model = collector.delete()
        counts.update({label: n for label, n in per_model.items() if n})
        return
    raise DisposalRefused("The records could not be deleted: something keeps protecting them")


def _delete_history(deleted_ids: dict, counts: Counter) -> None:
    """Field history (django-simple-history) of every deleted row, including the rows written on delete."""
    from simple_history.exceptions import NotHistoricalModelError
    from simple_history.utils import get_history_model_for_model

    for model, pks in deleted_ids.items():
        try:
            history = get_history_model_for_model(model)
        except NotHistoricalModelError:
            continue
        pk_name = model._meta.pk.attname
        for start in range(0, len(pks), 1000):
            chunk = list(pks)[start : start + 1000]
            n, _ = history.objects.filter(**{f"{pk_name}__in": chunk}).delete()
            if n:
                counts[history._meta.label] += n
