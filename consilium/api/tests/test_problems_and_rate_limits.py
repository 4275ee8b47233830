"""Every error is an RFC 9457 problem; too many requests get 429 with Retry-After."""

import pytest
from django.test import Client

from consilium.api.tests.factories import bearer, token_for
from consilium.qa.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db
PROBLEMS = "https://consilium.example/problems/"


def assert_problem(response, status, kind):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == PROBLEMS + kind
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    return problem


def test_a_missing_question_is_a_not_found_problem(client):
    assert_problem(client.get("/api/v1/questions/999999"), 404, "not-found")


def test_a_path_id_that_is_not_a_number_is_a_validation_problem(client):
    problem = assert_problem(client.get("/api/v1/questions/abc"), 422, "validation")
    assert problem["errors"][0]["location"] == "path"
    assert problem["errors"][0]["field"] == "question_id"


def test_an_id_too_large_for_the_database_is_not_found(client):
    assert_problem(client.get(f"/api/v1/questions/{2**70}"), 404, "not-found")


def test_a_body_that_is_not_json_is_a_bad_request_problem(client):
    response = client.post(
        "/api/v1/questions",
        "{not json",
        content_type="application/json",
        headers=bearer(token_for()),
    )
    assert_problem(response, 400, "bad-request")


def test_a_lone_surrogate_in_a_json_body_is_a_bad_request_not_a_crash(client):
    body = '{"title": "Is this \\ud800 long enough?", "body": "A body long enough for the form."}'
    response = client.post(
        "/api/v1/questions", body, content_type="application/json", headers=bearer(token_for())
    )
    assert_problem(response, 400, "bad-request")


def test_a_method_no_operation_has_is_a_problem_naming_the_allowed_ones(client):
    response = client.post(f"/api/v1/questions/{QuestionFactory().pk}")
    problem = assert_problem(response, 405, "method-not-allowed")
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert "POST is not allowed" in problem["detail"]


def test_an_unknown_api_path_is_a_not_found_problem(client):
    assert_problem(client.get("/api/v1/no/such/thing"), 404, "not-found")


def test_a_nul_character_in_a_query_is_refused_not_a_crash(client):
    assert_problem(client.get("/api/v1/topics/a%00b"), 422, "validation")
    assert_problem(client.get("/api/v1/questions", {"topic": "a\x00b"}), 422, "validation")


def test_problem_titles_are_the_same_for_every_problem_of_a_kind(client):
    first = client.get("/api/v1/questions/999998").json()
    second = client.get("/api/v1/answers/999998").json()
    assert first["title"] == second["title"]
    assert first["detail"] != second["detail"]


def test_anonymous_requests_are_limited_per_address(settings):
    settings.API_RATE_LIMIT_ANONYMOUS = "3/m"
    here, there = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(3):
        assert here.get("/api/v1/questions").status_code == 200
    limited = here.get("/api/v1/questions")
    assert_problem(limited, 429, "rate-limited")
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert there.get("/api/v1/questions").status_code == 200


def test_token_requests_are_limited_per_token_not_per_address(client, settings):
    settings.API_RATE_LIMIT_AUTHENTICATED = "2/m"
    settings.API_RATE_LIMIT_ANONYMOUS = "100/m"
    one, two = bearer(token_for()), bearer(token_for())
    QuestionFactory()
    assert client.get("/api/v1/questions", headers=one).status_code == 200
    assert client.get("/api/v1/questions", headers=one).status_code == 200
    limited = client.get("/api/v1/questions", headers=one)
    assert_problem(limited, 429, "rate-limited")
    assert int(limited["Retry-After"]) >= 1
    assert client.get("/api/v1/questions", headers=two).status_code == 200
    assert client.get("/api/v1/questions").status_code == 200


def test_the_openapi_document_describes_problems_and_security(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"BearerToken", "SessionCookie"} == set(schema["components"]["securitySchemes"])
    ask = schema["paths"]["/api/v1/questions"]["post"]
    assert {} not in ask["security"]
    assert {} in schema["paths"]["/api/v1/questions"]["get"]["security"]
    conflict = ask["responses"]["409"]["content"]["application/problem+json"]
    assert conflict["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "Retry-After" in ask["responses"]["429"]["headers"]
    title = schema["components"]["schemas"]["AskIn"]["properties"]["title"]
    assert (title["minLength"], title["maxLength"]) == (10, 200)


def test_the_interactive_docs_are_served_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content
    assert b"cdn." not in response.content


def test_guesses_at_tokens_count_against_the_address(settings):
    settings.API_RATE_LIMIT_ANONYMOUS = "2/m"
    guesser = Client(REMOTE_ADDR="10.0.0.3", headers={"Authorization": "Bearer csm_guess"})
    assert guesser.get("/api/v1/questions").status_code == 401
    assert guesser.get("/api/v1/questions").status_code == 401
    assert_problem(guesser.get("/api/v1/questions"), 429, "rate-limited")


def behind_the_load_balancer(forwarded_for: str) -> Client:
    return Client(REMOTE_ADDR="10.0.0.9", headers={"X-Forwarded-For": forwarded_for})


def test_anonymous_requests_behind_a_proxy_are_limited_per_forwarded_client(settings):
    settings.PROXY_COUNT = 1
    settings.API_RATE_LIMIT_ANONYMOUS = "2/m"
    one, other = behind_the_load_balancer("203.0.113.5"), behind_the_load_balancer("203.0.113.6")
    assert one.get("/api/v1/questions").status_code == 200
    # Writing another address in front does not give the same client a fresh count.
    assert (
        behind_the_load_balancer("6.6.6.6, 203.0.113.5").get("/api/v1/questions").status_code == 200
    )
    assert_problem(one.get("/api/v1/questions"), 429, "rate-limited")
    assert other.get("/api/v1/questions").status_code == 200


def test_forwarded_headers_are_ignored_when_no_proxy_is_trusted(settings):
    settings.PROXY_COUNT = 0
    settings.API_RATE_LIMIT_ANONYMOUS = "2/m"
    for forwarded_for in ("203.0.113.5", "203.0.113.6"):
        assert behind_the_load_balancer(forwarded_for).get("/api/v1/questions").status_code == 200
    assert_problem(
        behind_the_load_balancer("203.0.113.7").get("/api/v1/questions"), 429, "rate-limited"
    )


def test_a_body_over_the_size_limit_is_a_too_large_problem(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    body = '{"title": "A title long enough", "body": "' + "x" * 3_000 + '"}'
    response = client.post(
        "/api/v1/questions", body, content_type="application/json", headers=bearer(token_for())
    )
    problem = assert_problem(response, 413, "too-large")
    assert "at most 2,000 bytes" in problem["detail"]
