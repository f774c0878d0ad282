from django.db import models


class QualityEvent(models.TextChoices):
    """The chronology kinds this app writes (registered in `extensions`)."""

    SERVICE_REQUESTED = "service_requested", "Assessed as needing a service"
    SERVICE_DECIDED = "service_decided", "Service approval decision"
    SERVICE_STARTED = "service_started", "Service started"
    SERVICE_ENDED = "service_ended", "Service ended"
