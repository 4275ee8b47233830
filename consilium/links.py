"""Addresses of many rows of one kind: the URL name reversed once, each row's values put in."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from django.urls import NoReverseMatch, URLResolver, get_resolver, get_script_prefix, reverse
from django.urls.base import get_urlconf

# What reverse() puts in a path as it is, quoting nothing, when the parameter's converter
# takes it (the int converter takes digits only; slug and str take all of these).
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
_DIGITS = re.compile(r"[0-9]+")


def row_url(name: str, **values: int | str) -> str:
    """reverse(name, kwargs=values), the same address, without reversing name for each row.

    A list or a page of results names the same few URLs for every row, and reverse() costs
    50-80 µs a call. The name is reversed once per URLconf and script prefix in force (both
    part of the key: a request may carry its own URLconf, and tests change them).
    """
    urls = _row_urls(name, tuple(values), get_resolver(get_urlconf()), get_script_prefix())
    return urls(**values)


@functools.lru_cache(maxsize=64)
def _row_urls(name: str, params: tuple[str, ...], resolver: URLResolver, prefix: str) -> RowUrls:
    return RowUrls(name, *params)


class RowUrls:
    """One URL name's address for any row, from reverse() called when it is made.

    The name is reversed with a stand-in (a number no path holds) for each argument, and a
    row's values take the stand-ins' places. A value the parameter's converter might refuse
    or reverse() might quote (anything but letters, digits, "-" and "_"; anything but
    digits where only a number is taken) goes through reverse() itself.
    """

    def __init__(self, name: str, *params: str) -> None:
        self.name = name
        stand_ins = {param: f"{9_182_736_450 + n}" for n, param in enumerate(params)}
        address = reverse(name, kwargs=stand_ins)
        # The address cut at each stand-in: (argument, text before it) in the path's order.
        found = sorted((address.find(stand_in), param) for param, stand_in in stand_ins.items())
        self._pieces: list[tuple[str, str]] = []
        start = 0
        for at, param in found:
            if at < start or address.count(stand_ins[param]) != 1:
                raise ValueError(f"{name} does not take {param} once in its path")
            self._pieces.append((param, address[start:at]))
            start = at + len(stand_ins[param])
        self._tail = address[start:]
        # Which parameters take text: reversing with a letter in the stand-in tells.
        self._patterns = {param: _PLAIN for param in params}
        for param in params:
            try:
                reverse(name, kwargs={**stand_ins, param: f"x{stand_ins[param]}"})
            except NoReverseMatch:
                self._patterns[param] = _DIGITS
        # A converter that changes values on the way out (to_url) is not put in by hand.
        other = {param: int(stand_in) + 7 for param, stand_in in stand_ins.items()}
        self._by_hand = self._put_in(other) == reverse(name, kwargs=other)

    def _put_in(self, values: Mapping[str, int | str]) -> str:
        return "".join(text + str(values[param]) for param, text in self._pieces) + self._tail

    def __call__(self, **values: int | str) -> str:
        if (
            not self._by_hand
            or values.keys() != self._patterns.keys()
            or not all(self._patterns[k].fullmatch(str(v)) for k, v in values.items())
        ):
            return reverse(self.name, kwargs=values)
        return self._put_in(values)
