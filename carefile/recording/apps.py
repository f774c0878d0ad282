from django.apps import AppConfig


class RecordingConfig(AppConfig):
    name = "carefile.recording"
    label = "recording"

    def ready(self):
        from importlib.util import find_spec

        # extensions.py registers this app's chronology kinds, child-page panels, clocks and closure checks.
        if find_spec("carefile.recording.extensions"):
            from . import extensions  # noqa: F401
