from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "carefile.frontdoor"
    label = "frontdoor"

    def ready(self):
        from . import extensions  # noqa: F401  (registers the child-page panel and the screening clock)
