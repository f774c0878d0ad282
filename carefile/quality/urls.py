from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("quality/", views.index, name="index"),
    path("services/", views.waiting_list, name="waiting_list"),
    path("people/<int:person_id>/services/", views.child_services, name="child_services"),
    path("people/<int:person_id>/services/new/", views.service_new, name="service_new"),
    path(
        "people/<int:person_id>/services/approve/",
        views.service_approve,
        name="service_approve",
    ),
    path("people/<int:person_id>/services/start/", views.service_start, name="service_start"),
    path("people/<int:person_id>/services/end/", views.service_end, name="service_end"),
    path("audits/", views.audits, name="audits"),
    path("audits/new/", views.audit_round_new, name="audit_round_new"),
    path("audits/results/", views.audit_results, name="audit_results"),
    path("audits/<int:round_id>/", views.audit_round, name="audit_round"),
    path("people/<int:person_id>/audits/", views.audit_detail, name="audit"),
    path("people/<int:person_id>/audits/grade/", views.audit_grade, name="audit_grade"),
    path("people/<int:person_id>/audits/moderate/", views.audit_moderate, name="audit_moderate"),
    path(
        "people/<int:person_id>/audits/actions/new/",
        views.audit_action_new,
        name="audit_action_new",
    ),
    path(
        "people/<int:person_id>/audits/actions/done/",
        views.audit_action_done,
        name="audit_action_done",
    ),
    path("improvement-plan/", views.plan, name="plan"),
    path("improvement-plan/recommendations/new/", views.recommendation_new, name="recommendation_new"),
    path(
        "improvement-plan/recommendations/<int:recommendation_id>/actions/new/",
        views.plan_action_new,
        name="plan_action_new",
    ),
    path("improvement-plan/actions/<int:action_id>/", views.plan_action_edit, name="plan_action_edit"),
]
