"""Factories for doctor profiles."""

import factory

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import DoctorProfile, VerificationStatus


class DoctorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DoctorProfile

    user = factory.SubFactory(UserFactory, role=Role.DOCTOR)
    slug = factory.Sequence(lambda n: f"dr-example-{n}")
    display_name = factory.Sequence(lambda n: f"Dr. Example {n}")
    specialty = "Dermatology"
    board_certification = "American Board of Dermatology"
    licence_number = factory.Sequence(lambda n: f"NY-{100000 + n}")
    jurisdiction = "New York, US"
    verification_status = VerificationStatus.VERIFIED
