from django.urls import path

from . import views

app_name = "performance"
urlpatterns = [
    path("performance/", views.index, name="index"),
    path("performance/team/<int:team_id>/", views.team, name="team"),
    path("performance/targets/", views.target_list, name="targets"),
    path("performance/<slug:key>/children/", views.children, name="children"),
]
