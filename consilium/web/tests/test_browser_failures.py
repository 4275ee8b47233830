"""A failing browser test leaves behind what the browser showed, for a red CI run to explain."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("playwright")

from consilium.web.tests.browser import FAILURES
from consilium.web.tests.conftest import NewPerson, keep_what_the_browser_saw

pytestmark = pytest.mark.browser


def test_a_failure_saves_a_screenshot_and_the_html_of_every_open_page(new_person: NewPerson):
    page = new_person(javascript=False)
    page.set_content("<title>Seen</title><h1>What the browser saw</h1>")
    item: Any = SimpleNamespace(funcargs={"page": page}, nodeid="test_x.py::test_it_broke[js]")
    report: Any = SimpleNamespace(when="call", sections=[])
    keep_what_the_browser_saw(item, report)

    screenshot, html = (
        FAILURES / "test_it_broke-js-call-1.png",
        FAILURES / "test_it_broke-js-call-1.html",
    )
    try:
        assert screenshot.read_bytes().startswith(b"\x89PNG")
        assert "What the browser saw" in html.read_text()
        [(title, text)] = report.sections
        assert title == "what the browser saw"
        assert str(screenshot.with_suffix("")) in text
    finally:
        screenshot.unlink(missing_ok=True)
        html.unlink(missing_ok=True)
