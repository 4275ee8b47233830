"""How similar two questions are: a semantic cosine blended with a lexical one."""

from __future__ import annotations

import numpy as np

from consilium.search.query import SynonymIndex

# Word overlap only breaks near-ties: on our question pairs, whose wrong answers share the
# right one's keywords on purpose, any larger weight lost accuracy (docs/search.md).
LEXICAL_WEIGHT = 0.02


def combine(
    semantic: np.ndarray, lexical: np.ndarray, weight: float = LEXICAL_WEIGHT
) -> np.ndarray:
    return semantic + weight * lexical


def embedding_text(title: str, body: str, synonyms: SynonymIndex) -> str:
    """What a question's vector is computed from: its title and the topics it names.

    The title is the question; duplicate-question matching compares titles, and the ask
    form sends one. Leaving the body out keeps inputs short, which is much faster to embed.
    Naming the taxonomy's topic beside a synonym lets the model see that "wrinkle relaxer"
    and "Botox" are one treatment, which raised its accuracy on our question pairs
    (docs/search.md has both figures). A title that names no topic borrows
    those its body names.
    """
    topics = synonyms.topics_in(title) or synonyms.topics_in(body)[:3]
    named = f" ({', '.join(topic.name for topic in topics)})" if topics else ""
    return f"{title.strip()}{named}"
