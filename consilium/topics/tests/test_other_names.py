"""The synonyms a topic page shows: a few distinct ones, not every spelling."""

from consilium.topics.models import Topic


def test_it_skips_the_name_itself_and_plurals():
    topic = Topic(name="Chemical peel", synonyms=["chemical peel", "chemical peels", "TCA peel",
                                                  "tca peels", "acid peel"])  # fmt: skip
    assert topic.other_names() == ["TCA peel", "acid peel"]


def test_it_stops_at_the_limit():
    topic = Topic(name="X", synonyms=[f"name {n}" for n in range(10)])
    assert len(topic.other_names(limit=3)) == 3
