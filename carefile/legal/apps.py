from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "carefile.legal"
    label = "legal"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.legal.extensions"):
            from . import extensions  # noqa: F401
