"""factory-boy factories for tests. They build through the ORM; services are called by tests when behaviour matters."""

from datetime import date

import factory
from django.utils import timezone

from carefile.people.models import Person, PersonKind
from carefile.workforce.models import Allocation, AllocationChangeReason, Role, ServiceArea, Staff, Team, User

TEST_PASSWORD = "Correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    service_area = ServiceArea.ASSESSMENT


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory)
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    role = Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    start_date = date(2020, 1, 6)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = PersonKind.CHILD
    la_child_id = factory.Sequence(lambda n: f"T{n:07d}")
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2015, 5, 17)
    sex = "F"
    ethnicity = "WBRI"


class AdultFactory(PersonFactory):
    kind = PersonKind.ADULT
    la_child_id = None
    date_of_birth = date(1988, 2, 1)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(PersonFactory)
    worker = factory.SubFactory(StaffFactory)
    start = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=30))
    reason = AllocationChangeReason.NEW_CASE
