from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("people/<int:person_id>/plans/", views.index, name="index"),
    path("people/<int:person_id>/plans/start/", views.start, name="start"),
    path("people/<int:person_id>/plans/details/", views.details, name="details"),
    path("people/<int:person_id>/plans/outcome/", views.outcome, name="outcome"),
    path("people/<int:person_id>/plans/action/", views.action, name="action"),
    path("people/<int:person_id>/plans/discard/", views.discard, name="discard"),
    path("people/<int:person_id>/plans/finalise/", views.finalise, name="finalise"),
    path("people/<int:person_id>/plans/progress/", views.action_status, name="action_status"),
    path("people/<int:person_id>/plans/review/", views.review, name="review"),
    path("people/<int:person_id>/plans/correction/", views.correction, name="correction"),
    path("people/<int:person_id>/plans/end/", views.end, name="end"),
    path("people/<int:person_id>/plans/plan.pdf", views.pdf, name="pdf"),
]
