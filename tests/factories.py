"""factory_boy factories shared by every test package."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lms.accounts.models import Profile, Territory
from lms.roles import Role

User = get_user_model()

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}@example.org")
    email = factory.LazyAttribute(lambda o: o.username)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            Profile.objects.get_or_create(
                user=self,
                defaults={
                    "display_name": f"{self.first_name} {self.last_name}",
                    "territory": kwargs.get("territory", Territory.BARI),
                    "preferred_language": kwargs.get("preferred_language", "it"),
                },
            )


class TraineeFactory(UserFactory):
    role = Role.TRAINEE


class TrainerFactory(UserFactory):
    role = Role.TRAINER


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
