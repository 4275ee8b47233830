"""Markdown from users: rendered, sanitised, links marked and images never loaded."""

from consilium.qa.markdown import plain_text, render_markdown


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[study](https://example.org/study)")
    assert 'rel="nofollow ugc noopener"' in html


def test_remote_images_are_not_loaded():
    assert "<img" not in render_markdown("![x](https://tracker.example/pixel.png)")


def test_raw_html_and_script_links_are_neutralised():
    html = render_markdown("<b onclick=x>hi</b> [x](javascript:alert(1))")
    assert "<b" not in html
    assert "javascript:" not in html.split("href=")[-1] if "href=" in html else True
    assert 'href="javascript' not in html


def test_plain_text_drops_markup():
    assert plain_text("**bold** and _it_") == "bold and it"
