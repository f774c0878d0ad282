from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "carefile.care"
    label = "care"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.care.extensions"):
            from . import extensions  # noqa: F401
