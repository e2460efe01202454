"""Urgent-help and medical-advice detection (no Flask).

Three outcomes for every message, recall first:
- *crisis*: someone may be in danger now. Urgent help comes before anything else.
- *concern*: the message touches on risk (suicide, overdose, a general question
  about danger) but names no danger now. It gets its normal reply with the
  help line beside it.
- *none*.

Three detectors:
1. the crisis classifier (bot/engine/crisis_model.py), trained on labelled messages in
   English, Spanish and five other languages, which generalises past exact words.
   Below STRONG its crisis is *soft*: the bot (answer.py) gives it up for a plain
   reading of the message (small talk, a dose question, a confident answer), with
   the urgent help beside the reply. In a language the bot does not read there
   is no plain reading, so no crisis there is soft;
2. a floor of explicit patterns in English and Spanish that are a crisis
   whatever the classifier says ("kill myself", "took all my pills", "not
   breathing", "lethal dose");
3. for languages the bot does not read in full, a short list of crisis cues
   per language (bot/engine/language.py).

Words alone are not a crisis: "this pain is killing me", "will I be
unconscious during the infusion" and "he overdosed in 2018" name no danger now.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from bot.engine import language, segments, smalltalk
from bot.engine.analysis import once_per_message
from bot.engine.crisis_model import Scores
from bot.engine.crisis_model import shipped as shipped_model
from bot.engine.everyday import ordinary_use
from bot.engine.literals import LiteralIndex
from bot.engine.segments import sentences as split_sentences
from bot.engine.text import edit_distance, english_words, normalize, spoken, without_dose_typo

# Crisis words that visitors misspell; a token that is not an English word and
# is within one or two edits of one of these is read as it ("sucidal").
_CRISIS_WORDS = ("suicide", "suicidal", "overdose", "overdosed", "overdosing", "myself", "breathing", "unconscious", "unresponsive", "collapsed")

# Patterns that are urgent however they are asked, even as a question about people in general:
# a lethal amount or method, asking for the crisis line.
_HOWEVER_ASKED: set[str] = set()


def however_asked(pattern: str) -> str:
    """Mark a crisis pattern as urgent even in a general question; returns it unchanged."""
    _HOWEVER_ASKED.add(pattern)
    return pattern


_ABOUT_SOMEONE: set[str] = set()
_STATES_NOW: set[str] = set()


def a_state_now(pattern: str) -> str:
    """Mark a crisis pattern as left to the classifier in a sentence that tells it is over ("my
    suicidal thoughts are gone since the infusions", "I used to have suicidal thoughts", "ketamine
    helped my suicidal ideation"). Returns it unchanged."""
    _STATES_NOW.add(pattern)
    return pattern


def about_someone(pattern: str) -> str:
    """Mark a crisis pattern as left to the classifier in a question that names no one ("long pain
    can bring thoughts of suicide?"): said as a statement ("suicidal thoughts most nights") or about
    someone ("my husband has suicidal thoughts"), it is a crisis. Returns it unchanged."""
    _ABOUT_SOMEONE.add(pattern)
    return pattern


# "not responding to chemo" is a treatment that does not work, not a person who does not respond.
_NOT_TO_TREATMENT = (r"(?! to (my |his |her |their |the |any )?(treatments?|meds|medications?|medicine|chemo\w*|therapy|radiation|drugs|antidepressants"
                     r"|opioids|morphine|ketamine|infusions?|painkillers|pain ?meds|much|nerve blocks?|blocks?|injections?|steroids?|antibiotics)\b)")
# "I never wake up during the night", "and I never wake up rested": sleep, not a wish not to wake.
_NOT_OF_SLEEP = r"(?! (during|at|in the|through|until|till|before|once|when|if|on time|early|rested|refreshed|properly|fully|feeling|right)\b)"

# Always a crisis: intent to die or self-harm, harm to others, an emergency now.
# A high place to stand or sit on, and what makes it an ordinary seat ("the bridge table", "the ledge of the tub").
_HIGH_PLACE = r"(the |a |this )?(overpass|bridge|ledge|rooftop|roof of|cliff|cliff edge|train tracks|railway tracks|railroad tracks)\b"
_SEAT_THERE = (r"(party|bar|restaurant|game|club|tour|table|terrace|patio|garden|deck|pool|platform"
               r"|(of|by) (the|a|my|our) (fountain|pool|bath\w*|tub|shower|window|garden|bed|table|fireplace|planter|shed|porch))")

_CRISIS_PATTERNS = [
    # self-harm and suicide intent, first or third person
    r"\b(kill|kil|killing|hurt|hurting|harm|harming|cut|cutting|shoot|shooting|hang|hanging|drown|drowning|poison|poisoning|starve|starving|stab|stabbing|unalive|unaliving|off|offing) (my ?self|him ?self|her ?self|them ?selves|them ?self)\b",
    r"\b(end|ending|take|taking|end up taking|finish|finishing) (my|his|her|their) (own )?life\b(?! (over|back|apart|hostage|away from))",
    r"\b(end|ending|ended|finish|finishing) (it all|everything|things(?! (up|off|at))|my suffering|this life)\b",
    r"\b(want|wants|wanted|wanting|going|ready|wish|wishing|plan|planning) (to )?(die|be dead|not be alive|not wake up|not exist|disappear forever)\b"
    r"(?! (of|from) (boredom|embarrassment|laughing|laughter|shame|curiosity|excitement|hunger|heat)\b)",
    r"\b(wanna|gonna) die\b(?! (of|from) (boredom|embarrassment|laughing|laughter|shame|curiosity|excitement|cuteness|hunger|heat)| laughing)",
    # "I wish I was dead / six feet under / with my son again", never "I wish I was able to sleep" or "closer to your clinic"
    r"\bwish(es|ed)? (i|he|she|they) (had never been born|could die|(was|were)(?! (able to (sleep|work|walk|eat|drive|play|travel|lift|stand|sit|focus|enjoy|hold|get out|do more|go out)"
    r"|closer (to|by)|nearer|back (at work|to normal)|here (with me|for (the|my|her|his))|better at|younger|healthier|stronger|still working|well enough to|gone fishing)))\b",
    r"\b(be|being|was|were|am|im) (six|6) feet under\b|\bpushing up daisies\b|\bworm food\b"
    r"|\bojala (estuviera|estuviese) (muert[oa]|bajo tierra|en el cielo|con dios)\b|\bojala (me muriera|me muera|no despertara)\b",
    r"\bbetter off (dead|without me|gone)\b",
    r"\bbetter off if (i|i just|i simply)( just)? ((wasnt|werent|was not|were not|wasn t)( \w+)? (here|around|alive|born|in the picture|in their lives)"
    r"|didnt exist|did not exist|never woke up|died|disappeared|was gone|were gone|was dead|were dead)\b",
    r"\b(rather|prefer to) (be )?(dead|die)\b",
    r"\b(dont|do not|no longer) want to (live|be alive|be here|wake up|go on|exist)\b",
    r"\b(no|not any|nothing left to|no more) (reason|point|will) (to|in|for) (live|living|go on|going on|stay alive)\b",
    r"\b(life|living) (is not|isnt|is no longer|not) worth (living|it)\b",
    r"\bnot worth living\b",
    r"\b(cant|can not|cannot) (go on(?! (vacation|holiday|a trip|trips|a cruise|the|my|with|walks?|dates?|leave|like normal))|keep going|live like this|do this any ?more)\b",
    r"\b(cant|can not|cannot) (take|bear|handle|stand|cope with) (it|this|that|the|my|his|her)?(?! (nausea|itching|vomiting|constipation|side effects?|waiting|noise|heat|smell|taste|hospital food|commute|drive)\b)( \w+)? any ?more\b",
    r"\bgive up on (life|living|everything)\b",
    r"\b(want|wants|going|ready|plan|planning|gonna|wanna|decided) (to )?end it\b",
    r"\b(dont|do not|cant|cannot|no longer) see (the|a|any) (point|reason) (in|of|to|for) (living|life|going on|being here|anything|carrying on)\b",
    r"\bno (point|reason) (in |to )?(living|go on|going on|carry on|carrying on|being alive)\b",
    r"\b(tired|sick) of (living|being alive|life)\b(?! (on|off|with (the|my|this) (meds|pills|opioids|side effects)|out of|in (a|this|hospital)))",
    r"\b(nothing|no one|nobody|nothing left|no reason) (left )?to live for\b",
    r"\b(sleep|rest) forever\b",
    r"\bending it\b(?! with)",
    r"\blife is (pointless|meaningless|hopeless|not worth it)\b|\bi want out\b",
    r"\bdone with (everything|life|living|it all)\b",
    r"\b(kill me (now|please)|just kill me|please kill me|want (someone|somebody) to kill me)\b",
    r"\b(want|wish|need|ready for) (it all|everything|all of it|all of this|all this|my life) (to )?(be over|end|stop|be done)\b",
    r"\b(keep|kept|been|always|constantly|cant stop|can not stop|cannot stop) thinking (about|of) (dying|death|being dead|killing|ending it|ending my life|not being here)\b",
    r"\bthoughts (of|about) (dying|death|killing (myself|yourself)|ending it|ending my life|ending your life|not being here)\b",
    r"\b(nobody|no one|noone) (would|will|is going to) (miss|care about|notice) me\b",
    r"\b(never|not) (to )?wake up( again)?\b" + _NOT_OF_SLEEP,
    r"\b(jump|jumping) (off|from|in front of|out of(?! (my|his|her|their) skin| bed| my seat| my chair))\b",
    r"\bin front of a (train|car|bus|truck)\b",
    r"\b(slit|cut|cutting|slash) (my|his|her|their) (wrist|wrists|throat)\b",
    r"\b(want|wish|wishing|going) to disappear\b",
    r"\bwish i (wasnt|was not|werent|were not) (here|alive|born)\b",
    r"\b(saving|stockpiling|hoarding|collecting) (up )?(my |his |her )?(pills|tablets|meds|medication)\b(?! (lists?|receipts|records|bottles for|boxes|paperwork|schedule|names|info))",
    r"\b(been|am|im|i am|started|start|keep|have been|ive been) (stockpiling|hoarding)\b(?! (my |our )?(questions|clothes|stuff|things|food|books|junk|papers?|boxes|toilet|water|supplies|groceries|cans|yarn|money|cash)\b)",
    r"\b(so|and) (i|he|she) (can |could |would |will |just |can just |could just )?(slip away|fade away|go to sleep for good|never wake up|not wake up)\b" + _NOT_OF_SLEEP,
    r"\b(choose|chose|decide|decided|arrange|set it|set the dose) (to )?(not|never) (to )?wake up\b",
    r"\benough (pills|tablets|meds|medication|morphine|oxycodone) to (die|end|kill)\b",
    r"\b(gun|knife|rope) to (end|kill|hurt)\b",
    r"\b(took|taken|swallowed|ate|just had) (?!.{0,20}\b(family|notes|care|time|paperwork|papers|photos|pictures|kids|children|friends|dog|days?|hours?|minutes?|weeks?|questions|forms|money|steps|trips|walks|home)\b)(all (of )?(my|his|her|their|the) |a handful of |handfuls of |a bunch of |lots of (?!(food|pasta|bread|rice|cake|sugar|chocolate|candy|sweets|fruit|water|coffee|tea|soup|junk|time|fun)\b)|a lot of (?!(food|pasta|bread|rice|cake|sugar|chocolate|candy|sweets|fruit|water|coffee|tea|soup|junk|time|fun)\b)|\d{2,} (?!(minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|months?|years?)\b)|the whole |my whole |his whole |her whole |extra |double )",
    r"\b(kms|kys|sewerslide)\b",
    r"\bsuicide (plans?|notes?|attempts?)\b",
    # a past attempt, to be done again: "years ago i survived an overdose and i feel like doing it again"
    r"\b(overdos\w*|attempt\w*|suicid\w*|kill\w* (my|him|her) ?self|took (all|too many|too much))\b.{0,120}"
    r"\b(do(ing)? it again|try(ing)? (it )?again|another (attempt|one|try|go)|this time (it will|itll|it ll|i will|ill) (work|do it|get it right))\b",
    # a wish for what was asked: "is there any chance the ketamine stops my heart? i'm praying it does", "¿podría dejar de respirar? ojalá que sí"
    however_asked(r"\b(stop\w* (my|the|your) (heart|breathing)|die|dying|not wake up|never wake up|kill me|dead)\b.{0,60}"
                  r"\b(i hope so|hopefully(?! not)|i hope it (does|will)|praying it (does|will)|pray it (does|will)|fingers crossed|that would be (a relief|nice|good|a blessing))\b"
                  r"|\b(dejar de respirar|morir\w*|no despertar|matar\w*|parar\w* el corazon|muera)\b.{0,60}\b(ojala\b(?! que no| no)|seria un alivio|me encantaria|que bueno seria)"),
    r"\b(my|his|her|their|your) heart (to )?(stop|stops|stopping|give out|gives out)\b",
    r"\bpicked (the|a|my) (bridge|spot|place|way|method|overpass|building)\b|\b(written|wrote|finished) (the|my|all the|all my) (letters|notes|goodbyes)\b",
    r"\b(saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|collected) (up )?(?!(money|cash|costs?|a lot|some money|on costs)\b)(\w+ ){0,3}(pills|tablets|meds|medication|oxy\w*|morphine|fentanyl|patches)\b(?! (lists?|receipts|records|paperwork|schedule|names|info))",
    r"\b(same|my|the|a) stash\b",
    r"\bcartas (ya )?(estan )?escritas\b|\bpastillas (ya )?(estan )?listas\b",
    however_asked(r"\bhow many (pills|tablets|patches)( \w+){0,3} (it takes|it would take|would it take|does it take|to die|to not wake up|to never wake up)\b"),
    however_asked(r"\b(asked|asks|ask)( me)? (if|whether) (i|im|i am|i was|i have|i had|ive)\b.{0,60}\b(suicid\w*|kill\w* myself|end\w* (my life|it)|hurt\w* myself|die)\b"
                  r".{0,30}\b(that is true|thats true|which is true|its true|i said yes|said yes|answered yes|ticked yes|circled yes)\b"),
    r"\bya (tengo|tiene) (la |una )?fecha\b(?! (para|de) (la|mi|su|una) (cita|consulta|infusion|sesion|operacion|cirugia))",
    r"\b(attempted|attempt|tried|trying|try) (to )?(suicide|kill)\b",
    r"\b(kill|(?<!iv )(?<!needle )(?<!infusion )(?<!it )(?<!this )(?<!that )(?<!shot )hurt|harm|shoot|stab) (someone|somebody|people|him|her|them|my (wife|husband|partner|family|kids|children))\b",
    # overdose and poisoning
    r"\b(overdosing|(just|has|have|i|ive|he|she|hes|shes|they|theyve|think (i|he|she|they)|may have|might have) (overdosed|oded))\b"
    r"(?!.{0,40}\b(in (19|20)\d\d|years? ago|months ago|last (year|month|summer|winter|spring|fall)|back in|when (i|he|she|they) (was|were)|before|clean|sober))",
    r"\boverd(id|one|oing) (it )?(on|with) (my|his|her|their|the) \w*\s?(pills|meds|medication|medicine|tablets|morphine|oxycodone|fentanyl|patch)\b",
    r"\b(took|taken|taking|swallowed|ate|had|given|gave) (too many|too much|way too(?! (long|late|early|slow|fast|much time))|an overdose|a (whole|full|entire) (bottle|pack|box)|all (of )?(my|his|her|the) (pills|tablets|meds|medication|medicine))",
    # "take too much" said of now ("today he take too much"), not of a habit ("I take too much opioid medicine")
    r"\b(take|takes|give|gives) (an overdose|a (whole|full|entire) (bottle|pack|box)|all (of )?(my|his|her|the) (pills|tablets|meds|medication|medicine))"
    r"|\b(today|tonight|just now|this (morning|evening|afternoon)|by mistake|accidentally)\b.{0,30}\b(take|takes|give|gives) (too many|too much|way too)"
    r"|\b(take|takes|give|gives) (too many|too much|way too)\b.{0,40}\b(today|tonight|just now|this (morning|evening|afternoon)|by mistake|accidentally)\b",
    r"\b(will|ill|gonna|going to|want to|wanna|about to|plan to|planning to|ready to|says he will|says she will|saying he will|saying she will) (take|give) (too many|too much|way too)\b",
    r"\b(double|extra|triple) (dose|doses|dosed) by (mistake|accident)\b",
    r"\baccidentally (took|take|taken|swallowed|gave|given|overdosed)\b",
    r"\b(took|taken|swallowed) .{0,30}\b(double|twice|triple) (the|my|his|her)? ?(dose|amount)\b",
    # a medical emergency happening now
    r"\b(not|isnt|is not|arent|wasnt|stopped|stop|cant|can not|cannot|struggling to|trouble|difficulty|hard to) breath(e|ing)?\b",
    r"\b(collapsed|passed out|fainted|blacked out|(is|are|went|now|still|lying|found (him|her|them)) unconscious|unresponsive|not responding" + _NOT_TO_TREATMENT + r"|wont wake( up)?|cant wake|not waking( up)?|(isnt|is not|arent|wasnt) waking( up)?|turning blue|lips are blue|gasping|barely breathing|hardly breathing)\b",
    r"\b(having|has|is having|am having|think (he|she|i) (is|am) having) (a )?(seizure|stroke|heart attack|fit)\b",
    r"\b(seizing|convulsing|choking)\b(?! up)",
    r"\b(bleeding (heavily|badly|a lot|everywhere|wont stop|will not stop|that wont stop)|cant stop (the )?bleeding)\b",
    r"\b(throat|tongue|face|lips|lip|mouth) (is |are )?(closing|closing up|swelling|swelling up|swollen)\b",
    r"\bbleeding .{0,25}\b(wont|will not|doesnt|does not|cant|cannot) stop\b",
    r"\b(slurred speech|speech is slurred|slurring (his|her|my) words|face is drooping|face drooping)\b",
    r"\bfell and (cant|cannot|can not) get up\b",
    r"\b(blood everywhere|bleeding out|losing a lot of blood)\b",
    r"\b(drank|drunk|drink|swallowed|ate) (some )?(bleach|poison|antifreeze|drain cleaner|cleaning (product|fluid|liquid)|detergent|pesticide|weed killer|lighter fluid)\b",
    r"\b(swallowed|got into|ate) (my|his|her|their|the|some|some of (my|his|her|the)) (pills|tablets|meds|medication|medicine|patch|patches)\b",
    r"\b(going to|gonna|will|want to|plan to|about to) (take|swallow) (them all|all of them|the (whole|entire) (bottle|pack|box)|all (of )?(my|the) (pills|meds|medication|tablets))\b",
    r"\bdanger to (myself|my self|himself|herself|themselves|others)\b",
    r"\b(cant|cannot|can not) keep (myself|my self|him|her|them) safe\b",
    r"\bhopeless\b.{0,40}\bgive up\b",
    however_asked(r"\b(suicide|crisis) (hotline|line|lifeline|helpline|number)\b|\b988\b"),
    r"\b(anaphylaxis|anaphylactic)\b(?! allerg)",
    r"\b(call|get|need|send) (an|a|the) ambulance\b",
    r"\b(this is|its|it is|having|have) an emergency\b",
    r"\bdying right now\b",
    # method and lethality: never a dose question
    however_asked(r"\b(lethal|fatal|deadly|kill (me|you|a person|someone|him|her))\b.{0,40}\b(dose|dosis|amount|combination|combo|mix|together|how (many|much|high))\b"),
    however_asked(r"\b(how (many|much)|what (dose|amount)|which (pills|meds|drugs|combination))\b.{0,60}\b(lethal|fatal|deadly|kill (me|you|a person|someone)|to die|not wake up|never wake up|end it|od|overdose|stop (your|my|his|her|their|a persons|someones) (heart\b(?! (medication|medicine|meds|pills?|tablets?|rate|condition|doctor|drugs?))|breathing))"),
    however_asked(r"\bhow (many|much) (?!.{0,30}\b(infusions?|sessions?|treatments?|appointments?|visits?|weeks?|months?|days?|time|better)\b).{0,40}\b(would it take\b(?! (the edge|away|effect|long|a while|to (cover|pay|get|feel|see|notice|work|kick)|out of|before|for (insurance|me to (feel|notice|see))))|would do (it|the job)\b(?! (for|to help))|would be enough\b(?! (to|for)\b))"),
    however_asked(r"\b(mix|mixing|mixed|combine|combining|combined|combination|combo)\b.{0,60}\b(deadly|fatal|lethal)\b"
                  r"|\b(take|taking|took)\b.{0,40}\btogether\b.{0,30}\b(is|be|are|was) (deadly|fatal|lethal)\b"),
    however_asked(r"\b(enough|badly enough|strong enough|much) (to|that it could|that it would|it could|it would) (be )?(fatal|lethal|deadly|kill)\b|\b(could|would|will) (it|that|they|this) be (fatal|lethal|deadly)\b"),
    r"\b(stop|stops|stopped) (your|my|his|her|their|someones|a persons|a person s|someone s) (breathing|heart\b(?! (medication|medicine|meds|pills?|tablets?|rate|condition|doctor|drugs?)))",
    however_asked(r"\b(dosis|cuantas?|cuantos?)\b.{0,40}\b(mata|matan|matar(ia)?|mortal(es)?|letal(es)?|serian suficientes|para no despertar|pa ya no)\b|\b(mata|matar) a una persona\b"),
    # intent said plainly, in the words people use
    r"\b(want|wants|wanna|going|gonna|ready|plan|planning|decided|wish|trying|about|need) (to )?(stop living|stop existing|not exist|not be (here|alive)|be gone for good|go to sleep forever|go to sleep and (stay asleep (for good|forever)|never wake up|not wake up)|stay asleep (for good|forever)|end (my life|things|everything|this|it all)|unalive( myself)?|check out for good|clock out for good)\b",
    r"\b(had|have|ive had) enough of (living|being alive|life|this life)\b",
    however_asked(r"\b(whats|what is) the (point|use) (of|in) (living|going on|being alive|being here|life|my life|carrying on)( \w+){0,3} (anymore|any more)\b"
                  r"|\bwhy (should|would|do|must) i (keep|go on|carry on|bother) (living|going|being alive)\b|\bno (reason|point) (to|in) (live|living|go on|going on|carry on)\b"),
    r"\b(pray|praying|hope|hoping|wish|wishing)( \w+){0,3}?( that)? (i|he|she) (dont|do not|never|wont|will not) wake up\b",
    r"\b(would|theyd|shed|hed|wed|youd|everyoned|everybodyd)( all)? be (better|freer|happier|easier)( off)? (if|when|once) (i|im|i am) (was |were |am |is )?(gone|dead|not here|not around|no longer here)\b",
    however_asked(r"\b(put|keep|send) (me|him|her|someone|a person) (under|to sleep) (permanently|for good|forever)\b"),
    # suicidal thoughts said plainly, as a state now ("suicidal thoughts most nights, do you take medicare"); a
    # general question about them ("can ketamine cause suicidal thoughts?"), the past and negations are left to the classifier
    a_state_now(about_someone(
        r"\b(suicidal|suicide) (thoughts?|ideation|ideas|feelings?|urges?)\b|\bthoughts? (of|about) (suicide|killing (my|him|her)self|ending (it|my life|things))\b"
        r"|\b(i|he|she) (think|thinks|keep thinking|am thinking|have been thinking|been thinking) (about|of) (suicide|killing (my|him|her)self|ending (it|my life))\b"
        r"|\bsuicide is (on|in) (my|his|her) (mind|head|thoughts)\b|\b(passive |active )?(suicidal )?ideation\b")),
    # ... and said with a time of now, even in a message that asks something ("suicidal thoughts every night can you help?")
    a_state_now(r"\b(suicidal( (thoughts?|ideation|feelings?|urges?))?|ideation|thoughts? of (suicide|killing (my|him|her)self|ending it))( \w+){0,2}? "
                r"(most|every|each|again|lately|at night|these days|rn|right now|tonight|today|constantly|all the time)\b"),
    r"\b(i am|im|i feel|feeling|been|getting|he is|hes|she is|shes)( (?!not\b|never\b|no\b)\w+){0,2} suicidal\b"
    r"|\b(been feeling|they are|theyre|is) (so |very |really |kind of |kinda |a bit |pretty |extremely |quite |actually )?suicidal\b",
    r"\b(im|i am|i will|ill) (not|never) be (here|around|alive) (tomorrow|next|much longer|by|for)\b|\b(wont|will not) be (here|around|alive) (tomorrow|next|much longer|by|for|anymore)\b",
    r"\b(this is|saying|said( my)?|say|saying my) (goodbye|goodbyes|farewell)\b(?! to (chemo|radiation|the|my (old|hair|job)|treatment|pain|opioids|the pills))|\bsaid my goodbyes\b",
    r"\btell (my|him|her|them) (\w+ ){0,3}(i love|im sorry(?! (i was|for being|for the|about the|i missed|i forgot|i couldnt))|i am sorry(?! (i was|for being))|it wasnt|it was not|i said|goodbye)\b",
    r"\b(wrote|written|writing|left|leaving) (a |the |my )?(goodbye |farewell )?(letters?|notes?|cards?) (for|to) (my|everyone|each|all)\b(?! (the (nurses|staff|doctors|team|clinic)|nurses|staff|doctor|doctors|oncologist|onc|nurse|gp|surgeon|team|insurance|insurer|lawyer|boss|landlord|pharmacist|care team|pain team|clinic)\b)",
    r"\b(gave|given|giving) away (my|all my|his|her|all his|all her) (things|stuff|belongings|dog|cat|pets?)\b",
    r"\b(its|it is) time (for me )?to go\b(?! (to|home|get|back|in|out|for|and|see|pick))|\bready to go be with\b",
    r"\b(have|got|bought|holding|loaded|keep) (a |the |my |his |her )?(gun|pistol|rifle|rope|noose)\b",
    r"\b(standing|sitting) (on|at) (the |a )?(bridge|ledge|roof|edge|tracks)\b|\bcar running in the garage\b|\bgarage with the car running\b",
    # overdose and poisoning now, without the word
    r"\b(took|takes|taken|swallowed|swallows|used|uses|put on|puts on|ate|eats|gave (him|her|me)|have on|stuck on|stuck|sticks) (a |an )?(second|third|another|extra|two|three|four|2|3|4|double|all|the whole|whole|entire|the rest of|all the|a weeks|the weeks|his whole|her whole|my whole|their whole|their entire|all their|all of their|all of the|all of his|all of her|all his|all her)( \w+){0,3} (patch|patches|pills|tablets|doses|bottle|box|pack|organizer|organiser|lozenges|morphine|oxycodone|oxy|fentanyl|meds|medication|methadone|hydromorphone|tramadol)\b",
    r"\b(drank|drunk|swallowed|got into|ate|chewed|sucked on)\b.{0,40}\b(morphine|methadone|oxycodone|oxy|fentanyl|pills|meds|medicine|medication|patch|tablets|bleach)\b",
    r"\bpinpoint pupils\b|\b(cant|can not|cannot|wont) (wake|rouse) (him|her|them|my \w+) up\b|\bsnoring and (cant|can not|wont)\b",
    # a medical emergency now, by its signs
    r"(?<!form )(?<!bill )(?<!letter )(?<!page )(?<!this )(?<!it )(?<!that )(?<!website )(?<!form is )(?<!bill is )(?<!letter is )(?<!page is )(?<!this is )(?<!it is )(?<!that is )(?<!website is )\b(not|isnt|is not|wont|arent|stopped) (responsive|responding" + _NOT_TO_TREATMENT + r"|answering me|moving|making sense)\b",
    r"\bbreathing (is |went |got |has gone )?(really |very |so |super )?(shallow|slow|weird|strange|funny|noisy|rattling|irregular|gurgling)\b",
    r"\b(cant|can not|cannot|hard to|hardly|barely|struggling to) (breathe|breath|stay awake(?! (during|in|at|through|all day|past|after|for))|keep (my|his|her) eyes open)\b",
    r"\b(lips|face|skin|fingers) (are |is |went |turning |turned |look |looks |going )?(kind of |kinda |a bit |really |very )?(blue|grey|gray|purple|dusky)\b(?! (where|around|at the|from the|bruis\w*|after the (iv|needle|injection)))",
    r"\b(crushing|heavy|severe|bad|sharp|tight) (pain in (my|his|her) chest|chest pain)\b|\bchest pain (right )?now\b|\bpain (going |spreading )?down (my|his|her) left arm\b",
    r"\b(face|mouth|smile) (is |looks |went |has gone )?(drooping|droopy|crooked|lopsided|sags|sagging|slack on one side)\b(?!( \w+){0,3} (since|from|after) (the |her |his |my |a )?(surgery|radiation|operation|bells palsy))|\b(cant|can not|cannot) (lift|move|raise) (his|her|my) (arm|leg)\b",
    # signs in few words inside a long story ("He's very hard to wake.", "her breathing keeps stopping ... then a big gasp")
    r"\b(he|she|they|hes|shes|theyre)( is| are)? (very |really |so |too |getting |becoming )?hard to (wake|rouse)\b(?!( \w+){0,2} (in the mornings?|for school|for work|on weekends|after (a )?nap))",
    r"\b(breathing|breath|breaths) (keeps |kept |is |has been )?(stopping|stops|pausing|pauses)\b(?! (during|when|at) (the )?(night|sleep))",
    r"\bworst headache\b|\b(coughing|vomiting|throwing) (up )?blood\b|\beyes (are )?rolling\b|\b(is|keeps|started) fitting\b|\bwont stop (shaking|seizing|bleeding|fitting)\b",
    # the means, at hand
    r"\b(my|the|a|his|her|late \w+s) (gun|guns|revolver|pistol|rifle|shotgun|handgun|noose|helium tank|rat poison|antifreeze|razor blades?)\b.{0,50}\b(nightstand|pillow|drawer|bag|car|ready|loaded|cleaned|bought|ordered|check|holding|hand|got|have|still|under|next to|beside)\b",
    r"\b(bought|ordered|got|have|picked up|buying|ordering|loaded|cleaned) (a |some |the |my )?(helium|rat poison|rope|noose|gun|revolver|pistol|rifle|shotgun|charcoal|antifreeze|razor blades|bullets)\b",
    however_asked(r"\bknife (is )?in my (bag|hand|pocket)\b|\bholding (a|the|my) (knife|blade|razor|gun)\b|\bcarbon monoxide\b|\bthe car( xclausex)? the hose\b|\bcar and a hose\b"),
    r"\b(car|engine) (is )?(still )?running\b.{0,40}\bgarage\b|\bgarage\b.{0,40}\b(car|engine) (is )?(still )?running\b",
    # many pills at once, asked or told: "what happens if u take like 30 tramadol at once", "20 percs at the same time"
    however_asked(r"(?<!used to )(?<!has to )(?<!have to )(?<!had to )(?<!need to )(?<!needs to )(?<!supposed to )(?!\w+ .{0,30}\b(every (morning|day|night|evening)|a day|daily|each (morning|day)))\b(take|takes|took|taking|swallow\w*|down|downed|downing"
                  r"|eat|ate|pop|popped|popping|chug\w*|gulp\w*|had|have) (like |about |around |maybe |over |more than |all |all of )?"
                  r"(1[5-9]|[2-9]\d|\d{3,}|fifteen|twenty|thirty|forty|fifty|sixty|a hundred|(a|the|my|his|her) (whole|entire|full) (bottle|box|pack|packet|month|weeks?))"
                  r"( of)?( \w+){0,2} (pills?|tablets?|capsules?|caps|patches|oxy\w*|percs?|percocets?|norcos?|vicodins?|morphine|fentanyl|tramadol|hydrocodone"
                  r"|gabapentin|xanax|valium|ativan|ambien|tylenol|advil|ibuprofen|aspirin|methadone|dilaudid|codeine|benzos?|sleeping pills)\b"
                  r".{0,40}\b(at once|all at once|at the same time|in one go|all together|at one time|in one sitting|in one night|in one shot)\b"
                  r"|\b(tomar|toma|tomas|tomo|tome|tomara|tomarse|tragar|trago|trague) (como |unas |unos )?(1[5-9]|[2-9]\d|\d{3,}|quince|veinte|treinta|cuarenta|cincuenta) (pastillas|tabletas|pildoras|capsulas)\b"
                  r".{0,30}\b(de golpe|a la vez|juntas|de una vez|al mismo tiempo)\b"),
    # a death made to look like something else: "make it look like an accident", "so the overdose looks accidental"
    however_asked(r"\b(make|makes|making|made) (it|my death|the overdose|this|that|things|everything|my od) (look|seem|appear|pass as|pass for) (like )?(an? )?(accident\w*|natural( causes)?)\b"
                  r"|\b(overdos\w*|od|death|suicide|dying)\b.{0,40}\b(look|looks|seem|seems|appear|appears) (like )?(an? )?accident\w*\b"
                  r"|\b(look|looks|seem|seems|appear|appears) (like )?(an? )?accident\w*\b.{0,60}\b(insurance|overdos\w*|od|pills|my kids|my family)\b"
                  r"|\bque parezca (un )?accidente\b"),
    # driving into something, wished or thought of: "keep thinking about steering into a tree", "swerved into oncoming traffic on purpose"
    r"\b(think\w*|thought|tempted|want\w*|wanna|going to|gonna|urges?|keep|kept|imagin\w*|fantasi[sz]\w*|could just|should just)\b.{0,40}"
    r"\b(steer\w*|swerv\w*|driv\w*|crash\w*|ram\w*|veer\w*|jerk\w* the wheel)\b( \w+){0,4} (into|in front of|off) (a |the |an |some )?"
    r"(tree|wall|truck|bridge|pole|oncoming|traffic|semi|lorry|cliff|river|lake|overpass|barrier|train|bus|embankment|ditch)"
    r"|\b(steer\w*|swerv\w*|driv\w*|crash\w*|veer\w*)\b.{0,50}\bon purpose\b",
    r"\b(cutting|cut|burning|burned) (myself )?again\b|\b(went|cut|go) deeper\b",
    r"\b(tired|sick) of (existing|being here|being alive|breathing|waking up)\b|\bwhy (im|i am) still here\b(?! (in|at|waiting|after|on))|\bcheck out permanently\b",
    r"\b(looking forward to|ready for|welcome) (dying|death|the end(?! of (chemo|treatment|the|my|this|radiation))|it all ending)\b|\bnot (scared|afraid) of dying anymore\b",
    however_asked(r"\b(what|which) (amount|dose|dosage|number)\b.{0,30}\b(kill|kills|killed|fatal|lethal|deadly|stops? (the|a|your|my|his|her) heart)\b|\benough to die\b"),
    r"\bpicked a (day|date|time|friday|monday|tuesday|wednesday|thursday|saturday|sunday)\b(?! for (my|the|our|his|her) (first |next )?(infusion|appointment|session|consult|treatment|visit))(?! to (start|begin|come in|book|visit)\b)|\b(gave|given) (away )?(the|my) (dog|cat|pets?) to\b(?!.{0,30}\bfor the (day|weekend|week|night|afternoon|morning))",
    however_asked(r"\b(hipoteticamente|hypothetically|para una novela|for a (story|novel|book))\b.{0,160}\b(mortal|letal|fatal|lethal|deadly|matar|kill|morir|die|irse|go|necesitaria|would it take)\b"),
    however_asked(r"\b(mezcl\w*|junt\w*|combin\w*)\b.{0,80}\b(seria|es|sera) (mortal|letal)\b"),
    r"\bnadie me (va a |iba a |vaya a )?extra\w*\b|\bnadie (va a )?notar\w* (si|que) (me muero|ya no estoy|no estoy)\b|\birse (sin dolor|en paz|tranquil[oa])\b",
    r"\bgas del carro\b|\bel (lunes|martes|miercoles|jueves|viernes|sabado|domingo) es el dia\b|\besta noche es la noche\b|\btonight is the night\b",
    # hopelessness said of oneself, now
    r"\b(i am|im|i feel|i felt|feeling|been feeling|i have been|ive been|getting)( (?!not\b|never\b|less\b)\w+){0,2} (hopeless|worthless|like a burden|like giving up)\b",
    # more method questions and plans
    however_asked(r"\b(most )?(best|easiest|quickest|fastest|surest|least painful|painless|peaceful|quietest|gentlest|kindest|cleanest) way (to )?(die|go(?! about| to| for| with| through| in| back| home| from)|end it|end my life|kill myself|do it(?! (book|online|call|by|through|via|from|at|on|with|in person))|out)\b|\bhow to die\b|\bway to die without\b"),
    however_asked(r"\bld ?50\b|\blethal (dose|amount|level|threshold)\b"),
    however_asked(r"\bhow (long|fast|quickly)\b.{0,20}\b(to die|die|to pass|pass away)\b.{0,30}\b(overdos\w*|pills|morphine|fentanyl|oxy\w*|patch\w*|insulin|hanging|bleed\w*|helium|carbon monoxide)\b"),
    # what stops the heart, then how much: "is it true ketamine at high doses stops your heart? how high would i need to go"
    however_asked(r"\b(stops?|stopping) (your|my|his|her|the|a persons|someones) (heart|breathing)\b.{0,60}\bhow (high|much|many|strong|big)\b"
                  r"(?!.{0,40}\b(usual\w*|normal\w*|given|safe\w*|you (use|give)|do you|does the clinic|prescribed)\b)"),
    # dying asked about, then the dose it would take: "...in a way that kills someone? what would the dose need to be for that"
    however_asked(r"\b(not wake up|never wake up|kills? (someone|a person|you|me|people)|to die|be dead|death)\b.{0,100}"
                  r"\b(dose|amount)( \w+){0,2} (need to be|needs to be|have to be|has to be|be set|be adjusted|take) (for that|to do that|to do it|to do so)\b(?! to (help|work|be safe))"),
    # a question about harm or too much, "asked for a friend" or "for personal reasons": about oneself
    however_asked(r"\b(overdos\w*|od|too much|too many|lethal|fatal|deadly|kill|die|heart attack|high enough|stop (my |your |his |her |the |a )?(heart|breathing))\b"
                  r".{0,120}\b((for|of) personal reasons|asking for (myself|me|a friend)|interested for personal)\b"),
    r"\b(can|could|would|will) (i|you|he|she|someone|a person) die (from|if|of)\b|\b(will|would|could) (it|this|that|these) kill me\b",
    r"\bmake sure (the|my|those|these) (pills|meds|tablets|patches) (work(?! (with|together|alongside|ok|well|okay))|do it|are enough)\b|\b(dont|do not|wont) (end up|wake up) in (the )?(hospital|er|icu)\b(?! (again|with|for|because|from))",
    r"(?<!appointment )(?<!infusion )(?<!session )(?<!consult )\b(date|day) (is )?circled\b|\bcircled (the|a) date\b",
    r"\b(\d+ ?(yr|year|month)s? old|toddler|baby|my (son|daughter|kid|child|grandson|granddaughter)|the kids?)\b.{0,60}\b(had|got into|got hold of|opened|drank|drunk|ate|swallowed|chewed|licked|sucked)\b.{0,40}\b(morphine|methadone|oxycodone|fentanyl|pills|meds|medicine|patch|patches|bottle)\b",
    # Session 12's review: a burden, a wish for the end, a plan or means said quietly beside an ordinary question
    r"\b(im|i am|i feel like|feel like|i feel|i m)( just| such| nothing but| only| basically| now)? (a|such a) (burden|weight|drain)( on| to| for)\b"
    r"|\b(im|i am) (just )?(a|such a) burden\b(?! (of|question))|\b(she|he) (says|said|thinks|feels) (shes|hes|she is|he is) (a|such a) burden\b",
    r"\b(be|are|d be|would be|will be|re) (all )?better (off )?without (me|her|him)\b(?! (there|around|driving|at|in|on|for|going|coming))",
    r"\b(no one|nobody|noone|no body)( \w+){0,3} (care|notice|miss me|be sad|cry)\b.{0,30}\b(when|once|after) (im|i am|i m) gone\b",
    r"\b(pray|praying|prayed|ask|asking|beg|begging)( \w+){0,3} (god|the lord|jesus|allah)( \w+){0,2} (takes|take|to take|will take|would take) me\b",
    r"\b(wish\w*|hop\w*|pray\w*)\b.{0,30}\b(cancer|it|the tumou?r|this disease|the illness)\b( \w+){0,3} (would|will|to|could)? ?(just )?(hurry( up)?|take me|finish me( off)?|get it over with)\b"
    r"|\bhop\w* (the )?(next )?scan shows\b.{0,60}\b(over|everywhere|the end)\b",
    r"\b(looking forward to|cant wait for|ready for) (it|this|everything|it all|all this) (all )?being over\b",
    r"\b(dont|do not|cant|can not|cannot) see myself (being )?(around|here|alive|still here) (for|by|at|until|till|past|much)\b",
    r"\bgiv\w* (away )?(my|all my|all of my) (stuff|things|jewelry|jewellery|possessions|belongings|clothes|books|tools|records|collection)\b.{0,60}\b(while i (still )?can|wont need|won t need|before i go|when im gone|want them to have)\b",
    r"\bi (just )?want (my life|everything|it all|all of it|this life) to be over\b(?! (with|so|before|by))",
    r"\b(scared|afraid|worried|terrified) (i ll|ill|i will|i might|im going to|i m going to|im gonna) (do|try) (something|it)( stupid| bad| to myself)? (tonight|today|right now|now)\b",
    r"\bcant say i (dont|do not) want to die\b",
    however_asked(r"\b(gentler|easier|kinder|softer|painless|peaceful|quickest|quicker|gentlest|least painful|cleanest|surest) (\w+ )?way out\b"),
    however_asked(r"\b(put|puts|putting) (someone|somebody|a person|me|him|her|you) under\b.{0,30}\b(not|never) (bring|brings|come|comes) (them|him|her|me|you|back)\b"
                  r"|\b(how (many|much)|what dose|which dose|what amount)\b.{0,60}\b(heart (gives|give|gave) (up|out)|the heart stops for good)\b"
                  r"|\b(dose|amount)\b.{0,40}\b(becomes|would be|is) (a )?(mercy|merciful)\b|\b(dosis|cantidad)\b.{0,40}\b(seria|sera) la ultima\b"),
    r"\b(know|knows|knew) what (my|his|her|the) (morphine|oxy\w*|fentanyl|pills|meds|medication|stock|stash)( \w+){0,2} (could|would) do\b(?! (with|to|for))",
    r"\b(wants?|want|wanted) to go be with (mom|mum|dad|my|his|her|grandma|grandpa|god|jesus)\b|\bgo (and )?be with (my late|his late|her late)\b",
    r"\blet (the pain|the cancer|it|this disease) win\b.{0,40}\b(stopped|quit|stop|stopping)\b|\b(stopped|quit) (everything|all my (meds|medications|medicines|treatment|pills))\b.{0,40}\b(let|win|over|done|go)\b",
    r"\b(husband|wife|dad|father|brother|son|late \w+|\w+s)( old| hunting| loaded| service){1,2} (gun|rifle|shotgun|pistol|revolver)\b.{0,40}\b(night|nights|sit|sitting|hold|holding|lap|hands?|bed|ready|loaded|looking at)\b",
    r"\bgarage\b.{0,40}\b(engine|car|motor) (on|running)\b|\b(engine|car|motor) (on|running)\b.{0,40}\bgarage\b",
    r"\b(plan\w*|arrang\w*|prepar\w*) (my|an|the) (exit|departure|way out|last day(?! (at|of) (work|school|the job|my job|chemo|treatment|radiation)))\b",
    r"\b(stand|standing|stood|sit|sitting|sat)( \w+){0,2} (at|on) the (edge|ledge|railing) of (the |my |our )?(balcony|roof|bridge|cliff|platform|building|window|tracks|overpass)\b",
    r"\b(driv\w*|speed\w*)\b.{0,40}\bhoping (something|i|it) (happens|will happen|crash\w*|doesnt)\b",
    r"\b(ill|i will|i ll|i might|im going to|i m going to) speed (it|things|the end|this) (up|along)\b",
    r"\bi stopped eating\b.{0,60}\b(my choice|on purpose|want (this|it) to be over|to end it|so it ends)\b",
    r"\b(im|i am|i m) (about|going|gonna) to (do it )?again\b|\b(tried|trying) to od\b",
    # Session 12's second review
    however_asked(r"\b(overdose|od)\b.{0,30}\b(painful|hurt)\b.{0,40}\b(drift off|fall asleep|go to sleep|just sleep)\b|\bdo you (just )?drift off\b"
                  r"|\b(max|maximum|most|how (much|many))\b.{0,60}\b(shuts? down|gives? out|gives? up|stops? for good)\b"
                  r"|\b(gentlest|kindest|least painful|painless|most peaceful)\b.{0,20}\bto go (with|on)\b"
                  r"|\b(whole|entire|full) (box|bottle|pack|packet|script|prescription|months? supply)\b.{0,40}\bdo (it|the job)\b"
                  r"|\bstart being the end\b|\bdie (peacefully|painlessly|quietly) (from|of|with|on) (too much|an overdose|enough|a lot of|all)\b"
                  r"|\b(take|takes|took|taking) (ur|your|their|my|his|her) (whole|entire|full) (oxy\w* |morphine |pill |pain )?(script|prescription|bottle|supply)\b"),
    r"\b(wishes|wished|wish|wishing) (he|she|they|i|you) (was|were) dead\b",
    r"\b(be|are|ll be|will be|d be|would be) (fine|okay|ok|alright|happier|better) without me\b(?! (there|driving|for|at|in|on|coming|going|tonight|today))",
    r"\bdone being (anything|alive|here|a person|me|myself|a human)\b",
    r"\b(know|decided|figured out|worked out|planned) how (i ll|ill|i will|im going to|i m going to|i am going to) do it\b",
    r"\b(stop|quit|done) (fighting|trying) (for good|forever|once and for all)\b",
    r"\b(said|promised|told myself) (i d|id|i would|i will)( \w+){0,2} (end|take) (my|it)\b.{0,60}\b(and it has|it has now|now it has|and now it is|and it is)\b",
    r"\btook (what was left|all that was left|the rest|whats left) of (my|his|her|the)\b|\bwashed down (all|the whole|a handful|a bunch|everything|the rest)\b",
    r"\bemptied (his|her|my|the|their) (pill|pills|medicine|meds|med)( \w+)? (into|in) (his|her|my|their) mouth\b",
    r"\b(pills|tablets|meds)( are)? (all )?lined up\b",
    r"\b(packed|ready|going) (for|to) the other side\b",
    r"\bwant (it all|everything|all of it) to be over\b",
    r"\b(is|went|gone|still|totally|all|completely) (totally |all |completely |just )?(limp|floppy)\b(?! (hair|wrist|handshake|lettuce))|\beyes (roll|rolled|rolling|are rolling) back\b",
    r"\b(covered in|all over in|broke out in) hives\b|\bthroat (is )?(getting |going |feels |feeling )?(tight|tighter|closing|swollen|swelling)\b|\bvoice (is )?(going|gone|hoarse)\b.{0,40}\b(hives|swell\w*|throat|breath\w*)\b",
    r"\bthunderclap\b|\bbreathing (like |about |only |maybe )?(\d|one|two|three|four|five|six) (times|breaths) (a|per) minute\b",
    r"\bno abre los ojos\b|\b(se me|se le) (esta )?cerrando la garganta\b|\bse me cierra la garganta\b",
    r"\bmejor me muero\b|\bacabar con (esto|todo|mi vida)\b.{0,30}\b(este|esta|el) (fin de semana|noche|viernes|sabado|domingo|lunes|martes|miercoles|jueves)\b"
    r"|\bpensando en acabar con (esto|todo|mi vida)\b|\bya me despedi de\b|\bya (junte|guarde|tengo) (suficiente|suficientes|bastante|bastantes) (morfina|pastillas|pildoras)\b"
    r"|\b(dormir|dormirme|quedarme dormid[oa]|quedar dormid[oa]) para siempre\b",
    r"\bsuicidal (thoughts|ideation|feelings|urges)\b (ever |all |every day )?since\b",
    however_asked(r"\b(wanting|want|wish\w*) (to die|(you|i) (were|was) dead)\b.{0,20}\bevery (day|night|morning)\b|\bevery (day|night|morning) (you|i) (wish|want)\w* (to die|(you|i) (were|was) dead)\b"
                  r"|\b(hope|hoping|pray\w*|wish\w*) (the|my|your) cancer (takes|will take|would take) (me|you) (faster|quicker|sooner|soon)\b"),
    # Session 12's third review: plain words
    r"\b(is|s|went|still|knocked) out cold\b(?! (with|from|for|during|under))|\b(wont|won t|doesnt|isnt) come (round|around|to)\b(?! (that|this|it|terms|mind|the))|\bface (has )?(dropped|drooped|fallen)\b"
    r"|\b(twitching|shaking|jerking) and foaming\b|\bfoaming at the mouth\b|\b(grey|gray|pale) and sweaty\b|\bclutching (his|her|my) chest\b"
    r"|\bno siento la mitad de la cara\b|\bhablo raro\b|\bhabla raro\b",
    r"\bengine (going|on|running)\b.{0,40}\b(garage|hose|closed)\b|\bhose (on|in|to|from) the exhaust\b|\b(shotgun|rifle|gun|pistol) (is )?(on|in) (his|her|my) lap\b"
    r"|\b(rope|noose)( s| is)? (ready|up|tied)\b|\bfinal goodbye\b|\b(turned|put) the gas on\b|\bthis is my last (night|day|message)\b"
    r"|\b(im|i am|i m) (at|on) the (bridge|ledge|edge|roof|tracks|cliff)\b|\bwrists (are )?(cut|slit|bleeding)\b",
    r"\b(swallowed|took|taken|popped|downed|necked|had) (the (whole )?lot|the whole lot)\b|\b(popped|downed|necked|swallowed) (like |about |around |maybe )?\d+\b"
    r"|\b(me tome|se tomo|tome|tomo) (como |unas |unos )?\d+ (pastillas|tabletas|pildoras)\b|\b(got|have|holding) \d+ (oxys?|pills|percs|tablets) in my hand\b",
    however_asked(r"\b(most|max|maximum|how (much|many))\b.{0,60}\bbefore (they|you|i|he|she|someone|a person) (dont|don t|doesnt|wont|never|stop\w*) (wake up|breath\w*)\b"),
    # an emergency told without the usual words
    r"\b(pressure|tightness|squeezing|heaviness|crushing)\b( \w+){0,3} (in|on) (my|his|her|the) chest\b.{0,60}\b(jaw|arm|sweat\w*|short of breath|cant breathe|nause\w*)\b",
    r"\b(cant|cannot|can not|couldnt) find (her|his|my) words\b|\bwords (are |were )?(coming|came|come) out (wrong|jumbled|garbled|slurred|all wrong)\b",
    r"\b(arm|leg|hand|side) (just |suddenly )?(went|has gone|has just gone) (limp|dead|numb|weak)\b|\bface (went|is|has gone|going) numb on one side\b|\bnumb on one side\b",
    r"\bhalf (my|his|her) vision\b|\b(lost|losing) (the )?vision in one eye\b|\b(suddenly )?cant see out of one eye\b",
    r"\btongue (is )?(getting|going|swelling|swollen|fat|big|thick)\b|\bthroat (is )?(closing|closing up|swelling)\b",
    r"\bbarely (responding|responsive|breathing)\b|\b(cant|can barely|cannot|can not) (wake|keep) (him|her|them) (up|awake)\b",
    r"\b(trouble|difficulty|problems?|hard time) breathing\b.{0,60}\b(getting worse|worse and worse|worse now|now|since)\b",
    r"\b(passed out|fainted|blacked out|collapsed)\b.{0,40}\b(still out|not waking|wont wake|hasnt woken|cant wake)\b|\b(shes|hes|she is|he is) still out\b",
    r"\bno se (despierta|mueve)\b|\bdolor (en el|de|del) pecho\b.{0,30}\b(sudando|sudor|horrible|no puede respirar)\b",
    # Spanish, the same kinds
    r"\b(estaria|estarian|estariamos|seria|serian|son|somos|estan) (mas tranquilos |mas felices |mejor(es)? )(si (yo )?(ya )?no (estuviera|existiera|estoy)|sin (mi|el|ella))\b"
    r"|\b(mas tranquilos|mas felices|mejor(es)?) sin (mi|el|ella)\b",
    r"\bya (regale|di|reparti) (mis|todas mis) (cosas|joyas|pertenencias)\b|\bno creo llegar a (navidad|fin de ano|mi cumpleanos|la proxima)\b.{0,30}\b(no por|y no)\b",
    r"\b(le |les )?(escribi|deje escritas?) (una |las |mis )?cartas?\b",
    r"\bya no tiene (caso|sentido) seguir\b|\bya no tengo (por que|para que|razon para) vivir\b|\b(me canse|estoy (harta|harto|cansada|cansado)) de vivir\b",
    r"\bojala\b.{0,30}\b(me lleve|me muera|se acabe|acabe conmigo)\b|\b(prefiere|prefiero) morir(se|me)? antes (que|de) seguir\b|\bdejarme (ir|morir)\b",
    r"\bpienso en (saltar|tirarme|aventarme)\b|\bya lo decidi\b|\bya tengo (como|con que) hacerlo\b|\bno le veo salida\b",
    r"\bse corto (los|las) (brazos|munecas|piernas)\b|\blo va a volver a hacer\b|\bescondio (sus|las) pastillas\b|\bsu ultima navidad\b",
    # Spanish (accents folded)
    r"\b(quiero|quisiera|voy a|me voy a|prefiero|deseo|ganas de) (morir|morirme|matarme|suicidarme|desaparecer|quitarme la vida|acabar con (mi vida|todo))\b",
    r"\b(matarme|suicidarme|quitarme la vida|quitarse la vida|se va a matar|me voy a matar|no quiero (seguir )?viv\w*|no quiero despertar|no despertar(me)?)\b",
    r"\b(me tome (todas|todo|toda)|se tomo (todas|todo|toda)|tomo (todas|demasiad)|demasiadas pastillas)\b",
    r"\b(no respira|dejo de respirar|no puede respirar|se desmayo|esta inconsciente|no despierta|no reacciona|convulsion\w*|esta convulsionando|sangra mucho|infarto|derrame)\b",
    r"\b(cartas de despedida|mi ultima noche|es mi ultima|soy una carga|es una carga|mejor (sin mi|muerto|muerta)|no le veo sentido a (seguir|vivir))\b",
    r"\bme (quiero|voy a) (matar|morir|suicidar|tirar|aventar)\b|\bme mato\b(?! (el|la|los|las|de|con)\b)|\bquiero morir(me)?\b|\bme quiero ir de este mundo\b",
    r"\bya no quiero (estar|seguir|vivir|existir)\b|\bquiero dejar de (vivir|existir)\b|\bno (quiero|quisiera) despertar\b|\b(dios|diosito) me lleve\b",
    r"\bse (quiere|va a) (matar|suicidar|tirar|aventar|morir)\b|\bdice que se (va a )?(mata|matar|suicida|tira)\b",
    r"\b(me|se) (tome|tomo|puse|puso|trague|trago) (el |la |los |las |todo |toda |todas |todos |dos |2 |tres |3 |otro |otra )( ?\w+){0,3} (pastillas|parches?|morfina|pastillero|frasco|caja|tramadol|oxicodona|metadona|medicina|medicinas)\b",
    r"\b(tome|tomo|se tomo) .{0,25}\bde mas\b",
    r"\bno (respira|reacciona|responde|despierta|contesta)\b|\brespira (muy )?(raro|extrano|feo)\b|\b(le|me) cuesta (mucho )?respirar\b|\blabios (morados|azules)\b|\bsangrando (mucho|muchisimo)\b",
    r"\bdolor (en el|de|del) pecho\b.{0,30}\b(fuerte|brazo|ahorita|ahora)\b|\b(boca|cara) (chueca|torcida|caida)\b",
    r"\bdile a mis hijos\b|\bperdonenme\b|\bya no voy a estar\b|\bcuando (yo )?ya no este\b",
    r"\b(soy|es|me siento) (una|un) (carga|peso|estorbo|gasto)\b|\b(estarian|estaria|estan|estamos) mejor sin (mi|ella|el)\b",
    r"\b(puente|cochera|azotea|ventana)\b.{0,25}\b(ahorita|ahora mismo|tirar|aventar)\b",
    # Session 14, from the seventh review's misses, each said in general words: choking, no reaction,
    # breathing forgotten, a child with a patch, a place or means told plainly, a goodbye passed on, a
    # lethal amount asked as "where you don't come back"; stroke signs and breathing pauses in Spanish
    r"\b(food|something|a piece of \w+|meat|a bone) (is |got )?(stuck|lodged) in (his|her|their) (throat|windpipe)\b"
    r"|\b(food|something) (is )?stuck\b.{0,40}\b(cant|cannot|can not|unable to) (cough|breathe|talk|speak)\b"
    r"|\b(cant|cannot|can not) (cough|breathe|speak|talk) (or|and|nor) (cough|breathe|speak|talk)\b|\b(pointing|clutching|grabbing) at (his|her|their|my) throat\b",
    r"\b(doesnt|does not|wont|will not|isnt|is not|not) (react|reacting|respond) (when (i|we) (say|call|shake|touch)|to (me|my voice|his name|her name|their name|touch|shaking))\b",
    r"\b(he|she|they|dad|mom|mum|husband|wife|father|mother|partner)( \w+){0,2} (forgets?|forgetting|forgot) to breathe\b",
    r"\b(toddler|baby|my (son|daughter|kid|child|grandson|granddaughter)|the kids?)\b.{0,40}\b(chewing|eating|drinking|sucking( on)?|licking|swallowing|playing with) (on )?(a |an |the |one of |some of )?(my |his |her |grandpas |grandmas |\w+s )?(used |old )?(fentanyl |morphine |pain )?(patch|patches|pills?|tablets?|medicine|meds|morphine|methadone|oxycodone)\b",
    r"\b(standing|sitting)( right)? (on|at) " + _HIGH_PLACE + r"(?! " + _SEAT_THERE + r")"
    r"|\b(i|ive|he|she|hes|shes|they|theyve)( just| now)? (sat|stood|sit|stand)( down)? (on|at) " + _HIGH_PLACE
    + r"(?! (" + _SEAT_THERE + r"|in the shower))(?!.{0,40}\b(to watch|for (a|our) (picnic|lunch|dinner|photo)|fireworks)\b)",
    r"\b(tell|say|give) (\w+ ){0,3}(goodbye|bye|my goodbyes) (for|from) me\b",
    r"\b(went|gone|going|headed|walked) (down |out |up )?(in)?to (the )?(garage|shed|barn|basement|woods|attic)\b.{0,20}\bwith (a |the |his |her |their )?(\w+ ){0,3}(rope|gun|pills|hose|knife|shotgun|rifle|pistol)\b(?! (to|for) (?!end|do it|kill|hurt|say goodbye)\w+)(?!.{0,40}\b(hunting|deer|season|coyotes?|chickens|calves|watch tv)\b)",
    however_asked(r"\b(how much|what amount|how many|enough)\b.{0,60}\bwhere (you|i|he|she|they|a person|someone) (dont|do not|never|wont|doesnt|does not) (come back|wake up)\b"
                  r"|\b(makes?|would make|will make) (you|me|someone|a person|him|her) (sleep|go to sleep) (permanently|forever|for good)\b"),
    # ...and from the eighth review (session 14): a farewell said as the last message, a child at the pill box,
    # found on the floor, an amount of insulin researched, the quickest way to go, a gun asked for, chest pain into
    # the jaw, pills counted before "i took", a whole script downed, "to many" misspelt, keeling over, the Spanish of some
    r"\b(this is|its|this will be|thatll be) (the|my) last (message|text|thing)( \w+){0,3} (from me|(you|anyone|anybody|someone) (will|ll) (get|hear|read))\b"
    r"|\bby the time (anyone|anybody|someone|you|they) (reads?|sees?|finds?) this\b.{0,30}\b(gone|dead|at peace|wont be|will be over|too late)\b",
    r"\b(\d+ ?(yr|year|month)s? old|toddler|baby|my (son|daughter|kid|child|grandson|granddaughter)|the kids?)\b.{0,60}\b(got into|got hold of|opened|ate|swallowed)\b.{0,40}\b(pill (organi[sz]er|box|bottle|case)|pillbox|medicine cabinet|pills?)\b",
    r"\bfound (him|her|them|my \w+|dad|mom|mum|grandpa|grandma)( \w+){0,2} (on the (\w+ )?floor|collapsed|unconscious|face down|not breathing)\b"
    r"|\b(there is|theres|there s|covered in|lying in) (a lot of|lots of|so much|a pool of) blood\b|\ba pool of blood\b",
    r"\b(researching|looking up|googl\w*|reading (up )?(on|about)|read up on) how (much|many) (of )?(my |his |her |the )?(insulin|morphine|oxy\w*|fentanyl|pills|tablets|sleeping pills"
    r"|tylenol|acetaminophen|paracetamol|tramadol|methadone|percs?|xanax)( \w+){0,2} it (takes|would take)\b(?! to (work|kick|help|start|feel|keep|control|manage))",
    however_asked(r"\b(quickest|fastest|easiest|least painful|most painless|painless|peaceful|gentlest|surest) way to (go|die|end it|check out|not wake up|slip away)\b"
                  r"(?! (to|home|there|back|from|in|out|for|and|about|with (the )?(treatment|ketamine|infusions?|insurance)))"),
    r"\b(asking|asked|begging|begged|wants|keeps asking) (me )?to (bring|give|get|hand) (him|her|them) (his|her|their|the) (gun|rifle|pistol|shotgun|revolver)\b",
    r"\bchest (is )?(hurting|pain|pressure|tight\w*)\b.{0,50}\b(jaw|left arm|sweating|cold sweat)\b|\bpecho\b.{0,40}\b(quijada|mandibula|brazo izquierdo|sudando)\b",
    r"\b(1[0-9]|[2-9]\d|\d{3,}|ten|fifteen|twenty|thirty|forty|fifty) (extra |more )?(oxy\w*|pills|tablets|percs?|morphine|tramadol|sleeping pills|tylenol|advil|xanax)( \w+){0,2} (i|he|she|they) (took|swallowed|had|downed)\b",
    r"\b(downed|popped|chugged|necked|swallowed|took) (my|his|her|their) (whole|entire) (script|prescription|bottle|supply|stash|(box|pack|packet|months?|weeks?)( worth)? of\b(?! (leave|vacation|holiday|work|school|sick|rest|tissues)))",
    # pills washed down with a lot of alcohol ("popped a couple tylenol pm with a fifth of vodka")
    r"\b(popped|took|swallowed|downed|taken)\b.{0,40}\b(a fifth|a (whole )?bottle|half a bottle|a pint|a handle) of (vodka|whiskey|wine|rum|gin|tequila|booze|bourbon)\b",
    # everything ready, said after telling someone all was fine ("i told the nurse i was fine but i have everything ready")
    r"\b(told|tell|telling) (the|my|his|her) \w+ (i was|im|i am|i m) (fine|ok|okay|good|alright)\b.{0,20}\b(but|though|xclausex)\b.{0,20}\b(i have|ive got|i got|got|have) "
    r"(everything|it all|all of it|what i need)( (ready|prepared|set up|lined up|in place))?\b(?!( \w+)? (for|to bring|packed)\b)",
    # all of one's medicine, taken now or about to be ("im taking all my oxy tonight", "after saturday i'm taking all my morphine")
    r"\b(im|i am|ill|i will|gonna|going to|about to|if i|when i) (take|taking|swallow|swallowing|down|downing) (all|every one|the rest) (of )?(my|the) (\w+ )?"
    r"(pills|tablets|oxy\w*|percs?|morphine|fentanyl|patches|meds|medications?|gabapentin|tramadol|hydrocodone|sleeping pills|xanax|ativan)\b"
    r"(?! (to|with me|along|in|into|back|as (prescribed|directed)|on time|correctly|every|each|daily|in the morning|at night|with food|like|from|out)\b)",
    r"\b(took|tooked|tuk|taken|has taken) (to|2) (many|much) (of )?(his|her|my|the)? ?(pain )?(pils|pills|meds|medicine|tablets|oxy\w*|morphine)\b",
    r"\b(keeled over|(he|she|dad|mom|mum|husband|wife|father|mother|grandpa|grandma|partner|son|daughter) (just |suddenly )?(dropped|crumpled|collapsed) to the (floor|ground)|went down and (isnt|wont|cant))\b",
    r"\b(im|i am|gonna|going to|will|ill|about to) (be )?(taking|take|swallow\w*|down\w*) (the whole bottle|every (single |last )?(pill|tablet|one) (i have|ive got|left|in the (house|bottle))|all (of )?(my|the) (pills|tablets|meds) (at once|tonight|i have))\b",
    r"\b(planning|plan|going|gonna|decided) to do it\b.{0,30}\bwhen (my \w+|everyone|nobody|no one) (is|are|s) (at work|away|out|asleep|gone|not home)\b",
    however_asked(r"\bmake sure (its|it is|it s) (permanent|final|fatal)\b|\bmake sure (i|he|she|they) (dont|do not|doesnt|never|wont) wake up\b"
                  r"|\b(smallest|least|minimum|lowest) (amount|dose|number)\b.{0,40}\b(would|will|could) do it\b(?! for (the |my |his |her )?(pain|nerve|it|cancer))"),
    r"\b(coughing|coughed|vomit\w*|throwing|threw) (up )?(\w+ ){0,3}(blood|coffee grounds)\b(?! (tests?|work|draws?|pressure|sugar|counts?))",
    r"\b(sorry|love you|goodbye|bye)\b.{0,40}\b(dont|do not) (come in|open the door|look for me|come looking)\b",
    r"\b(his|her|their) (speech|words?) (is |are |got |suddenly |went |has gone |have gone )+(garbled|slurred|jumbled)\b|\bcant (move|lift|raise|feel) (his|her|my) (right|left) (side|arm|leg)\b",
    r"\b(a bunch of|a handful of|all (of )?(his|her|my)|a lot of|extra|too many)( \w+){0,2} (sleeping pills|pills|tablets|oxy\w*|morphine|xanax|valium)\b.{0,30}\bwith (whiskey|vodka|wine|alcohol|beer|rum|gin|tequila|booze)\b",
    r"\b(\d{2,}|a hundred|hundreds) of (them|those|these|my pills|pills)\b.{0,40}\b(shoebox|drawer|hidden|saved|stashed|under the bed|put aside|putting (one|them) aside)\b",
    r"\b(holding back|putting aside|setting aside) (a few|some|one|two|extra)( of)? (my |his |her )?(pills|tablets|meds|doses)\b",
    r"\b(theyll|they will|he will|she will|hell|shell|everyone will|theyd) be (fine|ok|okay|better off|alright) (after|when|once) (im gone|i go|sunday|monday|tuesday|wednesday|thursday|friday|saturday|tonight|tomorrow|this weekend)\b",
    r"\b(sit|sitting|sat|sleep|sleeping|lying|lie) (\w+ ){0,6}with (my|the|his|her|a) (razor( blades)?|blades?|knife|gun|rifle|pistol|rope|noose)\b",
    r"\bchest (is )?crushing\b|\bcrushing (pain )?in (his|her|my) chest\b|\b(cant|can not|cannot) get (his|her) breath\b",
    r"\b(found|noticed) (him|her|the baby|my (son|daughter|grandson|granddaughter|nephew|niece)) with (a|one of (my|her|his|the)) (fentanyl |morphine )?patch(es)?\b",
    r"\b(pistola|arma|escopeta|revolver) cargada\b|\blabios (grises|morados|azules)\b|\bse puso morad[oa]\b|\b(jalar|jalando|jala) aire (muy )?(feo|fuerte|raro)\b",
    r"\bse (tomo|trago) (como |unas |unos |mas de )?(\d+|diez|quince|veinte|treinta|cuarenta|cincuenta) (pastillas|tabletas|parches)\b",
    r"\b(esta noche|hoy|manana|este fin de semana) (termino|acabo) con (esto|mi vida|todo(?! (el|la|los|las|mi|mis) ))\b|\bguardad[oa]s\b.{0,60}\b(se|me) (las|los) (va|voy) a tomar\b",
    r"\b(peso|presion|opresion) en el pecho\b.{0,40}\b(suda|sudando|palid|de repente)|\b(palid[oa]|suda(ndo)? frio)\b.{0,40}\bpecho\b",
    r"\belephant on (his|her|my) chest\b|\belefante en el pecho\b|\bse le (duerme|durmio) el brazo\b",
    r"\bhablar (enredado|arrastrando las palabras|trabado|arrastrado)\b|\bno puede (mover|levantar) el brazo (derecho|izquierdo)\b",
    r"\b(boca|cara) (de lado|chueca|torcida|caida)\b|\bse le durmio (la mitad|medio cuerpo|un lado|el lado)\b|\bpara (irme|irse) (de este mundo|para siempre|rapido y sin dolor)\b",
    r"\bno puede mover (el|la|su) (lado|mitad)\b|\bhabla (enredado|arrastrando las palabras|trabado|arrastrado)\b|\bdeja de (respirar|jalar aire) (por ratos|a ratos|cuando (duerme|se duerme|se queda dormid[oa])|mientras duerme|por (unos )?segundos|cada rato)\b"
    r"|\bno (lo|la|le) puedo despertar\b|\bestoy (en|sobre) el puente\b.{0,40}\b(mirando|viendo) (el agua|abajo|hacia abajo|el rio)\b",
    # Session 16, from the review of a rule that let a long story's crisis yield (reverted), and the review of
    # these patterns: dangers told in plain steps. A car running in a shut garage, a hose to the exhaust, charcoal
    # and tape; never an electric car charging, a mechanic's pipe, a truck warming up or charcoal for the grill
    r"\b(hear|hearing|heard) (the|a|his|her|my|our) (car|engine|truck|van|motor) (running|runnin|idling|going) in there\b(?!.{0,40}\b(fix\w*|brakes|warm\w*|mechanic|repair\w*)\b)"
    r"|\b(car|engine|truck|van|motor) (is |has been |s been |s )?(running|runnin|idling) in (the|a) (closed |shut )?garage\b(?! (to|while|so)\b)(?!.{0,40}\b(charg\w*|door (is )?(wide )?open|fix\w*|warm\w*)\b)"
    r"|\b(hose|tube|tubing|(measured|taped|fitted|attached|connected|hooked) it)\b.{0,40}\b(to|against|onto|into|around|up to|fits) (the|my|his|her|our) (cars? |trucks? )?(exhaust|tailpipe)( pipe)?\b"
    r"(?!.{0,40}\b(mechanic|rust\w*|loud|replac\w*|fix\w*|repair\w*)\b)"
    r"|\b(hose|tube|tubing)\b.{0,30}\bfrom the (exhaust|tailpipe)\b.{0,30}\b(into|through|in)\b"
    r"|\b(compre|compro|compramos|tengo) (el |un )?carbon\b.{0,20}\b(cinta|tape)\b(?!.{0,40}\b(parrilla|asado|carne|cajas|mudanza)\b)",
    # a gun taken away by someone who cannot be reached; never to hunt, to the range or to be cleaned
    r"\b(shotgun|rifle|gun|pistol|revolver|handgun)\b.{0,40}\b(gone|missing|with him|with her|in (the|his|her) (truck|car))\b.{0,60}"
    r"\b(phone (is |s )?(off|dead|switched off)|(not|isnt) (answering|picking up)|goes (straight )?to voicemail|(wont|will not|doesnt|does not) (answer|tell|say|pick up|reply))\b"
    r"(?<!\bmoving company wont answer)(?!.{0,30}\b(hunting|cabin|range|shooting|club|sold|signal)\b)"
    r"|\bse (llevo|fue con) (la|su|el) (escopeta|pistola|arma|rifle|revolver)\b(?!.{0,20}\b(a cazar|de caza|al taller|a limpiar|a trabajar|de guardia)\b)",
    # breathing that stops and starts; a stroke's speech; a fever with confusion; floppy and hard to wake
    r"\b(long |big |huge )?(gaps|pauses) between (his|her|their) breaths\b|\bbreaths (are |have gotten |getting )?(so |very )?(far apart|few and far between)\b",
    r"\b(his|her) speech (sounds|is|has gone|got|went|has become|seems) (\w+ )?(thick|slurred|garbled|mushy)\b"
    r"(?!.{0,40}\b(after|during|from|because of) (each |every |the |my |her |his )?(ketamine|infusions?|sessions?|dentist|mouth sores|sores|chemo brain|treatment)\b)"
    r"|\b(he|she) (suddenly |all of a sudden )?(mixes|keeps mixing|is mixing|mixed|started mixing) up (his |her )?words\b(?=.{0,40}\b(since|suddenly|all of a sudden|an hour|this (morning|afternoon|evening)|tonight|lunch)\b)",
    r"\b(talking nonsense|not making (any )?sense|very confused|so confused)\b.{0,40}\b(doesnt|does not) know (what day it is|where (she|he) is|who (i|we) (am|are))\b"
    r"|\b(fever|shivering|shaking(?! with laughter)|burning up)\b.{0,40}\b(talking nonsense|doesnt know (what day it is|where (she|he) is|who (i|we) (am|are)))\b"
    r"(?!.{0,40}\b(dementia|alzheimer\w*|most days|after the (infusion|session))\b)",
    r"\b(very |really |so )?floppy\b.{0,30}\b(hard|impossible|difficult) to (wake|rouse)\b(?!.{0,40}\b(puppy|dog|cat|kitten|neuter\w*|spay\w*)\b)",
    # the means laid out beside alcohol; a place chosen; a farewell from the other side
    r"\b(all )?(my|his|her|the) (oxy\w*|pills|tablets|morphine|meds|percs?)\b.{0,30}\b(in a bowl|on the (kitchen )?table|lined up|laid out|counted out|en un plato|en la mesa)\b.{0,40}"
    r"\b(whiskey|whisky|vodka|wine|beer|rum|gin|alcohol|booze|bourbon|vino)\b"
    r"|\b(oxicodona|pastillas|morfina)\b.{0,30}\b(en un plato|en la mesa)\b.{0,30}\b(whisky|vodka|vino|alcohol|tequila)\b",
    r"\b(i know|i kno|ik|ive picked|i picked|ive chosen|i chose|i decided on|ive decided|ive found|i found)( already)? (which|what|the right) (bridge|overpass|cliff)\b"
    r"(?! (to take|to use|to drive|to park|exit|station|line|times?|schedule|is closed|you mean|near|by|route|on the way|before|after))"
    r"|\b(ya )?(escogi|elegi|se cual|encontre) (el )?puente\b",
    r"(?<!infusion )(?<!surgery )(?<!tomorrow )\bsee (you|u|ya|yall|you all) on the other side\b(?! of)(?!.{0,10}\blol\b)"
    r"|\b(?<!si )(?<!ojala )(?<!espero que )ya no (van|vas|tendran|tendras) (a tener )?que (cuidarme|preocuparse por mi|preocuparte por mi|cuidar de mi)\b(?! (tanto|todos los dias|tan seguido))"
    r"|\bnos vemos (del|en el) otro lado\b",
    r"\b(drove off|went for a drive|took off|drove away)\b.{0,40}\bwith (the|her|his|all the|all her|all his) (pills|meds|tablets|gun|rifle|shotgun|pistol)\b"
    r"(?!.{0,30}\b(hunting|deer|season|range|trip|vacation|sisters?|brothers?|moms?|dads?|friends?|weekend|work|pharmacy|return\w*|take ?back|dispos\w*|drop\w*|club)\b)",
    # a small child into a bag with pills in it (not a pill in a lockbox, not a question how to stop it)
    r"\b(toddler|baby|the kids?|my (son|daughter|kid|child|grandson|granddaughter|nephew|niece)|[1-6] ?(yr|year|y o|yo)s?( old)?|\d{1,2} ?months? old)\b.{0,60}\b(got into|into|got hold of|playing with|opened)\b.{0,60}"
    r"\b(purse|bag|handbag|backpack)\b.{0,60}\b(oxy\w*|pills|morphine|fentanyl|meds|medicine|pill bottle|tablets)\b(?!.{0,30}\b(lock ?box|locked|safe)\b)"
    r"|\b(nin[oa]|bebe|niet[oa]|hij[oa]) de [1-6] anos\b.{0,40}\b(abrio|se metio en)\b.{0,30}\b(bolsa|bolso|mochila|cartera)\b.{0,60}\b(pastillas|morfina|medicina)\b",
    # pills saved up, in other words than before (never locked away from the grandchildren or kept for disposal)
    r"\b(\d{2,}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds)( of)? (the |my |his |her )?(\w+ )?(pills|tablets|oxy\w*|morphine|percs?)( tablets| pills)?\b.{0,30}"
    r"\b(saved(?! (on|for (the|my|a) (trip|refill|pharmacy))| from the last)|stashed|hidden(?! from the (kids|grandkids|children))|put (aside|away)|tucked away|in a jar|in a shoebox|under the bed)\b"
    r"(?!.{0,40}\b(lock ?box|locked|safe|dispos\w*|take ?back|so (the )?(kids|grandkids|my \w+) (cant|dont|doesnt))\b)"
    r"|\b(\d{2,}|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien) (pastillas|tabletas|morfinas?)( de \w+)? (guardadas|escondidas|ahorradas)\b",
    r"\b(keeping back|kept back|holding back|putting aside|setting aside|squirreling away|saving)( up)? (a few|some|one|two|extra|a couple)( of)? (my |his |her )?(pills|tablets|meds|doses|oxy\w*|morphine)\b"
    r"(?! (for (the|my|his|her) (trip|flight|vacation|holiday|weekend|travel)|in case (i|we) (run out|travel)|for (when the pain|bedtime|the evening|night|breakthrough|later|bad days|disposal)))"
    r"|\b(keeping back|kept back|holding back|saving)( up)? a pill or two\b(?! (for (when the pain|bedtime|the evening|night|breakthrough|later|bad days)))",
    # Session 17, from a recall set written for the kinds the session's blind check missed (tests/data/safety/recall-s17.jsonl):
    # a gas made on purpose in a shut room; a dangerous amount someone means to go past; how long a drowning or a
    # hanging takes; a crash at a speed; a jump into a river rather than go on; "soon they'll get some peace"
    however_asked(r"\b(bleach|ammonia|chemicals|cleaning products?|cleaners|lejia|cloro|amoniaco)\b.{0,80}\b(gas|gases|fumes)\b.{0,60}\bhow (fast|quick|quickly|long)\b.{0,30}"
                  r"\b(work|works|take|takes|kill|kills)\b.{0,10}\bon (someone|a person|him|her|them)\b"),
    # "deliberately too many" of a medicine, or said alone; never too many snacks, books or appointments on purpose
    r"(?<!not )(?<!never )(?<!wasnt )(?<!didnt )\b(deliberately|on purpose|intentionally|purposely|a proposito|adrede)\b( (took|take|taking|swallowed|swallow|used|use|ate|put on))?"
    r" too (many|much)( of)? ((my|his|her|the|those|these|them|their) )?(\w+ )?(pills|tablets|meds|medicine|patches|lollipops|morphine|oxy\w*|fentanyl|opioids?|insulin|of (them|those|these|it)|pastillas)\b"
    r"|(?<!after taking )(?<!after swallowing )(?<!from taking )\btoo (many|much)( of)? ((my|his|her|the|those|these|their) )?(\w+ )?(pills|tablets|meds|medicine|patches|lollipops|morphine|oxy\w*|fentanyl|opioids?|insulin)\b"
    r".{0,25}(?<!not )(?<!never )(?<!wasnt )(?<!didnt )\b(deliberately|on purpose|intentionally|purposely)\b"
    r"|\b(deliberately|on purpose|intentionally|purposely) too (many|much)$",
    # an amount named as fatal or dangerous that someone means to go past ("what number do I need to get past")
    however_asked(r"\b(fatal|lethal|deadly|dangerous|mortal|letal|peligros[oa])\b.{0,80}\b(number|amount|dose|limit|level|mg|pills|tablets)\b.{0,30}"
                  r"(?<!dont )(?<!not )(?<!never )(?<!do not )\b((need|want|have|going|plan|planning|intend|mean) to|gonna|wanna) (get|go) (past|over|beyond|above)\b"
                  r"|\b(dosis|cantidad|pastillas|tabletas|miligramos)\b.{0,60}\b(mortal|letal|peligros[oa]|maxima)\b.{0,40}\b(quiero|voy a|necesito|pienso) (pasarme|excederme|pasarla|pasarlo)\b(?! (por|un poco))"),
    # how long a drowning or bleeding out takes, whether it hurts (never a nosebleed, a dead hang at the gym)
    however_asked(r"\bhow long\b.{0,25}\b(drown|drowning|bleed out|bleeding out|hang (yourself|oneself|myself|himself|herself|someone|a person))\b(?! from a (nosebleed|cut|paper cut))"
                  r"|\b(does|would|will|do) (drowning|hanging|bleeding out) hurt\b(?! (your|my|the|his|her) (shoulders?|arms?|hands?|back|spine|wrists?|grip|fingers))"
                  r"|\b(is|would) (drowning|bleeding out|hanging yourself) (painful|quick|fast)\b|\bdoes it hurt to (drown|bleed out|hang (yourself|myself))\b"
                  r"|\b(cuanto (tarda|se tarda|tiempo tarda)|cuanto tiempo)\b.{0,25}\b(ahogarse|ahogarme|desangrarse|desangrarme|ahorcarse|ahorcarme|la horca)\b"
                  r"|\b(duele|es doloroso) (ahogarse|ahorcarse|desangrarse)\b"
                  r"|\b(can|could|would|will|do) (you|i|someone|a person) (die|be killed)\b.{0,10}\b(from|by|if)\b.{0,15}\b(hit|hitting|crash|crashing|slam|slamming|driv\w* into)\b"
                  r"(?: into)?( a| the)? (tree|wall|pole|pillar|overpass|barrier)\b.{0,20}\b(at|going) \d+"),
    # a car left running in a shut garage, in Spanish (never the car warmed up, nor a general question whether it is dangerous)
    r"\b(coche|carro|auto|camioneta|motor)\b.{0,40}\b(prendido|encendido|en marcha)\b.{0,40}\b(garaje|cochera)\b.{0,20}\bcerrad[oa]\b(?!.{0,40}\b(es peligroso|verdad|por eso|lo sacamos)\b)"
    r"|\b(garaje|cochera) cerrad[oa]\b.{0,40}\b(motor|coche|carro|auto) (prendido|encendido|en marcha)\b(?!.{0,40}\b(es peligroso|verdad|por eso|lo sacamos)\b)",
    r"\b(prefiere|prefiero|preferiria)\b.{0,20}\b(tirarse|tirarme|aventarse|aventarme|lanzarse|lanzarme)\b.{0,30}\bantes (que|de) "
    r"(seguir (asi|con (este|ese|el|tanto|su|mi) (dolor|sufrimiento)|viviendo|sufriendo|aguantando)|vivir)\b"
    r"|\b(tirarse|tirarme|aventarse|aventarme)\b.{0,10}\b(al tren|al metro|a las vias|del puente|de un puente|desde el puente|de un edificio|del edificio|por la ventana|del balcon|de la azotea)\b"
    r"(?!.{0,30}\b(puenting|bungee|colgante|al agua)\b)"
    r"|\b(rather|prefer to|prefers to|would sooner) (jump|drive|walk) (in front of|off|into)\b.{0,30}\bthan (go on|keep going|carry on|live|keep living|suffer)\b",
    # a burden lifted by one's going, said as the end of a sentence; the hardest part of now being alive
    r"\bsoon (they|my (kids|family|children))( will|ll) get (some )?peace\b(?! (after|when|once|at|from|and|in|while|during|for|with|because|of)\b)",
    r"\b(worst|hardest) (part|thing)( now| of all| these days)? (is|s) (just )?(still )?(being (here|alive)|that im still (here|alive)|still being (here|alive))\b(?! (after|in|at|for|when|while|with|without|alone|on|by|waiting|until|till|since|because)\b)",
    r"\blo (peor|mas dificil) (es|ahora es) (que )?(sigo|seguir) (con vida\b|(viv[oa]|aqui)\b(?! (en|con|sin|sol[oa]|desde|hasta|despues|mientras|por|esperando)\b))",
    # a fever with confusion, in Spanish (never hay fever, nor confused by the forms)
    r"\b(tiene|con|de) (\d+ (de |grados de )?)?fiebre\b(?! (del|de) heno).{0,50}"
    r"\b(no sabe (donde esta|quien soy|quien es)|no sabe que dia es\b(?! (su|la|el|mi|tu) )|no (me|nos) reconoce|habla incoherencias|dice cosas sin sentido|delira|delirando"
    r"|esta (muy )?confundid[oa]\b(?! con))(?!.{0,40}\b(demencia|alzheimer)\b)"
    r"|\b(antes del|mi) viaje definitivo\b(?! (a|al|de|desde|para|en) )",
    r"\b(he|she|dad|mom|mum|father|mother|husband|wife|partner|son|daughter|grandma|grandpa|gran|nan|brother|sister|patient|resident|hes|shes)\b( \w+){0,2} "
    r"(refus\w+|has stopped|stopped|wont (take|have|touch)|not (eating|drinking|taking))\b.{0,20}\b(food and water|food or water|water and food|eating and drinking|any water|any fluids|fluids)\b"
    r".{0,30}\b(for|in) (\d+|two|three|four|five|six|several|a few) days\b(?!.{0,40}\b(better now|fine now|eating again|drinking again|back to normal)\b)",
    # the fourteenth review's close variants of the patterns above (tests/data/safety/reviews-s17.jsonl): the two
    # cleaners in a shut room with a time or a killing asked; which fumes kill; drowning, hanging, bleeding out in
    # other words; a crash at a speed asked whether it kills; food and water refused for days; a jump rather than go on
    however_asked(r"\b(bleach|chlorine|ammonia|amonia|lejia|cloro|amoniaco)\b(?=.{0,120}\b(how (long|fast|quick|quickly)|too late|will it work|works? on|kills?|last|for good|funciona|cuanto (tiempo|tarda)|hacer efecto|mate|matar)\b)(?=.{0,120}\b(shut|closed|locked|sealed|cerrad[oa]|door locks)\b|.{0,120}\b(works?|takes?) on (someone|a person|him|her|me)\b)"),
    however_asked(r"\b(which|what)( two| 2)? (fumes|gas|gases|cleaners|chemicals|products)\b.{0,40}\b(kill|kills|knock (me|you|someone) out for good)\b"),
    however_asked(r"\bhow long\b.{0,40}(?<!child to )(?<!toddler to )(?<!kid to )(?<!baby to )\b(drown|drowning|bleed out|bleeding out|a hanging|hanging(?! (wallpaper|pictures?|curtains?|shelves|drywall|laundry|clothes|out|around|up|on|from a bar)))\b(?! from a (nosebleed|paper cut))"),
    however_asked(r"\b(drowning|a hanging|bleeding out)( xclausex)? how long\b"),
    however_asked(r"\bhow long\b.{0,30}\bunderwater to drown\b"),
    however_asked(r"\bhow painful is (drowning|hanging|bleeding out)\b"),
    however_asked(r"\bis (drowning|hanging|bleeding out) painful\b"),
    however_asked(r"\bhow long\b.{0,40}\b(bleach|ammonia|chlorine|lejia|amoniaco)\b.{0,60}\b(shut|closed|locked|sealed|cerrad[oa])\b"),
    however_asked(r"\bdoes (drown\w*|drowing|bleeding out( from (the|my|your) wrists?)?) hurt\b"),
    however_asked(r"\bcuant[oa]s? (?!.{0,30}\b(sesiones|infusiones|tratamientos?|citas|semanas|meses|dias|tiempo|dinero|cuesta|pacientes|veces|copago|pagar|deposito|seguro|euros|dolares|pesos)\b)(\w+ ){0,3}(haria falta|harian falta|se necesitaria|necesitaria|bastaria|serian suficientes|seria suficiente)\b"),
    however_asked(r"\b(cuanto tiempo|cuanto tarda|en cuanto tiempo)\b.{0,40}\b(desangr\w*|ahogar\w*|colgad[oa])\b"),
    however_asked(r"\bduele (mucho )?ahogarse\b"),
    however_asked(r"\bquanto ci vuole per (annegare|morire|dissanguarsi)\b"),
    however_asked(r"\b(hit|hitting|crash|crashing|slam|slamming|choco|chocar|me estrello|estrellarme)\b( into| contra)?( a| the| un| una)? (tree|wall|pole|pillar|overpass|barrier|arbol|muro|pared|poste)\b.{0,15}\b(at|a) \d+\b.{0,40}\b(kill|kills|die|survive|survivable|instantly|muero|me muero|mata|morir)\b"),
    however_asked(r"\b(what speed|how fast)\b.{0,30}\b(tree|wall|pole)\b(?!.{0,30}\bdummy\b).{0,20}\b(kill|kills|die)\b"),
    however_asked(r"\bwhat speed\b.{0,20}\bkills you\b"),
    however_asked(r"\bcuanto tiempo\b.{0,40}\b(garaje|cochera)\b.{0,30}\b(coche|carro|auto|motor|humo)\b"),
    however_asked(r"\bcuanto tiempo\b.{0,40}\b(humo|coche|carro|motor)\b.{0,30}\b(garaje|cochera)\b"),
    r"(?<!\b(dog|cat|pet) )(?<!\b(dog|cat|pet) has )(?<!\b(dog|cat|pet) is )(?<!puppy )(?<!puppy has )(?<!puppy is )(?<!kitten )(?<!kitten has )"
    r"\b(refus\w+ (to eat or drink|to eat and drink|food and (water|drinks?|fluids)|food or water)|(hasnt|has not|havent|have not|hadnt) (eaten|had) (or|and) (drunk|drank|had) anything"
    r"|(hasnt|havent|has not|have not) had (any )?(food|anything to eat) (or|and) (water|anything to drink|drink)|(not|hasnt|havent) (eaten|had food) (or|and) (drunk|drank|had water))\b"
    r".{0,30}\b(for|in|since) ((\d+|two|three|four|five|six|seven|several|a few) days|days|friday|monday|tuesday|wednesday|thursday|saturday|sunday)\b"
    r"|\b(se niega a|dejo de|no quiere) comer (y|ni) (beber|tomar agua)\b.{0,30}\b(\d+|dos|tres|cuatro|cinco|seis|varios) dias\b|\blleva (\d+|dos|tres|cuatro|cinco|seis|varios) dias sin (tomar agua|beber)\b",
    r"\b(prefiero|prefiere|preferiria|mejor)\b.{0,15}\b(me |se )?(tiro|tira|tirarme|tirarse|aviento|avienta|aventarme|aventarse|echarme|echarse)\b.{0,10}"
    r"\b(al rio|al mar|al tren|al metro|del puente|de un puente|por la ventana|del edificio|a las vias)\b(?!.{0,30}\b(puenting|bungee|colgante|a nadar|de vacaciones|en vacaciones)\b)"
    r"|\bpronto (mis hijos |mi familia |todos )?(van a|podran) (tener paz|descansar de mi|estar en paz)\b|\b(van a|podran) descansar de mi\b"
    r"|\b(tome|me tome|se tomo) (demasiad[oa]s?|de mas)\b.{0,20}\ba proposito\b"
    r"|\bprefiero no seguir (aqui|viv[oa]|viviendo|en este mundo)\b(?! (en|con|sin|esperando|trabajando)\b)"
    r"|\b(fiebre|calentura)\b(?! (del|de) heno).{0,40}\b(no me conoce|no (la|lo) conoce|no sabe ni como se llama|no sabe como se llama|confusion|esta delirando)\b",
    # Session 18, from the fifteenth review (tests/data/safety/reviews-s18.jsonl), which read a story gate that was not
    # kept: a plan for when the pain gets worse, said in one breath ("if the pain gets worse ill take the whole lot at
    # once"). Never what is taken back, up with the doctor or as prescribed, and nothing between the two halves: a
    # second review (reviews-s18b.jsonl) found the first, wider form flagging "If the pain gets worse before my
    # appointment I'll take everything you gave me to the front desk".
    r"\b(if|when|once) (it|the pain|my pain|the cancer pain|things) (gets?|becomes?) (any )?(worse|too bad|unbearable|too much)( xclausex)? "
    r"((ill|i will|im going to|im gonna|gonna|i am going to) (just )?(take|swallow|down)|(im|i am) (just )?(taking|swallowing|downing)) (the whole lot|the lot"
    r"|them all|all of them|everything|the (entire|whole) (\w+ ){0,2}(supply|stash|bottle(?! of (water|wine|juice|shampoo|lotion|sunscreen|soda)))"
    r"|all my (pills|meds|tablets|medicines?|medications?|oxy\w*|morphine|patches|painkillers|opioids))\b"
    r"(?! (back|up|to the|in to|into|with|as prescribed|out|off|home|along|over))",

]

# A crisis only when about a person now, not in a general question.
_RISK_PATTERNS = [
    r"\bsuicid\w*",
    r"\bself ?harm\w*",
    r"\b(overdose|overdosed|overdosing|overdoses|overdoes|od)\b",
    r"\bchest pains?\b",
    r"\b(seizure|seizures|stroke|heart attack)\b",
    r"\bpoison(ed|ing)?\b",
    r"\b(allergic reaction|anaphylactic)\b",
    r"\b(die|dies|died|dying|death|deaths|dead|kill|kills|killed|lethal|fatal|deadly|unconscious|hopeless|hopelessness|harm)\b",
    r"\b(morir|muerte|muerto|suicidio|sobredosis|matar|mortal)\b",
    r"\b988\b|\b(crisis|suicide) (hotline|line|lifeline|helpline)\b",
]

# Someone specific: the visitor, or a person they are with.
_PERSONAL = re.compile(
    r"\b(i|im|ive|id|ill|me|my|mine|myself|we|our|us|he|hes|she|shes|him|her|his|they|theyre|them|their|"
    r"mom|mum|dad|mother|father|husband|wife|son|daughter|partner|friend|brother|sister|child|kid|patient)\b"
)
_GENERAL_OPENERS = re.compile(
    r"^(can|could|does|do|is|are|what|whats|how|why|will|would|may|might|should|which|when|who|at what|tell me)\b"
)

_DOSE = re.compile(
    r"\b(dose|doses|dosage|dosages|dosing|mg|milligrams?|micrograms?|mcg|ml|dosis|miligramos?|microgramos?)\b"
    r"|\b(cuanta|cuantas|cuanto|cuantos) (ketamina|pastillas|morfina|miligramos|medicina|medicamento|oxicodona|opioides?)\b"
    r"|\bhow (much|many) (ketamine|mg|milligrams|pills|tablets|medication|medicine|opioids?|morphine|oxycodone)\b"
    r"|\bhow (often|many times) (should|do|can|must) (i|we|he|she|they) take\b"
    r"|\b(max|maximum|most|limit)( \w+){0,3} (can|should|could|may|is safe to|to) (i|you|he|she|we|they|someone|a person )?(take|have|use|get)\b"
)
_CHANGE_VERBS = (
    r"(stop|stopping|quit|quitting|reduce|reducing|lower|lowering|increase|increasing|raise|double|halve|skip|skipping|"
    r"taper|tapering|wean|weaning|come off|coming off|get off|cut down|cut back|cut out|change|changing|switch|switching|"
    r"replace|replacing|up|bump up|bump)"
)
_USE_VERBS = r"(take|taking|use|using|start|starting|mix|mixing|combine|combining|try|drink|drinking|smoke|smoking|have|having)"
_ADVERB = r"(just |simply |safely |suddenly |completely |also |still |then |now |really )?"
# "should i be taking less", "should i b takin less ket"
_SUBJECT = r"(i|we|he|she|they|my \w+)"
_CHANGE = re.compile(
    rf"\b(should|can|could|may|must|shall) {_SUBJECT} (just |really |also |then |now |still )?(be |b )?({_CHANGE_VERBS}|{_USE_VERBS})\b"
    rf"|\b(is it|its|would it be|will it be) (ok|okay|safe|fine|alright|dangerous|bad|a problem) (for (me|him|her|them|my \w+) )?to {_ADVERB}({_CHANGE_VERBS}|{_USE_VERBS})\b"
    rf"|\b(can|could|should|may|do|does) {_SUBJECT} {_ADVERB}(keep|continue|carry on|go on) (taking|using|on|having|drinking|smoking)\b"
    rf"|\bcold turkey\b|\b(can|could|may) {_SUBJECT} still (have|drink|take|use|smoke)\b"
    rf"|\b(interact|interacts|interaction|interactions)\b|\b(mixing|combining) (\w+ )?(with|together|and|them|it|ok|okay|safe)\b"
    rf"|\b(do|will|would) {_SUBJECT} (need|have) to {_CHANGE_VERBS}\b"
    rf"|\b(when|how) (can|should|do|would) {_SUBJECT} {_CHANGE_VERBS}\b"
)
_MEDICINES = re.compile(
    r"\b(medication|medications|medicine|medicines|meds|pills?|tablets?|prescriptions?|drugs?|doses?|opioids?|opiates?|"
    r"painkillers?|oxycodone|oxycontin|percocet|morphine|fentanyl|hydrocodone|vicodin|hydromorphone|dilaudid|methadone|"
    r"tramadol|codeine|gabapentin|pregabalin|lyrica|ibuprofen|advil|naproxen|aspirin|tylenol|acetaminophen|paracetamol|"
    r"nsaids?|steroids?|antidepressants?|ssris?|benzodiazepines?|xanax|valium|ativan|chemo|chemotherapy|ketamine|ket|oxys?|percs?|"
    r"alcohol|beer|wine|drinks?|cannabis|marijuana|weed|edibles|thc|kratom|cbd|patch|patches|insulin|blood thinners?|warfarin)\b"
)
# Spanish: "¿puedo dejar los opioides?", "¿debo bajar la morfina?", "¿se puede mezclar con alcohol?"
_CHANGE_ES = re.compile(
    r"\b(puedo|debo|deberia|podria|tengo que|hay que|se puede|puede|debe)\s+(dejar|suspender|bajar|subir|cambiar|reducir|aumentar|quitar|tomar|mezclar|combinar|parar)\b"
)
_INTERACTION = re.compile(rf"\b{_USE_VERBS} \w+( \w+)? (with|and|while on|alongside|on top of|together with) (my |his |her |their |the |some |any )?{_MEDICINES.pattern}")


class Assessment(NamedTuple):
    """What the safety check found in a message."""

    level: str  # "crisis" | "concern" | "none"
    medical_advice: bool
    language: str
    reason: str
    soft: bool = False  # a crisis only the classifier sees, and not strongly

    @property
    def crisis(self) -> bool:
        """Someone may be in danger now: urgent help first."""
        return self.level == "crisis"

    @property
    def mentions_risk(self) -> bool:
        """The help line belongs beside the reply."""
        return self.level != "none"


@lru_cache(maxsize=16384)
def _crisis_word(word: str) -> str:
    """The crisis word `word` is a near-miss of, or `word` itself."""
    if len(word) < 6 or word in _CRISIS_WORDS or word in english_words():
        return word
    limit = 1 if len(word) < 9 else 2
    for target in _CRISIS_WORDS:
        if abs(len(target) - len(word)) <= limit and edit_distance(word, target) <= limit:
            return target
    return word


def _fix_crisis_typos(text: str) -> str:
    """Read near-misses of crisis words as the words themselves."""
    return " ".join(_crisis_word(word) for word in text.split())


_OD_RE = re.compile(r"\bOD(?:[\u2019']d|[\u2019']?ed|[\u2019']?ing)\b", re.IGNORECASE)


@once_per_message
def prepare(text: str) -> str:
    """Normalized text with punctuation as spaces, ready for the patterns."""
    text = _OD_RE.sub("overdosed", text)  # "OD'd" would otherwise read as "odd"
    return _fix_crisis_typos(re.sub(r"[^a-z0-9 ]+", " ", normalize(text)))


def is_general_question(text: str) -> bool:
    """True for a question about people in general, naming no one in particular."""
    return bool(_GENERAL_OPENERS.match(text)) and not _PERSONAL.search(text)


def floor(message: str, today: date | None = None) -> str | None:
    """The explicit crisis pattern a message matches, or None: a crisis whatever the classifier says.

    A match is left to the classifier when a negation in its own clause governs
    it ("I don't want to kill myself", "no thoughts of harming myself", but not
    "I'm not okay, I want to die" nor "she never stops thinking about killing
    herself"), when it tells of the distant past ("I overdosed back in 2017", "I
    tried to take my life when I was 20", but not "back in 2019 I overdosed and
    I want to die again", "he was diagnosed years ago and he stopped breathing"
    or anything said with "yesterday"; see told_of_the_past, which takes
    `today` for the months), when it is a fear of what may happen ("what if I
    stop breathing during the infusion", "¿y si dejo de respirar durante la
    infusión?"; see _feared), or when its sentence is a question about people in
    general and nothing else in the message tells more than where it was read
    ("can pain make people hurt themselves?", but not "how do you help someone
    who is having a seizure?", nor one that names a means, nor "can ketamine stop
    suicidal thoughts? had them all day"; see owned_after_asking), or when, in
    a message that otherwise only asks plain questions and names no plan, means
    or time of now, it names a danger without telling of anyone in it: a question
    about the crisis line rather than for it, suicidal ideation quoted from what
    was read, a screening question answered no, what the treatment might do to
    the body (see asks_about_the_line and not_told_as_happening). A question about a lethal amount, or asking for
    the crisis line, is urgent however it is asked, also over two or three
    sentences ("can it kill you? how much alcohol"; see lethal_amount_across)."""
    whole = prepare(message)
    patterns, index = floor_patterns()
    sentences = split_sentences(message) or [message]
    if not any(patterns[number].search(whole) for number in index.candidates(whole)):
        return owned_after_asking(sentences) or overdose_across(sentences)
    month = (today or date.today()).month
    # The exceptions of not_told_as_happening hold only for a sentence of a message that, beside it, only asks plain
    # questions (or says "hopefully not"), and names no plan, means or time of now anywhere: "The rope is up in the
    # garage. Saw your page mentions suicidal ideation" stays urgent. Each sentence is judged once.
    calm = not _PLAN_OR_MEANS.search(whole) and not _RECENT.search(whole)
    told = prepare(" ".join(s for s in sentences if "?" not in s))  # what the message tells, for ordinary_use: not its questions
    plain = [bool(plain_question(other) or _HOPE_NOT.match(other) or _HEARSAY.match(other) or (_SOURCE.search(other) and not _ME_NOW.search(other)))
             for other in map(prepare, sentences)]
    for at, sentence in enumerate(sentences):
        text = prepare(_CLAUSE_BREAK.sub(f" {_CLAUSE} ", sentence))
        asked = "?" in sentence or bool(_GENERAL_OPENERS.search(text))
        quiet = calm and all(plain[:at] + plain[at + 1 :])
        # a question about people in general, in a message that tells nothing more ("can ketamine stop suicidal thoughts? had them all day" is about the writer)
        general = quiet and is_general_question(text) and not _SOMEONE_IN_DANGER.search(text) and not _HURRY.search(whole)
        for number in index.candidates(text):
            pattern = patterns[number]
            if number in _ONLY_ABOUT_SOMEONE and ("?" in sentence or _GENERAL_OPENERS.search(text)) and not _PERSONAL.search(text) and quiet:
                continue  # a question that names no one, in a message that tells nothing more: about people in general
            if number in _ONLY_NOW and _OVER.search(text):
                continue
            for found in pattern.finditer(text):
                before = text[: found.start()]
                clause_start = before.rfind(_CLAUSE) + 1
                clause_end = (text.find(_CLAUSE, found.end()) + 1 or len(text) + 1) - 1
                if negated(before, text[found.end() : clause_end]):
                    continue
                if number not in _URGENT_HOWEVER_ASKED and ordinary_use(found.group(0), before[clause_start:], text[found.end() : clause_end], told):
                    continue  # a floor word in its everyday use: "my doctor is not responding", "an emergency at work"
                clause = text[clause_start:clause_end]
                if number == _CRISIS_LINE and asked and quiet and asks_about_the_line(whole, text):
                    continue  # "is 988 only for suicide?", "does 988 work in spanish?": a question about the line, not for it
                if number not in _URGENT_HOWEVER_ASKED and (
                    told_of_the_past(text, found, clause, month, whole) or general or _feared(before[clause_start:], clause, found.group(0), "?" in sentence)
                    or (quiet and not_told_as_happening(whole, before[clause_start:], found.group(0), text[found.end() :], number, asked and not _TOLD.search(text[:clause_start])))
                ):
                    continue
                return found.group(0).replace(f" {_CLAUSE}", "")
    return owned_after_asking(sentences) or lethal_amount_across(sentences, patterns, index) or overdose_across(sentences)


# "can ketamine stop suicidal thoughts? that's me, tonight especially": a question about the thoughts, then the writer's own
_SUICIDAL = re.compile(r"\b(suicid\w*|thoughts of (ending it|dying|death|killing myself|ending my life))\b")
# ...or about dying: then only a plainer "it's mine" or a wish for it counts
_ABOUT_THE_THOUGHTS = re.compile(_SUICIDAL.pattern + r"|\b((not|never) wak\w* up|die|dying|death|stop\w* (my |your |the )?(heart|breathing)|(want|wanting) to die)\b")
# "...? it'd be a relief", "...? that would be a mercy": the end asked about, then wished for
_WISHED_FOR = re.compile(r"\b(itd|it d|it would|that would|thatd|that d|would) be (a |an )?(relief|mercy|blessing|kindness|gift)\b")
_OWNED = re.compile(r"\b(thats me|that s me|es mi caso|es que yo (los|las|la) tengo|(yo )?(los|las) tengo (todos los dias|siempre|ahora|cada noche)"
                    r"|i have (it|them)|ive had them|had them all|same boat|me too|asking for me)\b")


def owned_after_asking(sentences: list[str]) -> str | None:
    """A sentence that owns what an earlier question asked about suicidal thoughts (not denied there), or None."""
    for at, sentence in enumerate(sentences[:-1]):
        text = prepare(sentence)
        about = _ABOUT_THE_THOUGHTS.search(text)
        if about and ("?" in sentence or _GENERAL_OPENERS.search(text)) and not negated(text[: about.start()], text[about.end() :]):
            for later in map(prepare, sentences[at + 1 :]):
                owned = _OWNED.search(later) or _WISHED_FOR.search(later) or (_ME_NOW.search(later) if _SUICIDAL.search(text) else None)
                if owned and not negated(later[: owned.start()], later[owned.end() :]):
                    return owned.group(0)
    return None


def plain_question(text: str) -> bool:
    """A prepared sentence that only asks, naming no one, no harm and no time of now ("how common is that",
    "is it free", "does it hurt"): what may stand beside a sentence the floor's exceptions leave to the classifier."""
    return bool(_PLAIN_QUESTION.match(text)) and not (_TOLD.search(text) or _HARM_SAID.search(text) or _PLAN_OR_MEANS.search(text)
                                                      or _NOW.search(text) or _SITUATION.search(text) or _WISH.search(text))


def asks_about_the_line(whole: str, text: str) -> bool:
    """Whether a question that names the crisis line asks about it ("is 988 only for suicide?", "does
    988 work in spanish?") rather than for it: it asks something of the line, nothing in the message
    asks for it now ("should I call?", "tonight"), and its sentence names no one ("is 988 confidential
    if i tell them where i plan to do it?"). The caller has made sure the rest of the message only asks."""
    return (bool(_ABOUT_THE_LINE.search(text)) and not _CALL_NOW.search(whole) and not _SITUATION.search(whole)
            and not _TOLD.search(_ASKED_OF_US.sub(" ", _LINE_WORDS.sub(" ", text))))


def not_told_as_happening(whole: str, clause_before: str, match: str, after: str, number: int, asked: bool) -> bool:
    """Whether a match is named without telling of anyone in danger, in a sentence whose message beside it
    only asks plain questions and names no plan, means or time of now (the caller's `quiet`): thoughts of
    suicide quoted from what was read, with nothing after them but a plain question ("your page mentions
    suicidal ideation, how common is that?"), a screening question answered no with nothing after it but
    its confirmation ("my therapist asked if I have thoughts of suicide and I said no"; "...which is true"
    may follow, "...but I lied" may not), or a question about what the treatment might do to the body
    with nothing after it but the treatment ("will I stop breathing during the infusion?", "can I die from
    the anaesthetic?"), which asks no amount, tells of no act and wishes for nothing (`asked`: the sentence
    is a question). `whole` is the prepared message; `clause_before` and `after` the match's clause before
    it and its sentence after it."""
    read = _READ_OF.search(clause_before)
    if number in _ONLY_ABOUT_SOMEONE and read and not _NEW_SUBJECT.search(clause_before, read.end()) and _ONLY_ASKED_AFTER.match(after):
        return True
    answer = _SCREENING.search(clause_before) and _EXPLICIT_NO.search(after)
    if answer and _CONFIRMED_NO.match(after[answer.end() :]):
        return True
    if asked and _ONLY_THE_TREATMENT_AFTER.match(after) and not _NOW.search(whole) and not _EXCESS.search(whole) and not _WISH.search(whole):
        might = _MIGHT.search(clause_before)
        if might and might.group(0).split()[1] in ("he", "she", "we", "they") and not _OF_THE_TREATMENT.search(f" {after}"):
            might = None  # "could he stop breathing?": someone watched now, unless the treatment is named
        return bool((might and _EFFECT.search(match)) or (_CAN_DIE.match(match) and _OF_THE_TREATMENT.match(after)))
    return False


def told_of_the_past(text: str, found: re.Match, clause: str, month: int, whole: str = "") -> bool:
    """Whether a match in a prepared sentence is told as the distant past: the sentence names the
    distant past (_PAST, or a month two to eight months back: `month` is this one), the match's clause says nothing
    of now, the sentence names no recent day (_RECENT), and a verb in the past is in the match or just
    before it; a feeling now is no past verb ("I'm so depressed"), nor a wish ("I wish I was dead"). Never
    when the message says it is back or at hand ("...and the urge is back tonight", "planning another one",
    "same plan", "the pills are still in the drawer"), asked or told anywhere in `whole`, the prepared message. A time that dates the illness's
    start in an event of its own does not date the match ("he was diagnosed years ago and he stopped
    breathing"); a time in any other event does ("I tried to hang myself after my first surgery, years ago now")."""
    own = event_span(text, found.start())
    if _NOW.search(clause) or _RECENT.search(text):
        return False
    if _AGAIN.search(whole):
        return False
    near = max(own[0], len(" ".join(text[: found.start()].split()[:-2])))  # the match and the two words before it
    verbs = [verb for verb in _PAST_VERB.finditer(text, near, found.end())
             if not _NOT_PAST.search(text[max(0, verb.start() - 12) : verb.end()]) and not _WISHED.search(text[max(0, verb.start() - 12) : verb.start()])]
    if not verbs:
        return False
    for marker in distant_past(text, month):
        span = event_span(text, marker.start())
        if span == own or not _ONSET.search(text[span[0] : span[1]]):
            return True
    return False


def event_span(text: str, at: int) -> tuple[int, int]:
    """Where the event that holds position `at` starts and ends: between clause breaks, "and", "then"."""
    start = max((m.end() for m in _EVENT_BREAK.finditer(text, 0, at)), default=0)
    after = _EVENT_BREAK.search(text, at)
    return start, after.start() if after else len(text)


def distant_past(text: str, month: int) -> list[re.Match]:
    """Where prepared text names the distant past (see _PAST, and months_before_last for this `month`)."""
    return [*_PAST.finditer(text), *months_before_last(month).finditer(text)]


def lethal_amount_across(sentences: list[str], patterns: tuple[re.Pattern, ...], index: LiteralIndex) -> str | None:
    """A question about a lethal amount asked over two or three sentences ("can ketamine and alcohol
    together kill you? how much alcohol", "can it cause a heart attack at high enough doses? how high. im
    interested for personal reasons"), unless one of them asks about the usual treatment, its help or its
    cost ("can it be fatal? how much is given in an infusion?", "how much does it cost? can you overdose?",
    "her cancer is fatal. how much time does she have?")."""
    for start in range(len(sentences) - 1):
        first = prepare(sentences[start])
        if _AMOUNT_ASKED.search(first) and _ORDINARY_AMOUNT.search(first):  # "how much does it cost? can you overdose?"
            continue
        window = [sentences[start]]
        for later in sentences[start + 1 : start + 3]:
            asked_later = prepare(later)
            if _AMOUNT_ASKED.search(asked_later) and _ORDINARY_AMOUNT.search(asked_later):  # "can it be fatal? how much is given?"
                break
            window.append(later)
        if len(window) < 2:
            continue
        text = prepare(" ".join(window))
        for number in index.candidates(text):
            if number in _URGENT_HOWEVER_ASKED and number != _CRISIS_LINE and (found := patterns[number].search(text)) and not negated(text[: found.start()], text[found.end() :]):
                return found.group(0)
    return None


# A dose taken again or more than prescribed, and a sign of too much told after it, in the same sentence or
# another: "Mum had her night morphine twice by mistake. She is snoring oddly in the chair." Never a dose taken
# as prescribed ("twice a day", "morning and night", "the nurse said I can take it again"), nor a sign that
# belongs to something else ("the pharmacy doesnt answer", "my stomach is gurgling", "hard to wake in the mornings").
_DOSE_AGAIN = re.compile(
    r"\b(oxy\w*|morphine|morfine|fentanyl|patch|dose|pills?|tablets?|meds|medicine|dilaudid|hydromorphone|methadone|tramadol|sleeping pills|morfina|dosis|pastillas?)\b"
    r".{0,40}\b(twice(?! (a|per|each|every|daily|weekly|in \d+|as prescribed)\b)(?!( \w+){0,6} (as prescribed|like the doctor said|morning and (night|evening)))"
    r"|two times(?! (a|per|each|every|daily)\b)|2 ?x|double(?![ -]?check)|again|extra|another|one more|a few more|some more|more than (i|he|she) should|stronger one"
    r"|dos veces(?! (al|por) (dia|semana))|otra vez|doble|de nuevo)\b"
    r"|\b(twice(?! (a|per|each|every|daily|weekly)\b)|double(?![ -]?check)|doble|extra|another|second|dos veces(?! (al|por) (dia|semana)))\b.{0,30}"
    r"\b(oxy\w*|morphine|fentanyl|dose|pills?|tablets?|meds|morfina|dosis|pastillas|patch|parche)\b"
    r"|\b(se (la |las |lo )?volvio a tomar|repitio la dosis|se puso otro parche)\b")
_AS_PRESCRIBED = re.compile(r"\b(doctor|nurse|oncologist|pharmacist) (said|says|told)|\bas prescribed\b|\bif (i|he|she) need|\bcan (i|he|she) take\b|\bcambio el horario\b")
_SIGN_OF_TOO_MUCH = re.compile(
    r"\b(cant|cannot|can not) (really |quite |even )?get (him|her|them) to (talk|answer|wake|respond|open)|\b(wont|will not|doesnt|does not) (wake|stay awake|answer me|respond)"
    r"|\bsnor\w* (really |so |very )?(loud\w*|odd\w*|weird\w*|strange\w*|funny)|\bgurgl\w*|\bgaps between ((his|her|their|my) )?breaths|\bmumbl\w*|\bhard to (wake|rouse)"
    r"|\bcant wake|\b(lips|face) (are |is |look |looks |went |turned )?(a bit |kind of |a little )?(blue|bluish|grey|gray|purple|dusky)"
    r"|\bnodding off|\b(very|so|super|real|really) (sleepy|drowsy)|\bpupils (are )?(tiny|pinpoint)|\bbreathing (is |sounds |feels |seems )?(very |really |so )?(slow|shallow)"
    r"|\b(isnt|is not) (really )?talking (to me )?properly|\barms feel (super |really |so )?heavy"
    r"|\b(wine|whiskey|whisky|vodka|beer|alcohol|booze|drinks?) on top|\b(i|he|she) (had|took|taken) (way |a lot |far |much )?more than (i|he|she) should"
    r"|\blabios (un poco )?(morados|azules|grises)|\bno (despierta|responde)|\bmuy dormid[oa]|\bronca\w* raro|\brespira (muy )?lento|\bno (logro|puedo) que me hable")
_NOT_A_SIGN = re.compile(r"\b(e ?mails?|messages?|mensajes|texts?|calls?|phone|telefono|portal|refills?|pharmacy|insurance|company|in the mornings?|every morning|from the cold"
                         r"|afterwards|the next day|for a day|stomach|tummy|belly|when (he|she) drinks|teenager|weekends?|cat|dog|lol)\b")
# Only the distant past: "last night" and "when she was half asleep" are now.
_LONG_AGO = re.compile(r"\b(19|20)\d\d\b|\b(years?|yrs?|months?|decades?) ago\b|\b(a long time|long time|ages|long) ago\b|\blast (year|summer|winter|spring|fall|autumn|month)\b"
                       r"|\bhace (\w+ (anos|meses)|anos|meses)\b|\bel (ano|mes|verano|invierno) pasado\b")


def overdose_across(sentences: list[str]) -> str | None:
    """An overdose told in steps: a dose taken again or more than prescribed, then a sign of too much in the
    same sentence or a later one ("She took her night dose twice... I cant get her to talk to me properly"),
    unless the dose was taken as prescribed or long ago ("In 2019 dad took his morphine twice by mistake")."""
    texts = [prepare(sentence) for sentence in sentences]
    for at, text in enumerate(texts):
        dose = _DOSE_AGAIN.search(text)
        if not dose or _LONG_AGO.search(text) or _AS_PRESCRIBED.search(text):
            continue
        for later, other in enumerate(texts[at:], start=at):
            sign = _SIGN_OF_TOO_MUCH.search(other, dose.end() if later == at else 0)
            if sign and not _NOT_A_SIGN.search(other, sign.end(), sign.end() + 40) and not _NOT_A_SIGN.search(other[max(0, sign.start() - 25):sign.start()]):
                return f"{dose.group(0)} ... {sign.group(0)}"
    return None


_AMOUNT_ASKED = re.compile(r"\b(how (much|many|long|often)|cuant[oa]s?)\b")
# An amount asked about the treatment as the clinic gives it, its help or its cost: "how much is usually given",
# "how many sessions", "how much does it help", "how much time does she have".
_ORDINARY_AMOUNT = re.compile(r"\b(usual\w*|normal\w*|typical\w*|given|(you|they|clinic|doctors?|nurses?) give|prescribe\w*|recommend\w*|safe"
                              r"|infusions?|sessions?|treatments?|cost\w*|charge|price|pay|insurance|suele|normalmente|sesion\w*|cuesta"
                              r"|people|patients|persons|of them|of you|times|years?|months?|weeks?|days?|hours?|time|help\w*|relief|better|work\w*"
                              r"|typical|mg|milligrams?|cuanto tiempo|ayuda\w*|alivio|mejor)\b")


# Clause breaks are kept as a word, so that a negation does not reach past one.
_CLAUSE = "xclausex"
_CLAUSE_BREAK = re.compile(r"[,;:]|\s-\s|\bbut\b|\bpero\b")
# A sentence about the past (unless the clause of the match also says now).
# Only the distant past: "last night", "yesterday", "this week", "a while ago" (minutes, perhaps) are not in it,
# nor "in college" or "in my 20s" said of now; a month's name is, unless it is this month or last (months_before_last).
# "in my 20s", "in college": the past unless said of now ("I'm in college and I cut myself", "he is in high school")
_NOT_SAID_OF_NOW = r"(?<!\bim )(?<!\bm )(?<!\bam )(?<!\bs )(?<!\bis )(?<!\bre )(?<!\bare )(?<!\bstill )"
_PAST = re.compile(r"\b(19|20)\d\d\b|\b(years?|yrs?|months?|decades?) ago\b|\b(a long time|long time|ages|long) ago\b"
                   r"|\blast (year|summer|winter|spring|fall|autumn|month)\b|\bback in\b|(?<!\blike )(?<!\bas )\bback when\b"
                   r"|\bwhen (i|he|she|they|we) (was|were)\b|\bas a (teen|teenager|kid|child|young (man|woman|mum|mom))\b|\bat age 1[0-9]\b"
                   rf"|{_NOT_SAID_OF_NOW}\bin (my|his|her|their) (early |late |mid )?(teens|twenties|thirties|forties|fifties|youth|[1-9]0s)\b"
                   rf"|{_NOT_SAID_OF_NOW}\bin (high school|college|university)\b"
                   r"|\bhace (\w+ (anos|meses)|anos|meses|mucho(?! (dolor|frio|calor|que))|tiempo)\b|\bel (ano|mes) pasado\b|\bde joven\b|\bcuando (tenia|era)\b")
# Days that are never the distant past, anywhere in the sentence: "she had surgery in August and yesterday she
# swallowed all her pills".
_RECENT = re.compile(r"\b(yesterday|last night|this morning|this afternoon|this evening|tonight|today|just now|an hour ago|all night|all day|rn|right now"
                     r"|ayer|anoche|hoy|esta manana|esta tarde|esta noche|hace un rato|hace una hora|toda la noche|todo el dia)\b")
_MONTHS = (("january", "enero"), ("february", "febrero"), ("march", "marzo"), ("april", "abril"), ("may", "mayo"), ("june", "junio"),
           ("july", "julio"), ("august", "agosto"), ("september", "septiembre"), ("october", "octubre"), ("november", "noviembre"),
           ("december", "diciembre"))


@lru_cache(maxsize=2)
def months_before_last(month: int) -> re.Pattern:
    """A month's name (English or Spanish) told as when it happened, for a month two to eight months
    back: told in November, "in March" is the distant past, but "in November" or "in October" may be
    last week, and "in December" or "in January" are to come ("I decided to end it in December")."""
    back = {(month - 1 - months) % 12 + 1 for months in range(2, 9)}
    names = [name for number, pair in enumerate(_MONTHS, 1) if number in back for name in pair if name != "may"]
    return re.compile(rf"\b(in|en) ({'|'.join(names)})\b")


# Where one event ends and the next begins, for the past: a clause break, "and", "then".
_EVENT_BREAK = re.compile(rf"\b({_CLAUSE}|and|then|so|y|luego|entonces)\b")
# The start of the illness: a time in such an event dates it, not what the sentence tells next.
_ONSET = re.compile(r"\b(diagnos\w*|got (cancer|sick|ill)|found out|started|began|since|first noticed|comenz\w*|empez\w*|inici\w*|desde)\b")
_NOW = re.compile(r"\b(now|right now|rn|just|tonight|today|this morning|min|mins|minutes|hour|hours|ahora|ahorita|hoy|esta noche)\b")
# A verb in the past: a match that holds one (or follows one by at most two words) tells of what happened then.
_PAST_VERB = re.compile(r"\b(\w+ed|took|taken|swallowed|ate|drank|had|was|were|tried|wrote|gave|said|cut|oded|found|got|went|came|became"
                        r"|intente|intento|tomo|tome|tuvo|tuve|fue|estuvo|estuve)\b")
# Not a past verb: a feeling now ("im so scared", "I feel exhausted"), "ive got" (I have), "need", "bed".
_NOT_PAST = re.compile(r"\b(ive|weve|youve|theyve|i have|we have|has|hes|shes)( just| already| now| finally| recently)? \w+(ed|en)$|\bwas (close|this close|ready|about|going|gonna) \w+$"
                       r"|\b(im|i am|am|so|very|really|too|feel|feeling|feels|been|get|getting|is|are|its|hes|shes|were) \w+ed$|\b(ive|weve|have|has|hes|shes|youve|theyve) got$|\b(need|bed|feed|bleed|speed|indeed|seed)$")
# "I wish I was dead", "wish he were here": a wish, not the past.
_WISHED = re.compile(r"\bwish(ed)? (i|he|she|they|we|it)( just)? $")
# Back again: a past event that is here now ("the urge is back", "planning another one", "same plan", "this time it will work").
_AGAIN = re.compile(r"(?<!happen )(?<!never )\b(again|another|once more|this time|this one|same (place|plan|feelings?|way|thoughts?|pills)|(thoughts?|urges?|feelings?|ideation|plan)( \w+){0,6} (is |are |have |has )?(come |coming )?back"
                    r"|better plan|next one|relaps\w*|otra vez|de nuevo|same (one|stash|way|method|spot|thing)|back in (that|the same)|never stopped|nothing (has )?changed"
                    # the means still at hand: "the pills are still in the drawer", "it's loaded and I'm sitting with it", "tengo las pastillas contadas"
                    r"|still (have|got|in|loaded|hidden)|loaded|sitting with (it|them)|in my hand|holding (it|them)|counted( out)?|lined up"
                    r"|(have|got|with) the (pills|gun|rope|meds)|ive been \w+ing|i have been \w+ing|first attempt|primer intento|contad[ao]s|juntando|guardando|and it has|and now it is|(still do|still want)(?! (infusions?|ketamine|the|my|it|treatment|that|this|sessions?|a|an)\b)|(have|got) (about |around |like |nearly )?\d+ (now|saved|left|stashed)|(are|is) in my (desk |bedside )?(drawer|nightstand))\b")
# A fear of what may happen, said before the match in its clause ("I'm scared I'll stop breathing during the
# infusion", "what if he takes too much by mistake"): a worry about later, not a danger now, unless the clause
# also says now or the match names intent to die or self-harm ("I'm afraid I'll kill myself" stays a crisis).
_FEAR = re.compile(r"\b(what if|afraid|scared|worried|worry|worries|worrying|fear|fears|feared|nervous|terrified|nightmares?|anxious|concerned|miedo|preocupa\w*|temo)\b")
_MAYBE_LATER = re.compile(r"\b(will|wil|ll|ill|youll|hell|shell|theyll|itll|would|might|could|may|going to|gonna|one day|someday|some day|if|eventually|later|va a|vaya a|pueda|pueden|de que)\b")
# An act told as done: "what if a person took their whole week's pills at once" asks about it, fears nothing later.
_ACT_DONE = re.compile(r"\b(took|taken|swallowed|ate|drank|stuck|used|injected|overdosed|gave|given)\b")
# Spanish "what if", a fear only in a question: "¿y si dejo de respirar durante la infusión?" ("y sí" is also "and yes").
_SUPPOSE_ES = re.compile(r"\b(y si|que pasa si|que tal si)\b")
_INTENT = re.compile(r"\b(my ?self|him ?self|her ?self|them ?selves|kill|killing|suicid\w*|die|dead|end my life|matar\w*|morir\w*|mato|mata|muero"
                     r"|me muera|quitarme la vida|quitarse la vida)\b")
# A fear or risk of a thing, right before the match: "afraid of anaphylaxis", "miedo de no despertar",
# "any risk of a seizure during it", "worried about anaphylaxis". Never of a person ("scared of him not breathing",
# "worried about my dad unresponsive on the floor" are happening), and never of an act against oneself or its
# means ("I'm afraid of jumping", "scared of ending it all", "afraid of taking all my pills").
_FEAR_OF = re.compile(r"\b(afraid|scared|fear|fears|frightened|terrified|miedo|temor|risk|riesgo|peligro|danger|chance|worried|nervous|worry)"
                      r" (of|about|de)( (a|an|the|any|un|una|el|la|los|las))? $")
_HARM_OR_MEANS = re.compile(r"\b(unaliv\w*|end\w* (it|my life|things|everything)|jump\w*|hang\w*|overdos\w*|od|oded|oding|on purpose|cut\w*|slit\w*|wrists?"
                            r"|all (my|of my|the|his|her|of the) (pills|meds|tablets)|whole (bottle|box|pack)|quitarme la vida"
                            r"|tod[oa]s? (mis|las|sus|los) (pastillas|pildoras|medicinas|medicamentos))\b")


# A question that asks for the crisis line now ("should I call 988?", "is the crisis line open tonight?").
_CALL_NOW = re.compile(r"\b(should|can|do|must|shall) (i|we) (call|text|ring)\b|\b(i|we) (need|want|have|got) to (call|text|talk)\b|\b(calling|texting)\b"
                       r"|\b(open|available|awake|answer\w*|now|tonight|right now|today)\b|\b(debo|puedo|tengo que|necesito) (llamar|hablar)\b|\bahora\b|\besta noche\b")
# What a question about the crisis line asks of it, rather than asking for it ("what is the suicide hotline number?"
# gets the urgent help, which gives it).
_ABOUT_THE_LINE = re.compile(r"\b(only|free|cost|costs|bill|charge|confidential|anonymous|private|police|cops|send|spanish|espanol|english|language|interpret\w*"
                             r"|veterans?|vets?|caregivers?|families|family|familiares|difference|same as|work|works|follow up|wait|chat|text version|outside"
                             r"|canada|record|report|just to talk|besides|other than|instead of|solo|atiende\w*|what happens|why|traced|track|for caregivers)\b")
# What was read or heard, said before a match in its clause: "your page says ... suicidal ideation", "I've read that".
_READ_OF = re.compile(r"\b(page|site|website|article|leaflet|brochure|research|studies|study|stats|statistics|internet|online|google)\b( \w+){0,4} "
                      r"(says?|said|mentions?|mentioned|talks? about|lists?|states?|warns?|shows?)\b|\b(read|heard|seen) (that|about|somewhere)\b"
                      r"|\b(lei|leido|vi) (que|en)\b|\bdice (que|la pagina)\b")
# A new clause with its own subject: what was read does not reach past it ("I read that... and I have suicidal thoughts").
_NEW_SUBJECT = re.compile(r"\b(and|so|then|but|y|pero)( now| honestly| also| yes| actually)? (i|im|ive|he|she|hes|shes|they|we|my \w+|that|thats|this|it|its"
                          r"|yo|el|ella|tengo|tiene|eso|asi)\b")
# A screening question, and its answer no: "my therapist asked if I have thoughts of suicide and I said no".
_SCREENING = re.compile(r"\b(asked|asks|ask|asking)( me| him| her| us| them)? (if|whether|about)\b|\b(form|questionnaire|screening|survey|intake) (asks|asked|asking|question)\b")
# What the treatment might do, asked: "will I stop breathing...?", "is there any chance...?", "could it stop my heart?"
_MIGHT = re.compile(r"\b((will|would|could|can|might|may) (i|you|he|she|we|they|someone|a person|it|ketamine|this|that|the \w+)( (ever|still|actually|possibly|just|really))?"
                    r"|(any|a|some) (chance|risk|possibility)( that| of)?( (i|you|he|she|it|the \w+( \w+)?))?|(what happens|what would happen|what if) if?) $")
_CAN_DIE = re.compile(r"(can|could|would|will) (i|you|he|she|someone|a person) die (from|of)$")
_OF_THE_TREATMENT = re.compile(r" (the |a |an |this |that )?(ketamine|infusions?|treatment|therapy|ana?esthe\w*|procedure|sedation|side effects?|sessions?|allergic reaction)\b")
# Told of the visitor or of someone, outside a question ("im done", "because im standing on the overpass", "thats me", "mine are out of control").
_TOLD = re.compile(r"\b(i|im|ive|id|ill|me|my|mine|myself|we|were|our|us|hes|shes|he|she|his|her|hers|yo|mi|mis|tengo|estoy)\b")
# The crisis line's own words, which are no one: "is the suicide lifeline free?"
_LINE_WORDS = re.compile(r"\b(988|suicide|crisis|hotline|line|lifeline|helpline|number)\b")
# A request to the clinic, which tells nothing of the visitor: "can you give me a list of resources besides 988?"
_ASKED_OF_US = re.compile(r"\b(give|send|tell|show|email|text) (me|us)\b")
# A plan or the means, anywhere in a message: no exception holds beside them.
_PLAN_OR_MEANS = re.compile(r"\b(plan|plans|planned|planning|date|picked|decided|pills|bottle|bottles|rope|noose|bridge|ledge|overpass|railing|letters?|notes?|goodbye"
                            r"|weekend|tonight|sunday|monday|tuesday|wednesday|thursday|friday|saturday|already|stash\w*|saved|saving|stockpil\w*|hoard\w*|gun|rifle"
                            r"|knife|blade|razor|helium|ready|wont last|out of time|end it|do it|done|sorted|same here|me too|can confirm|relatable|mine"
                            r"|cartas|pastillas|fecha|puente|listo|lista|shotgun|pistol|revolver|handgun|firearm|weapon|insulin|paracetamol|tylenol|acetaminophen"
                            r"|beam|belt|balcony|roof|\d+(st|nd|rd|th) floor|cliff|traffic|exhaust|hose|toaster|garage|cuchillo|pistola|arma|soga|cuerda|frasco|cochera"
                            r"|putting aside|put aside|hid|hidden|hiding|buying|bought)\b")
# "i read it works in hours", "my nurse said it helps": what was heard, said beside a question, tells nothing of the writer's state
_HEARSAY = re.compile(r"^(i (read|heard|saw|seen|see)|i ve (read|heard|seen)|(my|a|the|our) \w+ (said|says|told me|mentioned|thinks)|someone (said|told me)|it says|they say|apparently)\b(?!.{0,80}\b(me|mine|i|im|myself)\b)")
# Beside a question about people in general, a sentence that gives its source or reason ("saw a warning on the box",
# "asking for a paper", "I'm just trying to understand the risks") tells nothing of the writer's state; one that says
# it is the writer's own ("had them all day", "that's me", "asking for me", "it's getting worse") does.
_SOURCE = re.compile(r"\b(read|heard|saw|seen|leaflet|label|box|news|study|studies|reddit|post|article|page|website|site|paper|project|school|class"
                     r"|assignment|curious|wondering|understand|common|scary|sad|nervous|risks?)\b")
_ME_NOW = re.compile(r"\b(thats me|that s me|mine|me too|same boat|same here|had them|have them|having them|got them|ive got|i have (it|them)|where im at"
                     r"|for me|for myself|tonight|right now|every (day|night)|all (day|night)|nonstop|constant|getting (worse|louder|bad)|its bad"
                     r"|it s bad|bad now|los tengo|las tengo|yo (los|las) tengo|one of them|im there|i m there|thats been|that s been|all i think|running out"
                     r"|past caring|my (whole )?(life|year|week|month)|lately|for weeks|for months|says (she|he)|said (she|he)|how loud|gotten (worse|louder|bad)"
                     r"|theyve gotten|its gotten|they re getting|theyre getting|i cant|i can t|wish i|i want)\b")
# What may stand beside such a question: a hope against it ("hopefully not", "i hope not").
_HOPE_NOT = re.compile(r"^((i hope|hopefully|i pray) not|(good|nice|great) to know)$")
# Harm said beside the question, which no hope or fear beside it may hold: "i'm scared i'll do something".
_HARM_SAID = re.compile(r"\b(something|anything|die|dying|dead|kill\w*|hurt\w*|harm\w*|end\w*|suicid\w*|myself|himself|herself|gone|over|stupid|last|goodbye)\b")
# A plain question: what a question opens with, then anything ("how common is that", "is it free").
_PLAIN_QUESTION = re.compile(r"^(how|what|whats|why|when|where|which|who|is|are|does|do|did|can|could|will|would|should|may|am|was|were|has|have|any|cuanto|cuanta|que|como|cual|donde|es|hay|puedo|se puede|tienen|atienden?)\b")
# A situation set up for the question: "what if the caller has a revolver?", "¿qué hago si...?"
_SITUATION = re.compile(r"\b(if|what about|someone|somebody|caller|a person|anyone|involved|y si|que hago si|si (mi|el|la|alguien)|alguien)\b")
# After what was read, only a question about it or nothing: "your page says ... suicidal ideation, how common is that?"
_ONLY_ASKED_AFTER = re.compile(r"^( (in|with|from|among|for) (cancer|chronic|people|patients|pain)( \w+){0,3})?( xclausex)?( (how|what|whats|why|is|are|does|do|can|could|should)( \w+){0,6})?$")
# After what the treatment might do, only the treatment and its time: "will i stop breathing during the infusion?"
_ONLY_THE_TREATMENT_AFTER = re.compile(r"^(( (during|after|with|from|on|in|because of|while on|under|of))?( the| a| an| my| this| that)?( ketamine| first| next| iv)?"
                                       r" (infusions?|treatments?|ketamine|sedation|sessions?|procedure|an?a?esthe\w*|it|this|them|therapy|drip)( part| itself| bit)?)*"
                                       r"( (or|xclausex|and) (need|require|have) (a |to )?\w+( \w+)?)?( xclausex)?$")
# A screening "no" and nothing after it but its confirmation: "...and I said no, which is true", "...no because I'm
# not suicidal"; never "...no but i lied", "...no because i was scared", "...no, is it bad that i lied?".
_CONFIRMED_NO = re.compile(r"^(( xclausex)? (which|that) (is|was) (true|the truth)| because (im|i am|hes|shes|he is|she is) not( suicidal)?)?( xclausex)?$")
# A screening question answered no in so many words (not "im not going to lie", "i didnt answer").
_EXPLICIT_NO = re.compile(r"\b(said|say|says|answered|answer|ticked|tick|checked|check|put|circled|wrote|told (him|her|them)) no\b")
# A general question that tells of someone in an emergency: "how do you help someone who is having a seizure?",
# "what do you do if someone is unresponsive after the infusion??"; asked now or not, it gets the urgent help.
_SOMEONE_IN_DANGER = re.compile(r"\b(someone|somebody|a person|a patient|anyone|anybody)( who| that)? (is|isnt|has|took|has taken|cant|can not|cannot|stopped|starts|started|keeps)"
                                r"( \w+){0,8} (breath\w*|unconscious|unresponsive|not responding|collapsed|passed out|seiz\w*|choking|turning blue|blue|gasping|convuls\w*"
                                r"|bleeding|heart attack|stroke|overdos\w*|too (much|many)|double)\b"
                                r"|\b(someone|somebody|a person|a patient|anyone|anybody|a loved one)( who| that)? (took|takes|swallows|swallowed|stuck|sticks|put|puts|ate|eats|drank|drinks"
                                r"|used|uses|has taken|has swallowed) (all|their whole|the whole|every|too many|too much|a whole|an entire|their entire|double)\b")
# Haste: never a question in general ("what do you do if someone took too much?? quick").
_HURRY = re.compile(r"\b(hurry|quick|quickly|urgent|asap|rn|right now|emergency|911|ambulance|cpr|(pls|plz|please) help|help (me|him|her|us) (now|please|pls))\b")
# What the treatment might do to the body, the only matches a "will I...?" leaves to the classifier (not "could I take my own life...?").
_EFFECT = re.compile(r"breath|heart|wake|unconscious|seizure|stroke|fit\b")
# A wish for it: "good", "I hope so", "I'm praying it does", "that would be a relief".
_WISH = re.compile(r"\b(i hope so|(hope|hoping|hopefully|pray|praying|wish|wishing)(?! (not|it (doesnt|does not|wont|will not|isnt|is not)|that (it )?(doesnt|does not|wont|will not)))"
                   r"|that would be (good|nice|great|a relief|a blessing|ok|fine|perfect)|(good|great|perfect|excellent)(?! (to know|question|news|luck|idea|point|day|morning|night|evening|afternoon|for|at|with))"
                   r"|good riddance|ready for it|i want (it|that) to|i want that|please say yes|yes please|fingers crossed|(wouldnt|would not|dont|do not) mind|welcome it|bring it on"
                   r"|sign me up|if only|one can (hope|dream)|relief|gift|mercy|blessing|grateful|best case|finally|at last|no big loss|(id|i d|i would) love|love that"
                   r"|fine by me|yay|rather not|one less thing|(thatd|that d|would) be (a |an )?(mercy|blessing|relief|nice|good|great|fine|ok|perfect)|ojala(?! que no| no)"
                   r"|seria un alivio|me encantaria|kind(est)? thing|a kindness|save me|dont say no|do not say no|relieved|ideal|idc|dont care|ok with|at peace"
                   r"|where do i sign|so bad|solve|spare|easier for|counting on|not the worst|peaceful|one option|pays out|affairs|eso espero|que asi sea|seria lo mejor)\b")
# An amount, an act of excess or on purpose: never a question about what the treatment might do.
_EXCESS = re.compile(r"\b(too (much|many)|all (of )?(my|his|her|the|them)|whole|double|extra|triple|handful|bunch|on purpose|intentionally|a lot of|lots of"
                     r"|\d+ (pills|tablets|patches|mg)|how (much|many)|enough|mix\w*|combin\w*|together|alcohol|overdos\w*|lethal|fatal|deadly"
                     r"|took|taken|swallowed|ate|drank|had|gave|given|used|saving|saved|stockpil\w*|hoard\w*|stash\w*|collect\w*"
                     r"|entire|rest of|every|at once|in one go|box|supply|worth of|put|chewed|sucked|mouth|swallow\w*|(take|took|taking) \d+|\d+ of (them|those|these|my|the))\b")


def _feared(clause_before: str, clause: str, match: str, asked: bool) -> bool:
    """Whether a match is a fear of what may happen later (see _FEAR): a fear word and a word of
    later before it ("I worry that she will take too many by mistake", "what if I stopped breathing"),
    a Spanish "y si" / "qué pasa si" asked as a question ("¿y si dejo de respirar durante la infusión?",
    never of harm or its means: "¿qué pasa si se tomó todas las pastillas?"), or a fear of the thing it
    names ("scared of a seizure"; see _FEAR_OF), not told as done ("scared of what happened, he collapsed")."""
    if _NOW.search(clause) or _INTENT.search(match):
        return False
    later = (_FEAR.search(clause_before) and _MAYBE_LATER.search(f"{clause_before} {match}") and not _ACT_DONE.search(match)
             and not _HARM_OR_MEANS.search(f"{match} {clause}"))  # "i worry ill slit my wrists", "what if i jump off the garage"
    supposed = asked and _SUPPOSE_ES.search(clause_before) and not _HARM_OR_MEANS.search(match)
    feared_thing = _FEAR_OF.search(clause_before) and not _PAST_VERB.search(match) and not _HARM_OR_MEANS.search(f"{match} {clause}")
    return bool(later or supposed or feared_thing)


# A negation among the three words before a match, in the same clause.
_NEGATED = re.compile(rf"\b(not|dont|do not|never|no|wont|isnt|arent|aint|nor)( (?!{_CLAUSE}\b)\w+){{0,2}} $")
# Thoughts or plans denied right before a match: "no thoughts of", "not having any thoughts about", "never had
# plans to", "no estoy pensando en", "no tiene pensamientos de". Only words of having may stand between ("never
# stops thinking about" is no denial), and a denial with "until", "before" or "now" after the match in its
# clause is none ("...until tonight", "never had thoughts of ending my life before this month").
_DENIED_THOUGHTS = re.compile(r"\b(no|not|never|nunca|sin|zero)( (have|having|had|has|any|ever|been|real|such|tengo|tiene|tienen|tenemos"
                              r"|estoy|esta|estamos|he|ha|hay))* (thoughts?|thinking|plans?|planning|intention|intent|pensamientos?|pensando|ideas?"
                              r"|planes|intencion) (of|about|to|de|en|para) $")
_UNTIL = re.compile(r"\b(until|till|til|hasta|before|antes|yet|todavia|except|excepto|now|ahora|like this|anymore)\b")


def negated(before: str, after: str) -> bool:
    """Whether a match is governed by a negation in its clause (`before` and `after` are the prepared
    text on either side of it, `after` up to the end of its clause)."""
    return bool(_NEGATED.search(before) or (_DENIED_THOUGHTS.search(before) and not _UNTIL.search(after)))


# Below this, a crisis the classifier alone sees yields to a plain reading of the
# message (small talk, a dose question, a question the bot answers with confidence):
# the visitor gets that reply with the urgent help beside it.
STRONG = 0.5
# A short English message with no risk word whose score is barely over the threshold ("this is
# useless", "god bless you all") is a concern, not a crisis. Chosen out of fold on the training
# corpus: messages of at most 6 words under 0.2 hold 1 of its 2,934 crisis messages (an overdose
# said in capitals, whose "overdosed" is now a risk word) and 101 of its false alarms.
SHORT_WORDS = 6
SHORT_WEAK = 0.2
# The statements of a message, without its questions, count on their own only when they read as a
# crisis this strongly: a short statement scored out of its story ("my father feel very tired and
# not go outside") reads as sadder than it is. Out of fold on the training messages, counting the
# statements from 0.5 rescued 1 crisis in 1,354 and added 20 false alarms; from 0.9, none and 1.
STORY_STRONG = 0.9
# A statement of SHORT_STORY_WORDS words, with a question added, counts from SHORT_STORY_STRONG: an ordinary
# question must not dilute "nobody would even notice if I was gone" into a weak score that yields to its
# answer. (Under six words the classifier reads any statement as sadder than it is: "it's only 10 min".)
# Measured in session 12 on 343 crisis statements of the held-out safety sets that the floor does not take,
# each with an FAQ question added: 92 missed with 0.9 alone, 37 with this; the visitor-style sets' false
# alarms went from 68 to 72 of 2,112, the safety sets' from 441 to 465 of 2,842, no crisis lost. Reading
# the clauses that tell before a question too (told_part) closed 30 of a review's 66 misses and left 33 of
# the 343 missed, for 31 more false alarms over every labelled set (16,367 messages). Session 15 raised it
# from 0.5 to 0.6: over every labelled message, 60 false alarms fewer ("I want know before we come.", "My
# husband want to live more normal life"; 8 of them answerable questions of the blind checks) once the floor
# named the 10 crises it would have lost, all from the reviews ("im taking all my oxy tonight", "his lips
# look kind of dusky", "my suicidal thoughts used to come and go, now theyre just there"); no crisis of the
# blind sets was lost at 0.6 or 0.7 (0.7 lost 19 of the reviews' before those patterns).
SHORT_STORY_WORDS = range(6, 21)
SHORT_STORY_STRONG = 0.6


# One sentence of a longer message that reads this surely as a crisis on its own counts for the whole:
# a long story around it ("...The pain in his back is bad most nights. Tonight he told me he is done and
# that everyone will be better off. Does ketamine work for neuropathic pain?") must not dilute it.
# Measured in session 14 over every labelled message: from 0.95, 20 crises more found (23 of the eighth
# review's 67, told inside long stories, from 0.9) for 17 more false alarms of 17,653 (from 0.9, 36; from
# 0.8, 108).
SENTENCE_STRONG = 0.95
SENTENCE_WORDS = 4


@once_per_message
def scored(text: str) -> Scores:
    """The crisis model's scores of a text, once per message: a message's sentences and the part it
    tells are scored for several rules (the story, the strongest sentence, a question without its mark)."""
    return shipped_model().scores(text)


def model_scores(message: str) -> tuple[float, float]:
    """The classifier's crisis and concern probabilities for the whole message. When the message
    without its questions reads strongly as a crisis (a short one less strongly), that counts instead,
    so that a question added to a cry for help ("I have been thinking about suicide. How does ketamine
    work?", "nobody would notice if I was gone. does ketamine help?") cannot dilute it; so does one
    sentence of a longer message that reads as a crisis on its own beyond doubt (SENTENCE_STRONG)."""
    whole = scored(message)
    crisis, concern = whole.crisis, whole.concern
    told = told_part(message)
    if told and len(told) < len(message.strip()):
        story = scored(told)
        if story.crisis >= (SHORT_STORY_STRONG if len(told.split()) in SHORT_STORY_WORDS else STORY_STRONG):
            crisis, concern = max(crisis, story.crisis), max(concern, story.concern)
    if crisis < SENTENCE_STRONG:
        sentences = [s for s in segments.sentences(message) if len(s.split()) >= SENTENCE_WORDS]
        if len(sentences) > 1:
            strongest = max(map(scored, sentences), key=lambda scores: scores.crisis)
            if strongest.crisis >= SENTENCE_STRONG:
                crisis, concern = strongest.crisis, max(concern, strongest.concern)
    return crisis, concern


_CLAUSES = re.compile(r"[,;]|\s+-\s+")


def told_part(message: str) -> str:
    """What a message tells rather than asks: its sentences that end without a question mark ("dont think
    ill be here tomorrow."), and the clauses that tell before a question in its sentence ("my wife's
    fingers have gone blue and she's very sleepy, what are your hours?")."""
    told = []
    for sentence in segments.sentences(message):
        text = sentence.strip()
        if not text.endswith("?") and not text.startswith("\u00bf") and not asks_without_its_mark(text):
            told.append(text)
            continue
        clauses = [c.strip() for c in _CLAUSES.split(text) if c.strip()]
        told += [c for c in clauses[:-1] if not c.startswith("\u00bf") and not segments.is_question(c)]
    return " ".join(told)


# A sentence that asks an ordinary question in the plain form of one, typed without its question mark
# ("can ketamine help anxiety", "how does ketamine work"): a question word, or a verb then its subject.
_ASKS = re.compile(r"^(how|what|whats|why|when|where|which|who|como|que|cuanto|cuantas|cuantos|donde|cuando)\s"
                   r"|^(can|could|does|do|is|are|will|would|should|may|might|has|have|puede|sirve|funciona|ayuda)\s+"
                   r"(ketamine|ket|ketamina|la|el|it|this|that|the|a|an|my|your|you|u|i|he|she|they|we|there|someone|people|"
                   r"treatment|infusions?|therapy|cancer|insurance)\b")


# A sentence that asks for information in the form of a statement ("I want to know the percent.",
# "I'd like to know how long it lasts", "quiero saber cuanto cuesta"): what it asks follows the opener.
_ASKS_FOR = re.compile(r"^(i (just |really |only |also )?(want|wanted|wanna|need|needed|would like) to (know|ask|understand|find out)|(id|i d) like to (know|ask|understand|find out)"
                       r"|(im|i am) (just )?(wondering|curious)|i wonder|(can|could) (you|u) (tell|explain to) me (how|what|when|where|if|whether|about|the)"
                       r"|(yo )?(quiero|queria|quisiera|necesito|me gustaria) (saber|preguntar|entender))\b")


def asks_without_its_mark(sentence: str) -> bool:
    """Whether a sentence without a question mark is an ordinary question all the same: asked in a
    question's form, naming no risk, and read alone neither the floor nor the classifier takes it for
    a crisis ("can ketamine help anxiety" asks; "cant go on like this" and "how do i end it" are told).
    A request for information ("I want to know the percent.") is read by what it asks, without its
    opener, whose "I want" the classifier reads as sadder than it is."""
    text = normalize(sentence)
    request = _ASKS_FOR.match(text)
    if not (request or _ASKS.match(text)) or touches_on_risk(sentence) or floor(sentence):
        return False
    asked = text[request.end():].strip() if request else sentence
    return bool(asked) and scored(asked).crisis < shipped_model().threshold


@once_per_message  # a message's questions and clauses are read alone too, some more than once
def assess(message: str) -> Assessment:
    """Check a visitor's message for danger now, risk, and requests for medical advice."""
    lang = language.detect(message)
    found = floor(message)
    if found:
        return Assessment("crisis", False, lang, f"crisis: {found!r}")
    cue = language.crisis_cue(message, lang)
    if cue:
        return Assessment("crisis", False, lang, f"crisis: {cue!r} ({language.NAMES[lang]})")
    found = language.cue_in_any_language(message, lang)
    if found:
        return Assessment("crisis", False, lang, f"crisis: {found[0]!r} ({language.NAMES[found[1]]})")
    if smalltalk.is_plain(message):  # understood in full: "hi", "thanks!", "are you a bot?", an emoji
        return Assessment("none", False, lang, "small talk")
    model = shipped_model()
    crisis, concern = model_scores(message)
    read = lang in language.READ_LANGUAGES
    if read and model.threshold <= crisis < STRONG and not holds_a_word(message):
        crisis = 0.0  # "xyzzy plugh": no word to read, only letters the classifier guesses at
    elif lang in language.UNTRAINED_SCRIPTS and crisis < STRONG:
        crisis = 0.0  # a script the classifier was never trained on (Russian, Arabic, Korean...): only a strong score
    elif lang in language.READ_LANGUAGES and model.threshold <= crisis < SHORT_WEAK and len(prepare(message).split()) <= SHORT_WORDS and not touches_on_risk(message):
        # "god bless you all", "open saturdays?": a few words, no risk word, barely over the threshold. Not a crisis,
        # but a concern: "i hate my life" and "im not ok" score as low, and keep the help line beside their reply.
        return Assessment("concern", bool(medical_advice(message)), lang, f"concern: short, classifier {crisis:.2f}")
    if crisis >= model.threshold:
        # In a language the bot does not read, no plain reading can take a weak crisis's place, and every
        # reply there shows the emergency numbers anyway: the classifier counts as it does in English.
        return Assessment("crisis", bool(medical_advice(message)), lang, f"crisis: classifier {crisis:.2f}", soft=read and crisis < STRONG)
    text = prepare(message)
    risk = next((m for p in _RISK_RE if (m := p.search(text))), None)
    level = "concern" if risk or concern >= model.concern_threshold else "none"
    advice = medical_advice(message)
    if advice:
        reason = advice
    else:
        reason = f"concern: {risk.group(0) if risk else f'classifier {concern:.2f}'}" if level == "concern" else ""
    return Assessment(level, bool(advice), lang, reason)


def holds_a_word(message: str) -> bool:
    """Whether a message holds at least one English or Spanish word (typos of crisis words count)."""
    english, spanish = english_words(), language.spanish_words()
    return any(word in english or word in spanish or word in _CRISIS_WORDS for word in prepare(message).split())


_FAREWELL = re.compile(r"\b(goodbye|bye|farewell|forever|last time|sorry|forgive|love you|adios|perdon|para siempre)\b")


def touches_on_risk(message: str) -> bool:
    """Whether a message names a risk (suicide, overdose, dying, hopelessness...) or says farewell."""
    text = prepare(message)
    return any(p.search(text) for p in _RISK_RE) or bool(_FAREWELL.search(text))


# What the treatment does to the need for opioids, which the content answers, asked as a question of its own and
# nothing more: "Can ketamine reduce how much morphine he needs?", "Does ketamine help people reduce how much opioid
# medication they need?", "does the treatment lower their opioid doses?". Never with a change, an amount or a time
# beside it ("...so I can stop my oxy tomorrow?", "...by how much? I'm on 80 a day", "...in half after one infusion?"),
# nor asked of the visitor ("should I reduce how much morphine I take?" is _CHANGE's).
_WHAT_KETAMINE_DOES_TO_DOSES = re.compile(
    r"(so |and |but |also )?(can|could|does|do|will|would|might|is it (possible|true) (for|that)) (ketamine|the (treatment|therapy|infusions?|ketamine))"
    r"( (therapy|treatment|infusions?))?( really| actually| ever| generally| usually)? (help (people|patients|someone|him|her|them|me|you|my \w+) )?(to )?"
    r"(reduce|lower|cut|decrease|lessen)s? "
    r"((how much|the amount of) (opioids?|opiates?|morphine|oxycodone|painkillers?|pain meds|pain medication|opioid medication|opioid medicine)"
    r"( (someone|people|patients|he|she|they|i|you|my \w+))? (needs?|has to take|have to take|takes?|uses?|relies on|rely on)"
    r"|(the |his |her |my |their |your )?(opioid|opiate|morphine|oxycodone|painkiller) doses?)"
)


def _read_for_advice(text: str) -> str:
    """A text read as retrieval reads it: whatever text-speak retrieval understands ("should i b takin less ket"),
    the refusal does too."""
    return without_dose_typo(" ".join(spoken(prepare(text).split())))


def medical_advice(message: str) -> str:
    """Why a message asks for advice on a dose or a medication change, or "" if it does not."""
    text = _read_for_advice(message)
    if _WHAT_KETAMINE_DOES_TO_DOSES.search(text):  # then read sentence by sentence, leaving out those that only ask that
        read = map(_read_for_advice, split_sentences(message) or [message])
        text = " ".join(sentence for sentence in read if not _WHAT_KETAMINE_DOES_TO_DOSES.fullmatch(sentence))
    medicines = len(_MEDICINES.findall(text))
    advice = _DOSE.search(text) or (medicines and _CHANGE.search(text)) or (medicines > 1 and _INTERACTION.search(text)) or _CHANGE_ES.search(text)
    return f"medical advice: {advice.group(0)!r}" if advice else ""


class FloorPatterns(Sequence):
    """The floor's patterns by number, each compiled when first searched with: a one-question command
    (`flask ask`) compiles the few a message's literals call for, not all 300 (about 0.05 s). A server
    compiles them all before it serves (`compile_all`), once, before its workers fork (with gunicorn's
    --preload, as the README serves it; without it, each worker compiles them as it starts)."""

    def __init__(self, sources: Sequence[str]):
        self.sources = tuple(sources)
        self._compiled: list[re.Pattern | None] = [None] * len(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, number: int) -> re.Pattern:  # type: ignore[override]
        if not isinstance(number, int):
            raise TypeError(f"floor patterns are looked up one by number, not by {type(number).__name__}")
        compiled = self._compiled[number]
        if compiled is None:  # two threads may both compile it: the same pattern either way
            compiled = self._compiled[number] = re.compile(self.sources[number])
        return compiled

    def compiled(self) -> int:
        """How many of the patterns are compiled so far."""
        return sum(pattern is not None for pattern in self._compiled)

    def compile_all(self) -> None:
        """Compile every pattern now."""
        for number in range(len(self)):
            self[number]


@lru_cache(maxsize=1)
def floor_patterns() -> tuple[FloorPatterns, LiteralIndex]:
    """The floor's patterns, compiled as they are first used rather than at import, and the index of the
    literal text each cannot match without (see bot/engine/literals.py)."""
    return FloorPatterns(_CRISIS_PATTERNS), LiteralIndex(_CRISIS_PATTERNS)


def prepare_checks(*, serving: bool = False) -> None:
    """Build what the safety check needs once per process (the floor's index, the crisis model) so that
    no visitor waits for it; `serving`: compile every floor pattern too, for a server, whose workers
    then share them."""
    patterns, _ = floor_patterns()
    if serving:
        patterns.compile_all()
    shipped_model()

_URGENT_HOWEVER_ASKED = frozenset(i for i, p in enumerate(_CRISIS_PATTERNS) if p in _HOWEVER_ASKED)
_ONLY_ABOUT_SOMEONE = frozenset(i for i, p in enumerate(_CRISIS_PATTERNS) if p in _ABOUT_SOMEONE)
_ONLY_NOW = frozenset(i for i, p in enumerate(_CRISIS_PATTERNS) if p in _STATES_NOW)
_CRISIS_LINE = next(i for i, p in enumerate(_CRISIS_PATTERNS) if "988" in p)
# "my suicidal thoughts are gone", but not "havent stopped", "never went away", "nothing has helped"
_OVER = re.compile(r"(?<!havent )(?<!hasnt )(?<!never )(?<!not )(?<!nothing )(?<!nothing has )(?<!nothing ever )(?<!didnt )(?<!wont )(?<!dont )"
                   r"\b(gone|anymore|any more|used to(?! come and go)|no longer(?! (just|only))|went away|go away|have stopped|has stopped|stopped|helped|disappeared|better now|in the past)\b")
_RISK_RE = [re.compile(p) for p in _RISK_PATTERNS]
