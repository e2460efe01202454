"""Floor words in their everyday uses (no Flask): when a crisis pattern of bot/engine/safety.py
matches words a visitor uses of a thing, a routine or the illness, not of a person in danger.

Each entry names what the floor matched, what must come just before it in its clause and what must
come just after, matched on prepared text (lower case, no apostrophes). A person who "is not
responding" is urgent; a doctor, an insurer or a bill that is not responding is not ("my insurance
company has been unresponsive for weeks"), nor "an emergency at work", "goodbye to oxycodone" or
"el seguro no responde". Each context is narrow on purpose: "the worst headache after each
infusion" is a side effect asked about, "the worst headache after she fell" is an emergency.
Found by the reviews of sessions 14 and 15; each entry has a dangerous twin in tests/test_safety.py
that stays in the floor.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A thing, the subject of its clause: "my insurance company has been", "the doctor is", "el seguro".
_THING_SUBJECT = (r"^\s*((the \w+|he|she|they|i) (said|says|told me|thinks) (that )?)?(my |the |our |his |her |your |these |those |this |that |el |la |mi |su )?(\w+ )?(doctors?|dr \w+|oncologists?|office|clinic|insurance|insurer|claims?|pharmacy"
                  r"|referrals?|emails?|phone|charges|bills?|forms?|website|site|portal|app|system|veins?|seguro|aseguranza|doctora?|oficina"
                  r"|clinica|farmacia|lines?|numbers?|voicemail|scheduling|pain|dolor)( (company|office|claim|team|line|call|calls))?"
                  r"( (is|are|has|have|been|was|were|still|just|really|totally|completely|keeps|kept|no|not|isnt|arent|hasnt|havent))*\s*$")
_TREATMENT = r"(infusions?|sessions?|treatments?|chemo|radiation|ketamine|the drip|iv|procedure)"


class OrdinaryUse(NamedTuple):
    """A floor match (`found`) that is an everyday use when `before` and `after` match around it."""

    found: re.Pattern
    before: re.Pattern | None
    after: re.Pattern | None


def _use(found: str, before: str = "", after: str = "") -> OrdinaryUse:
    return OrdinaryUse(re.compile(found), re.compile(before) if before else None, re.compile(after) if after else None)


ORDINARY_USES = (
    _use(r"respon|answering|contesta|moving|making sense|collapsed", before=_THING_SUBJECT),
    # anyone "not responding to my emails": a message unanswered, not a person unresponsive ("la enfermera no responde mis correos")
    _use(r"respon|answering|contesta", after=r"^\s*(to |a )?(any of )?(my |mis |our |her |his |the |sus |nuestros )?(\w+ )?(e ?mails?|messages?|texts?|calls?|voicemails?"
         r"|letters?|requests?|correos?|mensajes?|llamadas?|textos?)\b"),
    _use(r"\bemergency\b", after=r"^\s*(at|with|in|on) (work|the office|my job|the farm)\b|^\s*(dental|vet|plumbing) (appointment|visit|call)\b"),
    _use(r"\bambulance\b", after=r"^\s*(transport|ride|service)\b|^\s*to (get|take me|bring me|take her|take him) to (my|the|her|his) (infusion|appointment|clinic)\b"),
    _use(r"\bwake up\b", after=r"^\s*(during|in the middle of|halfway through) (the |my )?" + _TREATMENT + r"\b|^\s*(pain free|without (the )?pain|rested|refreshed)\b"),
    _use(r"\btrying to kill\b", after=r"^\s*the (cancer|tumou?rs?|cancer cells)\b"),
    _use(r"\blast day\b", after=r"^\s*of (my |the |our |this )?(radiation|chemo|treatment|work|school|(\w+ )?trip|vacation|holiday|visit|stay)\b"),
    _use(r"\bplanning my departure\b", after=r"^\s*(from|for|to) (?!this\b|the (world|earth)\b|here\b|earth\b|life\b)\w+"),
    _use(r"\bgoodbye", after=r"^\s*to (my |the |his |her |this |that |these |those )?(\w+ )?(oxy\w*|opioids?|morphine|fentanyl|patch(es)?|pills|meds"
         r"|medications?|chemo|radiation|cane|walker|wheelchair|crutches|nausea|neuropathy|insomnia|migraines?|headaches?)\b"
         r"|^\s*to (my |the |this )?(nerve|back|cancer|chronic|joint|hip|leg) pain\b"),
    _use(r"\bgoodbye", after=r"^\s*to (my |the |our )?(\w+ )?(oncologist|doctor|dr \w+|nurse)( \w+)? (who is|whos|who s|because (she|he) is|as (she|he) is) (retiring|leaving|moving)\b"),
    # hurt by accident while doing something, told as what happened ("I hurt myself shoveling snow"), never a wish or a plan
    _use(r"\bhurt (myself|my self)\b", before=r"^(?!.*(?<!nt )(?<!not )(?<!never )\b(want|wants|wanna|going to|gonna|will|ill|try|trying|plan|planning|about|need)( to)?\s*$)",
         after=r"^\s*(lifting|carrying|shovel\w*|gardening|cleaning|playing|moving|hiking|running|reaching|bending|twisting|climbing"
         r"|exercising|working out|vacuuming|mopping|sweeping|cooking|skiing|cycling|biking|doing (yard ?work|chores|housework)|at work|at the gym|in a fall)\b|^\s*when i (fell|tripped|slipped)\b"),
    _use(r"\bstarving\b", after=r"^\s*(myself )?(before|for) (each|the|my|every|an?) (infusion|procedure|appointment|session|surgery|test|scan)\b"),
    _use(r"\bpicked (a|the) (time|date)\b", after=r"^\s*(on|in) (the |your |my )?(online |booking )?(calendar|schedule|portal|app|website|booking)\b"),
    _use(r"\b(a|my) (stash|stockpil\w*)|\bstockpiling\b|\bcollecting\b", after=r"^\s*(of )?(my )?(frozen |ginger |granola |protein |home ?made )?(meals|food|snacks|groceries|candies"
         r"|candy|gum|mints|crackers|chocolates?|cookies|nuts|bars|books|magazines|puzzles)\b"
         r"|^\s*(my )?(meds|medication|prescriptions?) from the pharmacy\b|^\s*from the pharmacy\b"),
    _use(r"\bpassed out\b|\bfainted\b", after=r"^\s*at the sight of (needles|blood)\b|^\s*when (they|the nurse|the lab) (drew|took) (my|his|her) blood (last time|once|before)\b"),
    _use(r"\bgasping\b|\bface (dropped|drooped)\b", after=r"^\s*when (i|we) (saw|seen|read|got|opened) (the|my|that) (bill|price|cost|charges|total|quote|invoice)\b"),
    _use(r"\bhas a seizure\b", after=r"^\s*disorder\b"),
    # swollen from a treatment; never a throat, tongue, lips or mouth, which swell in an allergic emergency
    _use(r"^(?!.*\b(throat|tongue|lips?|mouth|airway)\b).*\b(swollen|swelling)\b", after=r"^\s*from (the |my |all the )?(radiation|chemo|surgery|the tube|steroids?|prednisone"
         r"|dexamethasone|decadron|lymphedema|fluid)\b"),
    _use(r"\b(swollen|swelling)\b", after=r"^\s*from (the |my |all the )?(radiation|surgery)\b"),  # "my throat is swollen from radiation"
    _use(r"\bworst headache\b", after=r"^\s*(after|from) (each |every |my |the )?" + _TREATMENT + r"\b"),
    _use(r"\bdown (my|his|her) left arm\b", after=r"^\s*from (the|a|my|his|her) (tumou?r|nerve|cancer)\b"),
    _use(r"\bcant (lift|move|raise) (my|his|her) (arm|leg)\b", after=r"^\s*(above|over|past|higher than) (my|his|her) (shoulder|head)\b"),
    _use(r"\bchoking\b", after=r"^\s*back (tears|the tears|a sob)\b"),
    _use(r"\btonight is the night\b", after=r"^\s*before (my|the|his|her) (first )?" + _TREATMENT + r"\b"),
    _use(r"\bend (my|his|her) suffering\b", before=r"\b(ketamine|the treatment|the infusions?|the therapy) (can|could|will|would|might) (finally )?$"),
    _use(r"\bdone with everything\b|\bfinish everything\b", after=r"^\s*(on|in|for) (the|my|your) (intake )?(forms?|paperwork|application)\b|^\s*you need from me\b"),
    _use(r"\btell (her|him|them|my (\w+ )?(nurse|doctor|oncologist|dr \w+|pharmacist|receptionist)( \w+)?|the (\w+ )?(nurse|doctor|front desk|staff)( \w+)?) i said\b",
         after=r"^\s*(thank|thanks|hi|hello|hey|congrats|congratulations|happy birthday|good luck)\b"),
    _use(r"\bpoisoning (myself|my self|my body)\b", after=r"^\s*with (all )?(these|this|the|my|those) (\w+ )?(opioids|meds|pills|chemo|medications?|drugs|painkillers)\b"),
    _use(r"\bended things\b", after=r"^\s*with (my|the|our) (old |previous |last |former )?(pain )?(clinic|doctor|oncologist|practice|provider|insurance|gym|job)\b"),
    _use(r"\bsleep forever\b", before=r"\b(felt like i could|feel like i could|i could)\s*$"),
    # hiding for a while, under the covers: "I want to disappear under a blanket for a week after every chemo"
    _use(r"\bto disappear\b", after=r"^\s*((under|into) (a|the|my) (blanket|covers|duvet|quilt|bed|couch|sofa|book|garden|hole)"
         r"|for (a|an|the) (week|weekend|day|while|bit|hour|month|few (days|hours|weeks)|couple of (days|hours|weeks)|afternoon|evening|night))\b"
         r"(?!.*\b(forever|for good|for ever|permanently|never|come (back|out)|notice|burden)\b)"),
    # laughing, or a thing that fell down: "my husband collapsed laughing", "a parking garage collapsed downtown"
    _use(r"\bcollapsed\b", after=r"^\s*(laughing|with laughter|in (a fit of )?(laughter|giggles|hysterics)|into (giggles|laughter))\b"),
    _use(r"\bcollapsed\b", before=r"(?<!\bon the )(?<!\bin the )(?<!\bat the )(?<!\bby the )\b(garage|building|bridge|roof|ceiling|tent|deck|shelf|shelves|stage|wall|house|tower|crane|scaffold\w*|market|stocks?|deal|talks|negotiations|plans?|cake|souffle)"
         r"( (has|had|just|partly|partially|completely|nearly|almost))*\s*$"),
    _use(r"\bgoing to die\b", after=r"^\s*(from|of) (this|the|my|his|her) (cancer|disease|illness)( \w+)? (eventually|someday|one day|at some point|sooner or later)\b"),
    _use(r"\bcant stand (my|the|these|this|his|her) (oxy\w*|morphine|fentanyl|patch\w*|pills|meds|medications?|opioids|side effects|nausea|constipation)"),
    _use(r"\b(letters?|notes?|cards?) (for|to) (my|everyone)\b", after=r"^\s*(infusion |pain |favorite |favourite )?(nurse|nurses|doctor|oncologist|care team|staff"
         r"|congressman|congresswoman|senator|representative|insurance|insurer|employer|boss|landlord|editor)\b"
         r"|^\s*\w+ to (pick (me|him|her) up|drive me|take me)\b"
         r"|^\s*\w+ so (he|she|they) (knows?|can) (when|where|what time|to pick)\b"),
    _use(r"\bhurt (her|him|them)\b", before=r"\bwill (accessing|access|the needle|the iv|the port|the infusion|the injection) (\w+ ){0,2}$"),
    _use(r"\banaphyla", before=r"\b((carry|carries|keep|keeps|have|has) an epipen because of|history of|prone to)\s*$",
         after=r"^(?!.*\b(and|but|now|swell\w*|wheez\w*|hives|breath\w*|throat|reaction|epipen|er|911)\b)"),
    _use(r"\banaphyla", after=r"^\s*\w* to (\w+ )?(penicillin|peanuts|shellfish|latex|contrast|\w+) (once|years ago|as a (kid|child)|in the past|in (19|20)\d\d)\b"),
    _use(r"\bpopped (1|2|one|two|a couple( of)?)\b", after=r"^\s*(advil|tylenol|ibuprofen|aspirin|motrin|aleve|paracetamol|acetaminophen|tums|excedrin)\b"
         r"(?!.*\b(\d+|three|four|five|six|seven|eight|nine|ten|twenty|thirty|bottle|whole|all|rest|handful|bunch|more|pm|vodka|wine|beer|whiskey|alcohol|fifth|drinks?|booze)\b)"),
    _use(r"\bwent numb\b", after=r"^\s*from (sitting|lying|crossing|kneeling)\b|^\s*when (i|he|she) (sat|was sitting|crossed|slept|lay|was lying)\b"),
    _use(r"\bcant find (my|his|her) words\b", after=r"^\s*sometimes since (chemo|the chemo|my chemo|treatment)\b"),
    _use(r"breathing\b.{0,60}\bsince$", after=r"^\s*(my|his|her|the) (\w+ )?(surgery|operation|diagnosis|chemo|radiation)\b"),
    _use(r"\b(trouble|difficulty|hard to) breath", after=r"^\w*\s*(ever )?since (my|his|her|the) (\w+ )?(surgery|operation|diagnosis|chemo|radiation)\b"),
    _use(r"\bcuesta (mucho )?respirar\b", after=r"^\s*(cuando|al) (subo|subir) (las )?escaleras\b"),
    _use(r"\bstill out\b", after=r"^\s*of (town|the office|state|the country)\b"),
    _use(r"\b(skin|face|lips) (look |looks |went |turned )?(gray|grey|blue|purple)\b", before=r"\b(chemo|radiation|treatment) (made|makes|has made|turned) (my|his|her)\s*$"),
    _use(r"\b(feeling|felt) hopeless\b", before=r"\bi was\s*$", after=r"^\s*before (ketamine|the treatment|the infusions|i started)\b"),
    # Spanish: the morphine or a waiting list given up, a heart attack or seizures as a past or a disease, pleural
    # effusion, someone who does not wake up early, lying down for a rest, working oneself to death
    _use(r"\bya no quiero (seguir|estar)\b", after=r"^\s*(con|tomando|en) (la|el|los|las) (morfina|oxicodona|pastillas|parches|quimio|tratamiento|opioides|lista|espera)\b"
         r"|^\s*(pagando|esperando|yendo|manejando|en lista)\b"),
    _use(r"\binfarto\b|\bconvulsion", before=r"\b(ya tuvo|ya tuve|medicinas? para las|historial de|murio de|fallecio de|(prevenir|evitar|contra) (las )?)\s*(un |las |una )?$"),
    _use(r"\bderrame\b", after=r"^\s*(pleural|en el ojo)\b"),
    _use(r"\bno despierta\b", after=r"^\s*(temprano|antes de las)\b"),
    _use(r"\bme voy a tirar\b", after=r"^\s*un rato (a descansar|a dormir)\b|^\s*(en|al|a) (el |la )?(sofa|sillon|cama|hamaca)\b"),
    _use(r"\bme mato\b", after=r"^\s*(trabajando|estudiando)\b"),
    _use(r"\bperdonenme\b", after=r"^\s*por (no contestar|tardar|la demora|molestar)\b|^\s*(si|por) (escribo|escribir|hablo|hablar) mal\b"),
    _use(r"\bescribi una carta\b", after=r"^\s*a (mi|el|la|su) (seguro|aseguranza|doctor\w*|congresista|senador\w*|jefe|abogad\w*)\b"),
    _use(r"\bpastillas ya estan listas\b", after=r"^\s*en la farmacia\b"),
    _use(r"\bultima navidad\b", after=r"^\s*sin dolor\b"),
    _use(r"\bescondio sus pastillas\b", after=r"^\s*para que (los nietos|los ninos|nadie)\b"),
    _use(r"\bes el dia\b", after=r"^\s*de (mi|su|la) (primera )?(infusion|cita|sesion|consulta)\b"),
    _use(r"\bgas del carro\b", before=r"\bpara el\s*$"),
    _use(r"\bpuente\b", before=r"\bvoy pasando el\s*$"),
)


# Words of a danger now in what the message tells (its statements): then no everyday use is trusted ("I had
# anaphylaxis to peanuts as a kid and he just ate a cookie, now he's wheezing", "ya tuve un infarto... siento lo
# mismo ahorita").
_NOW_OR_WORSE = re.compile(r"\b(now|right now|rn|tonight|today|just(?! (want|wanted|need|needed|wish|hope|like|wanna|curious|wondering))|suddenly|sudden|started|again|still|worse|worst ever|keeps|stays|stayed"
                           r"|like a bang|out of nowhere|come round|come to|wake|ate|swallowed|took|drank|got into|alone|having|wheez\w*|hives|hurry|injecting|injected|swelling|swells|swelled|puffing|ahora|ahorita|hoy"
                           r"|todavia|sigue|de repente|otra vez|empeor\w*|(minutes|an hour|hours) ago|in the last (hour|\w+ minutes|few minutes)"
                           r"|this (morning|afternoon|evening))\b")


def ordinary_use(found: str, before: str, after: str, told: str) -> bool:
    """Whether a floor match is one of its everyday uses (see ORDINARY_USES): `before` is its clause up to
    the match, `after` the clause after it; never when what the message tells (`told`, prepared, without
    its questions) speaks of anything now."""
    if _NOW_OR_WORSE.search(told):
        return False
    return any(use.found.search(found) and (use.before is None or use.before.search(before)) and (use.after is None or use.after.search(after))
               for use in ORDINARY_USES)
