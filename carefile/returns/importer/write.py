"""Writing validated records, a chunk of children at a time, with bulk queries and natural-key matching.

Services are not called: they do per-row work (clocks, chronology, notifications) that makes no sense for
history being migrated, and would cost several queries per record. What the services guarantee is kept by
the validation (convert.py) and by setting the same fields they set.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from carefile.assessments.codes import Outcome, Status
from carefile.assessments.models import ASSESSMENT_WORKING_DAYS, Assessment, AssessmentFactor, InternalReview
from carefile.care.codes import SHORT_BREAK_STATUSES
from carefile.care.models import CareReview, Episode, MissingEpisode, PeriodOfCare
from carefile.common.calendar import holiday_calendar
from carefile.common.workdays import add_working_days, working_days_between
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person, PersonDisability, PersonKind
from carefile.plans.models import Plan, PlanEndReason, PlanKind, PlanStatus
from carefile.protection.codes import (
    ConferenceDecision,
    ConferenceKind,
    EnquiryOutcome,
    StrategyDecision,
)
from carefile.protection.codes import PlanEndReason as CppEndReason
from carefile.protection.models import (
    ICPC_WORKING_DAYS,
    ChildProtectionPlan,
    Conference,
    Section47Enquiry,
    StrategyDiscussion,
)

from . import convert

IMPORTED_GIVEN_NAME = "Imported child"
PERSON_FIELDS = (
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "upn",
    "former_upn",
    "upn_unknown",
    "death_date",
)
TEMPORARY_OR_SAME_CARER = {"L", "T", "U"}


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class Writer:
    def __init__(self, *, year: int, team, by, result):
        self.year = year
        self.team = team
        self.by = by
        self.result = result
        self.now = timezone.now()
        self.holidays = holiday_calendar()
        self.created_people: set[int] = set()
        self.note = f"Imported from the legacy system's statutory returns ({year - 1}-{str(year)[2:]})"

    # People -----------------------------------------------------------------------------------------------

    def _people(self, wanted: dict[str, dict], *, update: bool) -> dict[str, Person]:
        """Match or create the children: {la_child_id: fields}. Returns {la_child_id: Person}."""
        found = {p.la_child_id: p for p in Person.objects.filter(la_child_id__in=list(wanted))}
        new, changed = [], []
        for child_id, values in wanted.items():
            person = found.get(child_id)
            if person is None:
                person = Person(
                    kind=PersonKind.CHILD,
                    la_child_id=child_id,
                    given_name=IMPORTED_GIVEN_NAME,
                    family_name=child_id,
                    responsible_team=self.team,
                    **values,
                )
                person.refresh_search_keys()
                new.append(person)
                continue
            self.result.matched["children"] += 1
            diff = {k: v for k, v in values.items() if getattr(person, k) != v}
            if update and diff:
                for k, v in diff.items():
                    setattr(person, k, v)
                changed.append(person)
        if new:
            bulk_create_with_history(new, Person, batch_size=500)
            created = Person.objects.filter(la_child_id__in=[p.la_child_id for p in new])
            for person in created:
                found[person.la_child_id] = person
                self.created_people.add(person.pk)
            self.result.created["children"] += len(new)
        if changed:
            Person.objects.bulk_update(changed, list(PERSON_FIELDS))
            self.result.updated["children"] += len(changed)
        return found

    def _disabilities(self, people: dict[str, Person], wanted: dict[str, list[str]]) -> None:
        ids = {people[c].pk: c for c in wanted}
        have = defaultdict(set)
        for person_id, code in PersonDisability.objects.filter(person_id__in=list(ids)).values_list(
            "person_id", "code"
        ):
            have[person_id].add(code)
        remove, add = [], []
        for person_id, child_id in ids.items():
            want = set(wanted[child_id])
            if want == have[person_id]:
                continue
            remove.extend((person_id, c) for c in have[person_id] - want)
            add.extend(PersonDisability(person_id=person_id, code=c) for c in sorted(want - have[person_id]))
        for person_id, code in remove:
            PersonDisability.objects.filter(person_id=person_id, code=code).delete()
        PersonDisability.objects.bulk_create(add)
        self.result.created["disabilities"] += len(add)

    # CIN census -------------------------------------------------------------------------------------------

    def write_cin(self, children: list[convert.CinChild], ret) -> None:
        people = self._people(
            {
                c.la_child_id: {
                    "date_of_birth": c.dob,
                    "expected_date_of_birth": c.expected_dob,
                    "sex": c.sex,
                    "ethnicity": c.ethnicity,
                    "upn": c.upn,
                    "former_upn": c.former_upn,
                    "upn_unknown": c.upn_unknown,
                    "death_date": c.death,
                }
                for c in children
            },
            update=True,
        )
        self._disabilities(people, {c.la_child_id: c.disabilities for c in children})
        person_ids = [p.pk for p in people.values()]
        episodes = self._referrals(children, people, person_ids)
        self._assessments(episodes)
        self._cin_plans(episodes)
        self._protection(episodes, person_ids)

    def _referrals(self, children, people, person_ids) -> list[tuple[Referral, convert.CinEpisode]]:
        existing = {
            (r.child_id, r.referral_date): r for r in Referral.objects.filter(child_id__in=person_ids)
        }
        new, changed, pairs = [], [], []
        for c in children:
            child = people[c.la_child_id]
            for e in c.episodes:
                values = {
                    "source": e.source,
                    "primary_need": e.need,
                    "referral_nfa": e.nfa,
                    "closure_date": e.closure,
                    "closure_reason": e.reason if e.closure else "",
                }
                referral = existing.get((child.pk, e.referral_date))
                if referral is None:
                    referral = Referral(
                        child=child,
                        referral_date=e.referral_date,
                        team=self.team,
                        presenting_issue=self.note,
                        opened_by=self.by,
                        **values,
                    )
                    new.append(referral)
                else:
                    self.result.matched["episodes of need"] += 1
                    diff = {k: v for k, v in values.items() if getattr(referral, k) != v}
                    if diff:
                        for k, v in diff.items():
                            setattr(referral, k, v)
                        changed.append(referral)
                pairs.append((referral, e))
        if changed:
            Referral.objects.bulk_update(
                changed, ["source", "primary_need", "referral_nfa", "closure_date", "closure_reason"]
            )
            self.result.updated["episodes of need"] += len(changed)
        if new:
            Referral.objects.bulk_create(new)
            self.result.created["episodes of need"] += len(new)
        return pairs

    def _assessments(self, episodes) -> None:
        referral_ids = [r.pk for r, _ in episodes]
        existing = set(
            Assessment.objects.filter(referral_id__in=referral_ids).values_list("referral_id", "start_date")
        )
        new, parts = [], []
        for referral, e in episodes:
            for i, a in enumerate(sorted(e.assessments, key=lambda a: a.start)):
                if (referral.pk, a.start) in existing:
                    self.result.matched["assessments"] += 1
                    continue
                clock = min(e.referral_date, a.start) if i == 0 else a.start
                authorised = a.authorised is not None
                obj = Assessment(
                    child_id=referral.child_id,
                    referral=referral,
                    start_date=a.start,
                    clock_start=clock,
                    due_date=add_working_days(clock, ASSESSMENT_WORKING_DAYS, holidays=self.holidays),
                    status=Status.AUTHORISED if authorised else Status.DRAFT,
                    outcome=Outcome.OTHER if authorised else "",
                    outcome_detail=self.note,
                    primary_need=(e.need or "N0") if authorised else e.need,
                    started_by=self.by,
                    started_at=_at(a.start),
                    authorised_by=self.by if authorised else None,
                    authorised_at=_at(a.authorised, 17) if authorised else None,
                    authorised_on=a.authorised,
                )
                new.append(obj)
                parts.append((obj, a, clock))
        if not new:
            return
        bulk_create_with_history(new, Assessment, batch_size=500)
        # bulk_create_with_history does not give keys back on every database: fetch them.
        keys = {
            (r, s): pk
            for pk, r, s in Assessment.objects.filter(referral_id__in=referral_ids).values_list(
                "pk", "referral_id", "start_date"
            )
        }
        factors, reviews = [], []
        for obj, a, clock in parts:
            pk = keys[(obj.referral_id, obj.start_date)]
            factors.extend(AssessmentFactor(assessment_id=pk, code=code) for code in a.factors)
            if a.review is not None:
                days = max(1, working_days_between(clock, a.review, holidays=self.holidays))
                reviews.append(
                    InternalReview(
                        assessment_id=pk,
                        working_days=days,
                        name="Internal review (imported)",
                        due_date=a.review,
                        held_on=a.review,
                        recorded_by=self.by,
                        recorded_at=self.now,
                    )
                )
        AssessmentFactor.objects.bulk_create(factors)
        InternalReview.objects.bulk_create(reviews)
        self.result.created["assessments"] += len(new)

    def _cin_plans(self, episodes) -> None:
        child_ids = {r.child_id for r, _ in episodes}
        existing = set(
            Plan.objects.filter(child_id__in=child_ids, kind=PlanKind.CHILD_IN_NEED).values_list(
                "child_id", "start"
            )
        )
        new = []
        for referral, e in episodes:
            for start, end in e.plans:
                if (referral.child_id, start) in existing:
                    self.result.matched["child in need plans"] += 1
                    continue
                new.append(
                    Plan(
                        kind=PlanKind.CHILD_IN_NEED,
                        child_id=referral.child_id,
                        episode=referral,
                        episode_start=referral.referral_date,
                        status=PlanStatus.ENDED if end else PlanStatus.ACTIVE,
                        start=start,
                        end=end,
                        concerns=self.note,
                        created_by=self.by,
                        created_at=self.now,
                        finalised_by=self.by,
                        finalised_at=self.now,
                        ended_by=self.by if end else None,
                        ended_at=self.now if end else None,
                        end_reason=PlanEndReason.OTHER if end else "",
                        end_notes=self.note if end else "",
                    )
                )
        Plan.objects.bulk_create(new)
        self.result.created["child in need plans"] += len(new)

    def _protection(self, episodes, person_ids) -> None:
        first_day = date(self.year - 1, 4, 1)
        existing_s47 = {
            (child_id, start): pk
            for pk, child_id, start in Section47Enquiry.objects.filter(child_id__in=person_ids).values_list(
                "pk", "child_id", "start_date"
            )
        }
        discussions, enquiries = [], []
        for referral, e in episodes:
            for s in e.s47:
                if (referral.child_id, s.start) in existing_s47:
                    self.result.matched["section 47 enquiries"] += 1
                    continue
                discussions.append(
                    StrategyDiscussion(
                        child_id=referral.child_id,
                        episode=referral,
                        held_at=_at(s.start),
                        information_shared=self.note,
                        decision=StrategyDecision.SECTION_47,
                        rationale=self.note,
                        recorded_by=self.by,
                        recorded_at=self.now,
                    )
                )
                closed = s.icpc is not None or s.not_required
                closed_on = None
                if s.icpc is not None:
                    closed_on = s.icpc
                elif s.not_required:
                    closed_on = max(s.start, first_day)
                enquiries.append(
                    Section47Enquiry(
                        child_id=referral.child_id,
                        episode=referral,
                        start_date=s.start,
                        icpc_target=s.target
                        or add_working_days(s.start, ICPC_WORKING_DAYS, holidays=self.holidays),
                        findings=self.note,
                        outcome=(
                            EnquiryOutcome.CONFERENCE
                            if s.icpc
                            else EnquiryOutcome.NO_CONFERENCE
                            if s.not_required
                            else ""
                        ),
                        outcome_by=self.by if closed else None,
                        outcome_at=self.now if closed else None,
                        signed_off_by=self.by if closed else None,
                        signed_off_at=self.now if closed else None,
                        closed_on=closed_on,
                    )
                )
        StrategyDiscussion.objects.bulk_create(discussions)
        for d, enquiry in zip(discussions, enquiries, strict=True):
            enquiry.started_by = d
        Section47Enquiry.objects.bulk_create(enquiries)
        self.result.created["section 47 enquiries"] += len(enquiries)

        # Conferences: the initial conference of each enquiry held, the transfer-in one of each episode.
        plan_starts = defaultdict(dict)  # referral pk -> {start: CinCpp}
        for referral, e in episodes:
            for c in e.cpps:
                plan_starts[referral.pk][c.start] = c
        enquiry_ids = {
            (child_id, start): pk
            for pk, child_id, start in Section47Enquiry.objects.filter(child_id__in=person_ids).values_list(
                "pk", "child_id", "start_date"
            )
        }
        initial = {
            enquiry_id: pk
            for pk, enquiry_id in Conference.objects.filter(
                child_id__in=person_ids, kind=ConferenceKind.INITIAL
            ).values_list("pk", "enquiry_id")
        }
        transfer = dict(
            Conference.objects.filter(child_id__in=person_ids, kind=ConferenceKind.TRANSFER_IN).values_list(
                "episode_id", "pk"
            )
        )
        new_conf = []
        for referral, e in episodes:
            for s in e.s47:
                enquiry_id = enquiry_ids[(referral.child_id, s.start)]
                if s.icpc is None or enquiry_id in initial:
                    continue
                new_conf.append(
                    self._conference(
                        ConferenceKind.INITIAL, referral, s.icpc, s.icpc, plan_starts, enquiry_id
                    )
                )
            needs_transfer = e.icpc is not None or any(c.conference[0] == "transfer" for c in e.cpps)
            if needs_transfer and referral.pk not in transfer:
                target = e.icpc or min(c.start for c in e.cpps if c.conference[0] == "transfer")
                new_conf.append(
                    self._conference(ConferenceKind.TRANSFER_IN, referral, target, e.icpc, plan_starts, None)
                )
        Conference.objects.bulk_create(new_conf)
        self.result.created["conferences"] += len(new_conf)
        for conf in new_conf:
            if conf.kind == ConferenceKind.INITIAL:
                initial[conf.enquiry_id] = conf.pk
            else:
                transfer[conf.episode_id] = conf.pk

        # Child protection plans, then their review conferences.
        existing_cpp = {
            (child_id, start): pk
            for pk, child_id, start in ChildProtectionPlan.objects.filter(
                child_id__in=person_ids
            ).values_list("pk", "child_id", "start")
        }
        starts = defaultdict(set)
        for child_id, start in existing_cpp:
            starts[child_id].add(start)
        for referral, e in episodes:
            starts[referral.child_id].update(c.start for c in e.cpps)
        new_cpp, plan_of = [], []
        for referral, e in episodes:
            for c in e.cpps:
                key = (referral.child_id, c.start)
                if key in existing_cpp:
                    self.result.matched["child protection plans"] += 1
                    plan_of.append((existing_cpp[key], referral, c))
                    continue
                if c.conference[0] == "s47":
                    s = e.s47[c.conference[1]]
                    conference_id = initial[enquiry_ids[(referral.child_id, s.start)]]
                else:
                    conference_id = transfer[referral.pk]
                earlier = sum(1 for s in starts[referral.child_id] if s < c.start)
                if c.previous < earlier:
                    self.result.warnings.append(
                        f"{referral.child.la_child_id}: a plan from {c.start:%Y-%m-%d} says "
                        f"{c.previous} previous plans, but {earlier} are recorded"
                    )
                plan = ChildProtectionPlan(
                    child_id=referral.child_id,
                    episode=referral,
                    start=c.start,
                    end=c.end,
                    initial_category=c.initial,
                    latest_category=c.latest,
                    previous_plans_elsewhere=max(0, c.previous - earlier),
                    conference_id=conference_id,
                    end_reason=CppEndReason.OTHER if c.end else "",
                    end_notes=self.note if c.end else "",
                    ended_by=self.by if c.end else None,
                    ended_at=self.now if c.end else None,
                    started_by=self.by,
                    started_at=self.now,
                )
                new_cpp.append(plan)
                plan_of.append((plan, referral, c))
        ChildProtectionPlan.objects.bulk_create(new_cpp)
        self.result.created["child protection plans"] += len(new_cpp)
        plan_ids = [p if isinstance(p, int) else p.pk for p, _, _ in plan_of]
        held = set(
            Conference.objects.filter(cp_plan_id__in=plan_ids, kind=ConferenceKind.REVIEW).values_list(
                "cp_plan_id", "held_on"
            )
        )
        reviews = []
        for plan, referral, c in plan_of:
            plan_id = plan if isinstance(plan, int) else plan.pk
            for day in c.reviews:
                if (plan_id, day) in held:
                    continue
                reviews.append(
                    Conference(
                        kind=ConferenceKind.REVIEW,
                        child_id=referral.child_id,
                        episode=referral,
                        cp_plan_id=plan_id,
                        target_date=day,
                        held_on=day,
                        summary=self.note,
                        decision=ConferenceDecision.CONTINUE,
                        category=c.latest,
                        recorded_by=self.by,
                        recorded_at=self.now,
                    )
                )
        Conference.objects.bulk_create(reviews)
        self.result.created["review conferences"] += len(reviews)

    def _conference(
        self, kind, referral, target: date, held: date | None, plan_starts, enquiry_id
    ) -> Conference:
        plan = plan_starts[referral.pk].get(held) if held else None
        decision = ""
        if held is not None:
            decision = ConferenceDecision.PLAN if plan else ConferenceDecision.NO_PLAN
        return Conference(
            kind=kind,
            child_id=referral.child_id,
            episode=referral,
            enquiry_id=enquiry_id,
            target_date=target,
            held_on=held,
            summary=self.note if held else "",
            decision=decision,
            category=plan.initial if plan else "",
            recorded_by=self.by if held else None,
            recorded_at=self.now if held else None,
        )

    # SSDA903 ----------------------------------------------------------------------------------------------

    def write_903(self, child_ids: list[str], ret, periods: dict) -> None:
        wanted = {}
        for child_id in child_ids:
            h = ret.headers[child_id]
            wanted[child_id] = {
                "date_of_birth": h.dob,
                "sex": h.sex,
                "ethnicity": h.ethnic,
                "upn": h.upn,
                "upn_unknown": h.upn_unknown,
            }
        people = self._people(wanted, update=False)
        person_ids = [people[c].pk for c in child_ids]
        existing_periods = {
            (p.child_id, p.start): p for p in PeriodOfCare.objects.filter(child_id__in=person_ids)
        }
        new_periods, changed_periods, chains = [], [], []
        for child_id in child_ids:
            child = people[child_id]
            for chain in periods.get(child_id, []):
                first = chain.episodes[0]
                period = existing_periods.get((child.pk, chain.start))
                if period is None:
                    period = PeriodOfCare(
                        child=child,
                        start=chain.start,
                        end=chain.end,
                        cin_need=first.cin,
                        home_postcode=first.home_post,
                        short_breaks=all(e.ls in SHORT_BREAK_STATUSES for e in chain.episodes),
                        started_by=self.by,
                        started_at=self.now,
                        ended_by=self.by if chain.end else None,
                        ended_at=self.now if chain.end else None,
                    )
                    new_periods.append(period)
                else:
                    self.result.matched["periods of care"] += 1
                    if period.end != chain.end:
                        period.end = chain.end
                        period.ended_by = self.by if chain.end else None
                        period.ended_at = self.now if chain.end else None
                        changed_periods.append(period)
                chains.append((child, period, chain))
        if changed_periods:
            PeriodOfCare.objects.bulk_update(changed_periods, ["end", "ended_by", "ended_at"])
            self.result.updated["periods of care"] += len(changed_periods)
        PeriodOfCare.objects.bulk_create(new_periods)
        self.result.created["periods of care"] += len(new_periods)

        existing_eps = {(e.child_id, e.start): e for e in Episode.objects.filter(child_id__in=person_ids)}
        new_eps, changed_eps = [], []
        for child, period, chain in chains:
            placement_start = None
            for e in chain.episodes:
                if placement_start is None or e.rne not in TEMPORARY_OR_SAME_CARER:
                    placement_start = e.start
                found = existing_eps.get((child.pk, e.start))
                ending = {"end": e.end, "reason_ceased": e.rec, "reason_place_change": e.reason_place_change}
                if found is not None:
                    self.result.matched["care episodes"] += 1
                    if any(getattr(found, k) != v for k, v in ending.items()):
                        for k, v in ending.items():
                            setattr(found, k, v)
                        changed_eps.append(found)
                    continue
                new_eps.append(
                    Episode(
                        child=child,
                        period=period,
                        start=e.start,
                        new_episode_reason=e.rne,
                        legal_status=e.ls,
                        place=e.place,
                        provider=e.provider,
                        postcode=e.pl_post,
                        urn=e.urn,
                        placement_start=placement_start,
                        recorded_by=self.by,
                        recorded_at=self.now,
                        **ending,
                    )
                )
        if changed_eps:
            # Close before opening, so that "one open episode per child" holds at every step.
            Episode.objects.bulk_update(changed_eps, ["end", "reason_ceased", "reason_place_change"])
            self.result.updated["care episodes"] += len(changed_eps)
        Episode.objects.bulk_create(new_eps)
        self.result.created["care episodes"] += len(new_eps)

        by_child = defaultdict(list)
        for child, period, chain in chains:
            by_child[child.pk].append((period, chain))
        existing_reviews = set(
            CareReview.objects.filter(child_id__in=person_ids).values_list("period_id", "held_on")
        )
        reviews = []
        for child_id in child_ids:
            child = people[child_id]
            for r in ret.reviews.get(child_id, []):
                period = next(p for p, chain in by_child[child.pk] if chain.contains(r.held_on))
                if (period.pk, r.held_on) in existing_reviews:
                    self.result.matched["looked-after reviews"] += 1
                    continue
                reviews.append(
                    CareReview(
                        child=child,
                        period=period,
                        held_on=r.held_on,
                        reviewing_officer=self.by,
                        participation=r.participation,
                        summary=self.note,
                        recorded_by=self.by,
                        recorded_at=self.now,
                    )
                )
        CareReview.objects.bulk_create(reviews)
        self.result.created["looked-after reviews"] += len(reviews)

        existing_missing = {
            (child_id, timezone.localtime(at).date())
            for child_id, at in MissingEpisode.objects.filter(child_id__in=person_ids).values_list(
                "child_id", "started_at"
            )
        }
        missing = []
        for child_id in child_ids:
            child = people[child_id]
            for m in ret.missing.get(child_id, []):
                if (child.pk, m.start) in existing_missing:
                    self.result.matched["missing episodes"] += 1
                    continue
                period = next((p for p, chain in by_child[child.pk] if chain.contains(m.start)), None)
                if period is None:
                    self.result.warnings.append(
                        f"{child_id}: missing from {m.start:%d/%m/%Y} is outside every period of care: "
                        "recorded as missing from home"
                    )
                missing.append(
                    MissingEpisode(
                        child=child,
                        period=period,
                        kind=m.kind,
                        started_at=_at(m.start, 0),
                        ended_at=timezone.make_aware(datetime.combine(m.end, time(23, 59)))
                        if m.end
                        else None,
                        notes=self.note,
                        recorded_by=self.by,
                        recorded_at=self.now,
                    )
                )
        MissingEpisode.objects.bulk_create(missing)
        self.result.created["missing episodes"] += len(missing)
        self._other_903(child_ids, people, by_child, ret)

    def _other_903(self, child_ids, people, by_child, ret) -> None:
        """UASC, OC2, OC3, AD1, PlacedAdoption and PrevPerm into the care app's records.

        The files carry no dates for health checks, questionnaires or leaving-care contacts: they are recorded
        on 31 March of the year (the return's reference date), which is what the return reports on.
        """
        from carefile.care.models import (
            AdoptionDecision,
            AdoptionMatch,
            CareLeaver,
            HealthCheck,
            LeaverContact,
            PreviousPermanence,
            SdqAssessment,
            UascStatus,
            YearOutcome,
        )
        from carefile.care.timescales import add_years

        others = ret.others
        year_end = date(self.year, 3, 31)
        year_start = date(self.year - 1, 4, 1)
        ids = [people[c].pk for c in child_ids]
        stamp = {"recorded_by": self.by, "recorded_at": self.now}

        def rows(table):
            for child_id in child_ids:
                for row in others.get(table, {}).get(child_id, []):
                    yield people[child_id], row

        def period_for(child, day):
            chains = sorted(by_child[child.pk], key=lambda pc: pc[1].start)
            for period, chain in chains:
                if day is not None and chain.contains(day):
                    return period
            return chains[-1][0] if chains else None

        # UASC
        have = set(UascStatus.objects.filter(child_id__in=ids).values_list("child_id", flat=True))
        new = []
        for child, row in rows("UASC"):
            if child.pk in have:
                self.result.matched["UASC statuses"] += 1
                continue
            starts = [chain.start for _p, chain in by_child[child.pk]]
            since = min([*starts, year_start] + ([row["duc"]] if row["duc"] else []))
            new.append(UascStatus(child=child, since=since, ceased_on=row["duc"], **stamp))
            have.add(child.pk)
        UascStatus.objects.bulk_create(new)
        self.result.created["UASC statuses"] += len(new)

        # OC2: health checks, SDQ, the year's outcomes
        checks = set(HealthCheck.objects.filter(child_id__in=ids).values_list("child_id", "kind", "held_on"))
        sdqs = set(SdqAssessment.objects.filter(child_id__in=ids).values_list("child_id", "held_on"))
        outcomes = set(
            YearOutcome.objects.filter(child_id__in=ids, year_end=self.year).values_list(
                "child_id", flat=True
            )
        )
        new_checks, new_sdqs, new_outcomes = [], [], []
        for child, row in rows("OC2"):
            wanted = []
            if row["immunisations"]:
                wanted.append(("immunisations", True))
            if row["health_check"]:
                wanted.append(("development_check", True))
            if row["teeth_check"]:
                wanted.append(("dental_check", None))
            if row["health_assessment"]:
                wanted.append(("review_assessment", None))
            for kind, up_to_date in wanted:
                if (child.pk, kind, year_end) in checks:
                    continue
                new_checks.append(
                    HealthCheck(
                        child=child,
                        kind=kind,
                        held_on=year_end,
                        up_to_date=up_to_date,
                        notes=self.note,
                        **stamp,
                    )
                )
            if (row["sdq_score"] is not None or row["sdq_reason"]) and (child.pk, year_end) not in sdqs:
                new_sdqs.append(
                    SdqAssessment(
                        child=child,
                        held_on=year_end,
                        score=row["sdq_score"],
                        reason=row["sdq_reason"],
                        **stamp,
                    )
                )
            if child.pk not in outcomes:
                misuse = bool(row["substance_misuse"])
                received = row["received"] if misuse else None
                new_outcomes.append(
                    YearOutcome(
                        child=child,
                        year_end=self.year,
                        convicted=bool(row["convicted"]),
                        substance_misuse=misuse,
                        intervention_received=received,
                        intervention_offered=row["offered"] if received is False else None,
                        **stamp,
                    )
                )
                outcomes.add(child.pk)
        HealthCheck.objects.bulk_create(new_checks)
        SdqAssessment.objects.bulk_create(new_sdqs)
        YearOutcome.objects.bulk_create(new_outcomes)
        self.result.created["health checks"] += len(new_checks)
        self.result.created["SDQ scores"] += len(new_sdqs)
        self.result.created["year outcomes (OC2)"] += len(new_outcomes)

        # OC3: the care leaver and the contact around this year's birthday
        leavers = set(CareLeaver.objects.filter(child_id__in=ids).values_list("child_id", flat=True))
        contacts = set(LeaverContact.objects.filter(child_id__in=ids).values_list("child_id", "age"))
        new_leavers, new_contacts = [], []
        for child, row in rows("OC3"):
            born = child.date_of_birth
            age = next(
                (a for a in (17, 18, 19, 20, 21) if born and year_start <= add_years(born, a) <= year_end),
                None,
            )
            if age is None:
                self.result.warnings.append(
                    f"{child.la_child_id}: OC3 row but no 17th-21st birthday in the year"
                )
                continue
            if child.pk not in leavers:
                eligibility = "relevant" if age < 18 else "former_relevant"
                new_leavers.append(
                    CareLeaver(child=child, eligibility=eligibility, updated_by=self.by, updated_at=self.now)
                )
                leavers.add(child.pk)
            if (child.pk, age) not in contacts:
                new_contacts.append(
                    LeaverContact(
                        child=child,
                        age=age,
                        contact_on=add_years(born, age),
                        in_touch=row["in_touch"],
                        activity=row["activity"],
                        accommodation=row["accommodation"],
                        **stamp,
                    )
                )
        CareLeaver.objects.bulk_create(new_leavers)
        LeaverContact.objects.bulk_create(new_contacts)
        self.result.created["care leavers"] += len(new_leavers)
        self.result.created["leaving care contacts"] += len(new_contacts)

        # PlacedAdoption and AD1: the decision (and its reversal), then the match
        decisions = {(d.child_id, d.decided_on): d for d in AdoptionDecision.objects.filter(child_id__in=ids)}
        new_decisions = []
        for child, row in rows("PlacedAdoption"):
            key = (child.pk, row["placed"])
            if key in decisions:
                self.result.matched["adoption decisions"] += 1
                continue
            d = AdoptionDecision(
                child=child,
                period=period_for(child, row["placed"]),
                decided_on=row["placed"],
                reversed_on=row["ceased"],
                reversal_reason=row["reason"] if row["ceased"] else "",
                **stamp,
            )
            decisions[key] = d
            new_decisions.append(d)
        for child, row in rows("AD1"):
            if row["date_int"] is None or (child.pk, row["date_int"]) in decisions:
                continue
            d = AdoptionDecision(
                child=child, period=period_for(child, row["date_int"]), decided_on=row["date_int"], **stamp
            )
            decisions[(child.pk, row["date_int"])] = d
            new_decisions.append(d)
        # Reversed decisions first, so that "one live decision per child" holds at every insert.
        AdoptionDecision.objects.bulk_create(sorted(new_decisions, key=lambda d: d.reversed_on is None))
        self.result.created["adoption decisions"] += len(new_decisions)
        matches = set(AdoptionMatch.objects.filter(child_id__in=ids).values_list("child_id", "matched_on"))
        new_matches = []
        for child, row in rows("AD1"):
            if row["date_int"] is None or row["date_match"] is None:
                self.result.warnings.append(
                    f"{child.la_child_id}: AD1 row without DATE_INT and DATE_MATCH not recorded"
                )
                continue
            if (child.pk, row["date_match"]) in matches or not (row["sex"] and row["legal_status"]):
                continue
            new_matches.append(
                AdoptionMatch(
                    child=child,
                    decision=decisions[(child.pk, row["date_int"])],
                    matched_on=row["date_match"],
                    foster_carers=bool(row["foster_care"]),
                    number_of_adopters=row["number"] or (1 if row["sex"] in ("M1", "F1") else 2),
                    adopters_sex=row["sex"],
                    adopters_legal_status=row["legal_status"],
                    **stamp,
                )
            )
        AdoptionMatch.objects.bulk_create(new_matches)
        self.result.created["adoption matches"] += len(new_matches)

        # PrevPerm: on the period that started in the year
        taken = set(PreviousPermanence.objects.filter(child_id__in=ids).values_list("period_id", flat=True))
        new_perms = []
        for child, row in rows("PrevPerm"):
            started = [p for p, chain in by_child[child.pk] if year_start <= chain.start <= year_end]
            period = max(started, key=lambda p: p.start) if started else period_for(child, None)
            if period.pk in taken:
                self.result.matched["previous permanence"] += 1
                continue
            new_perms.append(
                PreviousPermanence(
                    child=child,
                    period=period,
                    code=row["code"],
                    la_code=row["la_code"],
                    order_date=row["order_date"],
                    **stamp,
                )
            )
            taken.add(period.pk)
        PreviousPermanence.objects.bulk_create(new_perms)
        self.result.created["previous permanence"] += len(new_perms)

    # Case status of the children created ------------------------------------------------------------------

    def finish(self) -> None:
        """Set the case status of the children this import created (a matched child keeps its own)."""
        ids = list(self.created_people)
        for i in range(0, len(ids), 1000):
            part = ids[i : i + 1000]
            order = [
                (CaseStatus.LOOKED_AFTER, PeriodOfCare.objects.filter(child_id__in=part, end__isnull=True)),
                (
                    CaseStatus.CHILD_PROTECTION,
                    ChildProtectionPlan.objects.filter(child_id__in=part, end__isnull=True),
                ),
                (
                    CaseStatus.CHILD_IN_NEED,
                    Plan.objects.filter(child_id__in=part, kind=PlanKind.CHILD_IN_NEED, end__isnull=True),
                ),
                (
                    CaseStatus.ASSESSMENT,
                    Assessment.objects.filter(child_id__in=part).exclude(status=Status.AUTHORISED),
                ),
                (CaseStatus.REFERRAL, Referral.objects.filter(child_id__in=part, closure_date__isnull=True)),
            ]
            decided: dict[int, str] = {}
            for status, qs in order:
                for child_id in qs.values_list("child_id", flat=True):
                    decided.setdefault(child_id, status)
            by_status = defaultdict(list)
            for child_id, status in decided.items():
                by_status[status].append(child_id)
            for status, child_ids in by_status.items():
                Person.objects.filter(pk__in=child_ids).update(case_status=status)
