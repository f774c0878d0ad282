from django.urls import path

from . import views, views_more

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
    path("people/<int:person_id>/care/health/", views_more.health, name="health"),
    path("people/<int:person_id>/care/health/new/", views_more.health_check_new, name="health_check_new"),
    path("people/<int:person_id>/care/health/sdq/", views_more.sdq_new, name="sdq_new"),
    path("people/<int:person_id>/care/health/year/", views_more.year_outcome, name="year_outcome"),
    path("people/<int:person_id>/care/permanence/", views_more.permanence, name="permanence"),
    path(
        "people/<int:person_id>/care/permanence/plan/",
        views_more.permanence_plan_new,
        name="permanence_plan_new",
    ),
    path(
        "people/<int:person_id>/care/adoption/decision/",
        views_more.adoption_decision_new,
        name="adoption_decision",
    ),
    path(
        "people/<int:person_id>/care/adoption/reversal/",
        views_more.adoption_decision_reverse,
        name="adoption_reversal",
    ),
    path("people/<int:person_id>/care/adoption/match/", views_more.adoption_match_new, name="adoption_match"),
    path(
        "people/<int:person_id>/care/previous-permanence/",
        views_more.previous_permanence,
        name="previous_permanence",
    ),
    path("people/<int:person_id>/leaving-care/", views_more.leaving, name="leaving"),
    path(
        "people/<int:person_id>/leaving-care/adviser/", views_more.personal_adviser, name="personal_adviser"
    ),
    path(
        "people/<int:person_id>/leaving-care/pathway-plan/",
        views_more.pathway_plan_new,
        name="pathway_plan_new",
    ),
    path(
        "people/<int:person_id>/leaving-care/contact/",
        views_more.leaver_contact_new,
        name="leaver_contact_new",
    ),
    path("people/<int:person_id>/care/uasc/", views_more.uasc, name="uasc"),
    # One record, found by its id, then its child through `person_record`.
    path("care/reviews/<int:review_id>/", views.review_detail, name="review"),
    path("care/missing/<int:missing_id>/", views.missing_detail, name="missing"),
    path("care/return-interviews/", views.return_interviews, name="return_interviews"),
]
