"""Full-text search: what it finds, how it ranks and marks, filters and pages, on any input."""

import random
import re

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consilium.consensus.services import refresh_consensus
from consilium.doctors.models import DoctorProfile
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Verdict
from consilium.qa.services import edit_answer, post_answer
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.search.backends import get_backend
from consilium.search.selectors import MAX_RESULTS, search
from consilium.search.services import refresh_topic_mentions
from consilium.search.tests.factories import ConsensusFactory, TopicFactory
from consilium.search.tests.test_query import HOSTILE

pytestmark = pytest.mark.django_db


def found_ids(text, **filters):
    return [hit.question.pk for hit in search(text, **filters).hits]


def test_it_finds_questions_by_title_body_and_answer_text():
    by_title = QuestionFactory(title="Does microneedling help acne scars?", body="")
    by_body = QuestionFactory(title="Pitted marks", body="Would microneedling smooth them?")
    by_answer = QuestionFactory(title="What fixes old pimple marks?", body="")
    AnswerFactory(question=by_answer, title="Try this", body="Microneedling works well.")
    QuestionFactory(title="Unrelated", body="Nothing to see.")
    assert set(found_ids("microneedling")) == {by_title.pk, by_body.pk, by_answer.pk}


def test_it_ranks_a_title_match_above_an_answer_only_match():
    by_answer = QuestionFactory(title="Old pimple marks", body="")
    AnswerFactory(question=by_answer, body="Microneedling can help.")
    by_title = QuestionFactory(title="Microneedling for acne scars", body="")
    assert found_ids("microneedling") == [by_title.pk, by_answer.pk]


def test_a_word_most_questions_hold_neither_decides_the_ranking_nor_widens_the_matches():
    in_title = QuestionFactory(title="Retinol for dry skin", body="My skin is dry.")
    for n in range(4):
        QuestionFactory(title=f"Skin question {n}", body="Skin, skin and more skin. " * 3)
    in_answer = QuestionFactory(title="Skin skin skin", body="Skin, skin and more skin. " * 5)
    AnswerFactory(question=in_answer, body="Retinol at night helps the skin.")
    assert found_ids("skin retinol") == [in_title.pk, in_answer.pk]
    # A query of common words alone is still ranked by where and how often they appear.
    hits = search("skin").hits
    assert len(hits) == 6
    assert len({hit.score for hit in hits}) > 1


def test_it_matches_other_forms_of_a_word():
    question = QuestionFactory(title="Bruising after injections", body="")
    assert found_ids("injection bruise") == [question.pk]


def test_it_requires_every_word_and_honours_phrases_exclusions_and_or():
    both = QuestionFactory(title="Botox and filler on the same day", body="")
    botox = QuestionFactory(title="Botox for the forehead", body="")
    filler = QuestionFactory(title="Filler in the lips", body="")
    assert found_ids("botox filler") == [both.pk]
    assert set(found_ids("botox OR filler")) == {both.pk, botox.pk, filler.pk}
    assert found_ids('"same day"') == [both.pk]
    assert found_ids("botox -filler") == [botox.pk]


def test_it_finds_answers_by_synonym():
    TopicFactory(
        slug="test-facial-ems",
        name="Facial EMS (test)",
        synonyms=["e-stim", "EMS", "electrical muscle stimulation"],
    )
    long_form = QuestionFactory(title="Electrical muscle stimulation for my face?", body="")
    short_form = QuestionFactory(title="Does EMS firm the jawline?", body="")
    via_answer = QuestionFactory(title="Machines for facial toning", body="")
    AnswerFactory(question=via_answer, body="Electrical muscle stimulation will not lift skin.")
    QuestionFactory(title="Stimulation of collagen with lasers", body="")
    results = search("e-stim")
    assert {hit.question.pk for hit in results.hits} == {
        long_form.pk,
        short_form.pk,
        via_answer.pk,
    }
    assert [topic.slug for topic in results.expanded_topics] == ["test-facial-ems"]


def test_it_marks_matches_and_escapes_everything_else():
    QuestionFactory(
        title="Retinol <b>at night</b>?", body="Is <script>alert(1)</script> retinol safe?"
    )
    hit = search("retinol").hits[0]
    assert "<mark>Retinol</mark>" in hit.title_html
    assert "&lt;b&gt;" in hit.title_html
    assert "<mark>retinol</mark>" in hit.snippet_html
    assert "<script>" not in hit.snippet_html


def test_it_shows_an_answer_excerpt_when_only_an_answer_matches():
    question = QuestionFactory(title="Lumps after filler", body="They feel hard.")
    AnswerFactory(question=question, body="Massage with hyaluronidase dissolves them.")
    hit = search("hyaluronidase").hits[0]
    assert hit.snippet_from_answer
    assert "<mark>hyaluronidase</mark>" in hit.snippet_html


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite index's own statement")
def test_the_excerpts_of_a_page_are_those_of_each_hit_looked_up_alone():
    from consilium.search.backends import cached_schema
    from consilium.search.backends.base import MARK_END, MARK_START
    from consilium.search.backends.sqlite import FTS, fts5_expression
    from consilium.search.query import parse
    from consilium.search.services import synonym_index

    questions = []
    for n in range(8):
        question = QuestionFactory(
            title=f"Retinol or tretinoin, round {n}?",
            body=" ".join(["Some words about skin."] * n) + " Would retinol help my skin?",
        )
        AnswerFactory(question=question, body=f"Retinoids take {n + 2} months. " * (n + 1))
        questions.append(question)
    query = parse("retinol", synonym_index())
    # Every other match, so matches between the first and last are left out.
    ids = [q.pk for q in questions[1::2]]
    with connection.cursor() as cursor:
        together = get_backend("default").snippets(cursor, query, ids, cached_schema("default"))
        alone = {}
        for pk in ids:
            cursor.execute(
                f"SELECT highlight({FTS}, 0, %s, %s), snippet({FTS}, 1, %s, %s, '…', 32), "  # noqa: S608
                f"snippet({FTS}, 2, %s, %s, '…', 32) FROM {FTS} WHERE {FTS} MATCH %s "
                "AND rowid = %s",
                [*(MARK_START, MARK_END) * 3, fts5_expression(query), pk],
            )
            alone[pk] = cursor.fetchone()
    assert sorted(together) == sorted(ids)
    for pk in ids:
        assert (together[pk].title, together[pk].body, together[pk].answers) == alone[pk]
    assert MARK_START in together[ids[0]].title


def test_an_excerpt_marks_the_terms_its_text_holds_when_it_lacks_others():
    question = QuestionFactory(
        title="Jawline question",
        body="I am 47 and my skin has changed a lot over the last few years, mostly around "
        "the eyes and the cheeks. My friend tried microneedling and liked it. What next?",
    )
    AnswerFactory(question=question, body="Downtime is short; redness fades in a day.")
    hit = search("microneedling redness").hits[0]
    assert not hit.snippet_from_answer
    assert "<mark>microneedling</mark>" in hit.snippet_html


def test_an_excerpt_cut_from_a_long_text_says_so():
    filler = "Some words about my skin and the weeks before the wedding. " * 8
    QuestionFactory(title="Before the wedding", body=f"{filler}Is microneedling safe? {filler}")
    excerpt = search("microneedling").hits[0].snippet_html
    assert "<mark>microneedling</mark>" in excerpt
    assert excerpt.startswith("…")
    assert excerpt.endswith("…")


def test_it_filters_by_topic_specialty_answered_and_leaning():
    topic = TopicFactory(slug="test-lip-filler", name="Lip filler (test)")
    derm = DoctorFactory(specialty="Dermatology")
    surgeon = DoctorFactory(specialty="Plastic Surgery")
    on_topic = QuestionFactory(title="Lip swelling question")
    on_topic.topics.add(topic)
    yes = QuestionFactory(title="Lip swelling again")
    AnswerFactory(question=yes, doctor=derm, verdict=Verdict.RECOMMEND)
    AnswerFactory(question=yes, doctor=surgeon, verdict=Verdict.RECOMMEND)
    no = QuestionFactory(title="Lip swelling once more")
    AnswerFactory(question=no, doctor=surgeon, verdict=Verdict.NOT_RECOMMENDED)
    for question in (yes, no):
        refresh_consensus(question.pk)
    assert found_ids("swelling", topic="test-lip-filler") == [on_topic.pk]
    assert found_ids("swelling", specialty="dermatology") == [yes.pk]
    assert set(found_ids("swelling", answered=True)) == {yes.pk, no.pk}
    assert found_ids("swelling", answered=False) == [on_topic.pk]
    assert found_ids("swelling", leaning="recommend") == [yes.pk]
    assert found_ids("swelling", leaning="not_recommended") == [no.pk]
    assert len(found_ids("swelling", leaning="nonsense")) == 3


def test_the_specialty_filter_follows_a_doctor_changing_specialty():
    doctor = DoctorFactory(specialty="Dermatology")
    question = QuestionFactory(title="Cheek swelling question")
    AnswerFactory(question=question, doctor=doctor)
    doctor.specialty = "Oculoplastic Surgery"
    doctor.save()
    assert found_ids("swelling", specialty="dermatology") == []
    assert found_ids("swelling", specialty="oculoplastic surgery") == [question.pk]


def test_the_specialty_filter_matches_whole_specialties_only():
    question = QuestionFactory(title="Jaw swelling question")
    AnswerFactory(question=question, doctor=DoctorFactory(specialty="Plastic Surgery"))
    for partial in ["plastic", "%", "_lastic surgery", "plastic surgery\nx"]:
        assert found_ids("swelling", specialty=partial) == []
    assert found_ids("swelling", specialty="PLASTIC surgery") == [question.pk]


def test_it_takes_the_leaning_from_the_stored_consensus():
    question = QuestionFactory(title="Jade rollers for puffiness")
    AnswerFactory(question=question, verdict=Verdict.NOT_STATED)
    AnswerFactory(question=question, verdict=Verdict.NOT_STATED)
    assert found_ids("jade", leaning="not_recommended") == []
    ConsensusFactory(question=question, result={}, leaning="not_recommended")
    assert found_ids("jade", leaning="not_recommended") == [question.pk]


def test_divided_doctors_are_found_under_disagreement_only():
    question = QuestionFactory(title="Gua sha for jowls")
    for verdict in (Verdict.RECOMMEND, Verdict.RECOMMEND, Verdict.NOT_RECOMMENDED, Verdict.DEPENDS):
        AnswerFactory(question=question, verdict=verdict)
    refresh_consensus(question.pk)
    assert found_ids("gua", leaning="mixed") == [question.pk]
    assert found_ids("gua", leaning="recommend") == []


def test_it_pages_through_results():
    for n in range(23):
        QuestionFactory(title=f"Sunscreen question {n}")
    first, third = search("sunscreen", page=1), search("sunscreen", page=3)
    assert (first.total, first.pages, len(first.hits), len(third.hits)) == (23, 3, 10, 3)
    assert not {h.question.pk for h in first.hits} & {h.question.pk for h in third.hits}
    assert search("sunscreen", page=99).page == 3


def test_it_ranks_the_newest_matches_and_lists_older_ones_after_them_newest_first(
    monkeypatch,
):
    monkeypatch.setattr(type(get_backend("default")), "ranked", 3)
    # The best match is the oldest, so it is outside the ranked newest three.
    best_but_old = QuestionFactory(title="Retinol retinol", body="Retinol, retinol, retinol.")
    older = [QuestionFactory(title=f"Retinol question {n}") for n in range(3)]
    weak = QuestionFactory(title="A question", body="Once: retinol, with much else said here.")
    strong = QuestionFactory(title="Retinol at night", body="Retinol and more retinol.")
    plain = QuestionFactory(title="Retinol question 9")
    newest_three = {weak.pk, strong.pk, plain.pk}
    hits = search("retinol").hits
    assert {hit.question.pk for hit in hits[:3]} == newest_three
    assert hits[0].question.pk == strong.pk
    assert [hit.question.pk for hit in hits[3:]] == [
        *[q.pk for q in reversed(older)],
        best_but_old.pk,
    ]
    assert search("retinol").total == 7


def test_a_page_is_the_same_however_the_matches_are_gathered(monkeypatch):
    monkeypatch.setattr("consilium.search.selectors.MAX_RESULTS", 4)
    for n in range(14):
        QuestionFactory(title=f"Peel {n}" if n % 2 else f"Other {n}", body="peel " * (n % 4))
    pages = []
    # PostgreSQL walks the newest questions when a sample of them matches densely, and
    # searches the GIN index otherwise; SQLite has one way.
    for dense_from in (0.0, 0.5, 2.0):
        monkeypatch.setattr(type(get_backend("default")), "sample_size", 6, raising=False)
        monkeypatch.setattr(type(get_backend("default")), "dense_from", dense_from, raising=False)
        results = search("peel")
        pages.append((results.total, [(hit.question.pk, hit.score) for hit in results.hits]))
    assert pages[0][0] == 4
    assert all(page == pages[0] for page in pages)


def test_a_quoted_phrase_finds_the_same_questions_however_they_are_gathered(monkeypatch):
    in_title = QuestionFactory(title="Cold compress swelling after surgery", body="")
    in_body = QuestionFactory(title="Eyelids", body="Does cold compress swelling relief last?")
    other_form = QuestionFactory(title="Puffiness", body="")
    AnswerFactory(question=other_form, body="Cold compresses, swelling gone in a day.")
    edited = QuestionFactory(title="Swelling and a cold compress", body="")
    QuestionFactory(title="Cold weather, a compress and some swelling", body="")  # apart
    QuestionFactory(title="Swelling compress cold", body="")  # out of order
    stop_word = QuestionFactory(title="The cost of sleep", body="")
    QuestionFactory(title="Sleep, at any cost", body="")
    edited.title = "Cold compress swelling at night"
    edited.save()
    # PostgreSQL gathers a sparse phrase by its word pairs, a dense one by walking; a
    # phrase with a stop word inside ("cost of sleep") has no pair to look up.
    for dense_from in (2.0, 0.0):
        monkeypatch.setattr(type(get_backend("default")), "sample_size", 6, raising=False)
        monkeypatch.setattr(type(get_backend("default")), "dense_from", dense_from, raising=False)
        assert set(found_ids('"cold compress swelling"')) == {
            in_title.pk,
            in_body.pk,
            other_form.pk,
            edited.pk,
        }
        assert found_ids('"cold compress swelling" relief') == [in_body.pk]
        assert found_ids('"compress swelling" "after surgery"') == [in_title.pk]
        assert found_ids('"cost of sleep"') == [stop_word.pk]
        assert set(found_ids('"cold compress swelling" -"after surgery"')) == {
            in_body.pk,
            other_form.pk,
            edited.pk,
        }


@pytest.mark.parametrize("dense_from", [0.0, 2.0])  # walking the newest, or the GIN index
def test_topic_searches_find_the_same_questions_with_and_without_stored_mentions(
    monkeypatch, dense_from
):
    monkeypatch.setattr(type(get_backend("default")), "dense_from", dense_from, raising=False)
    rng = random.Random(3)
    topics = [
        TopicFactory(name="Thread lift", synonyms=["pdo threads", "lift threads", "thread"]),
        TopicFactory(name="Face lift", synonyms=["facelift", "lift face", "mini face lift"]),
        TopicFactory(name="Chemical peel", synonyms=["peel", "acid peel", "tca"]),
    ]
    vocabulary = [
        "thread",
        "lift",
        "face",
        "pdo",
        "threads",
        "mini",
        "peel",
        "acid",
        "tca",
        "chemical",
        "skin",
        "neck",
        "pain",
    ]
    for n in range(40):
        title = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 4)))
        question = QuestionFactory(title=title, body=" ".join(rng.sample(vocabulary, 2)))
        if n % 3:
            AnswerFactory(question=question, body=" ".join(rng.sample(vocabulary, 3)))
        if n % 4 == 0:
            question.topics.add(topics[n % 3])
    searches = [
        ("thread lift", {}),
        ("facelift", {}),
        ("peel skin", {}),
        ("thread lift peel", {}),
        ("facelift OR tca", {}),
        ('"face lift"', {}),
        ("peel -neck", {}),
        ("thread lift", {"topic": topics[2].slug}),
        ("chemical peel", {"answered": True}),
        ("chemical peel facelift", {"topic": topics[0].slug}),
        ("tca", {"specialty": "Dermatology"}),
    ]

    def results():
        return [
            [(hit.question.pk, round(hit.score, 6)) for hit in search(text, **f).hits]
            for text, f in searches
        ]

    without = results()
    refresh_topic_mentions()
    assert results() == without
    assert sum(len(found) for found in without) > 20
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_topicmention")
            assert cursor.fetchone()[0] >= 3


def test_it_counts_no_further_than_the_cap(settings):
    assert MAX_RESULTS == 1000
    QuestionFactory(title="Sunscreen")
    assert not search("sunscreen").total_is_capped


def test_it_leaves_hidden_questions_and_answers_out():
    hidden = QuestionFactory(title="Hidden tretinoin question", is_hidden=True)
    visible = QuestionFactory(title="Visible question")
    AnswerFactory(question=visible, body="Tretinoin helps.", is_hidden=True)
    assert found_ids("tretinoin") == []
    hidden.is_hidden = False
    hidden.save()
    assert found_ids("tretinoin") == [hidden.pk]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_query_string_makes_a_server_error(client, text):
    QuestionFactory(title="Botox filler NEAR the lips", body='A "quoted" body - with AND OR NOT')
    safe = text.replace("\x00", "").replace("\ud800", "")
    response = client.get(reverse("search:search"), {"q": safe, "page": "x"})
    assert response.status_code == 200
    api = client.get("/api/v1/search", {"q": safe})
    # The API refuses a q longer than 2,000 characters as a documented 422 problem.
    assert api.status_code == (200 if len(safe) <= 2000 else 422)
    similar = client.get(reverse("search:similar"), {"title": safe})
    assert similar.status_code == 200
    assert search(text).failed is False


def test_nul_bytes_in_the_url_make_no_server_error(client):
    QuestionFactory(title="Botox")
    for path in ("/search/?q=bo%00tox", "/api/v1/search?q=%00", "/search/similar/?title=%00x"):
        assert client.get(path).status_code in (200, 400, 422)


@pytest.mark.parametrize("rows", [1, 12])
def test_the_search_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, rows):
    topic = TopicFactory(slug="test-peels", name="Peels (test)")
    for n in range(rows):
        question = QuestionFactory(title=f"Peel downtime {n}")
        question.topics.add(topic, TopicFactory())
        AnswerFactory(question=question)
    # synonyms; in a savepoint (2): count and page (two queries: a sample and the page on
    # PostgreSQL, the count and the page on SQLite), excerpts; questions with their topics
    # and the doctors' leanings for the verdict pills; the filters' topics and specialties
    with django_assert_num_queries(9):
        response = client.get(reverse("search:search"), {"q": "peel", "topic": "test-peels"})
    page = response.content.decode()
    assert page.count('class="question-card search-hit"') == min(rows, 10)
    assert ('rel="next"' in page) == (rows > 10)


def test_each_hit_links_its_question_and_its_topics_by_name(client):
    first, second = TopicFactory(name="Peels (test)"), TopicFactory(name="Acne (test)")
    question = QuestionFactory(title="Peel downtime for acne?")
    question.topics.add(first, second)
    refresh_consensus(AnswerFactory(question=question, verdict=Verdict.RECOMMEND).question_id)
    page = client.get(reverse("search:search"), {"q": "peel"}).content.decode()
    link = r'<a (?:class="tag" )?href="([^"]+)">([^<]*(?:<mark>[^<]*</mark>)?[^<]*)'
    links = re.findall(link, page)
    hit = links.index((question.get_absolute_url(), "<mark>Peel</mark> downtime for acne?"))
    assert links[hit + 1 : hit + 3] == [
        (reverse("web:topic", args=[second.slug]), "Acne (test)"),
        (reverse("web:topic", args=[first.slug]), "Peels (test)"),
    ]
    assert '<span class="pill pill-recommend">' in page


def test_the_filter_lists_are_kept_until_an_answer_brings_a_new_specialty(
    client, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    AnswerFactory(doctor=DoctorFactory(specialty="Dermatology"), title="Peel downtime")
    first = client.get(reverse("search:search"), {"q": "peel"}).content.decode()
    assert "specialty=Dermatology" in first
    # The queries of the test above less the filter lists (2) and the synonyms (kept a while);
    # another address, so that the page itself is not the one just kept.
    with django_assert_num_queries(6):
        client.get(reverse("search:search"), {"q": "peel", "page": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        post_answer(
            doctor=DoctorFactory(specialty="Oculoplastic Surgery"), question=QuestionFactory(),
            title="Lid peel", body="A light peel suits the lids.", verdict=Verdict.DEPENDS,
        )  # fmt: skip
    page = client.get(reverse("search:search"), {"q": "peel"}).content.decode()
    assert "specialty=Oculoplastic+Surgery" in page


def test_a_second_signed_out_reader_gets_the_same_search_from_the_cache(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = True
    AnswerFactory(title="Peel downtime", body="A light peel heals in days.")
    first = client.get(reverse("search:search"), {"q": "peel"})
    with django_assert_num_queries(0):
        again = client.get(reverse("search:search"), {"q": "peel"})
    assert again.content == first.content


def test_an_edited_answer_shows_in_the_next_signed_out_search(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    answer = AnswerFactory(title="Peel care", body="After a peel, moisturise at night.")
    assert "at night" in client.get(reverse("search:search"), {"q": "peel"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        edit_answer(
            answer=answer, doctor=answer.doctor, title="Peel care",
            body="After a peel, moisturise every morning.", verdict=answer.verdict,
        )  # fmt: skip
    page = client.get(reverse("search:search"), {"q": "peel"}).content.decode()
    assert "every morning" in page
    assert "at night" not in page


def test_a_failed_search_says_so_and_is_not_kept(client, settings, monkeypatch):
    settings.PAGE_CACHE = True
    QuestionFactory(title="Peel downtime")

    def broken(*args, **kwargs):
        raise DatabaseError("index unavailable")

    backend = type(get_backend("default"))
    monkeypatch.setattr(backend, "page", broken)
    failed = client.get(reverse("search:search"), {"q": "peel"})
    assert failed.status_code == 503
    assert "Search is not available right now" in failed.content.decode()
    monkeypatch.undo()
    working = client.get(reverse("search:search"), {"q": "peel"})
    assert working.status_code == 200
    assert "1 question found" in working.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_search_outside_a_transaction_begins_none():
    # On SQLite a transaction begins IMMEDIATE (the site's mode, for writers) and takes the
    # write lock: every search would wait for the one before it.
    QuestionFactory(title="Peel downtime")
    with CaptureQueriesContext(connection) as captured:
        assert found_ids("peel")
    assert not [q for q in captured.captured_queries if q["sql"].startswith(("BEGIN", "SAVEP"))]


def test_the_search_page_works_without_a_query(client):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_every_page_has_a_labelled_search_box(client):
    page = client.get("/").content.decode()
    assert f'action="{reverse("search:search")}"' in page
    assert 'aria-label="Search questions"' in page


def test_the_api_returns_paginated_hits(client):
    for n in range(12):
        QuestionFactory(title=f"Laser hair removal {n}")
    body = client.get("/api/v1/search", {"q": "laser", "page": 2}).json()
    assert (body["total"], body["page"], body["pages"], len(body["results"])) == (12, 2, 2, 2)
    assert "<mark>" in body["results"][0]["title_html"]
    assert client.get("/api/v1/search", {"q": "laser", "per_page": 500}).status_code == 422


def test_the_answered_and_leaning_filters_are_chips_keeping_the_other_choices(client):
    page = client.get(
        reverse("search:search"), {"q": "peel", "topic": "botox", "answered": "no", "page": "2"}
    ).content.decode()
    assert '<a class="chip" href="?q=peel&amp;topic=botox&amp;answered=yes">Answered</a>' in page
    assert '<a class="chip" href="?q=peel&amp;topic=botox">Any</a>' in page
    # The chip that is on is marked as such, and choosing it again takes the filter off.
    assert (
        '<a class="chip chip-on" href="?q=peel&amp;topic=botox" aria-current="true">'
        '<span aria-hidden="true">✓ </span>Not answered yet'
    ) in page
    assert '<input type="hidden" name="answered" value="no">' in page


def test_topics_and_specialties_are_chips_most_asked_about_first(client):
    botox = TopicFactory(slug="botox-test", name="Botox test")
    rare = TopicFactory(slug="rare-test", name="Rare test")
    for n in range(3):
        QuestionFactory(title=f"Botox question {n}").topics.add(botox)
    QuestionFactory(title="Rare question").topics.add(rare)
    answer = AnswerFactory(question=QuestionFactory(title="Peel question"))
    DoctorProfile.objects.filter(pk=answer.doctor_id).update(specialty="Dermatology")
    page = client.get(reverse("search:search"), {"q": "question"}).content.decode()
    topic_row = page.split('aria-label="Topic"')[1].split("</nav>")[0]
    assert topic_row.index("Botox test") < topic_row.index("Rare test")
    assert '<a class="chip" href="?q=question&amp;topic=rare-test">Rare test</a>' in topic_row
    specialty_row = page.split('aria-label="Answered by"')[1].split("</nav>")[0]
    assert "?q=question&amp;specialty=Dermatology" in specialty_row
    assert "Clear all filters" not in page


def test_a_topic_past_the_chips_shows_as_a_chip_once_chosen(client):
    topics = [TopicFactory(slug=f"t-{n}", name=f"Topic {n:02}") for n in range(12)]
    for n, topic in enumerate(topics):
        for _ in range(12 - n):
            QuestionFactory(title=f"Question on {topic.name}").topics.add(topic)
    page = client.get(reverse("search:search"), {"q": "question"}).content.decode()
    assert "Topic 11</a>" not in page.split('aria-label="Topic"')[1].split("</nav>")[0]
    assert '<option value="t-11">Topic 11</option>' in page
    page = client.get(reverse("search:search"), {"q": "question", "topic": "t-11"}).content.decode()
    assert 'href="?q=question" aria-current="true"><span aria-hidden="true">✓ </span>Topic 11' in (
        page
    )


def test_clear_all_filters_keeps_only_the_words(client):
    page = client.get(
        reverse("search:search"),
        {"q": "peel", "topic": "botox", "leaning": "recommend", "specialty": "Dermatology"},
    ).content.decode()
    assert '<a class="chip chip-clear" href="?q=peel">Clear all filters</a>' in page


def test_a_search_without_results_offers_to_ask_it(client):
    page = client.get(reverse("search:search"), {"q": "glowing ears after sauna"}).content.decode()
    assert "No question matches" in page
    assert (
        f'href="{reverse("web:ask")}?title=glowing%20ears%20after%20sauna">Ask this question'
        in page
    )


def test_an_empty_search_offers_next_steps_and_to_drop_its_filters(client):
    QuestionFactory(title="Peel downtime")
    page = client.get(
        reverse("search:search"), {"q": "glowing ears", "answered": "yes"}
    ).content.decode()
    assert "No question matches “glowing ears” with these filters." in page
    steps = page.split('class="next-steps"')[1].split("</div>")[0]
    assert f'href="{reverse("web:ask")}?title=glowing%20ears">Ask this question' in steps
    assert '<a href="?q=glowing+ears">Search again without the filters</a>' in steps
    assert f'href="{reverse("web:topics")}"' in steps
    assert f'href="{reverse("web:questions")}"' in steps
