"""Factories for questions and answers."""

import factory
from django.utils import timezone

from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Answer, Question, Verdict


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    title = factory.Sequence(lambda n: f"Does treatment number {n} work for fine lines?")
    body = "I am 40 and wondering whether it is worth the money."
    asker = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    doctor = factory.SubFactory(DoctorFactory)
    title = factory.Sequence(lambda n: f"Answer headline {n}")
    body = "It can help a little, but sunscreen and a retinoid do more for most people."
    verdict = Verdict.DEPENDS
    position = factory.Sequence(lambda n: n)
    created_at = factory.LazyFunction(timezone.now)
