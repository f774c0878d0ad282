from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("people/<int:person_id>/oversight/", views.child_oversight, name="child"),
    path("people/<int:person_id>/oversight/decisions/new/", views.decision_new, name="decision_new"),
    path("oversight/gaps/", views.gaps, name="gaps"),
    path("supervision/", views.compliance, name="compliance"),
    path("supervision/staff/<int:staff_id>/", views.worker_supervision, name="worker"),
    path("supervision/staff/<int:staff_id>/new/", views.supervision_new, name="supervision_new"),
    path("supervision/<int:session_id>/", views.session_detail, name="session"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:action_id>/", views.action_done, name="action_done"),
]
