"""Which language a message is in, and crisis cues in languages the bot does not read (no Flask).

No model and no dependency: a message's script, then counts of each language's
commonest short words, decide. The bot reads English and Spanish in full. For
the other languages visitors of a US clinic write in, a short list of crisis
cues per language is enough to show urgent help first; any other message in
them still gets the emergency numbers and the list of languages the bot reads.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from bot.engine.text import english_words

READ_LANGUAGES = ("en", "es")
# Scripts the crisis classifier never saw in training: there only a strong score counts.
UNTRAINED_SCRIPTS = ("ru", "ar", "ko", "hi", "other")
NAMES = {"en": "English", "es": "Spanish", "pt": "Portuguese", "fr": "French", "vi": "Vietnamese", "tl": "Tagalog", "zh": "Chinese",
         "ru": "Russian", "ar": "Arabic", "ko": "Korean", "hi": "Hindi", "de": "German", "it": "Italian", "ht": "Haitian Creole",
         "tr": "Turkish", "pl": "Polish", "hl": "Hindi in Latin letters", "other": "another language"}

# Frequent short words that tell languages apart; a word shared by two languages counts for both.
_COMMON = {
    "en": "the and is are my i you it to of what how does do for with this that have has can not he she his her was will would should there they me about just"
          " an be been or if in from by we us our your them their who which when where why here get got go going want need know like feel"
          " u ur im ive dont cant wont doesnt didnt isnt any some much many more most very also than then".split(),
    "es": "el la los las de del que y es mi mis no por para con una un se me lo esta estoy como pero muy ya mas puede tengo quiero hay su le al eso cuando donde porque tiene nada dolor usted ella"
          " son estan tienen puedo pueden hago hacer voy va vamos despues antes hola gracias buenas buenos dias si tambien pues ahi alguien nadie quien cual cuales"
          " cuanto cuanta cuantos cuantas cuesta duele ustedes nosotros mucho poco todo todos algo".split(),
    "pt": "o a os as de do da que e meu minha nao com uma um para por muito estou tenho voce ele ela isso mais dor esta sao tem pra ja nos mas quero"
          " vou vai ficar fico posso pode podem sou foi ser ter fazer sem mim meus minhas seu sua dele dela sim obrigado obrigada voces eles elas tambem ainda"
          " agora hoje depois quando onde como porque quanto quantos quantas qual quais todo todos mundo alguem ninguem nada aqui ai isso entao oi".split(),
    "fr": "on j ai le la les de des et est je mon ma ne pas que qui pour avec une un tres suis il elle moi mes plus cest jai douleur mais vous ce sur".split(),
    "tl": "at ang ng sa na ko ako mo siya hindi po yung ba lang naman kasi talaga gusto ayoko mga niya ka kami namin si nang sakit puwede pwede bang".split(),
    "vi": "toi khong la cua va co duoc nhung minh nua qua roi nay cho nguoi bi toi ong ba em anh chi rat lam".split(),
}
# Languages told apart by their words only where a word list is enough; English wins ties.
_COMMON.update({
    "de": "ich nicht und der das ist mein meine mit auf fur sie er es ein eine zu mehr nach wie bin habe hat kann mir mich sehr schmerzen"
          " hab grad gerade schon noch nur wenn dann dass aber oder kein keine sich wir uns ihm ihn alles nichts machen".split(),
    "it": "il di che non mio mia sono per una con ho mi ma piu molto questo sta lei lui gli anche cosa dolore voglio faccio tutte tutti sue suoi suo vuole della delle dal dalla nella stanotte stasera sempre miei mie senza"
          " tutto niente ancora adesso essere stato sto".split(),
    "ht": "mwen pa ou li nou yo ak ki se gen sa map ap konnen vle fe kounye pitit granpapa grann manman yon eske nan pou jis pran kote anko".split(),
    # Session 20: after the others, so that a tie goes to the languages read before them, as it did.
    "tr": "ve bir bu da de ne icin ile cok ben sen o mi mu annem babam var yok gibi ama daha sonra nasil neden simdi artik bana beni benim"
          " istiyorum degil oldu olur icin kadar gore hic her sey agri agrim ketamin tedavi".split(),
    "pl": "i w z na sie nie to jest ze co jak mam moj moja mnie mi juz tak ale czy po do od jestem bardzo tylko jego jej moze"
          " chce ktory ktora gdzie kiedy dlaczego mama tata bol leczenie ketamina tego tej".split(),
    "hl": "mai mera meri mere mujhe hai hain nahi nahin kya kaise kyun aur tha thi raha rahi karna chahta chahti bahut abhi kuch"
          " yeh woh hum aap tum kar kuchh bhi toh dard ilaaj koi".split(),
})
# Scripts that name their language among those a US clinic's visitors write in.
_SCRIPTS = (("CYRILLIC", "ru"), ("ARABIC", "ar"), ("HANGUL", "ko"), ("DEVANAGARI", "hi"))
_WORD_RE = re.compile(r"[a-z]+")
# Latin letters that decomposing does not take apart (Polish, Turkish), written as their base letters for word lists.
_LATIN_EXTRA = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "æ": "ae"})
# Letters that only Vietnamese uses among the languages we tell apart.
_VIETNAMESE_LETTERS = set("ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")  # not â ê ô: Portuguese and French write them too


def fold(text: str) -> str:
    """Lower-case, accents removed (đ kept as d), for matching word lists."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower().replace("đ", "d").replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c))


# Another language than English wins with at least MIN_VOTES of its words, and LEAD_OVER_ENGLISH times as many as English has.
MIN_VOTES = 1.5
LEAD_OVER_ENGLISH = 1.5


def detect(text: str) -> str:
    """The message's language: a code of NAMES; "en" when nothing says otherwise."""
    lower = text.lower()
    if not text.isascii():  # ASCII text is in the Latin script, with no Vietnamese letters
        # A script's own vowel signs count as its letters (Devanagari writes most vowels so: "नींद" is 2 letters
        # and 2 signs); the combining accents of a decomposed Latin text ("COMBINING ACUTE ACCENT") do not.
        letters = [c for c in text if c.isalpha() or (unicodedata.category(c) in ("Mn", "Mc") and not unicodedata.name(c, "").startswith("COMBINING"))]
        if not letters:
            return "en"
        if sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf") >= max(2, len(letters) // 4):
            return "zh"
        if sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN")) > len(letters) // 2:
            for script, code in _SCRIPTS:
                if sum(1 for c in letters if unicodedata.name(c, "").startswith(script)) > len(letters) // 2:
                    return code
            return "other"
        if sum(1 for c in lower if c in _VIETNAMESE_LETTERS) >= 2:
            return "vi"
    words = _WORD_RE.findall(fold(text).translate(_LATIN_EXTRA))
    if not words:
        return "en"
    counts = {lang: float(sum(1 for w in words if w in common)) for lang, common in _COMMON_SETS.items()}
    # Words only one of the two languages the bot reads has: half a vote each ("mood", "patients"; "ketamina", "sesiones").
    english, spanish = english_words(), spanish_words()
    if counts["en"]:  # (English words borrowed into a sentence of another language do not count)
        counts["en"] += 0.5 * sum(1 for w in words if len(w) > 2 and w in english and w not in spanish and w not in _OTHER_COMMON)
    counts["es"] += 0.5 * sum(1 for w in words if len(w) > 2 and w in spanish and w not in english and w not in _COMMON_SETS["es"])
    counts["es"] += 2 * sum(1 for c in lower if c in "ñ¿¡")
    counts["pt"] += 2 * sum(1 for c in lower if c in "ãõç")
    counts["tr"] += 2 * sum(1 for c in lower if c in "şğı")
    counts["fr"] += 0.5 * sum(1 for c in lower if c in "èêàùçœ")  # Haitian Creole and Italian write some of them too
    best = max(counts, key=lambda lang: (counts[lang], lang == "en"))
    # Another language wins only with clearly more of its words than English has.
    if best != "en" and counts[best] >= MIN_VOTES and counts[best] > LEAD_OVER_ENGLISH * counts["en"]:
        return best
    return "en"


_COMMON_SETS = {lang: frozenset(words) for lang, words in _COMMON.items()}
_OTHER_COMMON = frozenset().union(*(words for lang, words in _COMMON_SETS.items() if lang != "en"))


# Crisis cues in languages the bot does not read in full, matched on folded text.
# Recall first: a false alarm here still shows only the emergency numbers.
CRISIS_CUES = {
    "pt": r"suicid|me matar|se matar|matar me|acabar com (a )?(minha |sua )?vida|tirar (a )?(minha |sua |propria )?vida|nao quero (mais )?viver"
    r"|quero morrer|queria morrer|vontade de morrer|melhor (morto|morta|sem mim)|sou (um )?peso|nao aguento mais(?! (esperar|a espera|essa fila|o transito|o barulho))|me despedir|adeus"
    r"|overdose|remedios? demais|comprimidos? demais|tomei (todos|todas|tudo)|tomou (todos|todas|tudo)|nao (esta )?respira|sem respirar"
    r"|desmaiou|desmaio|nao acorda|nao esta acordando|inconsciente|convuls|sangrando muito|infarto|derrame|envenen|nao vale a pena viver|(vida|viver) sem sentido|sem sentido (viver|continuar)"
    r"|para morrer|pra morrer|dose letal|letal|fatal",
    "fr": r"suicid|levres (sont )?bleues|(?<!va )(?<!vont )me tuer|se tuer|mourir|envie de mourir|en finir|mettre fin|plus envie de vivre|veux plus vivre|ne respire|respire plus"
    r"|inconscient|evanoui|overdose|surdose|trop de (medicaments|comprimes|cachets|pilules)|convuls|adieu|un fardeau|je n en peux plus"
    r"|n en peux plus|saigne beaucoup|crise cardiaque|avc|empoisonn|partir en douceur|dites a \w+( et \w+)? que (maman|papa|je) les? aime"
    r"|dose (letale|mortelle)|(?<!etait )(?<!film )(?<!soiree )mortel|letal",
    "vi": r"tu tu|tu sat|(?<!met )(?<!doi )(?<!ngu )muon chet|chet di|chet cho|khong muon song|khong con muon song|uong het|nuot het|qua lieu|khong tho\b|ngung tho|ngat xiu|ngat di|(?<!goi )bi ngat|bat tinh"
    r"|co giat|ket thuc (cuoc doi|cuoc song|tat ca)|ganh nang|vinh biet|tu bo (cuoc song|tat ca|het)|uong nhieu thuoc|khong tinh|dot quy|chay mau|gay chet|de chet|lieu chet",
    "tl": r"magpakamatay|bumagsak (siya|si|sa sahig|sa lupa|ang (tatay|nanay|lolo|lola|asawa|anak))|hindi gumigising|ayaw gumising|mamatay|patayin|wakasan|ayoko (na|nang) mabuhay|ayaw ko (na|nang) mabuhay|gusto ko (na|nang) mamatay|hindi (na )?humihinga"
    r"|walang malay|nawalan ng malay|nahimatay|overdose|sobrang (dami|daming) (ng )?gamot|ininom (ko|niya) lahat|pabigat|paalam|kumbulsyon"
    r"|nangingisay|dumudugo|suicid|nakamamatay",
    "zh": r"自杀|没反应|沒反應|叫不醒|一次吃完|自殺|想死|去死|(?<![疼痛累饿餓热熱冷气氣笑吓嚇烦煩困忙闷悶痒癢渴急苦吵闹鬧臭丑醜辣咸鹹酸聊])死了|不想活|活着没|活著沒|结束生命|結束生命|了结|了結|轻生|輕生|负担|負擔|过量|過量|吃了很多|吃了所有|吞了"
    r"|不呼吸|没有呼吸|沒有呼吸|没呼吸|沒呼吸|喘不|昏迷|晕倒|暈倒|昏倒|醒不过来|醒不過來|不省人事|抽搐|遗书|遺書|跳楼|跳樓|割腕|安眠药|安眠藥|告别|告別|中风|中風|流血不止|大出血"
    r"|解脱|解脫|交代好|後事|后事|致死|致命",
    # Russian (folded: й as и, ё as е), Arabic and Korean (as written), German, Italian, Haitian Creole (folded)
    "ru": r"(сьогодні|завтра|цієї ночі|вночі) все (закінчу|скінчу)|покінч\w* (з )?(усім|всім)|хочу здохн|хочеться здохн|нехочу (більше |вже )?жити|(всім|усім) (лише |тільки )?заважаю|наковта\w*|збро[яюі]\b|заснут\w* назавжди|засну назавжди|вбива\w* людин|(випи|вип (ю|є)|ковтну|проковтну|з іл|наковта)\w* (\w+ ){0,2}(усі|всі|ціл\w+|весь) (\w+ ){0,2}(таблет|пігул|ліки|блістер|пачк|упаковк|флакон|сироп|снодійн|морфін|знебол)|(усі|всі) (таблетки|пігулки|ліки) (разом|одразу|за раз|відразу)|(з іл|випил|проковтн|наковта)\w* (\w+ )?(бабусин|дідус|мамин|татов|чуж)\w* (таблет|пігул|ліки|сироп|морфін|пластир)|втратив свідомість|втратила свідомість|не приходить (до тями|в себе)|губи (по)?сині\w*|посиніли губи|ледве дихає|ледь дихає|болить (\w+ )?(у|в) грудях|віддає в (ліву )?руку|вистрибн|вистрибу|стрибн\w* (з|із) вікна|"
    r"суицид|не реагирует|не хочу (больше )?просыпаться|чтобы умереть|не могу так жить|покончит с собои|выпьет все"
    r"|не может дышать|упал[а]? и не|наглотал|синие губы|посинел|покончить с собои|покончу с собои|убить себя"
    r"|убью себя|не хочу (больше )?жить|жить не хочу|хочу умереть|хочу сдохнуть|не дышит|перестал[а]? дышать"
    r"|без сознания|потерял[а]? сознание|не просыпается|не приходит в себя|передозировк|выпью (все|их)|выпил[а]? все"
    r"|(?<!приносить )(?<!принести )(?<!взять )(?<!брать )все таблетки|прощаите|повеситься|повешусь|прыгнуть|спрыгну|судорог|губы синие|сильное кровотечение|смертельн"
    r"|летальн|уити из жизни|уиду из жизни|покончит|(свести|сведу|свел\w*|сводит\w*) счеты с жизнью|наложить на себя руки|незачем (больше )?жить|нет смысла (жить|дальше)|не вижу смысла"
    r"|обуза|без меня (им |всем |детям )?(будет )?(легче|лучше)|прощальн|последнее сообщение|веревк|петлю|петля|на крыше|(стою|стоит|я) на мосту|с моста|из окна|прыгну"
    r"|застрел|ружье|ружь|пистолет|собрал[аи]? (все |свои )*таблетки|накопил[аи]? таблет|дату выбрал|выбрал[аи]? дату|письма (детям |всем )?(уже )?написал"
    r"|не проснуться|не проснутся|не проснусь|(?<!меня )(?<!муж )убьет|убьют|слишком много (таблеток|пластыр)|проглотил|еле дышит|не отвечает(?! на (звонки|сообщения|письма|смс|телефон))|давит в груди|боль в груди"
    r"|рука немеет|немеет рука|перекосило|перекошен|не может говорить(?! по)|задыхается|кровь не останавливается|не берет трубку"
    r"|лежит на полу|не шевелится|не двигается|не могу разбудить|хрипит|весь синии|вся синяя|инсульт|инфаркт|приступ|конвульси|вены|кровь хлещет"
    r"|хлещет кровь|жить незачем|лучше без меня|откинуться|на балконе|снотворн|целую пачку|целую упаковку|таблетки (уже )?на столе|решил[аи]? уити"
    # Ukrainian (folded: ї as і, й as и), read with Russian: the same script, and its cues are its own words
    r"|самогубств|щоб померти|вбити себе|вб ю себе|покінчити з собою|покінчу з собою|хочу померти|не хочу (більше )?жити|жити не хочу|не дихає|перестав дихати|перестала дихати|(?<!буду )(?<!буде )(?<!бути )(?<!будете )непритомн|знепритомн"
    r"|передозуванн|передозував|ковтнув (усі|всі)|ковтнула (усі|всі)|судом\w*\b(?! (в|у) (литк|ног|пальц|стоп))|інсульт|інфаркт|кровотеча|посинів|посиніла|сині губи|губи сині"
    r"|не прокидається|не реагує(?! (вже |уже )?на (знебол|ліки|таблет|морфін|опіоі|лікуванн|терапі|кетамін))|впав і не|впала і не|тягар(ем)? для|я (\w+ )?тягар|ста(в|ла) тягарем|бути тягарем|без мене (ім |всім )?(буде )?краще|прощавайте|повіситис|повішус|зістрибну|(стрибн|зістриб|вистриб|кинус|кинут|кину)\w* (з|із) (мосту|даху)|зашморг"
    r"|не можу (його|іі) розбудити|біль у грудях|смертельн|хочу вмерти|хоче (по|в)мерти|вмерти|помру(?! від (цікавості|нудьги|сміху|спеки|голоду))|мене не стане|накласти на себе руки|накладе на себе руки|вкоротити (собі )?вік"
    r"|піти з життя|піду з життя|звести рахунки|краще б я (помер|вмер)|не прокинутис|не прокинус|прощаите|втомив\w* жити|назбира\w* (таблет|пігул|ліки)|збираю (таблетки|пігулки)|мотузк|петл(я|ю|і|ею)\b"
    r"|стрибнути|пістолет|рушниц|отрут|отруі|летальн|проковтну|цілу (пачку|упаковку)|цілу пляшку (\w+ )?(сироп|морфін|ліків|знебол|снодійн)|забагато (таблеток|пігулок|ліків)|зайв\w* (таблет|пластир)|два пластир"
    r"|не може дихати|задихаєт|хрипить|напад (епілепсі|судом)|серцевии напад|кров не зупиняєт|сильна кровотеча|тисне в грудях|(?<!менеджер )(?<!клініка )(?<!офіс )(?<!лікар )не відповідає(?! (вже )?(тиждень|\w+ (днів|дні|тижні|тижнів)|на (дзвінки|повідомлення|пошту|листи|смс)))|лежить на підлозі|не рухаєт"
    r"|перекосило|(?<!зараз )не може говорити(?! (зараз|по телефону))|німіє рука|рука німіє|не хоче жити|каже що хоче (по|в)мерти",
    "ar": r"انتحار|ما تتنفس|ما يتنفس|بلع كل|بلعت كل|سأنهي حياتي|سينهي حياته|عشان أموت|عشان اموت|حتى أموت|لا تتكلم"
    r"|فمها مائل|فمه مائل|سيقتل نفسه|ستقتل نفسها|لا يستطيع التنفس|لا تستطيع التنفس|شفاه زرقاء|شفتاه زرقاوان"
    r"|أغمي عليه|اغمي عليه|الانتحار|أنتحر|انتحر|أقتل نفسي|اقتل نفسي|قتل نفسي|لا أريد أن أعيش|لا اريد ان اعيش"
    r"|لا أريد العيش|لا اريد العيش|أريد أن أموت|اريد ان اموت|أتمنى الموت|لا يتنفس|لا تتنفس|توقف عن التنفس"
    r"|توقفت عن التنفس|فاقد الوعي|فاقدة الوعي|مغمى عليه|مغمى عليها|لا يستيقظ|لا تستيقظ|جرعة زائدة|سأبتلع|ابتلعت كل"
    r"|كل الحبوب|وداعا|نزيف|جرعة قاتلة|قاتلة|بدي موت|اموت|أموت|بموت|نموت|انهي حياتي|أنهي حياتي|انهاء حياتي|إنهاء حياتي|عبء|عبئ|احسن لهم|أحسن لهم"
    r"|أفضل بدوني|احسن بدوني|ما عاد فيني|مش قادر استحمل|مش قادرة استحمل|ما عدت أحتمل|لم يعد يحتمل|لم يعد يُحتمل|آخر رسالة|اخر رسالة|سامحوني"
    r"|سبب اعيش|سبب أعيش|سبب للعيش|حبل|جمعت كل|على الكوبري|على الجسر|على السطح|فوق السطح|من السطح|الوصية|وصيتي|وصيتها|حددت اليوم"
    r"|ما اصحى|ما أصحى|ما يصحى|ما تصحى|مش بتصحى|مش بيصحى|بلعت|بلع|العلبة كلها|كل العلبة|لزقات|مش بيتنفس|مش بتتنفس|ما بيتنفس|وقع على الأرض"
    r"|وقعت على الأرض|زرقا|زرقاء|ألم شديد في صدري|وجع في صدري|ألم في صدري|الم في صدري|آخد نفسي|اخد نفسي|ضيق في النفس|نفسه بطيء|نفسها بطيء|صار مايل"
    r"|ما يقدر يحكي|ما عم يقدر يحكي|مش قادر يتكلم|ما يقدر يتكلم|ما يتكلم|مش عم يتحرك|ما عم يتحرك|لا يتحرك|ما يتحرك|مش بيتحرك"
    r"|اخلص من كل|أخلص من كل|ما في داعي|مافي داعي|ما عم يصحى|ما بيصحى|ألم قوي في صدري|وجع قوي في صدري|(تقتل|بتقتل|يقتل)(?!ني|نا)|جهزت الحبوب|رسالة لأولادي|عالة"
    r"|أرمي نفسي|ارمي نفسي|من الشباك|تشنج|جلطة|سكتة|تنتحر|ينتحر|يموت نفسه|تموت نفسها|اموت نفسي|أموت نفسي|السكين|سكينة|ودعيني|ودّعيني|ودعني|ما عم ترد|مش بترد|ما عم يرد",
    "ko": r"자살|입술이 ?파래|안 ?깨어나|못 ?깨어나|뛰어내|끝내겠|다 ?먹겠|숨을 ?못 ?쉬|쓰러졌|쓰러져서|입술이 ?파랗|약을 ?많이 ?먹|죽고 ?싶|죽을 거|죽어버리|살고 ?싶지 ?않|살기 ?싫"
    r"|숨을 ?안 ?쉬|숨을 ?쉬지 ?않|숨 ?안 ?쉬|숨이 ?멈|의식이 ?없|의식을 ?잃|안 ?일어나|깨워도|깨어나지 ?않|과다 ?복용|약을 ?다 ?먹|유서|작별|경련|발작|피가 ?멈추지|치사량"
    r"|짐밖에|짐이 ?돼|짐이 ?되|짐이에요|없으면 (다들|모두|가족들?이?) ?편|다시는 연락 ?안|마지막 (인사|메시지|연락)|못 ?버티겠|버틸 수가 ?없|살아야 할 이유|살 이유"
    r"|살아갈 이유|(약|진통제|수면제|알약)\S*( \S+)? ?모아 ?(놨|뒀)|옥상에서|옥상에 ?(올라|서 ?있)|옥상 ?위|날짜 ?정했|번개탄|밧줄|목을 ?매|몇 ?알 ?(먹으면|먹어야)|죽을 수 ?있|(면|몇 \S+) ?죽어요"
    r"|한 ?통 ?다|한꺼번에 ?다 ?먹|(약|진통제|패치|알약)\S* ?너무 많이 ?(먹|붙|삼키)|사라지고 ?싶|없어지고 ?싶|사라져 ?버리고|쓰러져|끝내고 ?싶|내가 없어지면|없어지면 ?(다들|모두)|수면제|말이 ?어눌|얼굴이 ?처졌"
    r"|한쪽 ?얼굴|가슴이 ?터질|죽나요|다리 ?위에 ?서|한강|손목을 ?그|눈을 ?(안|못) ?떠|뇌졸중|심장 ?마비"
    r"|삼켰|숨이 ?안 ?쉬어|숨을 ?제대로 ?안|목이 ?붓|목이 ?부어|피가 ?안 ?멈|가슴이 ?(너무 )?(아파|조여)|가슴 ?통증|죽겠다고|죽는다고|자살하겠다고",
    # Hindi in Devanagari, matched without the nukta and with the candrabindu as an anusvara (ज़हर = जहर, साँस = सांस).
    "hi": r"आत्महत्या|खुद[कख]ुशी|सुसाइड|suicid|overdose|unconscious|not breathing|मरना चा?हत|मर जाना चा?हत|मरने का मन|(?<!लगता है )(?<!लगता है कि )मर जा[ऊउ]ं"
    r"|(?<!सबको )(?<!सब को )(?<!सभी को )(मरना|मर जाना) है|जीना नहीं? चाहत|जीना (नहीं|नही) है|जीने का मन नहीं?|जीने की इच्छा नहीं?|जीने की (कोई )?(वजह|चाह|उम्मीद|हिम्मत) (नहीं|नही)"
    r"|मौत चाहिए|मौत दे दो|काश (मैं )?मर जा|मुझे (अपने पास )?(उठा|बुला) ले|(कभी|दोबारा) (न|ना) उठ|सुबह (न|ना) उठूं|हमेशा के लिए सो|नींद में (ही )?(चला|चली) जा"
    r"|मेरे बिना [^,।?]{0,25}(सुखी|खुश|बेहतर|आराम)|मेरा (ना|न|नहीं) रहना|(पर|लिए) भार (हूं|बन)|आखिरी (सलाम|मैसेज|मेसेज|संदेश|खत|चिट्ठी)|लास्ट (मैसेज|मेसेज)"
    r"|(सबको|सब को|हमेशा के लिए|आखिरी|दुनिया को) (अलविदा|गुड ?बाय)|(अलविदा|गुड ?बाय) (सबको|सब को|दोस्तों|दुनिया|हमेशा|मैसेज|मेसेज)"
    r"|जिंदा नहीं? रहना|जिन्दा नहीं? रहना|जान दे दू|जान दे दे|(खुद|अपने आप) को (मार|खत्?म)|अपनी जान ले|अपनी जान दे|(?<!दर्द )सब खत्?म कर|जि(ं|न्)दगी खत्?म|बोझ (हूं|बन|बना|बनी|हो गया|हो गई)|खुद को बोझ"
    r"|सारी गोलिया|सारी दवा\S* (एक साथ )?(खा|पी|निगल|ले ली|ले लि)|सब गोलिया|सारी की सारी|गोलियां? जमा|गोलियां? इक[टठ]्ठ|दवाइयां? जमा|फांसी|फंदा|रस्सी(?! ?कूद)|छत से कूद|पुल से कूद|कूद जाऊं|कूद जाउं"
    r"|कूदने (वाला|वाली|जा रहा|जा रही)|(छत|पुल|बिल्डिंग) पर खड|(ट्रेन|गाडी|बस|ट्रक) के (नीचे|आगे) (आ|कूद)|(पंखे|छत) से लटक|लटक जा[ऊउ]ं|नस\S* काट|कलाई काट"
    r"|(^| )(गन|रिवॉल्वर|रिवाल्वर|कट्टा)( |$)|चूहे मारने|चूहेमार|कीडे मारने|कीटनाशक|फिनाइल|तेजाब|सल्फास"
    r"|जहर(?! जैस)|बंदूक|पिस्तौल|ओवर ?डो[जस]|बहुत सारी गोलिया|ज्यादा गोलियां? खा (ली|लीं|लिया|गया|गई)|(?<!पानी की )पूरी (शीशी|बोतल|डिब्बी) (पी|खा|निगल|गटक)|पूरा पत्ता (एक साथ )?(खा|निगल)"
    r"|(दो|तीन|चार|सारे|\d+) पैच[^,।?]{0,10}लगा (लिए|लिये|दिए|दिये|लीं|ली)|एक साथ (खा|निगल|ले|पी|लगा) (लूंगा|लूंगी|ली|लीं|लिया|लिए|लिये)"
    r"|(दुगनी|दोगुनी|दुगुनी|डबल) (डोज|खुराक)[^,।?]{0,10}(ले ली|ले लि|खा ली|खा लि|दे दी|दे दि)"
    r"|(बच्च\S*|साल (का|की) \S+) ने [^,।?]{0,40}(दवा|गोली|गोलिय|पैच|सिरप|पत्ती|शीशी)[^,।?]{0,20}(खा|पी|निगल|चबा)"
    r"|(कितनी|कितने|कितना|मात्रा|खुराक|डोज)[^,।?]{0,40}(जानलेवा|घातक|लीथल|लेथल|मौत|मर जा|मर सक|जान जा|हमेशा के लिए सो|(न|ना|नहीं) उठ)|(जानलेवा|घातक|लीथल|लेथल) (खुराक|डोज|मात्रा)"
    r"|सांस नहीं? ले|सांस नहीं? आ|सांस\S* रुक|सांस\S* (नहीं|नही) चल|सांस\S* (बहुत )?(धीमी|उखड)|हांफ रह|सांस लेने में बहुत|सांस लेने में (बडी |काफी )?(दिक्कत|तकलीफ|परेशानी) हो रही"
    r"|बेहोश(?! कर|ी के लिए|ी की दवा|ी का)|होश नहीं?(?!ं| रहेग)"
    r"|होश में नहीं?|उठ नहीं? रह|(नहीं|नही) (उठ|जाग) रह|जाग (नहीं|नही) रह|हरकत (नहीं|नही)|आंख\S* (नहीं|नही) खोल|जवाब नहीं? दे रह|(होंठ|होठ|नाखून)[^,।?]{0,15}(नीले|नीला|नीली|बैंगनी)"
    r"|दौर[ाे] पड(?!त)|मिर्गी (का|के) दौर|(को|के) झटके आ रह|मुंह से झाग|खून बह रहा|खून नहीं? रुक|बहुत (सारा )?खून (निकल|बह|गिर|जा)|खून (रुक|बंद) (ही )?(नहीं|नही)|खून की उल्टी|उल्टी में खून"
    r"|(सीने|छाती) में (बहुत |तेज |भयंकर )?(दर्द|जकडन|भारीपन|दबाव)|सीने में तेज|बायां हाथ सुन्न|बाएं हाथ में (दर्द|सुन्न)|हार्ट ?अटैक (आ|पड|हो) रहा|हार्ट ?अटैक आ गया|दिल का दौरा"
    r"|लकवा (मार|पड|हो गया|आ गया|का अटैक)|चेहरा टेढ|मुंह (एक तरफ )?(लटक|टेढ)|एक तरफ का (मुंह|चेहरा|हाथ)|(जुबान|जबान|आवाज|बोली|जीभ)[^,।?]{0,12}लडखडा"
    r"|बोल नहीं? पा रह|(?<!बाल )(?<!दांत )गिर ग(ए|ई)|गिर पड|गला सूज(ने लग| रह)|दम घुट (रहा|रही|गया)",
    "de": r"selbstmord|nicht (mehr )?ansprechbar|zu viele tabletten|leben beenden|mund hangt|redet wirres zeug"
    r"|macht (heute nacht |heute )?schluss|suizid|(?<!noch )umbringen|bringe mich um|(bekomme|bekommt|krieg|kriegt|kriege|habe|hat) (\w+ )?keine luft|keine luft mehr|zusammengebrochen|blaue lippen"
    r"|alle (seine|ihre|meine) tabletten|nicht mehr leben|will sterben|mochte sterben|sterben will|sterben mochte"
    r"|atmet nicht|reagiert nicht|bewusstlos|ohnmachtig|wacht nicht auf|uberdosis|alle tabletten|abschied|lebewohl"
    r"|krampfanfall|krampft|blutet stark|lebensmude|todliche dosis|todlich|das leben nehmen|schluss (zu )?machen|keinen sinn mehr|kann nicht mehr(?! (lange|schlafen|essen|laufen|gehen|arbeiten|sitzen|stehen|autofahren|warten))"
    r"|will nicht mehr|nur noch weg|strick|umgekippt|ruhrt sich nicht|bewegt sich nicht|anfall|zuckt|schlaganfall|herzinfarkt|lippen sind (ganz )?blau"
    r"|nicht mehr aufzuwachen|nicht mehr aufwachen|gesicht hangt|redet komisch|keinen zweck mehr|mache schluss|halte das nicht mehr aus|offenen fenster|aus dem fenster|vom dach|von der brucke|springe|tabletten gegessen|(tabletten|pillen|alle|packung)\w*( \w+){0,3} geschluckt"
    r"|mundwinkel (hangt|hangen|runter)|nicht mehr richtig sprechen|schmerzen in der brust|brustschmerz|kaum luft|erschiesst sich|erschiesse mich|erschiessen|\bwaffe\b",
    "it": r"suicid|non riesco a svegliar|labbra viola|buttar\w* (giu )?(dal|dalla|da)|tutte le sue pastiglie|uccidermi|ammazzarmi"
    r"|tutte le sue (pillole|compresse)|tutte le (mie )?compresse|labbra blu|e crollat[oa]|e svenut[oa]"
    r"|mi voglio (uccidere|ammazzare)|smesso di respirare|tutte le (mie )?pillole|togliermi la vita"
    r"|non voglio piu vivere|voglio morire|farla finita|non respira|non risponde|svenut|incosciente|non si sveglia"
    r"|overdose|troppe pillole|tutte le pillole|addio|convulsion|sanguina molto|dose letale|letale|(?<!noia )mortale(?! noia)|un peso|meglio senza di me|la faccio finita|ictus|bocca storta|tagliat\w* le vene|vene tagliate|per morire|mi butto|sotto un treno"
    r"|l ultima volta che vi scrivo|perdonatemi|crisi epilettica|non ha (piu )?senso vivere|(prego|spero|vorrei|voglio|desidero|fammi|stanotte|stasera)\b.{0,30}\bnon (farmi )?(svegliar\w*|risvegliar\w*)|non voglio (piu )?(svegliarmi|risvegliarmi)|addormentarmi per sempre|quanto ci vuole per (annegare|morire|dissanguarsi)"
    r"|non vedo piu (nessun )?(motivo|senso)|sul tetto|(salito|salita|in piedi|sto|sono) sul ponte(?! (nel|in|per il) traffico)|dal ponte|dalla finestra|ingoiat|dolore (fortissimo )?al petto|braccio sinistro (formicola|intorpidit|addormentat|non lo sento)|si spara|mi sparo"
    r"|fucile|pistola",
    "ht": r"touye tet (mwen|li)|klowoks|fini ak lavi|vale grenn|fe yon kriz|sispann tranble|vin ble|pa ka respire"
    r"|tonbe san konesans|bwe tout grenn|touye tet m|vle mouri|pa vle viv|swisid|pa respire|(li|m|mwen|papa|manman|mari|madanm|pitit \w+) pa reponn|endispoze"
    r"|san konesans|(li|papa|manman|mari|madanm|pitit \w+) pa leve|pou m pa leve|m pa (janm )?leve anko|twop grenn|tout grenn|m ap bwe yo|orevwa|adye|se yon chay|yon chay pou|pi byen san mwen|pa gen rezon pou m viv|achte yon kod"
    r"|sou pon|sou do kay|ka touye(?! doule)|bouke viv|bwe medikaman|medikaman granmoun|pann tet|kriz ke|disparet|fini ak tet|toufe|pa ka pran souf|doule nan pwatrin|pwatrin mwen|bra goch (mwen )?(ap )?angoudi|fe kriz|pa sispann tranble",
    # Turkish (folded: ı as i, ş as s, ö as o...); its negation is a suffix ("istemiyorum"), so a want is matched with its ending.
    "tr": r"olmek istiyo|her seyi bitir(ecegim|icem|cem|ecek)|(surub|surup|morfin)\w* (\w+ )?icmis|konusmasi (bozuldu|anlasilmiyor)|agzi (bir yana )?kaydi|"
    r"geber(mek|ip gitmek) isti|gozlerimi (bir daha |hic )?acmasam|yuk olmaktan (yoruldum|biktim)|hakkini(zi)? helal ed|ben artik yokum|(bu gece|bu aksam|yarin|cumartesi|pazar|pazartesi|sali|carsamba|persembe|cuma)\w* hepsini (bitir|ic|yut)|kafa(ma|sina) (bir )?(sik|kursun)|olmenin (en )?(kolay|acisiz|kesin|garanti) yol|yanlislikla.{0,40}(ictim|icmisim|aldim|almisim|yuttum|yutmusum|taktim|takmisim|yapistirdim|yapistirmisim)|mosmor|(?<!geceleri )(?<!burnumdan )(?<!uyurken )nefes (alamiyo|almiyo)(?!rum)|"
    r"intihar|kendi(mi|ni) (oldur|vur|as(acag|acak|arim|icam|icak|iyor|ti|mis|may|ma (\w+ )?(istiyor|dusunuyor|karar)))|olmek istiyor|olmeyi (dusunuyor|istiyor)|olsem (daha iyi|iyi olur|kurtulurum)|yasamak istemiyor|yasamak istemiyo\b|(canima|canina|kendime|kendine) kiy"
    r"|hayatima son ver|hayatina son ver|hayatimi sonlandir|hayatini sonlandir|herkese yuk(?! olma(y|m))|yuk oluyorum|yukten baska|bensiz (daha )?(iyi|mutlu|rahat)|(?<!agrilarima )(?<!agrilarina )(?<!agrilara )(?<!agrima )(?<!agriya )(?<!acilarima )elveda"
    r"|bir daha uyanmak istemiyor|uyanmasam|uyanmak istemiyor|yasamanin (bir )?anlami (yok|kalmadi)|haplari? biriktir|(butun|tum|hepsini|tum kutuyu|butun kutuyu) (haplari|ilaclari)? ?(ictim|yuttum|icti|yuttu|icecegim|yutacagim)"
    r"|(butun|tum) (haplari|ilaclari)|ip (hazir|aldim)|silah(im)? (var|aldim|hazir)|kopruden atla|koprunun ustunde(yim| duruyor)|catidan atla|balkondan atla|olumcul doz|oldurucu doz|(oldurur|olur) mu\b.{0,30}(kac|doz|tane)"
    r"|(kac|ne kadar) (tane|doz|hap|ilac).{0,30}(olur mu|oldurur|olmek|olur muyum|oldurmeye)|asiri doz|doz asimi|fazla (hap|ilac|doz) (ictim|aldim|yuttum|icti|aldi|yuttu)|iki (bant|flaster) (yapistir|taktim|takti)"
    r"|nefes almayi birak|bayildi\b(?! gibi)|(?<!gorunce )bayilip|bayiliyor\b|bilinci (yok|kapali)|bilincini kaybet(?!\w* gibi)|uyanmiyor\b|uyandiramiyor|(?<!ilaca )(?<!ilaclara )(?<!tedaviye )(?<!morfine )tepki vermiyor\b|kalp krizi|inme gecir|felc gecir"
    r"|nobet geciriyor|dudaklari (mor|morar)|(?<!yer )(?<!yeri )(?<!kolum )(?<!kolu )(?<!elim )(?<!eli )(?<!bacagim )(?<!bacagi )(?<!dizim )morardi|kan durmuyor|cok kan kaybed|kanamasi durmuyor|gogsumde (cok )?(agri|sikisma|baski)|gogus agrisi|yere yigildi|yere dustu ve (kalk|bilinc|tepki|konus|hareket|nefes|goz|uyan|ses)",
    # Polish (folded: ł as l)
    "pl": r"(chce|zaraz) sie zabic|nie chce (mi|mu|jej) sie (juz )?zyc|sie (dzis |dzisiaj )?powiesi|nie mog(e|a) (go|jej) dobudzic|nie (rusza sie|odpowiada)(?! na)|(cale|cala) (opakowanie|paczke|butelke)|atak serca|siny na ustach|charczy|"
    r"samobojstw|samobojcz|zabic sie|zabije sie|zabijam sie|odebrac sobie zycie|odbiore sobie zycie|skonczyc ze soba|skoncze ze soba|skonczyc z tym wszystkim|(?<!jak )(?<!gdy )(?<!kiedy )(?<!jak tylko )skoncze z tym wszystkim"
    r"|nie chce (juz |dluzej )?zyc|chce (juz |po prostu |tylko |naprawde )?umrzec|gdybym (juz )?(umarl|nie zyl)\w*|wszystkim byloby (lepiej|latwiej)|przepraszam (was|wszystkich) za wszystko|to moja ostatnia wiadomosc(?! (dzis|dzisiaj|w tej sprawie))|chcialbym umrzec|chcialabym umrzec|wolal\w* (bym )?umrzec|jestem ciezarem|(?<!nie chce byc )ciezarem dla|beze mnie (bedzie )?(im |wszystkim )?(lepiej|latwiej)"
    r"|zegnajcie(?! (bol|bole|bolu|migren|tabletk|plastr))|zegnam (was|sie z wami)|(zeby|obym|bym) sie (juz )?nie obudzi|nie chce sie (juz )?obudzic|zycie nie ma sensu|nie ma sensu zyc|nie mam po co zyc"
    r"|(zbieram|zbieralem|zbieralam|uzbieral\w*|nazbieral\w*|odkladam|odlozyl\w*) (tabletki|leki|pigulki)|(wzial\w*|wzie\w*|polknal\w*|polkne\w*|wypil\w*|lyknal\w*|zazyl\w*|zjadl\w*|wezme|polkne|lykne) (\w+ )?wszystkie (\w+ )?(tabletki|leki|pigulki)|wszystkie (tabletki|leki|pigulki) (naraz|na raz|za jednym razem)|\bsznur\b|petl\w* na szyi|powiesic|powiesze"
    r"|skocz\w* z (mostu|dachu|okna|balkonu)|bron palna|pistolet(?! sluzbow| do (masazu|kleju|malowania|silikonu))|strzelb|smiertelna dawk|dawka smiertelna|dawke smierteln|(ile|jaka dawka).{0,40}(zeby umrzec|zabije|smierteln|umrzec)"
    r"|przedawkowa|przedawkowani|polknal|polknela|polknalem|polknelam|za duzo (tabletek|lekow|pigulek|plastrow)|(dwa|drugi|trzy) plastr\w* (naraz|przykleil|nakleil)"
    r"|(?<!skora )(?<!skore )(?<!plastrem )(?<!opatrunkiem )nie oddycha|przestal\w* oddychac|(?<!bede )(?<!bedzie )(?<!bedziesz )(?<!byc )nieprzytomn|zemdlal|stracil\w* przytomnosc|nie reaguje(?! (juz )?na (lek|oksykod|morfin|tabletk|leczen|terapi|chemi|ketamin|opioid|opiat|plastr))|nie moge (go|jej) obudzic|nie budzi sie|sine usta|usta (ma )?sine|posinial"
    r"|drgawk\w*\b(?! (w )?(nog|powiek|miesni|palc))|atak padaczk|udar mozgu|ma udar(?! za soba| w wywiadzie)|zawal serca|ma zawal|bol w klatce|klatka piersiowa (mnie )?(boli|sciska)|krwotok(?! z nosa)|mocno krwawi|krew (nie przestaje|leci)|nie moze mowic(?! (teraz |w tej chwili |chwilowo )?(przez telefon|po (polsku|angielsku)|w pracy))|upadl\w* i (nie|lezy)",
    # Hindi written in Latin letters (Hinglish), as people type it on phones
    "hl": r"sucide|suside|sucid|khud ko goli|(hont|honth|lips) (neele|nile|blue)|hil nahi (raha|rahi|rahe)|aankh(ein|e)? nahi khol|(patch|syrup|sirap) (chaba|pee|pi) (liya|li|gaya|gayi)|seene? (me|mein|mai) (bahut |tez )?(dard|dabav|jalan)|(nahi|nhi) rahunga|(nahi|nhi) rahungi|"
    r"(mujhe|muje|mje|ab|bas) (bas |ab )?(marna|mrna|mar jana|mar jaana) (hai|h|he)\b|(nahi|nahin|nhi|nai) (jeena|jina)\b|(sab|sabhi|ghar walon|family) (pe|par) bhaari|ko (bolna|batana|keh dena) .{0,30}(pyar|pyaar) (karti|karta|karte)|pankhe se lat\w*|latak (jaunga|jaungi|jaun|jau)\b|(haath|hath|kalai|wrist|nas|nasen|nase) (\w+ )?(kaat|kat) (li|liya|lia|di|diya|lee)|khoon (bahut|itna|bohot) (nikal|beh)|khoon (nikal|beh) raha (hai )?(bahut|band nahi)|"
    r"khudkushi|khud ?khushi|aatmahatya|atmahatya|suicid|marna chaht|marna chahat|mar jana chaht|(?<! se )(?<!hanste hanste )mar (jaunga|jaungi|jaun\b|jau\b)|marne ka man|marne ko ji"
    r"|jeena nahi chaht|jeena nahin chaht|jina nahi chaht|jeena nahi hai|jina nahi hai|zinda nahi rehna|jinda nahi rehna|jeene ka man nahi|jeene ki (koi )?(wajah|vajah|ichha|umeed) nahi"
    r"|khud ko (maar|mar|khatam)|apne aap ko (maar|mar|khatam)|apni jaan (le|de)|jaan de (dunga|dungi|du)|sab khatam kar(?! le| li| lo)|(zindagi|jindagi) khatam kar(na| (lunga|lungi|dunga|dungi|du|lu|leni|deni))|bojh (hu|hoon|hun|ban gaya hu|ban gayi hu|ban gaya hoon|ban gayi hoon|ban raha hu|ban rahi hu)|(mai|main) (\w+ )?bojh"
    r"|mere bina (sab )?(khush|behtar|aaram)|(sabko|sab ko|hamesha ke liye|duniya ko) alvida|alvida (sabko|doston|duniya|hamesha)|neend ki (saari |sari )?goli|saari goli|sari goli|saari dawa|sari dawa|sab goli|goliyan jama|goliyan ikatth|(zeher|zehar|jahar) (kha|pi|pee|le|de|dunga|dungi|mang|kharid|la)\w*"
    r"|(phansi|fansi|faansi) (laga|le|lag|lunga|lungi|pe|par)\w*|phanda|(fanda|fande) (laga|bana|dal|tayyar|se)\w*|rassi (le aaya|le aayi|la|khareed|kharid|bandh|tayyar|taiyar|se lat)\w*|chhat se kood|chat se kud|chhat se kud|pul se kood|pul se kud|train ke aage|nas kaat|kalai kaat|bandook|\bpistol\b|\bkatta\b"
    r"|kitni goli.{0,30}(mar|maut|jaan)|jaanleva (dose|khurak)|overdose|double dose (le li|kha li|de di)|saans nahi (le|aa)|sans nahi (le|aa)|(saans|sans) ruk (gayi|gai|gaya|rahi|raha|rahe)|behosh(?! (kar|karne|karte|kar denge|ho jaunga|ho jaungi|ho jaoge|ho jate|ho jaate|hona|rahunga|rahungi|rehna|nahi hona))"
    r"|(?<!be)hosh nahi|hosh mein nahi|(?<!bistar se )(?<!bed se )uth nahi (raha|rahi|rahe)|jaag nahi (raha|rahi)|khoon (bah|nahi ruk)|dil ka daura|heart attack (aa|pad)|daura pad|daure pad|lakwa(?! hai| tha| ka| ki| ke)|muh tedha|munh tedha|seene mein (tez |bahut )?dard",
}
_CUE_RES = {lang: re.compile(pattern) for lang, pattern in CRISIS_CUES.items()}

# A cue names no danger now when, in its own sentence, a negation comes just before it ("não quero
# morrer", "je ne suis pas suicidaire", "我没有想自杀"); when the sentence tells of the past and not of
# now ("teve uma overdose há dois anos", "il y a dix ans"); or when the sentence is a question that
# names no one and asks no amount ("a cetamina pode causar ideias suicidas?"). Each is matched on
# folded text (Chinese as written). A French "ne" alone is no negation here: "je ne veux plus vivre".
_CUE_NEGATION = {
    "ru": r"\b(не|нет|никогда|ніколи|ні)\b", "ar": r"(لست|ليس|لن|لم|ما)$", "ko": r"(안|못)$", "hi": r"(नहीं|नही|मत)$", "de": r"\b(nicht|nie|kein|keine|niemals)\b", "it": r"\b(non|mai)\b", "ht": r"\b(pa|janm)\b",
    "pt": r"\b(nao|nunca|nem|jamais)\b", "fr": r"\b(pas|jamais|aucun|aucune)\b", "tl": r"\b(hindi|di)\b",
    "vi": r"\b(khong|chua bao gio|chang)\b", "zh": r"没有|沒有|不是|没|沒|并不|並不|从不|從不|从来不|從來不",
    "tr": r"\b(degil|degilim|asla|hic)\b", "pl": r"\b(nie|nigdy)\b", "hl": r"\b(nahi|nahin|mat|kabhi nahi)\b",
}
_CUE_PAST = {
    "ru": r"\b(в (19|20)\d\d|у (19|20)\d\d|\d+ (лет|года|месяцев|років|роки|місяців) (назад|тому)|в прошлом году|минулого року|когда-то|колись|(один|одна|два|дві|три|чотири|п ять|кілька|декілька|багато) (рік|роки|років|місяць|місяці|місяців|тиждень|тижні|тижнів) тому|минул\w+ (зими|осені|весни|літа|тижня|місяця)|перенес\w*|переніс)\b|\bбу(в|ла|ло|ли) (\w+ )?(інфаркт|інсульт|напад|кровотеча|отруєння|судоми)", "ar": r"قبل سنوات|قبل \d+|قبل \w+ (سنين|سنوات|سنة)|من \w+ سنين|في عام|العام الماضي",
    "ko": r"년 ?전|작년|예전에|옛날|병력|앓은 ?적", "hi": r"साल(ों)? पहले|महीन(े|ों) पहले|पिछले (साल|हफ्ते|महीने)|बचपन में|(19|20|१९|२०)\d\d में|बरसों पहले|कोशिश की थी|जब (मैं|मै|वो|वह|वे) [^,।?]{0,30}(था|थी|थे)|(ते|ती|ता) (थे|थी|था|थीं)", "de": r"\b(vor \w+ (jahren|monaten)|im jahr (19|20)\d\d|letztes jahr|damals)\b",
    "it": r"\b(anni fa|mesi fa|nel (19|20)\d\d|l anno scorso)\b", "ht": r"\b(gen \w+ ane|ane pase|lontan|sa gen (\w+ )?(ane|an|lane)|dezan|twazan)\b",
    "pt": r"\b(ja )?teve (um|uma)\b|\bha (\w+ )?(anos|meses|semanas)\b|\banos atras\b|\b(em|no ano de) (19|20)\d\d\b|\bquando (eu )?era\b|\bano passado\b",
    "fr": r"\ba eu (un|une)\b|\bil y a (\w+ )?(ans|mois|semaines)\b|\ben (19|20)\d\d\b|\bquand j etais\b|\bl an dernier\b|\bl annee derniere\b",
    "tl": r"\bnoong\b|\bdati\b|\bnakalipas\b|\bnakaraang taon\b",
    "vi": r"\bnam (19|20)\d\d\b|\btung\b|\btruoc day\b|\bnam ngoai\b|\bnam truoc\b|\bnhieu nam\b",
    "zh": r"年前|以前|曾经|曾經|\d{4}年|那年|去年|当年|當年",
    "tr": r"\b(\w+ (yil|ay) once|yillar once|gecen yil|(19|20)\d\d (yilinda|de|da)|eskiden|cocukken|gecen (hafta|ay|sene)|gecenlerde)\b",
    "pl": r"\b(lat(a)? temu|miesiecy temu|w (19|20)\d\d|w zeszlym roku|dawno temu|kiedys|w (zeszlym|ubieglym|poprzednim) (roku|miesiacu|tygodniu)|(\w+ )?(tydzien|tygodnie|tygodni|miesiac|miesiace) temu|za soba)\b|\bmial(a|am|em|o)? (zawal|udar|krwotok|drgawki|atak)",
    "hl": r"\b(saal pehle|sal pehle|mahine pehle|pichle saal|bachpan mein|(19|20)\d\d mein|kiya tha|ki thi|hua tha|hui thi|pada tha|padi thi|aaya tha)\b",
}
_CUE_NOW = {
    "ru": r"сеичас|сегодня|вечером|только что|зараз|сьогодні|щойно", "ar": r"الآن|الان|اليوم|الليلة", "ko": r"지금|오늘|방금", "hi": r"अभी|आज|इस वक्त|इस समय",
    "de": r"\b(jetzt|heute|gerade)\b", "it": r"\b(ora|adesso|oggi|stasera)\b", "ht": r"\b(kounye a|jodi a|aswe a)\b",
    "pt": r"\b(agora|hoje|esta noite|neste momento)\b", "fr": r"\b(maintenant|ce soir|aujourd hui|en ce moment)\b",
    "tl": r"\b(ngayon|kanina)\b", "vi": r"\b(bay gio|hom nay|dem nay|vua)\b", "zh": r"现在|現在|今天|今晚|刚才|剛才|刚刚|剛剛",
    "tr": r"\b(simdi|su an|bu gece|bugun|az once)\b", "pl": r"\b(teraz|dzis|dzisiaj|wlasnie|w tej chwili)\b", "hl": r"\b(abhi|aaj|is waqt|aaj raat)\b",
}
# Someone in particular (the writer, a relative, "someone took..."), or an amount: a question with
# one of these is never a general question.
_CUE_PERSONAL = {
    "ru": r"\b(я|мне|меня|мои|моя|мое|он|она|мама|папа|муж|жена|сын|дочь|сколько|мені|мене|міи|моя|моє|він|вона|тато|батько|мати|брат|сестра|чоловік|дружина|донька|дочка|бабуся|дідусь|скільки)\b", "ar": r"أنا|انا|أمي|امي|أبي|ابي|زوجي|زوجتي|ابني|ابنتي|كم|وأنا|وانا|وأمي|وزوجي",
    "ko": r"나|저|제|엄마|아빠|남편|아내|아들|딸|얼마나|몇",
    "hi": r"मैं|मैने|मुझे|मेरा|मेरी|मेरे|(^|\s)(वो|वह|वे)(\s|$)|उन्हों|उसने|उसे|उसको|उन्हें|मां(?!स|ग)|मम्मी|पापा|पिता|पति|पत्नी|बेटा|बेटी|भाई|बहन|दादा|दादी|नाना|नानी|बच्च|दोस्त|सहेली|किसी ने|कितनी|कितने|(खा|पी|निगल|ले) (ली|लीं|लिया|लिए|लिये)|\S(ूं|ऊं)(गा|गी)?([\s?]|$)", "de": r"\b(ich|mir|mich|mein|meine|er|sie|mann|frau|mutter|vater|sohn|tochter|wie viel)\b",
    "it": r"\b(io|mi|mio|mia|lui|lei|marito|moglie|madre|padre|figlio|figlia|quant\w*)\b", "ht": r"\b(mwen|m|li|manman|papa|mari|madanm|pitit|konbyen)\b",
    "pt": r"\b(eu|meu|minha|meus|minhas|me|mim|ele|ela|dele|dela|mae|pai|marido|esposa|mulher|filho|filha|irmao|irma|avo|alguem|tomei|tomou|quant\w*)\b",
    "fr": r"\b(je|j|me|m|moi|mon|ma|mes|il|elle|lui|mari|femme|fils|fille|mere|pere|frere|soeur|quelqu|pris|avale|combien)\b",
    "tl": r"\b(ako|ko|akin|siya|niya|nanay|tatay|asawa|anak|kapatid|lola|lolo|ininom|uminom|ilan|gaano)\b",
    "vi": r"\b(toi|minh|chong|vo|me|bo|con|ba|ong|anh|chi|em|da uong|bao nhieu)\b",
    "zh": r"我|他|她|妈|媽|爸|老公|老婆|丈夫|妻子|儿子|兒子|女儿|女兒|吃了|吞了|多少|几|幾",
    "tr": r"\b(ben|bana|beni|benim|o|onu|annem|babam|esim|kocam|karim|oglum|kizim|kac|ictim|icti|yuttum|yuttu)\b",
    "pl": r"\b(ja|mnie|mi|moj|moja|on|ona|mama|tata|maz|zona|syn|corka|ile|polknal\w*|wzial\w*)\b",
    "hl": r"\b(mai|main|mujhe|mera|meri|mere|woh|wo|usne|use|maa|mummy|papa|pati|patni|beta|beti|bhai|behen|dost|kitni|kitne)\b",
}
_CUE_CONTEXT = {lang: tuple(re.compile(table[lang]) for table in (_CUE_NEGATION, _CUE_PAST, _CUE_NOW, _CUE_PERSONAL)) for lang in CRISIS_CUES}
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;。！？；؟।॥|])\s*|\n+")
NEGATION_WORDS_BEFORE = 4
# Where a negation is one of the commonest words ("я не знаю", "mwen pa konnen"), only the word just before a cue negates it.
_NEGATION_WORDS_BEFORE = {"ru": 1, "ht": 1, "ar": 1, "hi": 1, "pl": 1, "hl": 1}
# "I don't know" said before the danger negates nothing: "non so, mio padre non respira", "я не знаю папа не дышит".
_NOT_KNOWING = re.compile(r"\b(non so|pa konnen|m pa konnen|weiss nicht|weis nicht|no se|nao sei|je ne sais pas)\b|не знаю|पता नहीं?|मालूम नहीं?")
# Korean negates after the verb: "죽고 싶지 않아요" (I do not want to die); Hindi too, within a word or two:
# "आत्महत्या नहीं करूंगा" (I will not kill myself), "आत्महत्या के विचार नहीं हैं" (no thoughts of suicide).
_NEGATED_AFTER = {"tr": re.compile(r"^\S*\s+(\S+\s+)?(etmeyecegim|etmem|etmiyorum|etmeyi dusunmuyorum|dusuncem yok|dusuncesi yok|degil\w*|gecirme(di|dim|dik|mis|yen)\w*)\b"),
                  "hl": re.compile(r"^\S*(\s+\S+){0,2}\s+(nahi|nahin|mat)\b"),
                  "ko": re.compile(r"^\s*(지 ?않|지 ?마|\S{0,2} ?(게|건|거|것은?) ?아니)"), "hi": re.compile(r"^\S*((\s+\S+){0,2}|(\s+(के|की|का|जैसे|जैसा|जैसी|कोई|बारे|में|विचार|ख्याल|खयाल|इरादा|कभी))*)\s+(नहीं|नही|मत)([\s।?!,]|$)")}
# In Hindi a negation after the cue is its own only for an act (suicide, poison): after a state ("बेहोश", "सांस") it is another verb's.
_HI_ACT = re.compile(r"आत्महत्या|खुद[कख]ुशी|सुसाइड|suicid|जहर|खुद को|अपने आप को|अपनी जान|जान दे|मर |घातक|जानलेवा|लीथल|लेथल"
                     r"|khud ?k?h?ushi|atmahatya|aatmahatya|zeher|zehar|jahar|khud ko|apne aap ko|apni jaan|jaan de|mar ja|marna")
# A fear of later, or a supposition, in Hindi: "मुझे डर है कि ... होगा", "कहीं ... रुक गई तो?", "अगर ... आएं तो"
_HI_FEARED = re.compile(r"डर |डर$|कहीं|अगर|यदि")
_HI_LATER = re.compile(r"होगा|होगी|होंगे|जाएगा|जाएगी|जाएंगे|हो जाए|आएं|आए तो|गई तो|गया तो|गए तो|जाऊंगा|जाऊंगी|हो जाऊं|(हुआ|हुई|हुए) तो")
_HI_MEANS = re.compile(r"गोलि|दवा|जहर|ओवर|फांसी|फंदा|रस्सी|कूद|नस|बंदूक|पिस्तौल|गन|पैच|शीशी|पत्ता|suicid|overdose")
# A question read or heard and passed on: "मैंने पढ़ा कि ...", "मां पूछ रही हैं कि क्या ..." names no one of what it asks.
_HI_REPORTED = re.compile(r"^.*(पढा|सुना|पूछ\S*( रह\S*)?( है| हैं| था| थी| थे)?) कि ")
# A negation before "and" negates nothing after it: "er ist nicht mehr wach und atmet nicht", "hindi gumagalaw at hindi humihinga".
_CONJUNCTIONS = {"pt": "e", "fr": "et|il|elle", "tl": "at", "vi": "va", "ru": "и|і", "de": "und", "it": "e", "ht": "epi|ak", "tr": "ve", "pl": "i|a", "hl": "aur"}
_AFTER_A_CONJUNCTION = {language: re.compile(rf"\b({words})\b") for language, words in _CONJUNCTIONS.items()}
_QUESTION_MARKS = ("?", "？", "؟")


_AS_WRITTEN = ("zh", "ko", "ar", "hi")  # matched as written: folding would take Hangul syllables, Arabic letters and Devanagari vowel signs apart
# Hindi written with or without the nukta (ज़/ज) and with the candrabindu or the anusvara (साँस/सांस) is read alike.
_HINDI_VARIANTS = str.maketrans({"\u093c": None, "\u0901": "\u0902", "\u200c": None, "\u200d": None})
_CYRILLIC_WORD_RE = re.compile(r"[а-яієґa-z0-9]+")  # Russian and Ukrainian (ї is folded to і, й to и)


def _folded(text: str, language: str) -> str:
    if language == "hi":
        return unicodedata.normalize("NFD", text.lower()).translate(_HINDI_VARIANTS)
    if language in _AS_WRITTEN:
        return text.lower()
    return " ".join((_CYRILLIC_WORD_RE if language == "ru" else _WORD_RE).findall(fold(text).translate(_LATIN_EXTRA)))


# French puts the subject after the verb in a question ("peut-elle"): that "elle" is the medicine, no one's.
_INVERTED_SUBJECT = re.compile(r"-(t-)?(il|elle|ils|elles|on)\b", re.IGNORECASE)


# A lethal amount asked is urgent however it is asked, as in English: a cue that names death or killing in a
# sentence that names a dose or an amount ("Qual è la dose letale di ketamina?", "Ab welcher Dosis ist Ketamin tödlich?").
_LETHAL = re.compile(r"olumcul|oldurucu|smierteln|jaanleva|вбива|вб є|leta|mortal|mortel|todlich|смертельн|летальн|убьет|قاتل|치사|죽을 수|죽어요|touye|chet|致死|致命|nakamamatay|fatal|بموت|जानलेवा|घातक|लीथल|लेथल|मौत|मर जा|मर सक|जान जा|हमेशा के लिए सो|उठ")
_AMOUNT = re.compile(r"\b(dose|dosis|dosi|доз\w*|doz|bao nhieu vien|lieu chet|quant\w* (comprim|pastig|pillol|pilul|remedi|cachet|tablet)\w*|combien de (comprim|cachet|pilul|medicament)\w*"
                     r"|wie ?viele?( \w+)? (tabletten|pflaster)|сколько (таблет|пластыр|надо|нужно)\w*|konbyen grenn|ilang (tableta|piraso)|сразу|все|tout grenn)\b"
                     r"|جرعة|جرعه|كم حب|\bكل\b|치사량|용량|몇 ?(알|장|개|통)|여러|한꺼번에|많이|剂量|多少片|几片|几粒|कितनी|कितने|खुराक|डोज")


def _names_danger_now(sentence: str, clause: str, start: int, language: str, end: int | None = None) -> bool:
    """Whether a cue found at `start` of a clause (folded) of a sentence (raw) is a danger now: not
    negated just before it, not of the past (unless its clause says now), not a question that names no one
    (but a lethal amount asked is urgent however it is asked)."""
    negation, past, now, personal = _CUE_CONTEXT[language]
    before = _NOT_KNOWING.sub(" ", clause[:start])
    if language in _AFTER_A_CONJUNCTION:
        before = _AFTER_A_CONJUNCTION[language].split(before)[-1]
    reach = _NEGATION_WORDS_BEFORE.get(language, NEGATION_WORDS_BEFORE)
    near = before[-reach * 2 :] if language == "zh" else " ".join(before.split()[-reach:])
    if near and _holds(negation, near, language):
        return False
    after = _NEGATED_AFTER.get(language)
    if after and after.search(clause[start if end is None else end :]) and (language not in ("hi", "hl") or _HI_ACT.search(clause[start:end])):
        return False
    if language == "hi":
        whole = _folded(sentence, language)
        if _HI_FEARED.search(whole) and _HI_LATER.search(whole) and not _HI_MEANS.search(clause[start:end]) and not now.search(clause):
            return False
    if past.search(_folded(sentence, language)) and not now.search(clause):
        return False
    if _LETHAL.search(clause[start:end]) and _AMOUNT.search(_folded(sentence, language)):
        return True
    asks = sentence.rstrip().endswith(_QUESTION_MARKS)
    named = _folded(_INVERTED_SUBJECT.sub(" ", sentence), language)
    if language == "hi":
        named = _HI_REPORTED.sub(" ", named)
    return not (asks and not _holds(personal, named, language))


def _holds(pattern: re.Pattern, text: str, language: str) -> bool:
    """Whether a context pattern is found in a text: in Korean and Arabic, only at the start of a word
    (their words take endings and articles: "امي" is not "الكيتامين", "나" is not the ending of "있나요")."""
    if language in ("ko", "ar"):
        return any(pattern.match(word) for word in text.split())
    return bool(pattern.search(text))


_CLAUSE_BREAK = re.compile(r"[,;:，；：،]")


def crisis_cue(text: str, language: str) -> str | None:
    """The crisis cue found in a message in a language with a cue list, or None: the first
    one, in any clause, that names a danger now (see _names_danger_now)."""
    pattern = _CUE_RES.get(language)
    if pattern is None:
        return None
    for sentence in _SENTENCE_BREAK.split(text):
        for clause in _CLAUSE_BREAK.split(sentence):
            folded = _folded(clause, language)
            for found in pattern.finditer(folded):
                if _names_danger_now(sentence, folded, found.start(), language, found.end()):
                    return found.group(0)
    return None


# Latin-script languages whose cues are also looked for in a message read as English or Spanish that is
# mostly not words of that language: a short cry has too few common words to tell its language ("ich will
# sterben", "voglio morire"), and Italian shares many with Spanish ("mia madre ha nascosto tutte le sue pastiglie").
_LATIN_CUE_LANGUAGES = ("de", "it", "ht", "pt", "fr", "tl", "tr", "pl", "hl")


def cue_in_any_language(text: str, read_as: str = "en") -> tuple[str, str] | None:
    """(cue, language) of the first Latin-script cue list a message read as English (or Spanish) holds, when
    at most half its words are words of that language; read as another Latin-script language with a cue
    list, of the others' lists (a few common words tell Haitian Creole from French badly: "m fèk bwè tout
    grenn ki te nan bwat la"); None otherwise."""
    words = _WORD_RE.findall(fold(text))
    if read_as in ("en", "es"):
        known = english_words() if read_as == "en" else spanish_words()
        if not words or 2 * sum(1 for w in words if w in known) > len(words):
            return None
    elif read_as not in _LATIN_CUE_LANGUAGES or _CUE_CONTEXT[read_as][1].search(" ".join(words)) or _CUE_RES[read_as].search(_folded(text, read_as)):
        # another script; or told as past in the language it was read in ("Ane pase m te fè yon overdose"), or a cue
        # that language's own reading already judged ("je ne suis pas suicidaire" is not read again as Portuguese)
        return None
    for language in _LATIN_CUE_LANGUAGES:
        if language == read_as:
            continue
        cue = crisis_cue(text, language)
        if cue:
            return cue, language
    return None


GLOSSARY = Path(__file__).resolve().parents[1] / "data" / "spanish-english.txt"


@lru_cache(maxsize=1)
def spanish_glossary() -> dict[str, str]:
    """Spanish word -> English words, from bot/data/spanish-english.txt."""
    pairs = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            spanish, english = (part.strip() for part in line.split("=", 1))
            pairs[fold(spanish)] = english
    return pairs


@lru_cache(maxsize=1)
def _spanish_phrases() -> re.Pattern | None:
    """The glossary's entries of more than one word, longest first, as one pattern."""
    phrases = sorted((p for p in spanish_glossary() if " " in p), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b") if phrases else None


@lru_cache(maxsize=1)
def spanish_words() -> frozenset[str]:
    """Spanish words the bot knows: the glossary's and the commonest short ones (folded)."""
    return frozenset(w for phrase in spanish_glossary() for w in phrase.split()) | _COMMON_SETS["es"]


def read_spanish(text: str) -> str:
    """A Spanish message with the phrases and words the glossary knows in English, for matching; the rest kept."""
    glossary = spanish_glossary()
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
    phrases = _spanish_phrases()
    if phrases is not None:
        folded = phrases.sub(lambda m: glossary[m.group(1)].replace(" ", "\x00"), folded)
    return " ".join(glossary.get(word, word) for word in folded.split()).replace("\x00", " ")
