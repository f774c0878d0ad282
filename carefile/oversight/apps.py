from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "carefile.oversight"
    label = "oversight"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.oversight.extensions"):
            from . import extensions  # noqa: F401
