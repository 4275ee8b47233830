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


def shared(question, other):
    words = set(content_terms(question))
    return len(words & set(content_terms(other))) / max(1, len(words))


def test_paraphrases_use_other_words_and_decoys_the_same_ones():
    for part in PARTS:
        triples = load_part(part)
        paraphrases = sum(shared(t.question, t.paraphrase) for t in triples) / len(triples)
        decoys = sum(shared(t.question, t.decoy) for t in triples) / len(triples)
        assert paraphrases < 0.2
        assert decoys > 2 * paraphrases


def test_no_text_is_in_both_parts():
    texts = [{x for t in load_part(p) for x in (t.question, t.paraphrase, t.decoy)} for p in PARTS]
    assert not texts[0] & texts[1]
