"""Settings for bench/pages.py: the site's own settings, its URLs plus one minimal view."""

from consilium.settings import *  # noqa: F403 - the site's settings, unchanged

ROOT_URLCONF = "pages_urls"
