"""Each child's child protection story, built in memory as unsaved rows (written by run.py)."""

from __future__ import annotations

import random
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.common.workdays import add_working_days, is_working_day
from carefile.plans.models import (
    ActionStatus,
    Plan,
    PlanAction,
    PlanKind,
    PlanOutcome,
    PlanReview,
    PlanStatus,
    ReviewDecision,
)
from carefile.plans.models import PlanEndReason as GenericEndReason
from carefile.workforce.models import Allocation, AllocationRole, Role, Staff, Team

from ..codes import (
    Agency,
    Attendance,
    Category,
    ConferenceDecision,
    ConferenceKind,
    EnquiryOutcome,
    InviteeRole,
    PlanEndReason,
    ProtectionEvent,
    StrategyDecision,
)
from ..models import (
    ChildProtectionPlan,
    Conference,
    ConferenceInvitee,
    CoreGroupMeeting,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)
from ..timescales import icpc_target, next_review_conference_due, transfer_in_target, working_day_on_or_before
from .text import (
    ACTIONS,
    ATTENDEES,
    CHILD_VIEWS,
    FINDINGS,
    FINDINGS_NOT,
    FIRST_NAMES,
    INFORMATION,
    OUTCOMES,
    PARTICIPANTS,
    PROGRESS,
    RATIONALES,
    SAFETY,
    SUMMARIES,
    SURNAMES,
)

CATEGORY_WEIGHTS = [
    (Category.NEG, 50),
    (Category.EMO, 35),
    (Category.PHY, 7),
    (Category.SAB, 4),
    (Category.MUL, 4),
]
LATE_ICPC_SHARE = 0.12
TRANSFER_IN_SHARE = 0.03
SECOND_PLAN_SHARE = 0.15  # of current plans whose episode is long enough for an earlier plan in it
ELSEWHERE_SHARE = 0.05
CLOSED_WITH_PLAN_SHARE = 0.08
CLOSED_S47_ONLY_SHARE = 0.06
CIN_S47_ONLY_SHARE = 0.08
ASSESSING_S47_SHARE = 0.2


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _on_or_after(day: date, holidays) -> date:
    while not is_working_day(day, holidays=holidays):
        day += timedelta(days=1)
    return day


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


@dataclass
class _Kid:
    pk: int
    name: str
    team_id: int | None
    episode_id: int
    referral_date: date
    closure_date: date | None = None
    closure_reason: str = ""


@dataclass
class _Batch:
    discussions: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    enquiries: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (discussion, enquiry)
    conferences: list = field(default_factory=list)
    invitees: list = field(default_factory=list)
    contents: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    reviews: list = field(default_factory=list)  # review conferences (cp_plan set later)
    core_groups: list = field(default_factory=list)
    plan_reviews: list = field(default_factory=list)
    events: list = field(default_factory=list)  # callables returning ChronologyEvent once pks exist


class _Stories:
    def __init__(self, rng: random.Random, on: date, holidays: Container[date]):
        self.rng, self.on, self.holidays = rng, on, holidays
        self.workers = dict(
            Allocation.objects.filter(role=AllocationRole.SOCIAL_WORKER, end__isnull=True).values_list(
                "child_id", "worker_id"
            )
        )
        self.managers = dict(Team.objects.filter(manager__isnull=False).values_list("pk", "manager_id"))
        self.chairs = list(
            Staff.objects.filter(role=Role.REVIEWING_OFFICER).values_list("pk", flat=True)
        ) or list(self.managers.values())
        self.anyone = (
            Staff.objects.filter(role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER])
            .values_list("pk", flat=True)
            .first()
        )
        self.counts = {
            "strategy discussions": 0,
            "section 47 enquiries": 0,
            "conferences": 0,
            "plans": 0,
            "core groups": 0,
            "events": 0,
        }

    # who ---------------------------------------------------------------------------------------------------

    def worker(self, kid: _Kid) -> int | None:
        return self.workers.get(kid.pk) or self.managers.get(kid.team_id) or self.anyone

    def manager(self, kid: _Kid) -> int | None:
        return self.managers.get(kid.team_id) or self.anyone

    def chair(self) -> int | None:
        return self.rng.choice(self.chairs) if self.chairs else self.anyone

    def text(self, options, kid: _Kid) -> str:
        return self.rng.choice(options).format(name=kid.name)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def wd(self, day: date, n: int) -> date:
        return add_working_days(day, n, holidays=self.holidays)

    def before(self, day: date) -> date:
        return working_day_on_or_before(day, holidays=self.holidays)

    # building blocks ---------------------------------------------------------------------------------------

    def event(
        self, b: _Batch, kid: _Kid, kind: str, day: date, by: int | None, summary, data, significant=False
    ):
        at = _aware(day, time(self.rng.randint(9, 16), self.rng.choice([0, 15, 30, 45])))
        b.events.append(
            lambda: ChronologyEvent(
                person_id=kid.pk,
                kind=kind,
                at=at,
                by_id=by,
                summary=summary() if callable(summary) else summary,
                data=data(),
                significant=significant,
            )
        )

    def discussion(self, b: _Batch, kid: _Kid, day: date, decision: str) -> StrategyDiscussion:
        by = self.worker(kid)
        d = StrategyDiscussion(
            child_id=kid.pk,
            episode_id=kid.episode_id,
            held_at=_aware(day, time(self.rng.randint(9, 15), self.rng.choice([0, 30]))),
            information_shared=self.text(INFORMATION, kid),
            decision=decision,
            rationale=self.text(RATIONALES, kid),
            immediate_safety_actions=self.text(SAFETY, kid),
            recorded_by_id=by,
            recorded_at=_aware(day, time(17, 0)),
        )
        b.discussions.append(d)
        b.participants.append(
            (d, StrategyParticipant(name=self.person(), agency=Agency.SOCIAL_CARE, role="Social worker"))
        )
        b.participants.append(
            (d, StrategyParticipant(name=self.person(), agency=Agency.POLICE, role=PARTICIPANTS[0][1]))
        )
        for agency, role in self.rng.sample(PARTICIPANTS[1:], self.rng.randint(1, 2)):
            b.participants.append((d, StrategyParticipant(name=self.person(), agency=agency, role=role)))
        label = StrategyDecision(decision).label.lower()
        self.event(
            b,
            kid,
            ProtectionEvent.STRATEGY_DISCUSSION,
            day,
            by,
            f"Strategy discussion with children's social care, police and health: {label}",
            lambda: {"discussion": d.pk, "decision": decision},
            significant=decision == StrategyDecision.SECTION_47,
        )
        self.counts["strategy discussions"] += 1
        return d

    def enquiry(
        self,
        b: _Batch,
        kid: _Kid,
        d: StrategyDiscussion,
        start: date,
        outcome: str,
        outcome_on: date | None,
        closed_on: date | None,
    ) -> Section47Enquiry:
        by, manager = self.worker(kid), self.manager(kid)
        e = Section47Enquiry(
            child_id=kid.pk,
            episode_id=kid.episode_id,
            start_date=start,
            icpc_target=icpc_target(start, holidays=self.holidays),
            findings=self.text(FINDINGS if outcome == EnquiryOutcome.CONFERENCE else FINDINGS_NOT, kid)
            if outcome
            else "",
            outcome=outcome,
            outcome_by_id=by if outcome else None,
            outcome_at=_aware(outcome_on, time(15, 0)) if outcome and outcome_on else None,
            signed_off_by_id=manager if closed_on else None,
            signed_off_at=_aware(closed_on, time(16, 30)) if closed_on else None,
            closed_on=closed_on,
        )
        e._discussion = d
        b.enquiries.append(e)
        b.links.append((d, e))
        self.event(
            b,
            kid,
            ProtectionEvent.S47_STARTED,
            start,
            by,
            lambda: (
                f"Section 47 enquiry started on {start.day} {start:%B %Y}. If a conference is needed it must be "
                f"held by {e.icpc_target.day} {e.icpc_target:%B %Y}"
            ),
            lambda: {"enquiry": e.pk},
            significant=True,
        )
        if closed_on:
            self.event(
                b,
                kid,
                ProtectionEvent.S47_CONCLUDED,
                closed_on,
                manager,
                f"Section 47 enquiry signed off: {EnquiryOutcome(outcome).label.lower()}",
                lambda: {"enquiry": e.pk, "outcome": outcome},
                significant=True,
            )
        self.counts["section 47 enquiries"] += 1
        return e

    def invite(self, b: _Batch, c: Conference, kid: _Kid, held: bool) -> None:
        people = [
            (self.rng.choice(["Mum", "Dad", "Nan"]), InviteeRole.PARENT, ""),
            (self.person(), InviteeRole.SOCIAL_CARE, "Social worker"),
            (self.person(), InviteeRole.EDUCATION, "Designated safeguarding lead"),
            (self.person(), InviteeRole.HEALTH, "Health visitor"),
            (self.person(), InviteeRole.POLICE, "Police"),
        ]
        for name, role, detail in people[: self.rng.randint(3, 5)]:
            attendance = Attendance.INVITED
            if held:
                attendance = _weighted(
                    self.rng,
                    [
                        (Attendance.ATTENDED, 75),
                        (Attendance.REPORT, 12),
                        (Attendance.APOLOGIES, 8),
                        (Attendance.DID_NOT_ATTEND, 5),
                    ],
                )
            b.invitees.append(
                (c, ConferenceInvitee(name=name, role=role, detail=detail, attendance=attendance))
            )

    def conference(
        self,
        b: _Batch,
        kid: _Kid,
        kind: str,
        target: date,
        held_on: date | None,
        decision: str,
        category: str,
        *,
        enquiry=None,
        cp_plan=None,
        scheduled: date | None = None,
        transfer_from: str = "",
        notified_on=None,
    ) -> Conference:
        chair = self.chair()
        day = held_on or scheduled
        c = Conference(
            kind=kind,
            child_id=kid.pk,
            episode_id=kid.episode_id,
            enquiry=enquiry,
            target_date=target,
            transfer_from=transfer_from,
            notified_on=notified_on,
            scheduled_at=_aware(day, time(self.rng.choice([10, 11, 13, 14]), 0)) if day else None,
            venue="Family centre, meeting room 2" if day else "",
            chair_id=chair if day else None,
            held_on=held_on,
            child_views=self.text(CHILD_VIEWS, kid) if held_on else "",
            summary=self.text(SUMMARIES, kid) if held_on and decision == ConferenceDecision.PLAN else "",
            decision=decision if held_on else "",
            category=category if held_on else "",
            scheduled_by_id=self.worker(kid) if day else None,
            recorded_by_id=chair if held_on else None,
            recorded_at=_aware(held_on, time(17, 0)) if held_on else None,
        )
        c._cp_plan = cp_plan
        (b.reviews if kind == ConferenceKind.REVIEW else b.conferences).append(c)
        self.invite(b, c, kid, held=held_on is not None)
        if held_on:
            late = " (after its target)" if held_on > target else ""
            text = f"{ConferenceKind(kind).label} held on {held_on.day} {held_on:%B %Y}{late}: {ConferenceDecision(decision).label.lower()}"
            self.event(
                b,
                kid,
                ProtectionEvent.CONFERENCE_HELD,
                held_on,
                chair,
                text,
                lambda: {"conference": c.pk, "kind": kind, "decision": decision},
                significant=True,
            )
        self.counts["conferences"] += 1
        return c

    def content(self, b: _Batch, kid: _Kid, start: date, end: date | None, end_reason: str) -> Plan:
        author = self.worker(kid)
        finalised_on = min(self.on, self.wd(start, self.rng.randint(3, 10)))
        final = finalised_on <= self.on and (end is None or finalised_on < end) and finalised_on > start
        status = (
            PlanStatus.ENDED
            if (end is not None and final)
            else (PlanStatus.ACTIVE if final else PlanStatus.DRAFT)
        )
        if end is not None and not final:
            return None  # a plan that never got its document: nothing to keep
        p = Plan(
            kind=PlanKind.CHILD_PROTECTION,
            child_id=kid.pk,
            episode_id=kid.episode_id,
            episode_start=kid.referral_date,
            status=status,
            start=start,
            end=end if status == PlanStatus.ENDED else None,
            concerns=self.text(SUMMARIES, kid),
            first_review_months=3,
            review_every_months=6,
            created_by_id=author,
            created_at=_aware(start, time(17, 30)),
            finalised_by_id=self.chair() if final else None,
            finalised_at=_aware(finalised_on, time(15, 0)) if final else None,
            ended_by_id=self.chair() if status == PlanStatus.ENDED else None,
            ended_at=_aware(end, time(16, 0)) if status == PlanStatus.ENDED else None,
            end_reason=end_reason if status == PlanStatus.ENDED else "",
        )
        b.contents.append(p)
        outcomes = [
            PlanOutcome(plan=p, position=i, text=text.format(name=kid.name))
            for i, text in enumerate(self.rng.sample(OUTCOMES, self.rng.randint(2, 3)), start=1)
        ]
        b.outcomes.extend(outcomes)
        horizon = end or self.on
        for position, (owner, what, measure) in enumerate(
            self.rng.sample(ACTIONS, self.rng.randint(3, 5)), start=1
        ):
            due = _on_or_after(start + timedelta(days=self.rng.randint(14, 120)), self.holidays)
            action = PlanAction(
                plan=p,
                outcome=self.rng.choice(outcomes),
                position=position,
                what=what.format(name=kid.name),
                owner_staff_id=author if owner == "staff" else None,
                owner_name="" if owner == "staff" else owner,
                due=due,
                measure=measure.format(name=kid.name),
            )
            if status != PlanStatus.DRAFT and due < horizon and self.rng.random() < 0.85:
                action.status = ActionStatus.DONE
                action.completed_on = max(start, min(horizon, due - timedelta(days=self.rng.randint(0, 10))))
                action.status_changed_by_id = author
                action.status_changed_at = _aware(action.completed_on, time(12, 0))
            b.actions.append(action)
        return p

    # stories -----------------------------------------------------------------------------------------------

    def plan_story(
        self,
        b: _Batch,
        kid: _Kid,
        *,
        earliest: date,
        latest_start: date,
        until: date,
        end_reason: str = "",
        transfer_in: bool = False,
        elsewhere: int = 0,
    ) -> ChildProtectionPlan | None:
        """Discussion → enquiry → initial conference → plan starting between `earliest` and `latest_start`,
        running until `until` (ending then with `end_reason`, or still open when `end_reason` is empty)."""
        rng = self.rng
        start_window = max(earliest, latest_start - timedelta(days=rng.randint(0, 20)))
        category = _weighted(rng, CATEGORY_WEIGHTS)
        # The conference is on a working day, before the plan's end (or by `on` for a plan still open).
        cap = (
            self.before(min(until - timedelta(days=1), self.on))
            if end_reason
            else self.before(min(until, self.on))
        )
        enquiry = None
        if transfer_in and _on_or_after(start_window, self.holidays) <= cap:
            notified = _on_or_after(start_window, self.holidays)
            target = transfer_in_target(notified, holidays=self.holidays)
            held = min(self.wd(notified, rng.randint(6, 15)), cap)
            if held < notified:
                return None
            conference = self.conference(
                b,
                kid,
                ConferenceKind.TRANSFER_IN,
                target,
                held,
                ConferenceDecision.PLAN,
                category,
                transfer_from=rng.choice(["Northumberland", "Sunderland", "Gateshead", "North Yorkshire"]),
                notified_on=notified,
            )
        else:
            start = _on_or_after(start_window, self.holidays)
            if start > min(self.on, until):
                start = max(earliest, self.before(min(self.on, until)))
            if start >= until and end_reason:
                return None
            target = icpc_target(start, holidays=self.holidays)
            if rng.random() < LATE_ICPC_SHARE:
                held = self.wd(target, rng.randint(1, 8))
            else:
                held = self.wd(start, rng.randint(8, 15))
            held = min(held, cap)
            if held < start:
                if not is_working_day(start, holidays=self.holidays) or start > cap:
                    return None
                held = start
            d = self.discussion(b, kid, start, StrategyDecision.SECTION_47)
            outcome_on = max(start, self.before(held - timedelta(days=2)))
            closed_on = max(start, self.before(held - timedelta(days=1)))
            enquiry = self.enquiry(b, kid, d, start, EnquiryOutcome.CONFERENCE, outcome_on, closed_on)
            conference = self.conference(
                b,
                kid,
                ConferenceKind.INITIAL,
                target,
                held,
                ConferenceDecision.PLAN,
                category,
                enquiry=enquiry,
            )
        end = until if end_reason else None  # after `held`: the conference was capped before it
        content = self.content(b, kid, held, end, _generic_reason(end_reason) if end else "")
        cp = ChildProtectionPlan(
            child_id=kid.pk,
            episode_id=kid.episode_id,
            start=held,
            end=end,
            initial_category=category,
            latest_category=category,
            previous_plans_elsewhere=elsewhere,
            end_reason=end_reason if end else "",
            ended_by_id=self.chair() if end else None,
            ended_at=_aware(end, time(16, 0)) if end else None,
            started_by_id=conference.chair_id or self.worker(kid),
            started_at=_aware(held, time(17, 0)),
        )
        cp._conference, cp._content = conference, content
        b.plans.append(cp)
        self.event(
            b,
            kid,
            ProtectionEvent.CP_PLAN_STARTED,
            held,
            cp.started_by_id,
            f"Child protection plan started on {held.day} {held:%B %Y} under the category {Category(category).label.lower()}",
            lambda: {"cp_plan": cp.pk, "category": category},
            significant=True,
        )
        self.counts["plans"] += 1
        horizon = min(end or self.on, self.on)
        self.core_groups(b, kid, cp, held, horizon)
        self.review_conferences(
            b,
            kid,
            cp,
            held,
            horizon,
            content,
            ending=end is not None and end_reason == PlanEndReason.NO_LONGER_AT_RISK,
        )
        if end:
            self.event(
                b,
                kid,
                ProtectionEvent.CP_PLAN_ENDED,
                end,
                cp.ended_by_id,
                f"Child protection plan ended on {end.day} {end:%B %Y}: {PlanEndReason(end_reason).label.lower()}",
                lambda: {"cp_plan": cp.pk, "reason": end_reason},
                significant=True,
            )
        return cp

    def core_groups(self, b: _Batch, kid: _Kid, cp, start: date, horizon: date) -> None:
        rng = self.rng
        day = self.wd(start, rng.randint(4, 10) if rng.random() > 0.1 else rng.randint(11, 16))
        while day <= horizon and (cp.end is None or day < cp.end):
            m = CoreGroupMeeting(
                held_on=day,
                attendees=rng.choice(ATTENDEES),
                progress=rng.choice(PROGRESS),
                child_views=self.text(CHILD_VIEWS, kid) if rng.random() < 0.5 else "",
                recorded_by_id=self.worker(kid),
                recorded_at=_aware(day, time(16, 0)),
            )
            m._cp_plan = cp
            b.core_groups.append(m)
            self.event(
                b,
                kid,
                ProtectionEvent.CORE_GROUP,
                day,
                m.recorded_by_id,
                f"Core group meeting on {day.day} {day:%B %Y}: {m.progress}",
                lambda m=m: {"core_group": m.pk},
            )
            self.counts["core groups"] += 1
            gap = rng.randint(25, 42) if rng.random() > 0.12 else rng.randint(43, 60)
            day = _on_or_after(day + timedelta(days=gap), self.holidays)

    def review_conferences(
        self, b: _Batch, kid: _Kid, cp, start: date, horizon: date, content, ending: bool
    ) -> None:
        """Reviews on time (a few late); a plan that ends because the child is safe ends at its last review."""
        rng = self.rng
        last = None
        while True:
            due = next_review_conference_due(plan_start=start, last_review=last, holidays=self.holidays)
            if rng.random() < 0.1:
                held = _on_or_after(due + timedelta(days=rng.randint(1, 15)), self.holidays)
            else:
                held = self.before(due - timedelta(days=rng.randint(0, 10)))
            final = False
            if cp.end is not None and held >= cp.end:
                if (
                    not ending
                    or (last is not None and cp.end <= last)
                    or not is_working_day(cp.end, holidays=self.holidays)
                ):
                    break
                held, final = cp.end, True
            if held <= start or held > horizon:
                break
            decision = ConferenceDecision.END if final else ConferenceDecision.CONTINUE
            category = ""
            if not final:
                category = cp.latest_category
                if rng.random() < 0.1:
                    category = cp.latest_category = _weighted(rng, CATEGORY_WEIGHTS)
            c = self.conference(b, kid, ConferenceKind.REVIEW, due, held, decision, category, cp_plan=cp)
            if content is not None and content.status != PlanStatus.DRAFT and held > content.start:
                next_due = (
                    None
                    if final
                    else next_review_conference_due(
                        plan_start=start, last_review=held, holidays=self.holidays
                    )
                )
                b.plan_reviews.append(
                    PlanReview(
                        plan=content,
                        held_on=held,
                        attendees=rng.choice(ATTENDEES),
                        progress=rng.choice(PROGRESS),
                        child_views=c.child_views,
                        decision=ReviewDecision.END if final else ReviewDecision.CONTINUE,
                        next_review_on=next_due,
                        recorded_by_id=c.chair_id or self.worker(kid),
                        recorded_at=_aware(held, time(17, 0)),
                    )
                )
            last = held
            if final:
                break

    # whole children ----------------------------------------------------------------------------------------

    def current(self, b: _Batch, kid: _Kid) -> None:
        """A child on a plan now."""
        rng, on, r = self.rng, self.on, kid.referral_date
        room = (on - r).days
        roll = rng.random()
        if roll < 0.06:
            age = rng.randint(730, 1000)  # over two years
        elif roll < 0.3:
            age = rng.randint(270, 729)
        else:
            age = rng.randint(20, 269)
        age = min(age, max(room - 15, 0))
        latest_start = on - timedelta(days=age)
        earliest = r
        if room >= 420 and rng.random() < SECOND_PLAN_SHARE:
            # An earlier plan in this long episode, ended when the child was no longer at risk.
            first_end = self.before(r + timedelta(days=rng.randint(200, max(201, room - 200))))
            earlier = self.plan_story(
                b,
                kid,
                earliest=r,
                latest_start=r + timedelta(days=rng.randint(5, 30)),
                until=first_end,
                end_reason=PlanEndReason.NO_LONGER_AT_RISK,
            )
            if earlier is not None:
                earliest = first_end + timedelta(days=rng.randint(60, 120))
                latest_start = max(latest_start, earliest)
                if earliest > on - timedelta(days=5):
                    return
        self.plan_story(
            b,
            kid,
            earliest=earliest,
            latest_start=max(earliest, latest_start),
            until=on,
            transfer_in=rng.random() < TRANSFER_IN_SHARE,
            elsewhere=1 if rng.random() < ELSEWHERE_SHARE else 0,
        )

    def closed_with_plan(self, b: _Batch, kid: _Kid) -> None:
        r, c = kid.referral_date, kid.closure_date
        if (c - r).days < 90:
            return
        end = self.before(c)
        reason = (
            PlanEndReason.MOVED
            if kid.closure_reason == "RC5"
            else _weighted(
                self.rng,
                [
                    (PlanEndReason.NO_LONGER_AT_RISK, 90),
                    (PlanEndReason.OTHER, 2),
                    (PlanEndReason.AGE_18, 3),
                    (PlanEndReason.MOVED, 5),
                ],
            )
        )
        cp = self.plan_story(
            b,
            kid,
            earliest=r,
            latest_start=r + timedelta(days=self.rng.randint(3, 25)),
            until=end,
            end_reason=reason,
        )
        if cp is not None and reason == PlanEndReason.OTHER:
            cp.end_notes = "The family moved abroad"

    def s47_only(self, b: _Batch, kid: _Kid, *, until: date) -> None:
        rng = self.rng
        latest = min(until, self.on) - timedelta(days=25)
        if latest < kid.referral_date:
            return
        start = _on_or_after(
            kid.referral_date + timedelta(days=rng.randint(0, min(40, (latest - kid.referral_date).days))),
            self.holidays,
        )
        closed = self.wd(start, rng.randint(5, 18))
        if closed > min(until, self.on):
            return
        d = self.discussion(b, kid, start, StrategyDecision.SECTION_47)
        outcome = EnquiryOutcome.NOT_SUBSTANTIATED if rng.random() < 0.6 else EnquiryOutcome.NO_CONFERENCE
        self.enquiry(
            b,
            kid,
            d,
            start,
            outcome,
            self.before(closed - timedelta(days=1)) if closed > start else start,
            closed,
        )

    def under_way(self, b: _Batch, kid: _Kid) -> None:
        """An enquiry going on now, for a child being assessed: live clocks."""
        rng, on = self.rng, self.on
        start = self.before(on - timedelta(days=rng.randint(0, 16)))
        if start < kid.referral_date:
            start = kid.referral_date
        if start > on:
            return
        if rng.random() < 0.15:
            self.discussion(b, kid, start, StrategyDecision.NO_SECTION_47)
            return
        d = self.discussion(b, kid, start, StrategyDecision.SECTION_47)
        roll = rng.random()
        if roll < 0.45:
            self.enquiry(b, kid, d, start, "", None, None)
            return
        e = self.enquiry(b, kid, d, start, EnquiryOutcome.CONFERENCE, on, None)
        target = e.icpc_target
        booked = (
            self.before(target - timedelta(days=rng.randint(0, 3)))
            if rng.random() > 0.1
            else self.wd(target, 2)
        )
        if booked <= on:
            booked = self.wd(on, 1)
        self.conference(b, kid, ConferenceKind.INITIAL, target, None, "", "", enquiry=e, scheduled=booked)


def _generic_reason(reason: str) -> str:
    return {
        PlanEndReason.NO_LONGER_AT_RISK: GenericEndReason.OUTCOMES_MET,
        PlanEndReason.MOVED: GenericEndReason.MOVED,
        PlanEndReason.LOOKED_AFTER: GenericEndReason.LOOKED_AFTER,
    }.get(reason, GenericEndReason.OTHER)
