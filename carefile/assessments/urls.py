from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    # Child-scoped: the person's id in the address, through `person_record`.
    path("people/<int:person_id>/assessments/new/", views.start, name="start"),
    path("people/<int:person_id>/episode/close/", views.episode_close, name="episode_close"),
    # One assessment: found by its id, then its child through `person_record` (see `assessment_record`).
    path("assessments/<int:assessment_id>/", views.detail, name="detail"),
    path("assessments/<int:assessment_id>/edit/", views.edit, name="edit"),
    path("assessments/<int:assessment_id>/authorise/", views.authorise, name="authorise"),
    path("assessments/<int:assessment_id>/reviews/new/", views.review_new, name="review"),
    path("assessments/<int:assessment_id>/corrections/new/", views.correction_new, name="correct"),
]
