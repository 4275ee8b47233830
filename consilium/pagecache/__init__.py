"""Rendered pages for signed-out readers, kept in the cache under versions that writes bump."""
