from django.urls import path

from . import views

app_name = "recording"
urlpatterns = [
    path("people/<int:person_id>/visits-and-notes/", views.records, name="records"),
    path("people/<int:person_id>/visits/new/", views.visit_new, name="visit_new"),
    path("people/<int:person_id>/notes/new/", views.note_new, name="note_new"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit"),
    path("notes/autosave/", views.note_autosave, name="note_autosave"),
    path("notes/<int:note_id>/", views.note_detail, name="note"),
    path("notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path(
        "visits/<int:record_id>/corrections/new/",
        views.correction_new,
        {"kind": "visit"},
        name="visit_correct",
    ),
    path(
        "notes/<int:record_id>/corrections/new/", views.correction_new, {"kind": "note"}, name="note_correct"
    ),
    path(
        "visits/<int:record_id>/significant/", views.significance, {"kind": "visit"}, name="visit_significant"
    ),
    path("notes/<int:record_id>/significant/", views.significance, {"kind": "note"}, name="note_significant"),
]
