"""Telling languages apart, crisis cues and the Spanish glossary (bot/engine/language.py)."""

import pytest

from bot.engine.language import crisis_cue, detect, read_spanish


@pytest.mark.parametrize(
    "message, language",
    [
        ("How does ketamine work for nerve pain?", "en"),
        ("¿Cómo funciona la ketamina para el dolor?", "es"),
        ("mi papa tiene cancer y mucho dolor, la ketamina le sirve?", "es"),
        ("Minha mãe tem muita dor, a cetamina ajuda?", "pt"),
        ("Est-ce que la kétamine aide pour la douleur?", "fr"),
        ("Mẹ tôi bị ung thư, đau quá", "vi"),
        ("masakit po ang likod ng tatay ko, makakatulong ba ang ketamine?", "tl"),
        ("氯胺酮对癌症疼痛有用吗", "zh"),
        ("ok", "en"),
        ("👍", "en"),
        # English whose short words are also Portuguese or Spanish ones ("a", "as", "do", "no", "me")
        ("ketamine for mood as well as pain?", "en"),
        ("Do older patients get a lower dose?", "en"),
        ("is ketamine a sedative or a painkiller or both", "en"),
        ("can ketamine cause suicidal thoughts as a side effect", "en"),
        ("no more me soon", "en"),
        # short messages in the other languages, with few of their commonest words
        ("cuanto cuesta la ketamina", "es"),
        ("cuantas sesiones son", "es"),
        ("vou me matar hoje", "pt"),
        ("quantas sessoes precisa fazer", "pt"),
        ("J'ai peur de la douleur", "fr"),
        ("Puwede po bang magpa-schedule sa Sabado?", "tl"),
        ("Кетамин помогает при боли?", "ru"),
        ("هل يساعد الكيتامين في علاج الألم؟", "ar"),
        ("케타민이 암 통증에 도움이 되나요?", "ko"),
        ("क्या केटामाइन कैंसर के दर्द में मदद करता है?", "hi"),
        ("Ich habe seit Monaten Schmerzen und mein Arzt sagt nichts", "de"),
        ("mio padre ha molto dolore, la ketamina aiuta?", "it"),
        ("mwen gen doulè, èske ou ka ede mwen", "ht"),
        ("Ψάχνω πληροφορίες για την κεταμίνη", "other"),  # Greek: a script without a cue list
        ("on peut parler pendant la perfusion ou on dort ?", "fr"),
    ],
)
def test_detect(message, language):
    assert detect(message) == language


@pytest.mark.parametrize(
    "message, language, cue",
    [
        ("não quero mais viver", "pt", "nao quero mais viver"),
        ("je veux mourir", "fr", "mourir"),
        ("tôi muốn chết", "vi", "muon chet"),
        ("gusto ko nang mamatay", "tl", "gusto ko nang mamatay"),
        ("我想死", "zh", "想死"),
        ("a cetamina ajuda na dor?", "pt", None),
        ("how does it work", "en", None),  # English has no cue list: the classifier and patterns read it
        ("Я больше не хочу жить", "ru", "не хочу жить"),
        ("папа не дышит", "ru", "не дышит"),
        ("أريد أن أموت الليلة", "ar", "أريد أن أموت"),
        ("아빠가 숨을 안 쉬어요", "ko", "숨을 안 쉬"),
        ("Meine Mutter ist bewusstlos", "de", "bewusstlos"),
        ("mia madre non respira", "it", "non respira"),
        ("mwen pa vle viv ankò", "ht", "pa vle viv"),
        ("Кетамин помогает при боли?", "ru", None),
        ("Я не хочу умереть от боли, кетамин поможет?", "ru", None),  # negated
        ("케타민이 암 통증에 도움이 되나요?", "ko", None),
        ("Ich habe keine Selbstmordgedanken, nur Schmerzen.", "de", None),  # negated
        ("mi voglio uccidere, non ce la faccio più", "it", "mi voglio uccidere"),
        ("non so, mio padre non respira", "it", "non respira"),  # "I don't know" negates nothing
        ("mwen pa konnen, manman m pa respire", "ht", "pa respire"),
        ("я не знаю, папа не дышит", "ru", "не дышит"),
        ("Я больше не могу терпеть боль хочу умереть", "ru", "хочу умереть"),
        ("الألم شديد أريد أن أموت", "ar", "أريد أن أموت"),  # "الألم" (the pain) holds no negation
        ("هل يسبب الكيتامين أفكارا انتحارية؟", "ar", None),  # a general question: "الكيتامين" names no one
        ("케타민이 자살 충동을 일으킬 수 있나요?", "ko", None),  # the ending "-나요" is not "나" (I)
        ("죽고 싶지 않아요", "ko", None),  # negated after the verb
        ("숨을 쉬지 않아요", "ko", "숨을 쉬지 않"),  # "not breathing": the cue's own ending is no negation of it
        ("мама лежит на полу и не реагирует", "ru", "лежит на полу"),
        ("أمي ما تتنفس", "ar", "ما تتنفس"),
        ("Mein Mann ist nicht mehr ansprechbar", "de", "nicht mehr ansprechbar"),
        ("er ist nicht mehr wach und atmet nicht", "de", "atmet nicht"),  # the negation before "und" is another clause's
        ("mon père ne va pas bien il est inconscient", "fr", "inconscient"),
        ("hindi gumagalaw at hindi humihinga si lolo", "tl", "hindi humihinga"),
        ("今天晚上她把一个星期的药一次吃完了，现在怎么叫都没反应", "zh", "一次吃完"),
        ("Tôi không có ý định tự tử, chỉ buồn vì đau quá", "vi", None),  # "ý" is no "and"
        # Hindi (Devanagari), read with or without the nukta and the candrabindu
        ("मैं मरना चाहता हूँ", "hi", "मरना चाहत"),
        ("मेरे पापा सांस नहीं ले रहे हैं", "hi", "सांस नहीं ले"),
        ("मेरे पापा साँस नहीं ले रहे", "hi", "सांस नहीं ले"),  # candrabindu
        ("पापा बेहोश हो गए हैं और उठ नहीं रहे", "hi", "बेहोश"),  # a negation four words on is another verb's
        ("मैंने अपनी सारी गोलियाँ खा ली हैं", "hi", "सारी गोलिया"),
        ("मैं जीना नहीं चाहती", "hi", "जीना नहीं चाहत"),  # the cue's own negation
        ("मां ने पूरी शीशी पी ली", "hi", "पूरी शीशी"),
        ("मैंने ज़हर खा लिया", "hi", "जहर"),  # nukta
        ("कितनी गोलियां जानलेवा होंगी?", "hi", "जानलेवा"),  # a lethal amount, however asked
        ("मैं आत्महत्या नहीं करूंगा, बस दर्द बहुत है", "hi", None),  # negated after the cue, as Hindi does
        ("क्या केटामाइन से आत्महत्या के विचार आ सकते हैं?", "hi", None),  # a general question
        ("दस साल पहले मैंने ज़हर खाया था", "hi", None),  # the past
        ("क्या केटामाइन कैंसर के दर्द में मदद करता है?", "hi", None),
    ],
)
def test_crisis_cues(message, language, cue):
    found = crisis_cue(message, language)
    assert (found is not None) == (cue is not None)
    if cue:
        assert cue in found or found in cue


def test_spanish_is_read_through_the_glossary():
    assert read_spanish("¿Cómo funciona la ketamina para el dolor?").split()[:4] == ["how", "works", "the", "ketamine"]


@pytest.mark.parametrize("message, read", [
    ("¿Cuánto cuesta una sesión?", "how much cost a session"),
    ("¿Es seguro con la quimio?", "is it safe with the chemo"),
    ("mi esposo está deprimido desde que empezó el dolor", "my husband is depressed since what started the pain"),
    # "seguro" is safe after a verb or an adverb, insurance after an article
    ("¿Es realmente seguro?", "is really safe"),
    ("¿la ketamina es segura para mi mamá?", "the ketamine is it safe for my mother"),
    ("¿El seguro cubre la ketamina?", "the insurance cover up the ketamine"),
    ("¿tienen estacionamiento?", "have parking"),
    ("quisiera saber si funciona", "i would like to know if works"),
    ("la morfina no le hace nada", "the morphine does not work for her"),
    ("¿el dolor va empeorando?", "the pain gets worse"),
    ("¿puedo manejar después?", "can i drive after"),  # to drive, in Latin America
    ("ayuda a manejar el dolor", "help a manage the pain"),
])
def test_everyday_spanish_words_are_read_in_english(message, read):
    assert read_spanish(message) == read


def test_a_spanish_cost_question_reaches_the_not_covered_topic():
    from pathlib import Path

    from bot.engine.answer import Bot
    from bot.kbformat.reader import load

    reply = Bot(load(Path(__file__).resolve().parent.parent / "knowledge")).ask("¿cuánto cuesta la ketamina?")
    assert reply.status == "fallback" and reply.reason == "not covered: cost-and-insurance" and reply.language == "es"


def test_spanish_phrases_are_read_before_words():
    assert read_spanish("¿Por qué la morfina ya no le hace efecto?").split()[:6] == ["why", "the", "morphine", "no", "longer", "it"]


@pytest.mark.parametrize(
    "message, language",
    [
        ("Não estou pensando em me matar, só estou muito cansada da dor.", "pt"),  # negated
        ("Je ne suis pas suicidaire, juste très fatigué de souffrir.", "fr"),
        ("我没有想自杀，只是心情很低落。", "zh"),
        ("Hindi ko gustong mamatay, gusto ko lang mawala ang sakit.", "tl"),
        ("Meu pai teve uma overdose de morfina há dois anos, agora está bem.", "pt"),  # the past, and fine now
        ("J'ai fait une tentative de suicide il y a dix ans.", "fr"),
        ("La kétamine peut-elle provoquer des idées suicidaires ?", "fr"),  # a question that names no one
        ("É possível morrer de overdose de cetamina?", "pt"),
        ("氯胺酮会导致自杀念头吗？", "zh"),
    ],
)
def test_a_cue_that_names_no_danger_now_is_not_a_crisis_cue(message, language):
    assert crisis_cue(message, language) is None


@pytest.mark.parametrize(
    "message, language",
    [
        ("je ne veux plus vivre", "fr"),  # "ne ... plus" is the cue itself
        ("não aguento mais, quero morrer", "pt"),
        ("Tentei me matar há dois anos e hoje quero morrer de novo", "pt"),  # the past, but now too
        ("Minha mãe tomou todos os comprimidos, ela vai morrer?", "pt"),  # a question about someone
        ("Quantos comprimidos de morfina precisa para morrer?", "pt"),  # an amount
        ("我不想活了", "zh"),
        ("hindi na humihinga ang tatay ko", "tl"),
    ],
)
def test_a_cue_of_danger_now_is_kept(message, language):
    assert crisis_cue(message, language) is not None


@pytest.mark.parametrize("message, cue", [
    ("ich will sterben", "will sterben"),  # too few words to be told German: read as English
    ("voglio morire", "voglio morire"),
    ("how does ketamine work", None),
    ("I want to sleep, mi voglio riposare", None),
])
def test_a_short_cry_read_as_english_is_looked_up_in_the_other_cue_lists(message, cue):
    from bot.engine.language import cue_in_any_language

    found = cue_in_any_language(message)
    assert (found[0] if found else None) == cue



# Turkish, Polish, Ukrainian (read with Russian) and Hindi in Latin letters (session 20): (message, read as, urgent?)
NEW_LISTS = [
    ("Ölmek istiyorum, artık yaşamak istemiyorum", "tr", True),
    ("Annem bayıldı ve nefes almıyor!", "tr", True),
    ("Ölmek istemiyorum ama çok ağrım var", "tr", False),  # the want negated by its ending
    ("Bu ağrı beni öldürüyor, ketamin işe yarar mı?", "tr", False),  # a figure of speech
    ("Filme bayıldım, teşekkürler", "tr", False),  # "I loved it", not "fainted"
    ("Chcę się zabić, nie chcę już żyć", "pl", True),
    ("Tata nie oddycha i jest nieprzytomny", "pl", True),
    ("mama przedawkowała leki, co robić", "pl", True),
    ("Nie chcę umrzeć, chcę tylko mniej bólu", "pl", False),
    ("Jestem zawalony pracą, czy ketamina pomaga na ból?", "pl", False),
    ("Ten ból mnie zabije, czy ketamina pomoże?", "pl", False),
    ("Я хочу померти, більше не можу", "ru", True),
    ("Мій батько впав і не дихає, що робити?", "ru", True),
    ("Скільки таблеток потрібно, щоб померти?", "ru", True),
    ("Я не хочу померти, хочу лікування", "ru", False),
    ("У мене напад болю щоночі, чи допоможе кетамін?", "ru", False),
    ("Мій дідусь помер десять років тому від раку, чи допоможе кетамін мамі?", "ru", False),
    ("mai ab jeena nahi chahta, sab khatam karna hai", "hl", True),
    ("papa behosh ho gaye aur saans nahi le rahe", "hl", True),
    ("bhai ne saari goliyan kha li, uth nahi raha", "hl", True),
    ("mai suicide nahi karunga, bas dard kam chahiye", "hl", False),  # negated after the act
    ("kya ketamine se behosh karte hai?", "hl", False),  # anaesthesia
    ("dard se mar jaunga yaar, ketamine kaam karega?", "en", False),  # "I'll die of this pain": a figure of speech
    ("ok thanks alvida", "en", False),
]


@pytest.mark.parametrize("message, read_as, urgent", NEW_LISTS)
def test_turkish_polish_ukrainian_and_hindi_in_latin_letters(message, read_as, urgent):
    from bot.engine import safety

    assert detect(message) == read_as
    assert safety.assess(message).crisis is urgent
