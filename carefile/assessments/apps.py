from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "carefile.assessments"
    label = "assessments"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.assessments.extensions"):
            from . import extensions  # noqa: F401
