from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "carefile.returns"
    label = "returns"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.returns.extensions"):
            from . import extensions  # noqa: F401
