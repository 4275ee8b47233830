"""Factories for treatments, trials, patients' outcome reports and their photos."""

import factory
from django.utils import timezone

from consilium.accounts.tests.factories import UserFactory
from consilium.outcomes.models import OutcomePhoto, OutcomeReport, PhotoKind, Trial, WorthIt
from consilium.qa.tests.factories import QuestionFactory
from consilium.topics.models import Topic, TopicKind


class TreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"treatment-{n}")
    name = factory.Sequence(lambda n: f"Treatment {n}")
    kind = TopicKind.TREATMENT


class TrialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trial

    question = factory.SubFactory(QuestionFactory)
    patient = factory.SelfAttribute("question.asker")
    topic = factory.SubFactory(TreatmentFactory)
    description = "a red-light mask, ten minutes a day"
    planned_weeks = 8
    started_on = factory.LazyFunction(lambda: timezone.localdate())


class OutcomeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeReport

    patient = factory.SubFactory(UserFactory)
    topic = factory.SubFactory(TreatmentFactory)
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
