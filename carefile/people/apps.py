from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carefile.people"
    label = "people"
