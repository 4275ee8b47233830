"""The JSON API under /api/v1: operations, personal tokens, problems and rate limits."""
