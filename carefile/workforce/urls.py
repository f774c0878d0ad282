from django.urls import path

from . import views

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:team_id>/", views.team_detail, name="team"),
    path("people/<int:person_id>/allocate/", views.allocate, name="allocate"),
]
