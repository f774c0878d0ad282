"""The synthetic council's front door: episodes of need, contacts and decisions, the allocation queue, stage hooks."""

import random
import sys
import types
from collections import defaultdict
from datetime import date, timedelta
from io import StringIO

import pytest
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from carefile.common.calendar import holiday_calendar
from carefile.common.models import ChronologyEvent, EventKind
from carefile.common.workdays import working_days_between
from carefile.frontdoor.models import (
    OPENS_REFERRAL,
    Contact,
    ContactChild,
    Outcome,
    Priority,
    Referral,
    ScreeningDecision,
)
from carefile.people.models import CaseStatus, Person, PersonKind
from carefile.seed import generator
from carefile.seed.frontdoor import CONTACT_WEEKS, QUEUE_CHILDREN
from carefile.seed.generator import seed_council
from carefile.seed.purge import _Purge, purge_council
from carefile.workforce.models import Allocation, AllocationRole, Role, ServiceArea, Staff, Team, User

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 31)


def _quiet(_: str) -> None:
    pass


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    """A demo council with the front door and no other apps' stages, rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        purge_council()
        seed_council(size="demo", seed=7, on=ON, report=_quiet)
        yield
        transaction.set_rollback(True)


def open_sw(child_ref="pk"):
    return Exists(
        Allocation.objects.filter(
            child=OuterRef(child_ref), end__isnull=True, role=AllocationRole.SOCIAL_WORKER
        )
    )


def under_18():
    return Q(date_of_birth__gt=ON.replace(year=ON.year - 18)) | Q(date_of_birth__isnull=True)


def episodes_by_child() -> dict[int, list[Referral]]:
    episodes = defaultdict(list)
    for r in Referral.objects.order_by("referral_date", "id"):
        episodes[r.child_id].append(r)
    return episodes


def current_involvement_start(child: Person):
    """The start of the child's current run of social-worker allocations, each following on from the last."""
    allocations = list(child.allocations.filter(role=AllocationRole.SOCIAL_WORKER).order_by("-start"))
    start = allocations[0].start
    for earlier in allocations[1:]:
        if earlier.end is not None and start - earlier.end <= timedelta(days=1):
            start = earlier.start
        else:
            break
    return start


def test_every_open_child_has_one_open_episode_from_before_their_current_involvement(council):
    holding = (
        Person.objects.filter(kind=PersonKind.CHILD, responsible_team__isnull=False)
        .filter(under_18())
        .filter(open_sw())
        .exclude(case_status__in=[CaseStatus.CARE_LEAVER, CaseStatus.EARLY_HELP])
    )
    assert holding.count() > 150
    episodes = episodes_by_child()
    for child in holding:
        open_ = [r for r in episodes[child.pk] if r.closure_date is None]
        assert len(open_) == 1, child
        referral = open_[0]
        assert referral.referral_date <= current_involvement_start(child).date()
        assert referral.team_id == child.responsible_team_id
        if child.date_of_birth:
            assert referral.referral_date >= child.date_of_birth
        else:
            assert referral.referral_date >= child.expected_date_of_birth - timedelta(days=280)


def test_children_not_open_to_social_care_have_no_open_episode(council):
    open_episode = Exists(Referral.objects.filter(child=OuterRef("pk"), closure_date__isnull=True))
    children = Person.objects.filter(kind=PersonKind.CHILD)
    assert not children.filter(responsible_team__isnull=True).filter(open_episode).exists()
    assert (
        not children.filter(case_status__in=[CaseStatus.EARLY_HELP, CaseStatus.CARE_LEAVER])
        .filter(open_episode)
        .exists()
    )
    # Children who were known and whose case closed have closed episodes.
    closed = children.filter(responsible_team__isnull=True, allocations__isnull=False).distinct()
    assert closed.exists()
    assert Referral.objects.filter(child__in=closed, closure_date__isnull=False).exists()


def test_episodes_never_overlap_and_closures_follow_the_rules(council):
    episodes = episodes_by_child()
    assert sum(len(e) for e in episodes.values()) == Referral.objects.count()
    for rows in episodes.values():
        assert sum(1 for r in rows if r.closure_date is None) <= 1
        for before, after in zip(rows, rows[1:], strict=False):
            assert before.closure_date is not None and before.closure_date < after.referral_date
        for r in rows:
            assert r.referral_date <= ON
            if r.closure_date is not None:
                assert r.referral_date <= r.closure_date <= ON
                assert r.closure_reason in {f"RC{n}" for n in range(1, 10)} - {"RC2", "RC8", "RC9"}
            else:
                assert r.closure_reason == ""
            if r.referral_nfa:
                assert r.closure_date is not None and r.primary_need == ""
    needs = [r.primary_need for r in Referral.objects.filter(referral_nfa=False).exclude(primary_need="")]
    assert max(set(needs), key=needs.count) == "N1"
    assert Referral.objects.filter(referral_nfa=True).exists()


def test_re_referral_flags_mark_a_previous_referral_within_12_months(council):
    flagged = 0
    for rows in episodes_by_child().values():
        for i, r in enumerate(rows):
            within = any(r.referral_date - timedelta(days=365) <= p.referral_date for p in rows[:i])
            assert r.re_referral == within, r
            flagged += within
    assert flagged > 0


def test_sources_are_a_realistic_mix_of_dfe_codes(council):
    sources = list(Referral.objects.values_list("source", flat=True)) + list(
        Contact.objects.values_list("source", flat=True)
    )
    share = {code: sources.count(code) / len(sources) for code in set(sources)}
    assert 0.22 <= share["6"] <= 0.38  # police
    assert 0.12 <= share.get("2A", 0) + share.get("2B", 0) <= 0.28  # schools and education
    assert len(share) >= 12


def test_the_allocation_queue_holds_referred_children_with_no_social_worker(council):
    holidays = holiday_calendar()
    queue = Referral.objects.filter(closure_date__isnull=True).filter(~open_sw("child_id"))
    assert queue.count() == QUEUE_CHILDREN["demo"]
    areas = set()
    for referral in queue.select_related("child", "team"):
        child = referral.child
        assert child.case_status == CaseStatus.REFERRAL
        assert child.responsible_team_id == referral.team_id
        areas.add(referral.team.service_area)
        assert 0 <= working_days_between(referral.referral_date, ON, holidays=holidays) <= 25
        assert referral.contact is not None
        assert referral.contact.contact_children.filter(child=child).exists()
        assert referral.contact.decision.outcome in OPENS_REFERRAL
    assert areas <= {ServiceArea.ASSESSMENT, ServiceArea.FRONT_DOOR}
    assert queue.filter(priority__in=[Priority.URGENT, Priority.HIGH]).exists()


def test_contacts_over_the_last_weeks_each_about_children_with_a_reasoned_decision(council):
    contacts = Contact.objects.all()
    weeks = CONTACT_WEEKS["demo"]
    assert 35 * weeks <= contacts.count() <= 45 * weeks
    assert contacts.filter(received_at__date__lt=ON - timedelta(days=7 * weeks)).count() == 0
    assert not contacts.filter(contact_children__isnull=True).exists()
    assert ContactChild.objects.values("contact").distinct().count() == contacts.count()
    siblings = ContactChild.objects.values("contact").annotate(n=Count("child")).filter(n__gt=1)
    assert siblings.exists()

    decisions = ScreeningDecision.objects.select_related("contact", "decided_by", "signed_off_by")
    outcomes = defaultdict(int)
    for d in decisions:
        assert d.rationale.strip()
        assert d.outcome in d.options_considered and len(d.options_considered) >= 2
        assert d.contact.received_at <= d.decided_at
        assert d.decided_at.date() <= ON
        assert (d.referral_team_id is not None) == (d.outcome in OPENS_REFERRAL)
        if d.signed_off_by is not None:
            assert d.signed_off_by.role == Role.TEAM_MANAGER
            assert d.signed_off_at >= d.decided_at
        outcomes[d.outcome] += 1
    total = sum(outcomes.values())
    assert 0.25 <= (outcomes[Outcome.REFERRAL] + outcomes[Outcome.STRATEGY]) / total <= 0.45
    for outcome in (Outcome.NFA, Outcome.INFORMATION, Outcome.EARLY_HELP, Outcome.STRATEGY):
        assert outcomes[outcome] > 0
    assert decisions.filter(signed_off_at__isnull=True).exists()  # some await sign-off
    on_time = decisions.filter(decided_at__date__lte=F("contact__screening_due")).count()
    assert 0.75 <= on_time / total < 1  # mostly within a working day, some late


def local_day(moment) -> date:
    return timezone.localtime(moment).date()


def test_the_last_days_contacts_await_screening_and_a_few_are_overdue(council):
    holidays = holiday_calendar()
    undecided = Contact.objects.filter(decision__isnull=True)
    today = Contact.objects.filter(received_at__date=ON)
    assert today.exists()
    assert (
        set(today.filter(decision__isnull=False).values_list("decision__outcome", flat=True))
        <= OPENS_REFERRAL
    )
    overdue = [
        c
        for c in undecided
        if working_days_between(local_day(c.received_at), ON, holidays=holidays) in (2, 3)
        and c.screening_due < ON
    ]
    assert 1 <= len(overdue) <= 10
    older = [
        c for c in undecided if working_days_between(local_day(c.received_at), ON, holidays=holidays) > 3
    ]
    assert older == []


def test_referrals_in_the_contact_window_are_linked_to_the_contact_that_opened_them(council):
    window_start = ON - timedelta(days=7 * CONTACT_WEEKS["demo"] - 1)
    in_window = Referral.objects.filter(referral_date__gte=window_start)
    assert in_window.exists()
    for referral in in_window.select_related("contact__decision"):
        contact = referral.contact
        assert contact is not None, referral
        assert local_day(contact.received_at) == referral.referral_date
        assert contact.contact_children.filter(child_id=referral.child_id).exists()
        assert contact.decision.outcome in OPENS_REFERRAL
        assert contact.source == referral.source
    assert not Referral.objects.filter(referral_date__lt=window_start, contact__isnull=False).exists()


def test_the_front_door_is_on_each_childs_chronology(council):
    events = ChronologyEvent.objects
    links = ContactChild.objects.count()
    assert events.filter(kind=EventKind.CONTACT_RECEIVED).count() == links
    decided_links = ContactChild.objects.filter(contact__decision__isnull=False).count()
    assert events.filter(kind=EventKind.SCREENING_DECISION).count() >= decided_links
    assert events.filter(kind=EventKind.DECISION_SIGNED_OFF).exists()
    assert events.filter(kind=EventKind.REFERRAL_OPENED).count() == Referral.objects.count()
    assert (
        events.filter(kind=EventKind.REFERRAL_CLOSED).count()
        == Referral.objects.filter(closure_date__isnull=False).count()
    )
    reref = Referral.objects.filter(re_referral=True).first()
    opened = events.get(kind=EventKind.REFERRAL_OPENED, data__referral=reref.pk)
    assert "Re-referral" in opened.summary
    # A child's record exists from the first time the front door heard of them.
    for child in Person.objects.filter(contact_links__isnull=False).distinct()[:50]:
        created = events.get(person=child, kind=EventKind.RECORD_CREATED).at
        first = child.contact_links.order_by("contact__received_at").first().contact.received_at
        assert created <= first


def test_a_purge_removes_the_front_door(council):
    with transaction.atomic():
        purge_council()
        assert not Contact.objects.exists()
        assert not Referral.objects.exists()
        assert not ScreeningDecision.objects.exists()
        transaction.set_rollback(True)
    assert Referral.objects.exists()


def test_the_council_with_every_apps_stage_loads_and_purges_completely(every_stage):
    """The other apps' stages add their records after the front door; --replace removes those too."""
    purge_council()
    seed_council(size="demo", seed=7, on=ON, report=_quiet)
    council_tables = _Purge((Person, Staff, Team, User)).doomed
    filled = {m._meta.app_label for m in council_tables if m._base_manager.exists()}
    present = {name for name, module, function in every_stage if generator.find_hook(module, function)[0]}
    assert filled >= {"people", "workforce", "frontdoor", *present}
    purge_council()
    for model in council_tables:
        assert not model._base_manager.exists(), model


# ---- stage hooks ----------------------------------------------------------------------------------------------


def test_other_apps_stages_run_after_the_front_door_in_order(monkeypatch):
    calls = []

    def fake(name):
        def stage(*, rng, on, holidays):
            calls.append((name, rng.random(), on, date(2025, 12, 25) in holidays, Referral.objects.exists()))
            return {"things": 3}

        module = types.ModuleType(f"fake_seed_{name}")
        setattr(module, f"seed_{name}", stage)
        return module

    for name in ("assessments", "plans", "recording"):
        monkeypatch.setitem(sys.modules, f"carefile.{name}.seed", fake(name))
    monkeypatch.setitem(sys.modules, "carefile.seed.tests.half_written", types.ModuleType("half_written"))
    monkeypatch.setattr(
        generator,
        "STAGE_HOOKS",
        (
            ("assessments", "carefile.assessments.seed", "seed_assessments"),
            ("plans", "carefile.plans.seed", "seed_plans"),
            ("recording", "carefile.recording.seed", "seed_recording"),
            ("missing", "carefile.seed.tests.no_such_module", "seed_missing"),
            ("half", "carefile.seed.tests.half_written", "seed_half"),
        ),
    )
    out = StringIO()
    purge_council()
    seed_council(size="demo", seed=7, on=ON, report=lambda line: out.write(line + "\n"))
    assert [c[0] for c in calls] == ["assessments", "plans", "recording"]
    for name, value, on, has_christmas, referrals in calls:
        assert value == random.Random(f"7-{name}").random()
        assert on == ON and has_christmas and referrals
    text = out.getvalue()
    assert "  plans: 3 things (" in text
    assert "  missing: skipped (carefile.seed.tests.no_such_module does not exist yet)" in text
    assert "  half: skipped (carefile.seed.tests.half_written has no seed_half yet)" in text
    assert text.index("front door:") < text.index("assessments:")


def test_a_stage_whose_module_fails_to_import_for_another_reason_is_not_skipped(monkeypatch, tmp_path):
    (tmp_path / "half_built_seed.py").write_text("import carefile_no_such_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert generator.find_hook("carefile.seed.tests.no_such_module", "seed")[0] is None
    with pytest.raises(ModuleNotFoundError, match="carefile_no_such_dependency"):
        generator.find_hook("half_built_seed", "seed")
