from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "carefile.quality"
    label = "quality"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.quality.extensions"):
            from . import extensions  # noqa: F401
