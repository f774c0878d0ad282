from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "carefile.plans"
    label = "plans"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.plans.extensions"):
            from . import extensions  # noqa: F401
