from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("returns/data-quality/", views.data_quality_page, name="data_quality"),
    path("returns/data-quality/refresh/", views.data_quality_refresh, name="data_quality_refresh"),
]
