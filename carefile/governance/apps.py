from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "carefile.governance"
    label = "governance"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.governance.extensions"):
            from . import extensions  # noqa: F401
