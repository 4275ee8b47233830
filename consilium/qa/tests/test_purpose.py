"""The rule that reads a question's purpose when the asker did not choose one."""

import pytest

from consilium.qa.purpose import infer_purpose


@pytest.mark.parametrize(
    ("title", "body", "purpose"),
    [
        ("Will electric stimulation firm my facial muscles?", "My cheeks sag.", "cosmetic"),
        ("Can facial EMS help recovery after Bell's palsy?", "Weak on one side.", "recovery"),
        ("Is microneedling safe while pregnant?", "I want smoother skin.", "safety"),
        ("How much does a facelift cost in London?", "", "cost"),
        ("What should I do next?", "Any thoughts welcome.", "other"),
    ],
)
def test_it_reads_the_purpose_the_words_point_to(title, body, purpose):
    assert infer_purpose(title, body) == purpose


def test_a_cue_in_the_title_outweighs_two_in_the_body():
    title = "Is it safe?"
    body = "I want to firm my jawline and tighten my neck."
    assert infer_purpose(title, body) == "safety"


def test_a_tie_goes_to_safety_before_looks():
    assert infer_purpose("Wrinkles and risks", "") == "safety"
