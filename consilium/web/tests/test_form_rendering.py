"""Our own form rendering: labels without colons, a summary linking to each field in error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_labels_have_no_colons(client):
    page = client.get(reverse("web:signup")).content.decode()
    assert '<label for="id_email">Email</label>' in page
    assert "Email:" not in page


def test_errors_are_summed_up_at_the_top_and_linked_to_their_fields(client):
    response = client.post(reverse("web:signup"), {"email": "not an email", "password": ""})
    page = response.content.decode()
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Please correct 2 things below" in summary
    assert '<a href="#id_email">Email — Enter a valid email address.</a>' in summary
    assert '<a href="#id_password">Password — This field is required.</a>' in summary
    # And beside the field, which names its error for screen readers.
    assert 'aria-describedby="id_email_error"' in page or "id_email_error" in page
    assert page.index("error-summary") < page.index('<label for="id_email">')


def test_a_form_without_errors_has_no_summary(client):
    assert "error-summary" not in client.get(reverse("web:signup")).content.decode()
