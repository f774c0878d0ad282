from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "carefile.protection"
    label = "protection"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.protection.extensions"):
            from . import extensions  # noqa: F401
