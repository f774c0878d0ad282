from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("people/", views.search, name="search"),
    path("people/new/", views.person_new, name="new"),
    path("people/<int:person_id>/", views.detail, name="detail"),
    path("people/<int:person_id>/chronology/", views.chronology, name="chronology"),
    path("people/<int:person_id>/edit/", views.edit, name="edit"),
    path("people/<int:person_id>/addresses/new/", views.address_new, name="address_new"),
    path("people/<int:person_id>/relationships/new/", views.relationship_new, name="relationship_new"),
]
