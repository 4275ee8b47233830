"""Factories for patients' outcome reports and their photos."""

import factory

from consilium.accounts.tests.factories import UserFactory
from consilium.outcomes.models import OutcomePhoto, OutcomeReport, PhotoKind, WorthIt


class OutcomeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeReport

    patient = factory.SubFactory(UserFactory)
    weeks = 12
    worth_it = WorthIt.NOT_SURE
    rating = 3
    text = "Three months in, a small change I can see in photos but not in the mirror."


class OutcomePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomePhoto

    report = factory.SubFactory(OutcomeReportFactory)
    kind = PhotoKind.AFTER
    name = factory.Sequence(lambda n: f"{n:032x}.jpg")
    width = 640
    height = 480
