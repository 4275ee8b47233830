"""Advice phrases that take a side on the asker's treatment: go ahead, keep going, stop, wait.

The cue lists in analysis.py read what a sentence says about the treatment ("it works", "no
evidence"); these read what the doctor tells the asker to do, which is how most answers to "is it
safe?", "should I keep going?" and "which one?" give their verdict. Asked about what followed a
treatment ("is this swelling normal?"), reassurance and alarm take a side too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .negation import denied_at
from .question_kind import CHOICE, QuestionKind

Mention = tuple[str, int, int]  # a treatment's slug and where its name stands in the cue text

GO = 1.0
STOP = -1.0

# Each phrase is matched in cue_text() (lower case, contractions expanded) between word bounds.
_GO_PHRASES = (
    r"(?:go|going) ahead",
    r"support (?:you|your decision|you going ahead)",
    r"go for it",
    r"(?:ok|okay|fine|reasonable|comfortable|happy) (?:for you |with you )?(?:to|proceeding"
    r"|going ahead|continuing|with you continuing|for you to)",
    r"(?:be|am|is|are) comfortable (?:with|proceeding|going ahead)",
    r"proceed(?:ing)?(?: with)?",
    r"keep (?:going|using|taking|applying|having|doing|wearing|treating|it up|at it|on|with|up)",
    r"push (?:through|on)",
    r"keep (?:slathering|putting it on|at it)",
    r"ride it out",
    r"stay(?:ing)? the course",
    r"(?:finish|complete) (?:it|them)(?=\s*(?:[.!;,]|$)| if)",
    r"(?:scale|cut|dial) (?:it |them )?back(?:,)? (?:but )?(?:do not|don't) (?:bin|stop|quit|drop)",
    r"game[- ]?changer",
    r"earns? (?:its|their) keep",
    r"no need to (?:touch|change|stop) (?:it|them|anything)",
    r"(?:^|just |please |so |then )use (?:it|them)(?=\s*(?:[.!;]|$))",
    r"without (?:any )?hesitation",
    r"(?:i|we) (?:often |regularly |routinely |commonly |frequently )?prescribe"
    r" (?:it |them |this )?(?:often|regularly|routinely|a lot|all the time|every day|daily)",
    r"no (?:[\w-]+ )?reason not to",
    r"(?:i|we) (?:do|often|routinely|regularly|happily|commonly) treat",
    r"not unreasonable",
    r"(?:happy|content|glad|pleased) to (?:treat|prescribe|inject|do|offer|go ahead|operate)",
    r"(?:i|we) would (?:happily |gladly )?(?:treat|prescribe|inject|operate on)"
    r" (?:you|her|him|it|this)",
    r"without a second thought",
    r"nothing to stop you",
    r"get it done",
    # "Do it.", "Yes, get it.", "I would have it."
    r"(?:(?<=^)|(?<=yes )|(?<=yes, )|(?<=just )|(?<=would )|(?<=so ))(?:do|get|have)"
    r" it(?=\s*(?:[.!;]|$))",
    r"as planned",
    r"(?:is|would be) the (?:answer|solution)(?= for you| here| in your case|\s*(?:[.!;,]|$))",
    r"(?:do not|never) (?:drop|abandon|ditch|give up on)",
    r"keep (?:you|her|him|them) on",
    r"(?:get|getting) started",
    r"start (?:it|them|now|today|treatment)(?! (?:with|and|then))",
    r"give it (?:another|more|a (?:bit|little|few) more|time|a fair)",
    r"(?:the )?right (?:tool|choice|treatment|option|medication|medicine|procedure|method|fit)",
    r"fine (?:by|with) me",
    r"(?:will|would|can) not (?:hurt|harm)",
    r"no (?:[\w-]+ )?risk (?:of|to)",
    r"carry(?:ing)? on",
    r"continu(?:e|ing)",
    r"stay(?:ing)? (?:on|with)",
    r"stick(?:ing)? with",
    r"(?:finish|complete) (?:the|your) (?:full )?(?:course|treatment)",
    # "To be safe, stop it" is caution, not reassurance.
    r"(?<!to )(?:is|are|remains?|be|perfectly|completely|generally|very|quite|considered|reasonably"
    r"|entirely|extremely) safe",
    r"safe (?:to|for you|for most|for your|option|choice|treatment|procedure|in|with|when|if"
    r"|as long as|provided|enough)",
    r"(?:do not|would not|should not|no need to|there is no need to) (?:\w+ )?(?:panic|worry"
    r"|be alarmed|be concerned|lose sleep)",
    r"(?:do not|would not|should not) let (?:[\w-]+ ){1,4}(?:stop|scare|put|deter|discourage|talk)"
    r" you",
    r"(?:is|are) (?:completely |perfectly |entirely |quite )?(?:expected|normal|a good sign)",
    r"you (?:will|should) be (?:fine|ok|okay|safe)",
    r"compatible with",
    r"no (?:harm|problem|issue|danger) (?:in|with)",
    r"(?:no|not an?|not any) (?:good )?(?:reason|need) to (?:stop|worry|avoid|wait|skip|quit"
    r"|give (?:it )?up|be (?:concerned|worried|alarmed)|fear)",
    r"(?:is|are|be|perfectly|absolutely|totally|completely|quite|entirely) fine(?! lines?)",
    r"no (?:[\w-]+ )?(?:harm|damage|danger)(?! (?:in|of) (?:waiting|stopping|holding))",
    r"(?:stopping|quitting|giving (?:it )?up|coming off) (?:would|will) be"
    r" (?:a )?(?:mistake|a shame|a pity)",
    r"use (?:it|them) if you (?:like|enjoy|want)",
    r"(?:would|should|need) not change (?:a thing|anything|your|what you)",
    r"no need to change",
    r"nothing to (?:worry|fear)",
    r"well[- ]tolerated",
    r"(?:a|the) (?:sound|sensible|good|great|reasonable|safe|excellent) (?:choice|option|plan|idea"
    r"|decision)",
    r"(?:you are|you would be|you sound like|you seem like|you look like) (?:a |an )?(?:\w+ )?"
    r"(?:good|great|excellent|ideal|perfect|reasonable|textbook|suitable) candidate",
    r"(?:exactly|precisely) (?:the|what) [^.;]{0,40}\b(?:designed|made|meant|intended|built) for",
    r"comfortable (?:treating|doing|offering|injecting|operating|prescribing|taking|using|having"
    r"|giving)",
    r"(?:perfectly |very |quite |entirely |completely )?(?:reasonable|sensible)(?! to (?:wait|hold"
    r"|stop|avoid|expect|ask|try something))",
    # "I'll be glad to help" greets the asker; it is not about the treatment.
    r"(?:likely |will |would |should )?be (?:pleased|happy|satisfied|delighted|thrilled|glad)"
    r"(?! to (?:help|assist|answer|advise|explain))",
    r"respond(?:s|ed)? (?:very |really |quite |extremely )?well",
    r"(?:do|does|did) (?:very |really )?well with",
    r"(?:one of )?the best (?:indications?|candidates?|uses?|options?|choices?)",
    r"no hesitation",
    # A yes whose only condition is realistic expectations is still a yes.
    r"(?:if|as long as|provided|when) (?:your |you keep your |you have )?expectations (?:are |stay "
    r"|remain )?(?:modest|realistic|reasonable|sensible)",
    r"(?:would|should|will) not (?:\w+ )?(?:stop|quit|give up|discontinue|cancel|postpone)",
    r"^why not(?=\s*(?:[.!]|$))",
    r"exactly (?:who|what|the (?:kind|sort|type) of \w+)\b[^.;]{0,30}\bfor",
    r"(?:had|have|get|see|with|expect) (?:an? )?(?:excellent|great|good|wonderful|very good)"
    r" (?:results?|outcomes?)",
    r"(?:a |an )?(?:great|excellent|good|sound|solid) (?:product|option|choice|treatment|tool)",
    r"worth (?:a |the )?(?:try|trying|a shot)",
    r"worth (?:doing|having|getting|starting|restarting|continuing|keeping|repeating|persevering"
    r"|pursuing|going back)",
    r"(?:re)?start(?:ing)? (?:again|it again|them again)",
    r"(?:a )?reasonable (?:try|trial|thing to try)",
    r"ask (?:for|about) it",
    r"(?:i|we) (?:would )?go straight to",
    r"(?:not|is not|isn't) borne out",
    r"keep (?:it|them|the \w+) going",
    r"(?:the )?only (?:real )?mistake (?:is|would be) (?:stopping|quitting|giving up)",
)
_STOP_PHRASES = (
    r"stop(?:ping)? (?:it|them|the|using|taking|applying|buying|paying|spending|now|treatment|for)",
    r"(?:get|come|go) off (?:it|them|the)",
    r"(?:i|we) (?:do not|would not|will not|never) (?:operate|inject|treat|prescribe"
    r"|give (?:it|them)|do (?:it|this|that)|offer (?:it|this|that))",
    r"(?:do not|would not|never) put (?:[\w-]+ ){0,3}on",
    r"(?:hard |i would |we would )?pass(?=\s*(?:[,.!;:-]|$)| on (?:it|this|that))",
    r"(?:i|we) would skip",
    r"hard (?:pass|no)",
    r"\bnah\b",
    r"\bmeh\b",
    r"hold your horses",
    r"hold on for now",
    r"off it goes",
    r"lean (?:against|away from)",
    r"move (?:you |her |him )?off",
    r"put (?:it|them|the [\w-]+) away",
    r"(?:do it|have it|have them|wait|until|till) after (?:the|your) (?:last )?(?:baby|babies"
    r"|pregnancy|delivery|breastfeeding|wedding)",
    r"finish(?:ing)? (?:your|the) family",
    r"not (?:as )?(?:your|my|the|a) first (?:choice|option|step|treatment|line)",
    r"(?:not|never) (?:[\w-]+ ){0,2}(?:i|we) would pay for",
    r"(?:i|we) would not(?=\s*(?:[.!;]|$))",
    r"consider (?:[\w-]+ ){0,3}instead",
    r"avoid(?=\s*(?:[.!;]|$))",
    r"(?:is|are|been|for) (?:far |way |much |a bit )?too long",
    r"do not (?:re)?start (?:it|them|this|that|until|before|yet|again)",
    r"(?:i|we) (?:would |strongly |really )?discourage",
    r"(?:something|one) (?:i|we) would discourage",
    r"hold fire",
    r"give (?:it|them|that|this) a miss",
    r"want (?:you|her|him|them) off",
    r"(?:i|we) (?:keep|reserve|save) (?:it|them|this|that|[\w-]+) for"
    r" (?:those|people|patients|cases|later|when)",
    r"(?:put|spend|direct|redirect|use) (?:the|your|that) (?:money|budget|cash)",
    r"not yet(?=\s*(?:[,.!;:-]|$))",
    r"(?:the )?wrong (?:tool|choice|treatment|option|device|approach|move)",
    r"cutting it (?:too )?close",
    r"too (?:soon|early|risky)(?! to (?:judge|tell|say|know|see|give up|stop|quit))",
    r"(?:i|we) would stop",
    r"please stop",
    r"(?<!full )stop(?=\s*(?:[,.!;:-]|$))",
    r"discontinu(?:e|ing)",
    r"quit",
    r"take (?:a |an )?(?:[\w-]+ ){0,2}break",
    r"tim(?:e|ing) (?:for|to take) a break",
    r"taper(?:ing)? (?:off|down)",
    r"come off",
    r"switch(?:ing)? to",
    r"ask(?:ing)? (?:[\w-]+ ){0,3}(?:to switch|about switching|to change)",
    r"hold(?:ing)? off",
    r"(?:lean|leaning|inclined) (?:toward|towards|to) (?:holding off|stopping|not)",
    r"postpon\w+",
    r"put (?:it|this|that) off",
    r"skip (?:it|the|this|that)",
    r"(?:i|we) would not (?:have|get|do|use|take|pay|buy|bother|recommend|go|choose|spend|start"
    r"|inject|touch|try|put)",
    r"not (?:my|the|a) (?:first|best|right) (?:choice|option|step|treatment)",
    r"not (?:an|a good|the right|a great|a sensible) (?:option|choice|idea)",
    r"save (?:your|the) (?:money|time|cash|[\w-]+ (?:minutes|pounds|dollars|euros))",
    r"steer (?:you |patients |people |clear )?(?:[\w-]+ ){0,2}(?:away )?(?:from|of)",
    r"(?:i|we) (?:would )?(?:bin|ditch|throw away|throw out) (?:it|them|that|this)",
    r"asking for trouble",
    r"(?:i|we) (?:do not|would not|never) (?:prescribe|offer|advise|suggest)",
    r"(?:mostly|just|pure|all) (?:marketing|hype)",
    r"do not (?:take|use|get|have|do|start|buy) (?:it|them|this|that)",
    r"(?:time to |should |to )?move on",
    r"time for (?:a |an )?(?:different|new|another|other) (?:plan|approach|treatment|option)",
    r"(?:not|never) (?:what|something|one) (?:i|we) would (?:choose|use|pick|recommend|do|suggest"
    r"|put [\w-]+ through|offer)",
    r"doing you a disservice",
    r"save up for",
    r"pause (?:it|the|them|now|for|your)",
    r"(?:can not|cannot|can't|do not|does not|did not|never) (?:\w+ )?see (?:a|any|much) (?:real )?"
    r"(?:difference|change|improvement|benefit)",
    r"(?:never|rarely|seldom|do not|does not) (?:really )?need (?:a|it|one|this|them)",
)
_MIXED_YES_NO = r"(?:[\w%-]+ ){1,4}yes[,;.:]? (?:[\w%-]+ ){1,6}no(?=\s*(?:[,.!;:-]|$))"
_MIXED_YES_NO_RE = re.compile(r"\b" + _MIXED_YES_NO)
# Telling the asker to wait: against having the treatment now, but asked whether something that
# followed a treatment already had will pass, it is "give it time" (QuestionKind.about_a_result).
_WAIT_PHRASES = (
    r"why not wait",
    r"let (?:[\w-]+ ){0,3}wait",
    r"waiting (?:is|would be) (?:the )?(?:safer|better|wiser|best|sensible|right)",
    r"(?:not|no) (?:be )?in (?:a|any) (?:rush|hurry)",
    r"no (?:rush|hurry)",
    r"wait(?:ing)? (?:until|till|for|a few|another|before|to)",
    r"(?:i|we) would (?:\w+ )?wait",
    r"(?:lean|leaning|inclined) (?:toward|towards|to) waiting",
)
_DEPENDS_PHRASES = (
    r"(?:i|we) would (?:need|want|have) to (?:see|examine|assess|evaluate|feel)",
    r"(?:need|needs|have|has) to (?:examine|see|assess|evaluate) you",
    r"(?:only|without) (?:an? )?(?:[\w-]+ )?(?:exam|examination|assessment|evaluation"
    r"|consultation)",
    r"only (?:[\w-]+ ){0,4}(?:can|could|will) (?:answer|tell|decide|say)",
    r"(?:question|decision|one) for your",
    r"discuss (?:[\w-]+ ){0,2}with (?:your|the doctor|the dermatologist|the surgeon|whoever)",
    r"(?:your|the) (?:own |prescribing |treating )(?:doctor|dermatologist|physician|gp|surgeon"
    r"|ob|obstetrician|specialist)",
    r"every (?:face|patient|case|person|body|nose|scalp) is different",
    r"(?:the )?key question",
    r"(?:weigh|balance) (?:[\w-]+ ){0,3}(?:risks?|benefits?|factors|pros)",
    r"(?:it is|it's) (?:really )?(?:your|a personal) (?:call|choice|decision)",
    r"no (?:right|single|one) (?:right )?answer",
    r"(?:could|can|might|may) go either way",
    r"judge?ment call",
    r"(?:turn|hinge|rest|hang|swing)s? on",
    r"coin (?:flip|toss)",
    r"(?:is|comes|come|all|really|mostly) down to (?:the|your|who|how|what|whether)",
    r"(?:your|a personal) call",
    r"(?:would|will|should|could) settle (?:it|this|that)",
    r"(?:tied|linked) to whether",
    r"follows from (?:that|this|which)",
    r"only you (?:can|know)",
    r"mixed (?:answer|picture|bag)",
    r"(?:hard|difficult|impossible|can not|cannot) (?:to )?(?:judge|tell|say|assess)"
    r" (?:from|without|online|here|this)",
    r"(?:will|would|should|must|can|to) (?:decide|determine|choose) (?:for you|this|it)",
    r"(?:decides?|determines?) (?:this|it|the (?:question|answer|choice))(?=\s*(?:[.!;,]|$))",
    r"(?:do|get|have|run) (?:[\w-]+ ){0,4}(?:tests?|check|analysis|profile|bloodwork|workup|levels"
    r"|scan|biopsy|panel|dermoscopy)(?: done| checked)? first",
    r"first (?:do|get|have|run) (?:[\w-]+ ){0,3}(?:tests?|check|analysis|profile|bloodwork|workup"
    r"|levels|scan|biopsy|panel)",
    r"(?:make|makes) (?:this|the|that) call",
    r"(?:differs|varies|different) (?:between|from (?:person|patient))",
    r"(?:exam|examination|assessment|test|bloodwork|workup|consultation) (?:[\w-]+ ){0,4}"
    r"(?:tells|will tell|shows|will show) (?:you )?(?:which|whether|if)",
    r"comes? down to",
    r"no way to (?:choose|say|tell|know|decide)",
    r"before (?:saying yes or no|deciding|advising|choosing|telling you|i (?:could|can) (?:say"
    r"|advise))",
    r"(?:i|we) would (?:want|need|like) to know",
    r"(?:an? |the )?(?:exam|examination|assessment) (?:question|first|tells|decides|will tell)",
    r"(?:get|be) (?:examined|assessed|evaluated)",
    r"have (?:\w+ ){0,2}(?:assessed|examined|evaluated|checked)",
    r"examine you",
    r"(?:that|which|this) decides (?:it|the)",
    r"(?:what|which) bothers you (?:most|more)",
    r"depends? (?:\w+ ){0,2}on (?:your|you|the|how|what|whether|which|that)",
    r"need to (?:see|feel|examine)",
    # Two cases with two answers: "if it is the jowl, surgery; if it is the skin, maybe HIFU".
    r"(?:if|for|when) [^.;]{3,80}[;,] (?:but |and |whereas |while )?(?:if|for|when)(?= )",
    # "Fading, yes; vanishing, no."
    _MIXED_YES_NO,
)

# "Yes, ...", "Honestly, no." - at most one short word before the answer word.
_OPENER_YES = re.compile(
    r"^(?:\w+,?\s+|(?:in my|from my|in our) [\w ]{1,20},\s*)?(?:yes|yep|absolutely|definitely"
    r"|certainly|of course|sure)\b(?! not)"
)
_OPENER_NO = re.compile(
    r"^not (?:at|while|with|for|in|until|now|yet|right now|during|if|on)\b"
    r"|^(?:\w+,?\s+|(?:in my|from my|in our) [\w ]{1,20},\s*)?(?:no|nope|not really|definitely not"
    r"|absolutely not|certainly not|probably not)"
    r"(?:\s*(?:[,.!;:-]|$)|\s+(?:it|they|this|that|i|you|not|way)\b)"
)


def _compile(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


_GO_RE = _compile(_GO_PHRASES)
_STOP_RE = _compile(_STOP_PHRASES)
_WAIT_RE = _compile(_WAIT_PHRASES)
_DEPENDS_RE = _compile(_DEPENDS_PHRASES)


@dataclass(frozen=True)
class Advice:
    go: float = 0.0  # toward having / continuing the treatment
    stop: float = 0.0  # toward not having it, stopping or waiting
    depends: float = 0.0

    def __add__(self, other: Advice) -> Advice:
        return Advice(self.go + other.go, self.stop + other.stop, self.depends + other.depends)


# The advice's subject, when it is not the treatment: the act of stopping it, or something to
# arrange first.
_ABOUT_STOPPING_RE = re.compile(
    r"\b(?:stopping|quitting|coming off|giving (?:it )?up|pausing|taking a break|trial off)"
    r"(?: (?:it|them|the [\w-]+|now|[\w-]+ly))?\s+(?:is|would be|will be|should be)"
    r"\s+(?:[\w-]+\s+)?$"
)
_ABOUT_SOMETHING_ELSE_RE = re.compile(
    r"\b(?:(?:second )?opinion|consultation|consult|exam|examination|assessment|test|photos?"
    r"|bloodwork|check-?up|appointment)\s+(?:is|would be|are)\s+(?:[\w-]+\s+)?$"
)


_OPEN_QUESTION_RE = re.compile(r"\b(?:whether|if)\b[^,;:]*$")


def _asked_not_advised(cue: str, start: int) -> bool:
    """ "Whether it is worth continuing depends on ..." weighs the advice, it does not give it."""
    return bool(_OPEN_QUESTION_RE.search(cue[:start]))


# How far from an advice phrase a treatment's name may stand and still be what it is about:
# right after it as its object ("keep using minoxidil"), or before it as its subject ("the peel
# is safe").
_OBJECT_REACH = 12
_SUBJECT_REACH = 20
# Advice that names what to move on to: the name is the replacement, the advice is about the
# treatment asked about ("switch to minoxidil", "save the money for a facelift").
_NAMES_REPLACEMENT_RE = re.compile(r"^(?:switch|save|put|spend|direct|redirect|use)")


def _about_another_treatment(
    cue: str, start: int, end: int, mentions: Sequence[Mention], is_subject: dict[str, bool]
) -> bool:
    """Whether the advice at cue[start:end] is about a treatment other than the question's:
    the nearest name after it ("switch to minoxidil") or, failing that, before it ("the peel is
    safe"), within the same clause."""
    if _NAMES_REPLACEMENT_RE.match(cue[start:end]):
        return False
    after = [m for m in mentions if end <= m[1] <= end + _OBJECT_REACH]
    before = [m for m in mentions if start - _SUBJECT_REACH <= m[2] <= start]
    nearest = after[0] if after else (before[-1] if before else None)
    if nearest is None:
        return False
    between = cue[end : nearest[1]] if after else cue[nearest[2] : start]
    return not re.search(r"[;.:]", between) and not is_subject.get(nearest[0], False)


def read_advice(
    cue: str,
    kind: QuestionKind,
    opening: bool,
    mentions: Sequence[Mention] = (),
    is_subject: dict[str, bool] | None = None,
) -> Advice:
    """Advice in one sentence's cue text; `opening` marks an answer's first sentence or title.

    mentions: (slug, start, end) of the treatments named in `cue`; advice about another
    treatment counts against the asker's only when the question asks which of them to choose.
    """
    go = stop = depends = 0.0
    subject = is_subject or {}
    choosing = kind.kind == CHOICE
    for pattern, for_it in ((_GO_RE, True), (_STOP_RE, False), (_WAIT_RE, kind.about_a_result)):
        for m in pattern.finditer(cue):
            if _asked_not_advised(cue, m.start()):
                continue
            if _ABOUT_SOMETHING_ELSE_RE.search(cue[max(0, m.start() - 30) : m.start()]):
                continue  # "a second opinion is fine" says nothing of the treatment
            if kind.yes_is_against and m.group() == "not yet":
                continue  # asked "can I stop now?", "Not yet" keeps it going: the opener reads it
            favourable = for_it != denied_at(cue, m.start(), reach=2)
            if _ABOUT_STOPPING_RE.search(cue[max(0, m.start() - 30) : m.start()]):
                favourable = not favourable  # "stopping is completely safe"
            if mentions and _about_another_treatment(cue, m.start(), m.end(), mentions, subject):
                if not choosing:
                    continue
                # Asked "which one?", going for the other option is a point against this one.
                favourable = not favourable
            if favourable:
                go += 1.0
            else:
                stop += 1.0
    depends += len(_DEPENDS_RE.findall(cue))
    if opening and not kind.bare_answer_is_unclear:
        # A bare "Yes" or "No" answers the question as asked, and some questions are asked so
        # that "yes" is bad news ("Will it weaken my muscles?", "Should I stop?").
        said_yes = bool(_OPENER_YES.match(cue)) and not _MIXED_YES_NO_RE.search(cue)
        said_no = not said_yes and bool(_OPENER_NO.match(cue))
        if said_yes or said_no:
            favourable = said_yes != kind.yes_is_against
            if favourable:
                go += 1.5
            else:
                stop += 1.5
    return Advice(go, stop, depends)


_PREFER_RE = re.compile(
    r"\b(?:(?:i|we) (?:would )?lean(?: towards?)?(?! against| away)|(?:i|we) would take"
    r"|(?:only |one )?(?:option|thing|treatment|procedure) (?:i|we) (?:would )?(?:\w+ )?"
    r"recommend is"
    r"|(?:i|we) would (?:\w+ )?(?:choose|pick|favou?r|go with|opt for|start with|suggest"
    r"|recommend|prefer|lean towards?|try|do|look at|go for|begin with|choose)"
    r"|my (?:advice|recommendation|vote|preference|choice|pick|suggestion) (?:is|would be)"
    r"|go with|opt for|(?:start|begin) with|better off with|i prefer|i recommend|i suggest"
    r"|i favou?r|i would rather"
    # An imperative that opens a sentence or follows a dash: "Get the crown.", "- go for lipo"
    r"|(?:(?<=^)|(?<=- )|(?<=: )|(?<=just )|(?<=so ))(?:get|have|choose|pick|go for))\b"
)
_PREFERRED_AFTER_RE = re.compile(
    r"^\s*,?\s*(?:without (?:a )?(?:question|doubt)|no contest|hands down|every time|by far)\b"
    r"|^\s*(?:is|would be|remains|are)?\s*(?:my|the|our|a)?\s*(?:go-to|go to|first choice"
    r"|top choice|first-line|preferred|(?:better|best) (?:option|choice|bet|fit)"
    r"|winner|wins|comes first|first|full stop|period|no question|it is|it has to be"
    r"|(?:my|our) (?:pick|choice|vote|preference)"
    r"|the (?:one|choice|option) (?:i|we) would (?:make|pick|choose|take))\b"
)
_DISPREFER_RE = re.compile(r"\b(?:rather than|instead of|over|before trying|not)\s*$")
_FIRST_RE = re.compile(r"^\s*(?:first|1st)\b")
_THEN_RE = re.compile(r"\b(?:then|before|followed by|and after that)\b")
_CONDITION_BEFORE_RE = re.compile(r"\b(?:as long as|so long as|provided|if|once)\b[^.;,]*$")


def _near_object(cue: str, verb_end: int, name_start: int) -> bool:
    between = cue[verb_end:name_start]
    return len(between.split()) <= 3 and not re.search(
        r"\b(?:and|but|then|later|or)\b|[,;]", between
    )


def read_preference(
    cue: str,
    mentions: Sequence[Mention],
    is_subject: dict[str, bool],
    choosing: bool = False,
) -> Advice:
    """Which of the treatments named in a sentence the doctor prefers for the asker.

    mentions: (slug, start, end) of treatments in `cue`; is_subject: slug -> is it the treatment
    the question is about. Preferring the subject is a point for it, preferring another
    treatment a point against it. choosing: the question asks which of two treatments.
    """
    go = stop = 0.0
    if not mentions:
        return Advice()
    preferred: list[str] = []
    dispreferred: list[str] = []
    for m in _PREFER_RE.finditer(cue):
        if denied_at(cue, m.start(), reach=2) or re.search(r"\b(?:not|never)\b", m.group()):
            continue  # "I'd not start with Botox" prefers nothing
        # The pick is what the verb takes as its object, not a name further on ("I'd choose
        # implants alone and only add a lift later" picks the implants).
        after = [
            x
            for x in mentions
            if m.end() <= x[1] <= m.end() + 40 and _near_object(cue, m.end(), x[1])
        ]
        if after:
            preferred.append(after[0][0])
    for slug, start, end in mentions:
        if _DISPREFER_RE.search(cue[max(0, start - 16) : start]):
            dispreferred.append(slug)
        elif _FIRST_RE.match(cue[end:]) or _PREFERRED_AFTER_RE.match(cue[end:]):
            # "Sun protection first, then TXA" and "as long as sun protection comes first" put
            # things in order or set a condition; neither turns down the treatment asked about.
            then_subject = any(
                is_subject.get(other, False) and s > end and _THEN_RE.search(cue[end:s])
                for other, s, _ in mentions
            )
            if not then_subject and not _CONDITION_BEFORE_RE.search(
                cue[max(0, start - 30) : start]
            ):
                preferred.append(slug)
    # Asked "which one?", a sentence that is nothing but a treatment's name ("Facelift.") names
    # the doctor's pick; elsewhere it is only a heading.
    if (
        choosing
        and len(mentions) == 1
        and len(cue.strip(" .!,")) <= mentions[0][2] - mentions[0][1] + 12
    ):
        preferred.append(mentions[0][0])
    for slug in preferred:
        if slug in dispreferred:
            continue
        if is_subject.get(slug, False):
            go += 1.0
        else:
            stop += 1.0
    for slug in dispreferred:
        if is_subject.get(slug, False):
            stop += 1.0
        elif choosing:
            go += 1.0  # asked "which one?", "Botox, not filler" picks Botox
    return Advice(go, stop, 0.0)


# Read only when the question asks about what followed a treatment already had
# (QuestionKind.about_a_result): there "very common" and "give it time" reassure, and "this is
# not normal, be seen today" is the alarm. "It wears off" is not here: analysis.py reads it as an
# effect that fades, and method.py counts that as reassurance on these questions.
_REASSURING_RESULT_PHRASES = (
    r"(?:is|are|be|sounds?|looks?|seems?|feels?|perfectly|completely|totally|entirely|quite"
    r"|very|all|still|within|this is|that is|it is) (?:[\w-]+ )?(?:normal|expected|common"
    r"|typical|usual)",
    r"^(?:very |perfectly |completely |totally |quite |entirely )?(?:normal|expected|common"
    r"|typical)",
    r"(?:will|should|usually|typically|generally|tends? to|often|normally|gradually|eventually"
    r"|rarely|seldom|unlikely to) (?:[\w-]+ ){0,2}(?:(?:settle|resolve|fade|subside|improve|soften"
    r"|heal|recover|return|relax|disappear)[sd]?|go away|go down|smooth out|even out|calm down"
    r"|come back|get better|be better)",
    r"(?:is|are|be|looks?|sounds?|seems?) (?:[\w-]+ ){0,2}(?:fine|ok|okay|alright|all right)",
    r"(?:odds|chances) are (?:[\w-]+ ){0,3}(?:in your favou?r|good|excellent|very good)",
    r"temporary",
    r"on (?:track|schedule)",
    r"part of (?:the )?(?:normal )?(?:healing|recovery|process)",
    r"give it (?:[\w-]+ ){0,2}time",
    r"be patient",
    r"patience",
    r"time is (?:your|on your) (?:friend|side)",
    r"too (?:early|soon) to (?:judge|tell|worry)",
    # Asked "did it not work?": "that means it worked", "it is working".
    r"(?:is|are|it's|means (?:it|that|the [\w-]+)(?: is)?) (?:[\w-]+ )?(?:working|worked)",
)
# Phrases that deny a worry themselves: a "not" in them does not turn them round.
_WORRY_DENIED_PHRASES = (
    r"(?:nothing|no need|no reason) to (?:worry|be (?:worried|concerned|alarmed))",
    r"(?:do not|would not|need not|should not) (?:be )?(?:worr(?:y|ied)|concerned|alarmed)",
    r"no cause for (?:concern|alarm)",
    r"not (?:permanent|dangerous|serious|a concern|concerning|worrying)",
    r"nothing (?:[\w-]+ ){0,3}(?:concerning|worrying|worrisome|alarming|abnormal)",
)
_ALARMING_RESULT_PHRASES = (
    r"(?:be seen|get seen|get checked|seek (?:urgent|immediate|prompt|medical) (?:care|attention"
    r"|help)|go to (?:the )?(?:er|emergency|a&e))",
    r"(?:see|call|contact|phone|ring|visit|go back to|return to|get back to) (?:(?:your|the|a|an)"
    r" (?:[\w-]+ ){0,2}(?:surgeon|injector|doctor|dentist|dermatologist|physician|provider"
    r"|practice|office|clinic|nurse)|them|him|her|us|someone)(?: [\w-]+){0,3} (?:today|tonight"
    r"|now|right away|immediately|urgently|promptly|asap|as soon as possible|straight away"
    r"|this week|at once|within (?:hours|the hour|a few hours|a day|24 hours))",
    r"(?:concerning|worrying|worrisome|a red flag|a warning sign|an emergency|urgent)",
    r"(?:sooner|now) rather than later",
)
# Phrases that raise an alarm with a "not" of their own: "this is not something to wait out".
_URGENT_PHRASES = (
    r"(?:do not|should not|must not|cannot|can not) wait\b",
    r"(?:not something|nothing|not one) to (?:wait (?:out|on)|sit on|ignore)",
)
_REASSURING_RESULT_RE = _compile(_REASSURING_RESULT_PHRASES)
_WORRY_DENIED_RE = _compile(_WORRY_DENIED_PHRASES)
_ALARMING_RESULT_RE = _compile(_ALARMING_RESULT_PHRASES)
_URGENT_RE = _compile(_URGENT_PHRASES)
_DENIED_WITHIN_RE = re.compile(r"\b(?:not|never|no|rarely|seldom|unlikely)\b")
# "If it turns hot and red, be seen today": a warning of what may come, not a verdict on what
# the asker has now.
_WARNING_OF_WHAT_MAY_COME_RE = re.compile(
    r"(?:^|\b)(?:if|unless|in case|should (?:it|they|you|the|this|that|there|any))\b"
    r"|^(?:any|a|new|sudden|increasing|worsening) (?:[\w-]+ ){0,4}(?:or|and) "
)


def _warned_before(cue: str, pos: int) -> bool:
    return bool(_WARNING_OF_WHAT_MAY_COME_RE.search(cue[:pos]))


def read_result_reassurance(cue: str) -> Advice:
    """What a sentence says of something that followed the treatment: that it is normal or will
    pass (for the treatment), or that it is not and needs a doctor now (against). Denied ("this
    is not normal", "it will not settle", "nothing concerning"), each says the other; "do not
    wait" is alarm with a "not" of its own."""
    denials = [m.span() for m in _WORRY_DENIED_RE.finditer(cue)]
    urgent = [m.span() for m in _URGENT_RE.finditer(cue) if not _warned_before(cue, m.start())]
    go, stop = float(len(denials)), float(len(urgent))
    for pattern, reassures in ((_REASSURING_RESULT_RE, True), (_ALARMING_RESULT_RE, False)):
        for m in pattern.finditer(cue):
            if any(start <= m.start() < end for start, end in denials + urgent):
                continue  # read already: "nothing here is concerning", "do not wait"
            if _warned_before(cue, m.start()):
                continue
            denied = denied_at(cue, m.start(), reach=2) or bool(_DENIED_WITHIN_RE.search(m.group()))
            if reassures != denied:
                go += 1.0
            else:
                stop += 1.0
    return Advice(go, stop, 0.0)
