"""Conferences: the conference page, booking, transfer-in and recording the decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.deadlines import deadline_status
from carefile.common.permissions import require
from carefile.governance import concurrency
from carefile.people.decorators import person_record
from carefile.workforce.models import Staff

from .. import selectors, services
from ..codes import NO_CONFERENCE_OUTCOMES, ConferenceKind
from ..forms import (
    ConferenceRecordForm,
    ConferenceScheduleForm,
    TransferInForm,
)
from ..models import Conference
from ..services import Invitee, ProtectionError
from .common import (
    _chairs,
    _form_page,
    _id,
    _index_url,
    _not_a_child,
    _nothing,
    _open_episode,
)

# Conferences --------------------------------------------------------------------------------------------


@person_record
def conference(request, person):
    require(request, "protection.view")
    conference = selectors.conference_for(person, _id(request, "conference"))
    if conference is None:
        return _nothing(
            request,
            person,
            title="Child protection conferences",
            message=f"{person.full_name} has no child protection conference booked or held. An initial conference "
            "follows a section 47 enquiry that finds one is needed.",
        )
    today, holidays = clock.today(), holiday_calendar()
    settings = selectors.protection_settings()
    return render(
        request,
        "protection/conference.html",
        {
            "person": person,
            "conference": conference,
            "invitees": list(conference.invitees.all()),
            "state": deadline_status(
                due=conference.target_date,
                today=today,
                amber_within=settings.icpc_amber_within,
                holidays=holidays,
            )
            if conference.held_on is None
            else deadline_status(
                due=conference.target_date, today=today, done_on=conference.held_on, holidays=holidays
            ),
            "started_plan": getattr(conference, "started_plan", None) if conference.held_on else None,
            "can_schedule": conference.held_on is None
            and request.user.has_perm("protection.schedule_conference"),
            "can_record": conference.held_on is None and request.user.has_perm("protection.chair_conference"),
            "back_url": _index_url(person),
        },
    )


def _schedulable(request, person):
    """(conference to re-book or None, what to book: "initial"/"review"/"transfer_in", the enquiry or plan)."""
    conference_id = _id(request, "conference")
    if conference_id is not None:
        conference = selectors.conference_for(person, conference_id)
        if conference is None or conference.held_on is not None:
            return None, None, None
        return conference, conference.kind, conference.enquiry or conference.cp_plan
    wanted = request.GET.get("for", "")
    enquiry = services.enquiry_in_progress(person)
    plan = selectors.current_cp_plan(person)
    if (
        wanted in ("", ConferenceKind.INITIAL)
        and enquiry is not None
        and enquiry.outcome not in NO_CONFERENCE_OUTCOMES
    ):
        existing = selectors.initial_conference(enquiry)
        if existing is None or existing.held_on is None:
            return existing, ConferenceKind.INITIAL, enquiry
    if wanted in ("", ConferenceKind.REVIEW) and plan is not None:
        booked = plan.review_conferences.filter(kind=ConferenceKind.REVIEW, held_on__isnull=True).first()
        return booked, ConferenceKind.REVIEW, plan
    if wanted in ("", ConferenceKind.TRANSFER_IN):
        transfer = (
            person.cp_conferences.filter(kind=ConferenceKind.TRANSFER_IN, held_on__isnull=True)
            .order_by("-id")
            .first()
        )
        if transfer is not None:
            return transfer, ConferenceKind.TRANSFER_IN, None
    return None, None, None


def _booking_state(conference) -> dict:
    """What the booking form edits, as stored: its version for optimistic concurrency (docs/adr/0006)."""
    local = conference.scheduled_at.astimezone()
    state = {
        "day": local.date(),
        "start_time": local.strftime("%H:%M"),
        "venue": conference.venue,
        "chair": conference.chair_id,
    }
    for n, invitee in enumerate(conference.invitees.order_by("id"), start=1):
        state.update(
            {
                f"invitee{n}_name": invitee.name,
                f"invitee{n}_role": invitee.role,
                f"invitee{n}_detail": invitee.detail,
            }
        )
    return state


@person_record
@require_http_methods(["GET", "POST"])
def conference_schedule(request, person):
    require(request, "protection.schedule_conference")
    conference, kind, subject = _schedulable(request, person)
    if kind is None:
        return _nothing(
            request,
            person,
            title="Book a child protection conference",
            message=f"There is no conference to book for {person.full_name}: an initial conference follows a "
            "section 47 enquiry, a review conference belongs to a child protection plan, and a transfer-in "
            "conference to a child who has moved here on another council's plan.",
        )
    holidays = holiday_calendar()
    if kind == ConferenceKind.INITIAL:
        target, earliest = subject.icpc_target, subject.start_date
        earliest_message = f"The conference cannot be before the section 47 enquiry started on {services.say_date(subject.start_date)}"
    elif kind == ConferenceKind.REVIEW:
        target = (
            conference.target_date if conference else services.next_review_due(subject, holidays=holidays)
        )
        earliest = None
        earliest_message = ""
    else:
        target, earliest, earliest_message = conference.target_date, None, ""
    rebooking = conference is not None and conference.scheduled_at is not None
    initial = _booking_state(conference) if rebooking else {}
    form = ConferenceScheduleForm(
        request.POST if request.method == "POST" else None,
        chairs=_chairs(),
        earliest=earliest,
        earliest_message=earliest_message,
        initial=initial,
    )
    if rebooking:  # changing a booking someone may be changing too (docs/adr/0006)
        concurrency.add_version_field(form, concurrency.version_of(initial))
    conflicts, stale = [], False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chair = Staff.objects.filter(pk=data["chair"]).first() if data["chair"] else None
        invitees = [Invitee(r["name"], r["role"], r["detail"]) for r in form.row_values("invitee")]
        common = dict(
            by=request.user.staff,
            at=clock.now(),
            scheduled_at=data["scheduled_at"],
            chair=chair,
            invitees=invitees,
            venue=data["venue"],
        )

        def book(_locked=None):
            if kind == ConferenceKind.INITIAL:
                return services.initial_conference_schedule(enquiry=subject, **common)
            if kind == ConferenceKind.REVIEW:
                return services.review_conference_schedule(cp_plan=subject, holidays=holidays, **common)
            return services.transfer_in_conference_schedule(
                child=person,
                holidays=holidays,
                notified_on=conference.notified_on,
                transfer_from=conference.transfer_from,
                **common,
            )

        try:
            if rebooking:
                booked = concurrency.save_if_current(
                    model=Conference,
                    pk=conference.pk,
                    version=data[concurrency.VERSION_FIELD],
                    state=_booking_state,
                    save=book,
                )
            else:
                booked = book()
        except concurrency.StaleEdit as error:
            stale = True
            yours = {k: v for k, v in data.items() if k in error.saved}
            conflicts = concurrency.show_conflict(form, saved=error.saved, version=error.version, yours=yours)
        except ProtectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{booked.get_kind_display()} booked for {services.say_date(data['day'])}"
                + (
                    f": that is after the date it is due, {services.say_date(booked.target_date)}"
                    if data["day"] > booked.target_date
                    else f", within the date it is due, {services.say_date(booked.target_date)}"
                ),
            )
            return redirect(reverse("protection:conference", args=[person.pk]) + f"?conference={booked.pk}")
    return render(
        request,
        "protection/conference_schedule.html",
        {
            "person": person,
            "form": form,
            "kind_label": ConferenceKind(kind).label,
            "target": target,
            "invitees": form.rows("invitee"),
            "rebooking": rebooking,
            "conflicts": conflicts,
            "stale": stale,
            "back_url": _index_url(person),
        },
    )


@person_record
@require_http_methods(["GET", "POST"])
def transfer_in(request, person):
    require(request, "protection.schedule_conference")
    if not person.is_child:
        return _not_a_child(request, person, "A child moving here on a child protection plan")
    if _open_episode(person) is None:
        return _nothing(
            request,
            person,
            title="A child moving here on a child protection plan",
            message=f"{person.full_name} has no open referral. Record the other council's contact and open a "
            "referral first: the transfer-in conference belongs to that episode of need.",
        )
    if selectors.current_cp_plan(person) is not None:
        return _nothing(
            request,
            person,
            title="A child moving here on a child protection plan",
            message=f"{person.full_name} is already on a child protection plan here.",
        )
    form = TransferInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booked = services.transfer_in_conference_schedule(
                child=person,
                by=request.user.staff,
                at=clock.now(),
                holidays=holiday_calendar(),
                notified_on=form.cleaned_data["notified_on"],
                transfer_from=form.cleaned_data["transfer_from"],
            )
        except ProtectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Transfer-in recorded: the conference is due by {services.say_date(booked.target_date)}",
            )
            return redirect(
                reverse("protection:conference_schedule", args=[person.pk]) + f"?conference={booked.pk}"
            )
    return _form_page(
        request,
        person,
        form,
        title="A child moving here on a child protection plan",
        intro="When a child on another council's child protection plan moves here, a transfer-in conference "
        "decides whether they need a plan here. It is due within 15 working days of being told.",
        submit="Continue",
    )


@person_record
@require_http_methods(["GET", "POST"])
def conference_record(request, person):
    require(request, "protection.view")
    conference = selectors.conference_for(person, _id(request, "conference"))
    if conference is None or conference.held_on is not None:
        return _nothing(
            request,
            person,
            title="Record a conference",
            message=f"{person.full_name} has no child protection conference waiting to be recorded.",
        )
    if not request.user.has_perm("protection.chair_conference"):
        if request.method == "POST":
            raise PermissionDenied
        return _nothing(
            request,
            person,
            title="Record a conference",
            message="A conference's decision is recorded by its chair (an independent reviewing officer) or a manager.",
        )
    review = conference.kind == ConferenceKind.REVIEW
    invitees = list(conference.invitees.all())
    initial = {"held_on": conference.scheduled_at.astimezone().date()} if conference.scheduled_at else {}
    if review and conference.cp_plan_id:
        initial["category"] = conference.cp_plan.latest_category
    form = ConferenceRecordForm(
        request.POST if request.method == "POST" else None,
        review=review,
        invitees=invitees,
        transfer_in=conference.kind == ConferenceKind.TRANSFER_IN,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holidays = holiday_calendar()
        common = dict(
            conference=conference,
            by=request.user.staff,
            at=clock.now(),
            holidays=holidays,
            held_on=data["held_on"],
            decision=data["decision"],
            child_views=data["child_views"],
            summary=data["summary"],
            category=data["category"],
            attendance=data["attendance"],
        )
        try:
            if review:
                services.review_conference_record(
                    **common, end_reason=data.get("end_reason") or "", end_notes=data.get("end_notes") or ""
                )
            else:
                services.initial_conference_record(
                    **common, previous_plans_elsewhere=data.get("previous_plans_elsewhere") or 0
                )
        except ProtectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Conference recorded")
            if data["decision"] == "plan":
                return redirect("protection:plan", person_id=person.pk)
            return redirect(
                reverse("protection:conference", args=[person.pk]) + f"?conference={conference.pk}"
            )
    return _form_page(
        request,
        person,
        form,
        title=f"Record the {conference.get_kind_display().lower()}",
        caption=f"Due by {services.say_date(conference.target_date)}",
        submit="Record the conference",
        back_url=reverse("protection:conference", args=[person.pk]) + f"?conference={conference.pk}",
    )
