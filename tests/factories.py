"""factory_boy factories shared by every test package."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from lms.accounts.models import ConsentRecord, Profile, Territory
from lms.roles import PROGRAMME_COORDINATOR_GROUP, Role, territory_group_name

User = get_user_model()

PASSWORD = "correct-horse-battery"


def _role(default: Role | None):
    """A post-generation hook adding the user to a role group (``role=...`` overrides)."""

    def add(user, create, extracted, **kwargs):
        role = extracted or default
        if create and role:
            user.groups.add(Group.objects.get(name=role))

    return factory.PostGeneration(add)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}@example.org")
    email = factory.LazyAttribute(lambda o: o.username)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    role = _role(None)

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            self.save()
            Profile.objects.get_or_create(
                user=self,
                defaults={
                    "display_name": f"{self.first_name} {self.last_name}",
                    # The name certificates print (``certificate_name=False``: not given yet).
                    **(
                        {}
                        if kwargs.get("certificate_name") is False
                        else {
                            "certificate_given_name": self.first_name,
                            "certificate_family_name": self.last_name,
                        }
                    ),
                    "territory": kwargs.get("territory", Territory.BARI),
                    "preferred_language": kwargs.get("preferred_language", "it"),
                },
            )

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        """The required processing consent, as sign-up gives it (``consent=False``: a
        "pending consent" account, as a CSV enrolment leaves it)."""
        if create and extracted is not False:
            ConsentRecord.objects.create(
                user=self,
                purpose=ConsentRecord.Purpose.DATA_PROCESSING,
                text_version="test",
                language="it",
                given_at=timezone.now(),
            )


class TraineeFactory(UserFactory):
    role = _role(Role.TRAINEE)


class TrainerFactory(UserFactory):
    role = _role(Role.TRAINER)


class CoordinatorFactory(UserFactory):
    """A programme coordinator (every territory) unless ``territories=[...]`` names the
    territories they coordinate (``lms.roles.territories_for``)."""

    role = _role(Role.COORDINATOR)

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            names = [PROGRAMME_COORDINATOR_GROUP]
        else:
            names = [territory_group_name(code) for code in extracted]
        self.groups.add(*Group.objects.filter(name__in=names))
