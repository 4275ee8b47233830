"""Client addresses come from the configured number of trusted proxies, never from the client."""

import pytest
from django.test import RequestFactory

from consilium.accounts.throttle import client_address

LOAD_BALANCER = "10.0.0.9"


def address(forwarded_for: str | None, *, remote: str = LOAD_BALANCER) -> str:
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_it_takes_the_connection_address_when_no_proxy_is_trusted(settings):
    settings.PROXY_COUNT = 0
    assert address("203.0.113.5") == LOAD_BALANCER
    assert address(None, remote="198.51.100.7") == "198.51.100.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        # The client wrote its own X-Forwarded-For; the load balancer appended the real address.
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.8", "203.0.113.5"),
        (2, "203.0.113.5, 10.0.0.8", "203.0.113.5"),
    ],
)
def test_it_takes_the_address_the_trusted_proxies_vouch_for(
    settings, proxies, forwarded_for, client
):
    settings.PROXY_COUNT = proxies
    assert address(forwarded_for) == client


def test_a_request_that_skipped_the_proxy_counts_as_its_connection(settings):
    settings.PROXY_COUNT = 1
    assert address(None, remote="198.51.100.7") == "198.51.100.7"
