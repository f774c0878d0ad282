"""Writing a planned council to the database in bulk, one transaction per stage.

Chronology rows are written directly (not through the services, which write one row per call) with the same
kinds and wording the services use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from carefile.common.models import ChronologyEvent, EventKind
from carefile.frontdoor.codes import ClosureReason, ReferralSource
from carefile.frontdoor.models import (
    OPENS_REFERRAL,
    Contact,
    ContactChild,
    Outcome,
    Referral,
    ScreeningDecision,
)
from carefile.people.models import (
    Address,
    Person,
    PersonDisability,
    PersonKind,
    Relationship,
    RestrictedAccess,
)
from carefile.workforce.models import (
    Allocation,
    AllocationChangeReason,
    AllocationRole,
    Role,
    Staff,
    Team,
    User,
)

from .plan import CouncilPlan
from .signins import DEMO_PASSWORD

BATCH = 2000
ROLE_LABEL = {value: label.lower() for value, label in AllocationRole.choices}
REASON_LABEL = {value: label.lower() for value, label in AllocationChangeReason.choices}
KIND_LABEL = dict(PersonKind.choices)
SOURCE_LABEL = dict(ReferralSource.choices)
OUTCOME_LABEL = dict(Outcome.choices)
CLOSURE_LABEL = dict(ClosureReason.choices)
RELATIONSHIP_LABEL = {value: label.lower() for value, label in Relationship._meta.get_field("kind").choices}
HISTORY_REASON = "Loaded by seed_council"
# Case status arrived with caseload weighting; set it when the model has it.
HAS_CASE_STATUS = any(f.name == "case_status" for f in Person._meta.get_fields())


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Writer:
    def __init__(self, plan: CouncilPlan, report: Callable[[str], None]):
        self.plan = plan
        self.report = report
        self.team_pk: list[int] = []
        self.staff_pk: list[int] = []
        self.user_pk_by_staff: dict[int, int] = {}
        self.person_pk: list[int] = []
        self.address_pk: dict[int, list[int]] = defaultdict(list)
        self.relationship_pk: list[int] = []
        self.fallback_at = timezone.make_aware(datetime.combine(plan.on - timedelta(days=1), time(9)))

    # ---- workforce ----------------------------------------------------------------------------------------

    @transaction.atomic
    def workforce(self) -> None:
        plan = self.plan
        teams = [Team(name=t.name, service_area=t.area) for t in plan.teams]
        Team.objects.bulk_create(teams, batch_size=BATCH)
        self.team_pk = [t.pk for t in teams]

        signed_in = [s for s in plan.staff if s.username]
        hashed = None
        users = []
        for s in signed_in:
            user = User(
                username=s.username,
                first_name=s.given,
                last_name=s.family,
                email=f"{s.username}@demo-county.example",
                is_staff=s.role == Role.ADMINISTRATOR,
                is_superuser=s.role == Role.ADMINISTRATOR,
            )
            if hashed is None:  # one key stretch for the shared password, not seven
                user.set_password(DEMO_PASSWORD)
                hashed = user.password
            user.password = hashed
            users.append(user)
        User.objects.bulk_create(users)
        self.user_pk_by_staff = {s.idx: u.pk for s, u in zip(signed_in, users, strict=True)}

        staff = [
            Staff(
                user_id=self.user_pk_by_staff.get(s.idx),
                given_name=s.given,
                family_name=s.family,
                role=s.role,
                job_title=s.job_title,
                team_id=self.team_pk[s.team] if s.team is not None else None,
                fte=s.fte,
                contract=s.contract,
                start_date=s.start,
                leave_date=s.leave,
                swe_number=s.swe,
                caseload_cap=s.cap,
            )
            for s in plan.staff
        ]
        Staff.objects.bulk_create(staff, batch_size=BATCH)
        self.staff_pk = [s.pk for s in staff]
        for team, t in zip(teams, plan.teams, strict=True):
            team.manager_id = self.staff_pk[t.manager] if t.manager is not None else None
        Team.objects.bulk_update(teams, ["manager"], batch_size=BATCH)

    # ---- people -------------------------------------------------------------------------------------------

    @transaction.atomic
    def people(self) -> None:
        plan = self.plan
        for batch in _chunks(plan.people):
            objs = []
            for p in batch:
                person = Person(
                    kind=p.kind,
                    la_child_id=p.la_id,
                    given_name=p.given,
                    family_name=p.family,
                    known_as=p.known_as,
                    date_of_birth=p.dob,
                    expected_date_of_birth=p.edd,
                    sex=p.sex,
                    ethnicity=p.ethnicity,
                    upn=p.upn,
                    upn_unknown=p.upn_unknown,
                    nhs_number=p.nhs,
                    responsible_team_id=self.team_pk[p.team] if p.team is not None else None,
                    restricted=p.restricted,
                    restricted_reason=p.restricted_reason,
                )
                if HAS_CASE_STATUS:
                    person.case_status = p.case_status
                person.refresh_search_keys()
                person._history_date = p.created or self.fallback_at
                objs.append(person)
            Person.objects.bulk_create(objs)
            Person.history.bulk_history_create(objs, batch_size=BATCH, default_change_reason=HISTORY_REASON)
            self.person_pk.extend(o.pk for o in objs)

        pk = self.person_pk
        PersonDisability.objects.bulk_create(
            (
                PersonDisability(person_id=pk[p.idx], code=code)
                for p in plan.people
                for code in p.disabilities
            ),
            batch_size=BATCH,
        )
        owners, addresses = [], []
        for p in plan.people:
            for line1, line2, town, postcode, start, end in p.addresses:
                owners.append(p.idx)
                addresses.append(
                    Address(
                        person_id=pk[p.idx],
                        line1=line1,
                        line2=line2,
                        town=town,
                        postcode=postcode,
                        start=start,
                        end=end,
                    )
                )
        Address.objects.bulk_create(addresses, batch_size=BATCH)
        for owner, address in zip(owners, addresses, strict=True):
            self.address_pk[owner].append(address.pk)

        relationships = [
            Relationship(
                person_id=pk[r.person],
                other_id=pk[r.other],
                kind=r.kind,
                parental_responsibility=r.pr,
                start=r.start,
            )
            for r in plan.relationships
        ]
        Relationship.objects.bulk_create(relationships, batch_size=BATCH)
        self.relationship_pk = [r.pk for r in relationships]

        RestrictedAccess.objects.bulk_create(
            RestrictedAccess(
                person_id=pk[a.person],
                user_id=self.user_pk_by_staff[a.user_staff],
                granted_at=a.granted_at,
                granted_by_id=self.user_pk_by_staff.get(a.granted_by),
            )
            for a in plan.access
        )

    # ---- allocations --------------------------------------------------------------------------------------

    @transaction.atomic
    def allocations(self) -> None:
        pk, spk = self.person_pk, self.staff_pk
        for batch in _chunks(self.plan.allocations):
            Allocation.objects.bulk_create(
                [
                    Allocation(
                        child_id=pk[a.child],
                        worker_id=spk[a.worker],
                        role=a.role,
                        start=a.start,
                        end=a.end,
                        reason=a.reason,
                        end_reason=a.end_reason,
                        over_cap_reason=a.over_cap_reason,
                        by_id=spk[a.by] if a.by is not None else None,
                    )
                    for a in batch
                ]
            )

    # ---- chronology ---------------------------------------------------------------------------------------

    def _events(self) -> Iterator[ChronologyEvent]:
        plan, pk, spk = self.plan, self.person_pk, self.staff_pk
        people, staff = plan.people, plan.staff
        allocations_of: dict[int, list] = defaultdict(list)
        for a in plan.allocations:
            allocations_of[a.child].append(a)
        relationships_of: dict[int, list[int]] = defaultdict(list)
        for i, r in enumerate(plan.relationships):
            for subject in (r.person, r.other):
                if people[subject].kind == PersonKind.CHILD:
                    relationships_of[subject].append(i)
        minute = timedelta(minutes=1)

        for p in people:
            person_id = pk[p.idx]
            created = p.created or self.fallback_at
            by = spk[p.by] if p.by is not None else None
            yield ChronologyEvent(
                person_id=person_id,
                kind=EventKind.RECORD_CREATED,
                at=created,
                by_id=by,
                summary=f"{KIND_LABEL[p.kind]} record created",
            )
            for k, (address_row, address_pk) in enumerate(
                zip(p.addresses, self.address_pk[p.idx], strict=True)
            ):
                start = address_row[4]
                at = max(
                    created + minute * (2 + k), timezone.make_aware(datetime.combine(start, time(9, 30)))
                )
                yield ChronologyEvent(
                    person_id=person_id,
                    kind=EventKind.ADDRESS_ADDED,
                    at=at,
                    by_id=by,
                    summary=f"New address from {start:%d %B %Y}",
                    data={"address": address_pk},
                )
            for i in relationships_of[p.idx]:
                r = plan.relationships[i]
                one, other = people[r.person], people[r.other]
                at = max(one.created or created, other.created or created) + minute * 5
                yield ChronologyEvent(
                    person_id=person_id,
                    kind=EventKind.RELATIONSHIP_ADDED,
                    at=at,
                    by_id=by,
                    summary=f"Relationship recorded: {one.name} is {RELATIONSHIP_LABEL[r.kind]} of {other.name}",
                    data={"relationship": self.relationship_pk[i]},
                )
            if p.restricted:
                yield ChronologyEvent(
                    person_id=person_id,
                    kind=EventKind.RESTRICTION_CHANGED,
                    at=created + minute * 8,
                    by_id=by,
                    summary="Record restricted: only people on its access list can see it",
                    data={"restricted": True},
                )
            previous_by_role: dict[str, object] = {}
            for a in sorted(allocations_of[p.idx], key=lambda a: a.start):
                previous = previous_by_role.get(a.role)
                worker = staff[a.worker]
                summary = f"Allocated to {worker.name} ({ROLE_LABEL[a.role]})"
                if previous is not None and previous.end == a.start:
                    summary += f", replacing {staff[previous.worker].name}"
                alloc_by = spk[a.by] if a.by is not None else None
                yield ChronologyEvent(
                    person_id=person_id,
                    kind=EventKind.ALLOCATED,
                    at=a.start,
                    by_id=alloc_by,
                    summary=summary,
                    data={"worker": spk[a.worker], "reason": a.reason, "over_cap": bool(a.over_cap_reason)},
                )
                previous_by_role[a.role] = a
            for a in allocations_of[p.idx]:
                followed = any(b.role == a.role and b.start == a.end for b in allocations_of[p.idx])
                if a.end is not None and not followed:
                    yield ChronologyEvent(
                        person_id=person_id,
                        kind=EventKind.DEALLOCATED,
                        at=a.end,
                        by_id=spk[a.by] if a.by is not None else None,
                        summary=f"{staff[a.worker].name} no longer allocated ({REASON_LABEL[a.end_reason]})",
                    )

    @transaction.atomic
    def chronology(self) -> int:
        count = 0
        batch: list[ChronologyEvent] = []
        for event in self._events():
            batch.append(event)
            if len(batch) >= BATCH:
                ChronologyEvent.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        ChronologyEvent.objects.bulk_create(batch)
        return count + len(batch)

    # ---- the front door -----------------------------------------------------------------------------------

    @transaction.atomic
    def frontdoor(self) -> dict[str, int]:
        """Contacts, their children, screening decisions and episodes (referrals), with their chronology."""
        plan, pk, spk, tpk = self.plan, self.person_pk, self.staff_pk, self.team_pk
        contacts = [
            Contact(
                received_at=c.received,
                source=c.source,
                referrer_name=c.referrer_name,
                referrer_organisation=c.referrer_organisation,
                referrer_contact=c.referrer_contact,
                presenting_concerns=c.concerns,
                consent=c.consent,
                consent_notes=c.consent_notes,
                partner_information=c.partner_information,
                priority=c.priority,
                team_id=tpk[c.team],
                screening_due=c.due,
                recorded_by_id=spk[c.recorded_by],
                recorded_at=c.recorded_at,
            )
            for c in plan.contacts
        ]
        for batch in _chunks(contacts):
            Contact.objects.bulk_create(batch)
        contact_pk = [c.pk for c in contacts]
        links = [
            ContactChild(contact_id=contact_pk[i], child_id=pk[child])
            for i, c in enumerate(plan.contacts)
            for child in c.children
        ]
        for batch in _chunks(links):
            ContactChild.objects.bulk_create(batch)

        decided = [(i, c.decision) for i, c in enumerate(plan.contacts) if c.decision is not None]
        decisions = [
            ScreeningDecision(
                contact_id=contact_pk[i],
                outcome=d.outcome,
                options_considered=d.options,
                rationale=d.rationale,
                decided_by_id=spk[d.by],
                decided_at=d.at,
                referral_team_id=tpk[d.referral_team] if d.referral_team is not None else None,
                signed_off_by_id=spk[d.signed_by] if d.signed_by is not None else None,
                signed_off_at=d.signed_at,
                sign_off_comment=d.comment,
            )
            for i, d in decided
        ]
        for batch in _chunks(decisions):
            ScreeningDecision.objects.bulk_create(batch)
        decision_pk = {i: d.pk for (i, _), d in zip(decided, decisions, strict=True)}

        referrals = [
            Referral(
                child_id=pk[r.child],
                contact_id=contact_pk[r.contact] if r.contact is not None else None,
                referral_date=r.date,
                source=r.source,
                team_id=tpk[r.team],
                priority=r.priority,
                presenting_issue=r.issue,
                primary_need=r.need,
                re_referral=r.re_referral,
                referral_nfa=r.nfa,
                closure_date=r.closure,
                closure_reason=r.reason,
                opened_by_id=spk[r.by],
            )
            for r in plan.referrals
        ]
        for batch in _chunks(referrals):
            Referral.objects.bulk_create(batch)
        referral_pk = [r.pk for r in referrals]

        events = 0
        batch: list[ChronologyEvent] = []
        for event in self._front_door_events(contact_pk, decision_pk, referral_pk):
            batch.append(event)
            if len(batch) >= BATCH:
                ChronologyEvent.objects.bulk_create(batch)
                events += len(batch)
                batch = []
        ChronologyEvent.objects.bulk_create(batch)
        return {
            "contacts": len(contacts),
            "decisions": len(decisions),
            "referrals": len(referrals),
            "events": events + len(batch),
        }

    def _front_door_events(
        self, contact_pk: list[int], decision_pk: dict[int, int], referral_pk: list[int]
    ) -> Iterator[ChronologyEvent]:
        plan, pk, spk = self.plan, self.person_pk, self.staff_pk
        staff = plan.staff
        for i, c in enumerate(plan.contacts):
            received = f"Contact received from {SOURCE_LABEL[c.source]}: {_short(c.concerns, 140)}"
            for child in c.children:
                yield ChronologyEvent(
                    person_id=pk[child],
                    kind=EventKind.CONTACT_RECEIVED,
                    at=c.received,
                    by_id=spk[c.recorded_by],
                    summary=received,
                    data={"contact": contact_pk[i]},
                )
            d = c.decision
            if d is None:
                continue
            label = OUTCOME_LABEL[d.outcome]
            opened = {plan.referrals[r].child for r in c.opens}
            decided = f"Screening decision: {label}. Rationale: {_short(d.rationale, 200)}"
            data = {"contact": contact_pk[i], "decision": decision_pk[i], "outcome": d.outcome}
            signed = ""
            if d.signed_by is not None and d.signed_at != d.at:
                signed = f"Screening decision ({label.lower()}) signed off by {staff[d.signed_by].name}"
                if d.comment:
                    signed += f": {_short(d.comment, 200)}"
            for child in c.children:
                yield ChronologyEvent(
                    person_id=pk[child],
                    kind=EventKind.SCREENING_DECISION,
                    at=d.at,
                    by_id=spk[d.by],
                    summary=decided,
                    data=data,
                )
                if d.outcome in OPENS_REFERRAL and child not in opened:
                    yield ChronologyEvent(
                        person_id=pk[child],
                        kind=EventKind.SCREENING_DECISION,
                        at=d.at,
                        by_id=spk[d.by],
                        summary="Referral not opened: the child already has an open referral; "
                        "the contact is added to it",
                        data={"contact": contact_pk[i]},
                    )
                if signed:
                    yield ChronologyEvent(
                        person_id=pk[child],
                        kind=EventKind.DECISION_SIGNED_OFF,
                        at=d.signed_at,
                        by_id=spk[d.signed_by],
                        summary=signed,
                        data={"decision": decision_pk[i]},
                    )
        for i, r in enumerate(plan.referrals):
            team = plan.teams[r.team]
            summary = f"Referral to children's social care opened; awaiting allocation in {team.name}"
            if r.re_referral and r.previous is not None:
                summary += f". Re-referral: previous referral {r.previous.day} {r.previous:%B %Y}"
            yield ChronologyEvent(
                person_id=pk[r.child],
                kind=EventKind.REFERRAL_OPENED,
                at=r.at,
                by_id=spk[r.by],
                summary=summary,
                data={"referral": referral_pk[i], "re_referral": r.re_referral},
            )
            if r.closure is not None:
                closed = f"Referral closed: {CLOSURE_LABEL[r.reason]}"
                if r.nfa:
                    closed = f"Referral closed with no further action ({r.reason})"
                yield ChronologyEvent(
                    person_id=pk[r.child],
                    kind=EventKind.REFERRAL_CLOSED,
                    at=max(r.at, timezone.make_aware(datetime.combine(r.closure, time(16, 45)))),
                    by_id=spk[team.manager] if team.manager is not None else spk[r.by],
                    summary=closed,
                    data={"referral": referral_pk[i], "reason": r.reason},
                )
