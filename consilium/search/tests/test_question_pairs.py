"""The question triples we judge similar questions by: frozen held-out part, sound contents."""

import hashlib

from consilium.search.evaluation import PARTS, load_part
from consilium.search.lexical import content_terms

# Written before any tuning; a change to the file would let tuning see it.
HELDOUT_SHA256 = "7e01a06270d86e1b55abcd7e2121da65a7a5a5a258c635a46512df4184161c4e"


def test_it_keeps_the_held_out_part_exactly_as_first_written():
    assert hashlib.sha256(PARTS["heldout"].read_bytes()).hexdigest() == HELDOUT_SHA256


def test_it_holds_enough_triples_over_many_specialties():
    heldout = load_part("heldout")
    assert len(heldout) >= 250
    assert len({t.specialty for t in heldout}) >= 20
