"""Legal planning through to the final order, and what the final order does to a looked-after child's care."""

from datetime import date

import pytest

from carefile.care.models import Episode, PeriodOfCare
from carefile.common.models import ChronologyEvent
from carefile.legal import services
from carefile.legal.models import CareProceedings, LegalEvent, PreProceedings, PreProceedingsOutcome
from carefile.legal.services import LegalError, PreProceedingsSteps

from .conftest import NOW, into_care

pytestmark = pytest.mark.django_db


def meeting(child, by, decision="pre_proceedings", held_on=date(2026, 1, 12)):
    return services.record_meeting(
        child=child,
        held_on=held_on,
        attendees="Team manager, social worker, council solicitor",
        legal_advice="Threshold met on neglect",
        decision=decision,
        rationale="Neglect persists despite the child protection plan",
        by=by,
        at=NOW,
    )


def issue(child, by, on=date(2026, 3, 2)):
    return services.issue_proceedings(
        child=child,
        application_on=on,
        court="Family Court at Hereford",
        case_number="HR26C00012",
        judge="",
        by=by,
        at=NOW,
    )


def test_a_meeting_deciding_pre_proceedings_starts_them_on_its_date_and_goes_on_the_chronology(
    child, manager
):
    m = meeting(child, manager)
    pp = PreProceedings.objects.get(child=child)
    assert (pp.started_on, pp.meeting, pp.is_open) == (date(2026, 1, 12), m, True)
    kinds = set(ChronologyEvent.objects.filter(person=child).values_list("kind", flat=True))
    assert {LegalEvent.LEGAL_PLANNING, LegalEvent.PRE_PROCEEDINGS_STARTED} <= kinds


def test_a_meeting_with_another_decision_starts_nothing(child, manager):
    meeting(child, manager, decision="no_legal_action")
    assert not PreProceedings.objects.exists()


def test_a_meeting_needs_its_reasons_and_cannot_be_in_the_future(child, manager):
    with pytest.raises(LegalError, match="reasons"):
        services.record_meeting(
            child=child,
            held_on=date(2026, 1, 12),
            attendees="x",
            legal_advice="y",
            decision="pre_proceedings",
            rationale="  ",
            by=manager,
            at=NOW,
        )
    with pytest.raises(LegalError, match="today or in the past"):
        meeting(child, manager, held_on=date(2026, 6, 2))
    assert not PreProceedings.objects.exists()


def test_steps_are_checked_against_each_other(child, manager, worker):
    meeting(child, manager)
    pp = PreProceedings.objects.get()
    with pytest.raises(LegalError) as error:
        services.update_steps(
            pre_proceedings=pp,
            steps=PreProceedingsSteps(letter_sent_on=date(2026, 1, 20), initial_meeting_on=date(2026, 1, 19)),
            by=worker,
            at=NOW,
        )
    assert error.value.field == "initial_meeting_on"
    with pytest.raises(LegalError) as error:
        services.update_steps(
            pre_proceedings=pp, steps=PreProceedingsSteps(fgdm_held_on=date(2026, 2, 1)), by=worker, at=NOW
        )
    assert error.value.field == "fgdm_offered_on"
    with pytest.raises(LegalError) as error:
        services.update_steps(
            pre_proceedings=pp, steps=PreProceedingsSteps(letter_sent_on=date(2026, 1, 1)), by=worker, at=NOW
        )
    assert error.value.field == "letter_sent_on"
    services.update_steps(
        pre_proceedings=pp,
        steps=PreProceedingsSteps(
            letter_sent_on=date(2026, 1, 14),
            initial_meeting_on=date(2026, 1, 28),
            fgdm_offered_on=date(2026, 1, 28),
            fgdm_held_on=date(2026, 2, 11),
        ),
        by=worker,
        at=NOW,
    )
    pp.refresh_from_db()
    assert (pp.letter_sent_on, pp.fgdm_held_on) == (date(2026, 1, 14), date(2026, 2, 11))
    assert (
        ChronologyEvent.objects.filter(person=child, kind=LegalEvent.LETTER_BEFORE_PROCEEDINGS).count() == 1
    )


def test_issuing_proceedings_steps_up_the_running_pre_proceedings_on_the_application_date(
    child, manager, worker
):
    meeting(child, manager)
    proceedings = issue(child, worker)
    pp = PreProceedings.objects.get()
    assert (pp.outcome, pp.outcome_on) == (PreProceedingsOutcome.STEP_UP, date(2026, 3, 2))
    assert proceedings.pre_proceedings == pp
    with pytest.raises(LegalError, match="already running"):
        issue(child, worker, on=date(2026, 3, 3))


def test_a_hearing_cannot_be_listed_on_a_bank_holiday_or_a_weekend(child, worker):
    proceedings = issue(child, worker)
    with pytest.raises(LegalError, match="bank holiday") as error:
        services.record_hearing(
            proceedings=proceedings, kind="first", on=date(2026, 4, 6), outcome="", by=worker, at=NOW
        )  # Easter Monday 2026
    assert error.value.field == "on"
    with pytest.raises(LegalError, match="weekend"):
        services.record_hearing(
            proceedings=proceedings, kind="first", on=date(2026, 3, 7), outcome="", by=worker, at=NOW
        )
    services.record_hearing(
        proceedings=proceedings, kind="first", on=date(2026, 4, 7), outcome="Directions", by=worker, at=NOW
    )
    with pytest.raises(LegalError, match="no outcome yet"):
        services.record_hearing(
            proceedings=proceedings, kind="irh", on=date(2026, 7, 7), outcome="Agreed", by=worker, at=NOW
        )
    assert proceedings.hearings.count() == 1


def test_an_interim_care_order_for_a_child_looked_after_under_section_20_makes_them_c1(child, worker):
    into_care(child, worker, on=date(2026, 2, 2), legal_status="V2")
    proceedings = issue(child, worker)
    services.record_interim_order(
        proceedings=proceedings, kind="ico", made_on=date(2026, 3, 4), ends_on=None, by=worker, at=NOW
    )
    episodes = list(
        Episode.objects.filter(child=child).order_by("start").values_list("legal_status", "start", "end")
    )
    assert episodes == [("V2", date(2026, 2, 2), date(2026, 3, 4)), ("C1", date(2026, 3, 4), None)]


def test_a_care_order_becomes_the_looked_after_childs_legal_status(child, worker):
    into_care(child, worker, on=date(2026, 2, 2), legal_status="C1")
    proceedings = issue(child, worker)
    services.record_final_order(
        proceedings=proceedings, order="care_order", on=date(2026, 5, 20), by=worker, at=NOW
    )
    current = Episode.objects.get(child=child, end__isnull=True)
    assert (current.legal_status, current.start, current.new_episode_reason) == ("C2", date(2026, 5, 20), "L")
    proceedings.refresh_from_db()
    assert (proceedings.final_order, proceedings.is_open) == ("care_order", False)


def test_a_special_guardianship_order_ends_care_with_its_reason_for_ssda903(child, worker):
    into_care(child, worker, on=date(2026, 2, 2), legal_status="C1")
    proceedings = issue(child, worker)
    services.record_final_order(
        proceedings=proceedings,
        order="special_guardianship",
        on=date(2026, 5, 20),
        reason_ceased="E47",
        by=worker,
        at=NOW,
    )
    period = PeriodOfCare.objects.get(child=child)
    assert period.end == date(2026, 5, 20)
    last = Episode.objects.get(child=child)
    assert (last.end, last.reason_ceased) == (date(2026, 5, 20), "E47")


def test_an_order_that_ends_care_needs_a_matching_reason_and_saves_nothing_without_one(child, worker):
    into_care(child, worker, on=date(2026, 2, 2), legal_status="C1")
    proceedings = issue(child, worker)
    for reason in ("", "E41"):
        with pytest.raises(LegalError) as error:
            services.record_final_order(
                proceedings=proceedings,
                order="special_guardianship",
                on=date(2026, 5, 20),
                reason_ceased=reason,
                by=worker,
                at=NOW,
            )
        assert error.value.field == "reason_ceased"
    assert CareProceedings.objects.get().is_open
    assert PeriodOfCare.objects.get(child=child).end is None


def test_a_final_order_for_a_child_not_looked_after_changes_no_care_record(child, worker):
    proceedings = issue(child, worker)
    with pytest.raises(LegalError, match="not looked after"):
        services.record_final_order(
            proceedings=proceedings,
            order="supervision_order",
            on=date(2026, 5, 20),
            reason_ceased="E4A",
            by=worker,
            at=NOW,
        )
    services.record_final_order(
        proceedings=proceedings, order="supervision_order", on=date(2026, 5, 20), by=worker, at=NOW
    )
    assert not PeriodOfCare.objects.filter(child=child).exists()
    assert ChronologyEvent.objects.filter(person=child, kind=LegalEvent.FINAL_ORDER).count() == 1
