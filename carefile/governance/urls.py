from django.urls import path

from .views import access_log, break_glass, index, retention, subject_access, unusual_access

app_name = "governance"
urlpatterns = [
    path("governance/", index.index, name="index"),
    path("alerts/", break_glass.alerts, name="alerts"),
    path("break-glass/", break_glass.open_restricted, name="break_glass"),
    # Child-scoped, through `person_record`.
    path("people/<int:person_id>/viewed-by/", access_log.viewed_by, name="viewed_by"),
    path("governance/unusual-access/", unusual_access.unusual_access, name="unusual_access"),
    path("governance/subject-access/", subject_access.requests, name="sar_list"),
    path("governance/subject-access/new/", subject_access.request_new, name="sar_new"),
    # One request: found by its id, then its child through `person_record`.
    path("governance/subject-access/<int:request_id>/", subject_access.preview, name="sar_preview"),
    path("governance/subject-access/<int:request_id>/record.pdf", subject_access.pdf, name="sar_pdf"),
    path("governance/retention/", retention.preview, name="retention"),
    path(
        "governance/retention/proposals/<int:proposal_id>/",
        retention.proposal_detail,
        name="disposal_proposal",
    ),
    path("governance/retention/holds/", retention.holds, name="legal_holds"),
    path(
        "governance/retention/holds/<int:hold_id>/release/", retention.hold_release, name="legal_hold_release"
    ),
    path("governance/retention/disposed/", retention.disposed, name="disposed"),
]
