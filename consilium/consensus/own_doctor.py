"""What the asker's own doctor advised, as the question tells it, and answers that side with it.

"My surgeon says wait until twelve months" in the question makes "Your surgeon is right" in an
answer a vote for waiting; "I disagree with your physio" a vote against what the physio said.
The question's report is read in cue text, clause by clause, by the same advice readers as the
answers (the caller passes them in), so which way "wait" or "you can stop" leans is decided in
one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .negation import denied_at
from .text import cue_text, split_sentences

# Who the asker may have been advised by, as the question and the answers name them.
_ROLES = (
    r"doctor|doc|gp|physician|provider|prescriber|surgeon|ob|ob-gyn|obgyn|obstetrician"
    r"|gynaecologist|gynecologist|midwife|dermatologist|derm|injector|nurse|dentist|orthodontist"
    r"|pharmacist|psychiatrist|cardiologist|endocrinologist|oncologist|rheumatologist|neurologist"
    r"|urologist|ophthalmologist|audiologist|pediatrician|paediatrician|specialist|consultant"
    r"|physio|physiotherapist|therapist|team"
)
_ROLE = rf"(?:(?:own|new|regular|usual|treating|prescribing|family|plastic|eye|skin) )?({_ROLES})"
# "My GP says I can stop", "the surgeon told me to wait": the advice is the clause after the verb.
_REPORT_RE = re.compile(
    rf"\b(?:my|our|the|her|his|their) {_ROLE}(?:'s)? (?:says?|said|told (?:me|us|her|him)"
    r"|tells (?:me|us|her|him)|wants(?: me| us| her| him)?|suggested|suggests|recommended"
    r"|recommends|advised(?: me| us)?|advises(?: me| us)?|thinks|offered(?: me| us)?"
    r"|offers(?: me| us)?|prescribed|is pushing(?: for)?|insists|put (?:me|her|him) on)\b"
)
# The asker's own view after a "but" is not the doctor's.
_CLAUSE_END_RE = re.compile(r"[;!?]|\bbut\b|\bhowever\b|\bthough\b|\balthough\b")
# Short reports the answer readers have no phrase for: "says wait", "said it's fine".
_REPORTED_GO_RE = re.compile(
    r"^(?:that |to )?(?:(?:it|this|that|they|i|we|she|he) (?:is|are|am|was|were) )?"
    r"(?:fine|ok|okay|safe|normal|expected|nothing to worry about)\b"
    r"|^(?:that |to )?(?:(?:i|we|she|he|you) )?(?:can|should|could) (?:keep|continue|stay|go ahead"
    r"|have|get|start|take|use|carry on)\b"
    r"|^(?:to )?(?:keep|continue|stay on|go ahead|start|carry on)\b"
)
_REPORTED_STOP_RE = re.compile(
    r"^(?:that |to )?(?:(?:i|we|she|he|you) )?(?:should |must |need to |have to |can )?(?:wait"
    r"|stop|come off|hold off|avoid|not)\b"
    r"|^(?:that |to )?(?:(?:i|we|she|he|you) )?(?:can not|cannot|should not|must not)\b"
)
# An answer siding with, or against, the asker's own doctor.
_AGREES_RE = re.compile(
    rf"\bagree with (?:your|the|her|his) {_ROLE}"
    rf"|\b(?:your|the|her|his) {_ROLE}(?:'s)? (?:is|was|are) (?:quite |absolutely |probably )?"
    r"(?:right|correct|spot on|giving (?:you )?(?:good|sound|the right) advice)"
    rf"|\b(?:take|follow|listen to|trust|go with|do what) (?:your|the|her|his) {_ROLE}(?:'s)?"
    rf"|\bside with (?:your|the|her|his) {_ROLE}"
    r"|\btake (?:him|her|them) up on"
)
_DISAGREES_RE = re.compile(
    rf"\bdisagree with (?:your|the|her|his) {_ROLE}"
    rf"|\b(?:your|the|her|his) {_ROLE}(?:'s)? (?:is|was|are) (?:quite |probably )?wrong"
)

Lean = Callable[[str], float]


def reported_leans(title: str, body: str, lean: Lean) -> dict[str, float]:
    """Which way each doctor the question reports leaned: +1 for the treatment, -1 against,
    by the role the question names them by. `lean` reads one clause of cue text the way an
    answer's sentence is read (positive for the treatment)."""
    leans: dict[str, float] = {}
    for sentence in [title, *split_sentences(body)]:
        cue = cue_text(sentence)
        for m in _REPORT_RE.finditer(cue):
            rest = cue[m.end() :].strip(" ,:")
            end = _CLAUSE_END_RE.search(rest)
            clause = rest[: end.start()] if end else rest
            said = _reported(clause, lean)
            if said:
                leans[m.group(1)] = said
    return leans


# "If I choose smooth implants ..." and "either the pill or the coil" report no one advice.
_NO_ONE_ADVICE_RE = re.compile(r"^(?:if|whether|when|unless)\b|\bor\b")


def _reported(clause: str, lean: Lean) -> float:
    if _NO_ONE_ADVICE_RE.search(clause):
        return 0.0
    if _REPORTED_STOP_RE.match(clause):
        return -1.0
    if _REPORTED_GO_RE.match(clause):
        return 1.0
    read = lean(clause)
    return 1.0 if read > 0 else -1.0 if read < 0 else 0.0


def sides_with_own_doctor(cue: str, leans: Mapping[str, float]) -> float:
    """The lean an answer's sentence takes by agreeing or disagreeing with the asker's own
    doctor: that doctor's lean, turned round for a disagreement or a denial ("I would not
    follow your GP here"), 0 when the question reported no advice or the role matches none of
    several that differ."""
    if not leans:
        return 0.0
    total = 0.0
    for pattern, agrees in ((_AGREES_RE, True), (_DISAGREES_RE, False)):
        for m in pattern.finditer(cue):
            role = next((g for g in m.groups() if g), None)
            said = _lean_of(role, leans)
            if said == 0.0:
                continue
            sides = agrees != denied_at(cue, m.start(), reach=2)
            total += said if sides else -said
    return total


def _lean_of(role: str | None, leans: Mapping[str, float]) -> float:
    if role is not None and role in leans:
        return leans[role]
    distinct = set(leans.values())
    # "Your doctor is right" where the question said "my GP": the one advice reported.
    return distinct.pop() if len(distinct) == 1 else 0.0
