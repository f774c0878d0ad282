from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "carefile.common"
    label = "common"
