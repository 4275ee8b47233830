"""Factories for people."""

import factory

from consilium.accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    handle = factory.Sequence(lambda n: f"calm-otter-{n}")
    role = Role.PATIENT
    password = factory.django.Password("correct horse battery staple")
