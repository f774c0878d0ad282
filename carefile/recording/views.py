"""Pages for visits, case notes, corrections and the child's voice.

Pages under /people/<person_id>/ go through `person_record`. Pages of one visit or note (/visits/<id>/,
/notes/<id>/) find the child or children the record is about, answer "not found" if the user may not see
every one of them, and write an access-log row for each, as the front door does for contacts.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from carefile.common import clock
from carefile.common.audit import access_record
from carefile.common.permissions import require
from carefile.people.decorators import person_record
from carefile.people.models import CaseStatus, Person, PersonKind

from . import selectors, services
from .forms import CorrectionForm, NoteForm, RecordsFilterForm, VisitForm
from .models import VISIT_TYPE_FOR_STATUS, CaseNote, Place, Visit


def _staff(request):
    staff = getattr(request.user, "staff", None)
    if staff is None:
        raise PermissionDenied
    return staff


def _child_only(person: Person) -> None:
    if person.kind != PersonKind.CHILD:
        raise Http404("Visits and case notes are recorded on children's records")


def _log_access(request, children, view_name: str) -> None:
    now = clock.now()
    for child in children:
        access_record(user=request.user, person=child, at=now, view_name=view_name, path=request.path)


def _add_errors(form, error: services.RecordingError) -> None:
    if error.errors:
        for field, message in error.errors.items():
            form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, str(error))


# ---- visits --------------------------------------------------------------------------------------------


@person_record
@require_http_methods(["GET", "POST"])
def visit_new(request, person):
    _child_only(person)
    require(request, "recording.record_visit", person)
    staff = _staff(request)
    now = clock.now()
    local = timezone.localtime(now)
    initial = {
        "visit_date": local.date(),
        "visit_time": local.strftime("%H:%M"),
        "visit_type": VISIT_TYPE_FOR_STATUS.get(person.case_status, ""),
        "place": Place.PLACEMENT if person.case_status == CaseStatus.LOOKED_AFTER else Place.HOME,
    }
    form = VisitForm(
        request.POST if request.method == "POST" else None, child=person, now=now, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_record(
                child=person,
                by=staff,
                at=now,
                visited_at=data["visited_at"],
                visit_type=data["visit_type"],
                place=data["place"],
                place_detail=data["place_detail"],
                child_seen=data["child_seen"],
                seen_alone=data["seen_alone"],
                reason_not_seen=data["reason_not_seen"],
                others_present=data["others_present"],
                observations=data["observations"],
                words=data["words"],
                communication=data["communication"],
                significant=data["significant"],
            )
        except services.RecordingError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Visit to {person.full_name} recorded")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "recording/visit_form.html", {"form": form, "person": person})


def _visit_for(request, visit_id: int) -> Visit:
    visit = Visit.objects.select_related("child", "recorded_by").filter(pk=visit_id).first()
    if visit is None or not Person.objects.visible_to(request.user).filter(pk=visit.child_id).exists():
        raise Http404("No such visit")
    require(request, "recording.read_records", visit.child)
    return visit


def visit_detail(request, visit_id: int):
    visit = _visit_for(request, visit_id)
    _log_access(request, [visit.child], "recording:visit")
    return render(
        request,
        "recording/visit_detail.html",
        {
            "visit": visit,
            "person": visit.child,
            "corrections": list(visit.corrections.select_related("by")),
            "significant": selectors.is_significant(visit),
            "can_correct": request.user.has_perm("recording.correct_record"),
            "can_mark": request.user.has_perm("recording.mark_significant"),
        },
    )


# ---- notes ---------------------------------------------------------------------------------------------


def _note_page(request, child: Person, note: CaseNote | None):
    """Write or continue a draft note: save the draft, finalise it or discard it."""
    staff = _staff(request)
    now = clock.now()
    siblings = selectors.filing_candidates(child=child, user=request.user)
    management = request.user.has_perm("recording.write_management_note")
    action = request.POST.get("action", "draft")
    if request.method == "POST" and action == "discard" and note is not None:
        services.note_discard(note=note, by=staff, at=now)
        messages.success(request, "Draft note deleted")
        return redirect("people:detail", person_id=child.pk)
    if note is not None:
        initial = {
            "note_id": note.pk,
            "note_type": note.note_type,
            "happened_on": note.happened_on,
            "subject": note.subject,
            "body": note.body,
            "also_for": [str(pk) for pk in note.also_for],
            "significant": note.significant,
        }
    else:
        initial = {"happened_on": timezone.localtime(now).date()}
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        child=child,
        now=now,
        siblings=siblings,
        finalising=action == "finalise",
        management=management,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_draft_save(
                note=note, child=child, by=staff, at=now, allowed_also_for=siblings, **form.draft_values()
            )
            if action == "finalise":
                services.note_finalise(note=note, by=staff, at=now, may_write_management_notes=management)
        except services.RecordingError as error:
            _add_errors(form, error)
        else:
            if action == "finalise":
                filed = len(note.also_for) + 1
                messages.success(
                    request,
                    "Case note finalised"
                    + (f" and filed to {filed} children's records" if filed > 1 else ""),
                )
                return redirect("people:detail", person_id=child.pk)
            messages.success(request, "Draft saved")
            return redirect("recording:note_edit", note_id=note.pk)
    return render(
        request,
        "recording/note_form.html",
        {
            "form": form,
            "person": child,
            "note": note,
            "autosave_key": f"{request.user.pk}:{note.pk if note else f'new-{child.pk}'}",
            "updated_at": int(note.updated_at.timestamp() * 1000) if note else 0,
        },
    )


def _own_draft(request, note_id) -> CaseNote | None:
    staff = _staff(request)
    try:
        note_id = int(note_id)
    except (TypeError, ValueError):
        return None
    return CaseNote.objects.drafts().filter(pk=note_id, author=staff).select_related("child").first()


@person_record
@require_http_methods(["GET", "POST"])
def note_new(request, person):
    _child_only(person)
    require(request, "recording.write_note", person)
    note = None
    if request.method == "POST" and request.POST.get("note_id"):
        # The autosave made the draft already: carry on with it.
        note = _own_draft(request, request.POST["note_id"])
        if note is None or note.child_id != person.pk:
            raise Http404("No such draft")
    return _note_page(request, person, note)


@require_http_methods(["GET", "POST"])
def note_edit(request, note_id: int):
    note = CaseNote.objects.select_related("child").filter(pk=note_id).first()
    if note is None:
        raise Http404("No such note")
    if note.is_final:
        return redirect("recording:note", note_id=note.pk)
    staff = _staff(request)
    if (
        note.author_id != staff.pk
        or not Person.objects.visible_to(request.user).filter(pk=note.child_id).exists()
    ):
        raise Http404("No such draft")
    require(request, "recording.write_note", note.child)
    _log_access(request, [note.child], "recording:note_edit")
    return _note_page(request, note.child, note)


@require_POST
def note_autosave(request):
    """Save a draft as the author types (JSON). 403 for anyone but the author, 409 once it is final.

    An expired session never reaches here: the sign-in middleware answers with a redirect to the sign-in
    page, the script keeps the unsent text in the browser, and the draft saved so far stays in the database.
    """
    staff = getattr(request.user, "staff", None)
    if staff is None:
        return JsonResponse({"error": "Only members of staff write case notes"}, status=403)
    now = clock.now()
    note = None
    if request.POST.get("note_id"):
        note = CaseNote.objects.select_related("child").filter(pk=request.POST["note_id"]).first()
        if note is None:
            return JsonResponse({"error": "No such draft"}, status=404)
        if note.author_id != staff.pk:
            return JsonResponse({"error": "Only the author of a draft can change it"}, status=403)
        if note.is_final:
            return JsonResponse({"error": "This note has been finalised"}, status=409)
        child = note.child
        if not Person.objects.visible_to(request.user).filter(pk=child.pk).exists():
            return JsonResponse({"error": "No such draft"}, status=404)
    else:
        child = (
            Person.objects.visible_to(request.user)
            .filter(pk=request.POST.get("person_id") or 0, kind=PersonKind.CHILD)
            .first()
            if (request.POST.get("person_id") or "").isdigit()
            else None
        )
        if child is None:
            return JsonResponse({"error": "No such child"}, status=404)
    if not request.user.has_perm("recording.write_note", child):
        return JsonResponse({"error": "You cannot write notes on this record"}, status=403)
    siblings = selectors.filing_candidates(child=child, user=request.user)
    form = NoteForm(
        request.POST,
        child=child,
        now=now,
        siblings=siblings,
        management=request.user.has_perm("recording.write_management_note"),
    )
    form.is_valid()
    values = form.draft_values()
    if note is not None:  # a half-typed date or a bad choice keeps what was saved before
        previous = {
            "note_type": note.note_type,
            "happened_on": note.happened_on,
            "subject": note.subject,
            "also_for": note.also_for,
        }
        values.update({k: v for k, v in previous.items() if k in form.errors})
    note = services.note_draft_save(
        note=note, child=child, by=staff, at=now, allowed_also_for=siblings, **values
    )
    local = timezone.localtime(now)
    return JsonResponse(
        {
            "note_id": note.pk,
            "saved_at": now.isoformat(),
            "saved_label": f"Draft saved at {local:%H:%M}",
            "edit_url": reverse("recording:note_edit", args=[note.pk]),
        }
    )


def _note_for(request, note_id: int, view_name: str) -> tuple[CaseNote, list[Person]]:
    note = CaseNote.objects.select_related("child", "author").filter(pk=note_id).first()
    if note is None:
        raise Http404("No such note")
    staff = getattr(request.user, "staff", None)
    if not note.is_final:
        if staff is None or note.author_id != staff.pk:
            raise Http404("No such note")
        raise _Redirect(reverse("recording:note_edit", args=[note.pk]))
    children = list(Person.objects.filter(note_filings__note=note).order_by("date_of_birth", "id"))
    visible = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[c.pk for c in children])
        .values_list("pk", flat=True)
    )
    if len(visible) != len(children):
        raise Http404("No such note")
    require(request, "recording.read_records", note.child)
    _log_access(request, children, view_name)
    return note, children


class _Redirect(Exception):
    def __init__(self, url: str):
        self.url = url


def note_detail(request, note_id: int):
    try:
        note, children = _note_for(request, note_id, "recording:note")
    except _Redirect as go:
        return redirect(go.url)
    return render(
        request,
        "recording/note_detail.html",
        {
            "note": note,
            "person": note.child,
            "children": children,
            "corrections": list(note.corrections.select_related("by")),
            "significant": selectors.is_significant(note),
            "can_correct": request.user.has_perm("recording.correct_record"),
            "can_mark": request.user.has_perm("recording.mark_significant"),
        },
    )


# ---- corrections and significance ----------------------------------------------------------------------


def _record_for(request, kind: str, record_id: int):
    if kind == "visit":
        visit = _visit_for(request, record_id)
        _log_access(request, [visit.child], request.resolver_match.view_name)
        return visit, visit.child, [visit.child]
    try:
        note, children = _note_for(request, record_id, request.resolver_match.view_name)
    except _Redirect:
        raise Http404("A draft is changed by editing it") from None
    return note, note.child, children


@require_http_methods(["GET", "POST"])
def correction_new(request, kind: str, record_id: int):
    record, child, _children = _record_for(request, kind, record_id)
    require(request, "recording.correct_record")
    staff = _staff(request)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_add(record=record, by=staff, at=clock.now(), **form.cleaned_data)
        except services.RecordingError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Correction added")
            return redirect(record.get_absolute_url())
    return render(
        request,
        "recording/correction_form.html",
        {"form": form, "record": record, "kind": kind, "person": child},
    )


@require_POST
def significance(request, kind: str, record_id: int):
    record, _child, _children = _record_for(request, kind, record_id)
    require(request, "recording.mark_significant")
    significant = request.POST.get("significant") == "yes"
    services.significance_set(record=record, by=_staff(request), at=clock.now(), significant=significant)
    messages.success(
        request, "Marked as a significant event" if significant else "No longer marked as a significant event"
    )
    return redirect(record.get_absolute_url())


# ---- a child's visits and notes ------------------------------------------------------------------------


@person_record
def records(request, person):
    _child_only(person)
    require(request, "recording.read_records", person)
    form = RecordsFilterForm(request.GET or None)
    show, significant_only = "", False
    if form.is_valid():
        show, significant_only = form.cleaned_data["show"], form.cleaned_data["significant"]
    rows = selectors.records_for_child(
        child=person, user=request.user, show=show, significant_only=significant_only
    )
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "recording/records.html",
        {
            "person": person,
            "form": form,
            "page": page,
            "rows": selectors.record_rows(page.object_list, child=person),
            "query_string": params.urlencode(),
            "drafts": list(selectors.drafts_for(child=person, staff=getattr(request.user, "staff", None))),
            "summary": selectors.visit_summaries([person.pk]).get(person.pk) or selectors.VisitSummary(),
            "can_record": request.user.has_perm("recording.record_visit", person),
            "can_write": request.user.has_perm("recording.write_note", person),
        },
    )
