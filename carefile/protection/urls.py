from django.urls import path

from . import views

app_name = "protection"
urlpatterns = [
    path("people/<int:person_id>/protection/", views.index, name="index"),
    path(
        "people/<int:person_id>/protection/strategy-discussion/new/", views.strategy_new, name="strategy_new"
    ),
    path("people/<int:person_id>/protection/strategy-discussion/", views.strategy, name="strategy"),
    path("people/<int:person_id>/protection/enquiry/", views.enquiry, name="enquiry"),
    path("people/<int:person_id>/protection/conference/", views.conference, name="conference"),
    path(
        "people/<int:person_id>/protection/conference/book/",
        views.conference_schedule,
        name="conference_schedule",
    ),
    path(
        "people/<int:person_id>/protection/conference/record/",
        views.conference_record,
        name="conference_record",
    ),
    path("people/<int:person_id>/protection/transfer-in/", views.transfer_in, name="transfer_in"),
    path("people/<int:person_id>/protection/plan/", views.plan, name="plan"),
    path("people/<int:person_id>/protection/plan/outcome/", views.plan_outcome, name="plan_outcome"),
    path("people/<int:person_id>/protection/plan/action/", views.plan_action, name="plan_action"),
    path("people/<int:person_id>/protection/plan/finalise/", views.plan_finalise, name="plan_finalise"),
    path("people/<int:person_id>/protection/plan/core-group/", views.core_group, name="core_group"),
    path("people/<int:person_id>/protection/plan/end/", views.plan_end, name="plan_end"),
    path("timescales/", views.team_timescales, name="team_timescales"),
]
