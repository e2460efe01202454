"""The folder format's writer: FAQ entries written through libyaml are the texts PyYAML's emitter writes."""

import random

import pytest

from bot.kbformat import writer
from bot.kbformat.reader import read_folder
from tests.conftest import KNOWLEDGE

ODD = ["é", "ß", "中", "’", "—", "\u00a0", "\u3000", "  ", "- ", ": ", " #", "---", "...", "'", '"', "\\", "\n", "\t", "\x07", "\x85", "\u2028",
       "\ufeff", "\U0001f600", "{", "[", "&", "*", "|", ">", "%", "@", "`", "!", "?"]
SCALARS = "yes no null true 1.5 0x1F 2024-01-01 ~ on off = << - ? : é中文".split()


def odd_items(count: int, seed: int) -> list[dict]:
    """FAQ items whose texts are made to trip a YAML emitter: indicators, reserved words, long words, odd characters."""
    rng = random.Random(seed)

    def text() -> str:
        shape = rng.random()
        if shape < 0.2:
            return rng.choice(SCALARS)
        if shape < 0.6:
            words = SCALARS + ["lorem", "x" * rng.randint(1, 120), "中" * rng.randint(1, 60)]
            return " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        return "".join(rng.choice(ODD + list("abc xyz 0123456789")) for _ in range(rng.randint(0, 250)))

    items = []
    for _ in range(count):
        item = {"id": text(), "question": text(), "answer": text()}
        for key in ("alternates", "section", "url", "source", "examples"):
            if rng.random() < 0.5:
                item[key] = [text() for _ in range(rng.randint(0, 4))] if key in ("alternates", "examples") else text()
        if rng.random() < 0.05:
            del item["id"], item["question"]
        items.append(item)
    return items


@pytest.mark.parametrize("items", [read_folder(KNOWLEDGE).faqs, odd_items(3000, 1), odd_items(3000, 2)], ids=["shipped", "odd-1", "odd-2"])
def test_many_entries_at_once_are_each_entry_as_pyyaml_writes_it(items):
    assert writer.faq_texts(items) == [writer.dump_yaml(writer.clean_item(item)) for item in items]


def test_a_whole_faq_file_is_its_entries_one_after_another():
    items = read_folder(KNOWLEDGE).faqs
    assert writer.faq_file_text(items) == writer.FAQ_HEADER + "\n".join(
        writer.dump_yaml(writer.clean_item(i)).replace("\n", "\n  ").rstrip().join(["- ", "\n"]) for i in items)
