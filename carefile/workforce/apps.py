from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "carefile.workforce"
    label = "workforce"
