"""Similar questions: meaning over shared words, answered ones first, from page, API and htmx."""

import pytest
from django.urls import reverse

from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.search import selectors, services
from consilium.search.models import PendingEmbedding, QuestionEmbedding
from consilium.search.services import embed_pending_questions
from consilium.search.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def answered(title, body=""):
    question = QuestionFactory(title=title, body=body)
    AnswerFactory(question=question)
    return question


@pytest.fixture
def without_model(monkeypatch):
    monkeypatch.setattr(selectors, "get_embedder", lambda: None)
    monkeypatch.setattr("consilium.search.services.get_embedder", lambda: None)


def titles(found):
    return [match.question.title for match in found]


def test_it_ranks_a_paraphrase_above_a_question_sharing_its_keywords():
    paraphrase = answered("Is it safe to take a plane a few days after my lipo?")
    distractor = answered("Can liposuction remove fat from my arms and flanks at the same time?")
    embed_pending_questions()
    found = selectors.similar_questions("Can I fly after liposuction?")
    assert titles(found)[:2] == [paraphrase.title, distractor.title]
    assert found[0][1] > found[1][1]


def test_topic_synonyms_bring_a_paraphrase_closer():
    distractor = answered("Does PRP help with under-eye hollows and dark circles?")
    match = answered("Are platelet-rich plasma scalp injections effective against balding?")
    embed_pending_questions()
    text = "Does PRP work for thinning hair?"
    assert selectors.similar_questions(text)[0][0] == distractor
    TopicFactory(slug="test-prp", name="PRP", synonyms=["platelet-rich plasma"])
    TopicFactory(slug="test-hair-loss", name="Hair loss", synonyms=["thinning hair", "balding"])
    TopicFactory(slug="test-eye-bags", name="Under-eye bags", synonyms=["dark circles"])
    PendingEmbedding.objects.bulk_create(
        [PendingEmbedding(question_id=q.pk) for q in (distractor, match)]
    )
    embed_pending_questions()
    assert selectors.similar_questions(text)[0][0] == match


def test_it_returns_answered_questions_unless_asked_for_unanswered_too():
    lonely = QuestionFactory(title="Does PRP work for thinning hair?")
    helped = answered("Are platelet-rich plasma scalp injections effective against balding?")
    embed_pending_questions()
    assert titles(selectors.similar_questions("PRP for hair loss")) == [helped.title]
    both = selectors.similar_questions("PRP for hair loss", include_unanswered=True)
    assert set(titles(both)) == {lonely.title, helped.title}


def test_it_leaves_hidden_questions_out():
    answered("Can high blood pressure cause headaches?")
    hidden = answered("Could my hypertension be the reason for my pounding head?")
    hidden.is_hidden = True
    hidden.save()
    embed_pending_questions()
    assert hidden.title not in titles(selectors.similar_questions("hypertension headache"))


def test_it_limits_the_number_of_results():
    for n in range(8):
        answered(f"Sunscreen question number {n}")
    embed_pending_questions()
    assert len(selectors.similar_questions("sunscreen", limit=3)) == 3


def test_it_returns_nothing_for_text_without_words():
    answered("Retinol at night")
    assert selectors.similar_questions("   ?!  ") == []
    assert selectors.similar_questions("is it the") == []


def test_it_falls_back_to_shared_words_without_a_model(without_model):
    match = answered("Can I fly after liposuction?")
    answered("Sunscreen for dark skin")
    found = selectors.similar_questions("flying after liposuction surgery")
    assert [(m.question, m.ranking) for m in found] == [(match, "lexical")]


def test_a_question_waiting_for_its_vector_is_found_by_its_words_until_embedded():
    question = answered("Does microneedling help acne scars?")
    waiting = selectors.similar_questions("microneedling acne")
    assert [(m.question, m.ranking) for m in waiting] == [(question, "lexical")]
    embed_pending_questions()
    found = selectors.similar_questions("microneedling acne")
    assert [(m.question, m.ranking) for m in found] == [(question, "semantic")]


def test_while_some_wait_those_embedded_are_found_by_meaning_beside_them():
    embedded = answered("Is it safe to take a plane a few days after my lipo?")
    embed_pending_questions()
    waiting = answered("Flying after liposuction of the thighs")
    found = selectors.similar_questions("Can I fly after liposuction?")
    assert {(m.question, m.ranking) for m in found} == {
        (embedded, "semantic"),
        (waiting, "lexical"),
    }
    assert found[0].question == embedded


def test_it_says_how_many_questions_wait_for_embedding():
    answered("Retinol at night")
    answered("Retinol in the morning")
    assert selectors.questions_awaiting_embedding() == 2
    embed_pending_questions()
    assert selectors.questions_awaiting_embedding() == 0


def test_an_edit_is_reembedded():
    question = answered("Retinol purging")
    embed_pending_questions()
    question.title = "Tattoo removal with picosecond laser"
    question.save()
    embed_pending_questions()
    found = selectors.similar_questions("laser tattoo removal", limit=1)
    assert found[0][0] == question
    assert found[0][1] > 0.6


def test_the_fragment_lists_similar_answered_questions(client):
    question = answered("Can I fly after liposuction?")
    embed_pending_questions()
    response = client.get(reverse("search:similar"), {"title": "flying after lipo"})
    assert response.status_code == 200
    page = response.content.decode()
    assert question.get_absolute_url() in page
    assert "<html" not in page


def test_the_fragment_is_empty_for_an_empty_title(client):
    response = client.get(reverse("search:similar"), {"title": ""})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_api_gives_similar_questions_at_the_documented_url(client):
    helped = answered("Can I fly after liposuction?")
    lonely = QuestionFactory(title="Flying home after a tummy tuck")
    embed_pending_questions()
    body = client.get("/api/v1/questions/similar?q=flying+after+lipo").json()
    assert [item["id"] for item in body] == [helped.pk]
    assert body[0]["url"].endswith(helped.get_absolute_url())
    assert body[0]["ranking"] == "semantic"
    both = client.get(
        "/api/v1/questions/similar?q=flying+after+lipo&limit=2&include_unanswered=true"
    ).json()
    assert {item["id"] for item in both} == {helped.pk, lonely.pk}


def test_the_api_says_a_question_waiting_for_its_vector_was_found_by_its_words(client):
    waiting = answered("Can I fly after liposuction?")
    body = client.get("/api/v1/questions/similar?q=flying+after+liposuction").json()
    assert [(item["id"], item["ranking"]) for item in body] == [(waiting.pk, "lexical")]


def test_the_api_says_results_are_lexical_without_a_model(client, without_model):
    match = answered("Can I fly after liposuction?")
    body = client.get("/api/v1/questions/similar?q=flying+after+liposuction").json()
    assert [(item["id"], item["ranking"]) for item in body] == [(match.pk, "lexical")]


def test_the_api_schema_documents_the_ranking(client):
    schema = client.get("/api/v1/openapi.json").json()
    ranking = schema["components"]["schemas"]["SimilarOut"]["properties"]["ranking"]
    assert ranking["enum"] == ["semantic", "lexical"]
    assert "ranking" in schema["components"]["schemas"]["SimilarOut"]["required"]


@pytest.mark.parametrize("limit", ["0", "51", "x"])
def test_the_api_refuses_a_limit_out_of_range(client, limit):
    response = client.get(f"/api/v1/questions/similar?q=lipo&limit={limit}")
    assert response.status_code == 422


def test_the_similar_path_does_not_clash_with_question_consensus(client):
    assert client.get("/api/v1/questions/similar?q=x").status_code == 200
    assert client.get("/api/v1/questions/999999/consensus").status_code == 404


def test_a_question_page_lists_related_answered_questions(client):
    question = answered("Can I fly after liposuction?")
    related = answered("Is it safe to take a plane a few days after my lipo?")
    unanswered = QuestionFactory(title="Flying after lipo on my thighs")
    embed_pending_questions()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Related questions" in page
    assert related.get_absolute_url() in page
    assert unanswered.get_absolute_url() not in page


def test_a_question_page_without_related_questions_has_no_section(client):
    question = answered("A lonely question about earlobes")
    embed_pending_questions()
    assert "Related questions" not in client.get(question.get_absolute_url()).content.decode()


class FailingOnce:
    """The real embedder, except that its first batch fails, as a worker killed mid-batch."""

    def __init__(self, embedder):
        self.embedder = embedder
        self.model_id = embedder.model_id
        self.failed = False

    def embed(self, texts):
        if not self.failed:
            self.failed = True
            raise MemoryError("worker stopped")
        return self.embedder.embed(texts)


def test_it_embeds_a_question_whose_first_run_died_midway(monkeypatch):
    question = QuestionFactory(title="Is it safe to take a plane a few days after my lipo?")
    failing = FailingOnce(services.get_embedder())
    monkeypatch.setattr(services, "get_embedder", lambda: failing)

    with pytest.raises(MemoryError):
        embed_pending_questions()
    embed_pending_questions()

    assert QuestionEmbedding.objects.filter(question=question).exists()
    assert not PendingEmbedding.objects.filter(question_id=question.pk).exists()


class EditingMeanwhile:
    """The real embedder; while it works, the asker edits the question it embeds."""

    def __init__(self, embedder, question):
        self.embedder = embedder
        self.model_id = embedder.model_id
        self.question = question

    def embed(self, texts):
        vectors = self.embedder.embed(texts)
        if self.question is not None:
            self.question.title = "Can I fly a week after liposuction?"
            self.question.save()
            self.question = None
        return vectors


def test_it_keeps_a_question_edited_while_it_was_embedded_queued(monkeypatch):
    question = QuestionFactory(title="Is it safe to take a plane a few days after my lipo?")
    editing = EditingMeanwhile(services.get_embedder(), question)
    monkeypatch.setattr(services, "get_embedder", lambda: editing)

    embed_pending_questions()

    assert PendingEmbedding.objects.filter(question_id=question.pk).exists()
    embed_pending_questions()
    assert not PendingEmbedding.objects.filter(question_id=question.pk).exists()
