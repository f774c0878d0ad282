from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    # Child-scoped: the person's id in the address, through `person_record`.
    path("people/<int:person_id>/care/", views.child_care, name="child"),
    path("people/<int:person_id>/care/start/", views.start, name="start"),
    path("people/<int:person_id>/care/move/", views.move, name="move"),
    path("people/<int:person_id>/care/legal-status/", views.legal_status, name="legal_status"),
    path("people/<int:person_id>/care/end/", views.end, name="end"),
    path("people/<int:person_id>/care/short-break/", views.short_break, name="short_break"),
    path("people/<int:person_id>/care/reviews/new/", views.review_new, name="review_new"),
    path("people/<int:person_id>/missing/new/", views.missing_new, name="missing_new"),
    # One record, found by its id, then its child through `person_record`.
    path("care/reviews/<int:review_id>/", views.review_detail, name="review"),
    path("care/missing/<int:missing_id>/", views.missing_detail, name="missing"),
    path("care/return-interviews/", views.return_interviews, name="return_interviews"),
]
