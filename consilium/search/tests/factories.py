"""Factories for the search tests: topics with synonyms, and stored consensus rows."""

import factory

from consilium.consensus.models import QuestionConsensus
from consilium.qa.tests.factories import QuestionFactory
from consilium.topics.models import Topic, TopicKind


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"search-topic-{n}")
    name = factory.Sequence(lambda n: f"Search topic {n}")
    kind = TopicKind.TREATMENT
    synonyms = factory.LazyFunction(list)


class ConsensusFactory(factory.django.DjangoModelFactory[QuestionConsensus]):
    class Meta:
        model = QuestionConsensus

    question = factory.SubFactory(QuestionFactory)
    method_version = 1
    result = factory.LazyFunction(
        lambda: {
            "tally": {
                "recommend": 0,
                "depends": 0,
                "not_recommended": 0,
                "not_stated": 0,
                "inferred": {"recommend": 0, "depends": 0, "not_recommended": 0},
            }
        }
    )
