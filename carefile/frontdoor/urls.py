from django.urls import path

from . import views

app_name = "frontdoor"
urlpatterns = [
    path("front-door/", views.index, name="index"),
    path("front-door/contacts/<int:contact_id>/", views.contact_detail, name="contact"),
    path("people/<int:person_id>/contacts/new/", views.contact_new, name="contact_new"),
    path("allocation-queue/", views.queue, name="queue"),
]
