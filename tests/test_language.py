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
        ("Кетамин помогает при боли?", "other"),
        ("ok", "en"),
        ("👍", "en"),
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
    ],
)
def test_crisis_cues(message, language, cue):
    found = crisis_cue(message, language)
    assert (found is not None) == (cue is not None)
    if cue:
        assert cue in found or found in cue


def test_spanish_is_read_through_the_glossary():
    assert read_spanish("¿Cómo funciona la ketamina para el dolor?").split()[:4] == ["how", "works", "la", "ketamine"]
