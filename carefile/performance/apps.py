from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "carefile.performance"
    label = "performance"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.performance.extensions"):
            from . import extensions  # noqa: F401
