from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("carefile.common.urls")),
    path("", include("carefile.workforce.urls")),
    path("", include("carefile.people.urls")),
    path("", include("carefile.frontdoor.urls")),
    path("", include("carefile.assessments.urls")),
    path("", include("carefile.recording.urls")),
    path("", include("carefile.plans.urls")),
    path("", include("carefile.protection.urls")),
    path("", include("carefile.care.urls")),
    path("", include("carefile.governance.urls")),
    path("", include("carefile.returns.urls")),
    path("", include("carefile.performance.urls")),
    path("", include("carefile.oversight.urls")),
    path("", include("carefile.quality.urls")),
    path("", include("carefile.legal.urls")),
    path("django-admin/", admin.site.urls),
]
