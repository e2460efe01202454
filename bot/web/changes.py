"""The history as staff read it: local times, what a change was about (the entry's question, the
section's heading), and field by field which words went and which came, with no YAML and no diff syntax."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.kbformat import reader
from bot.store.knowledge import FILES

FAQ_LABELS = {"question": "Question", "alternates": "Other ways visitors ask it", "answer": "Answer", "section": "Where the answer comes from",
              "url": "Link", "source": "Source name", "examples": "Questions visitors asked that it answers"}
MESSAGE_LABELS = {
    "clinic.name": "Clinic name", "clinic.phone": "Phone", "clinic.email": "Email", "clinic.address": "Address", "clinic.hours": "Opening hours",
    "clinic.website": "Website", "greeting": "Greeting", "starters": "Suggested questions", "disclaimer": "Note under the chat",
    "fallback": "When the bot has no answer", "part_not_covered": "When a message asks two things and only one is covered",
    "part_not_covered_es": "When a message asks two things and only one is covered (Spanish)", "medical_advice": "When someone asks about doses or medication",
    "other_language": "When a message is in a language the bot does not read", "instructions": "When someone tries to give the bot instructions",
    "urgent_help": "Urgent help (English)", "urgent_help_es": "Urgent help (Spanish)", "fallback_es": "When the bot has no answer (Spanish)",
    "answer_note_es": "Before an English answer to a Spanish question", "medical_advice_es": "When someone asks about doses or medication (Spanish)",
    "smalltalk": "Small talk",
}
ACTIONS = {"create": "Added", "update": "Changed", "delete": "Deleted", "restore": "Restored", "import": "Imported"}
CONTEXT_WORDS = 12  # unchanged words kept on each side of a change; longer unchanged runs are shortened


@dataclass
class FieldChange:
    """One field's change: its label and its words, each "same", "add" or "remove"."""

    label: str
    parts: list[tuple[str, str]]


@functools.cache
def zone(name: str) -> tzinfo:
    """The clinic's time zone (TIMEZONE, like America/Chicago); the server's own when unset or unknown."""
    try:
        return ZoneInfo(name) if name else datetime.now().astimezone().tzinfo
    except (ZoneInfoNotFoundError, ValueError):
        return datetime.now().astimezone().tzinfo


def local_time(stamp: str, zone_name: str = "") -> str:
    """A stored UTC time as the clinic reads it: "26 Nov 2026, 2:31 pm CST"."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(zone(zone_name))
    return f"{moment.day} {moment:%b %Y}, {moment.hour % 12 or 12}:{moment:%M} {'am' if moment.hour < 12 else 'pm'} {moment:%Z}"


def tokens(text: str) -> list[str]:
    """A text's words, each line break a token of its own (so lists keep their lines)."""
    return [t for line in text.split("\n") for t in [*line.split(), "\n"]][:-1] if text else []


def words(before: str, after: str) -> list[tuple[str, str]]:
    """The word-level difference of two texts: runs of ("same" | "remove" | "add", text), shown with a
    space between runs. A single unchanged word between two changes is taken into them, so they read as one."""
    a, b = tokens(before), tokens(after)
    runs: list[list] = []  # [kind, words before, words after]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        kind = "same" if op == "equal" else "change"
        if runs and (kind == runs[-1][0] or (kind == "change" and len(runs) > 1 and runs[-1][0] == "same" and len(runs[-1][1]) == 1
                                             and runs[-2][0] == "change")):
            if kind == "change" and runs[-1][0] == "same":  # fold the lone word into the change before it
                word = runs.pop()[1]
                runs[-1][1] += word
                runs[-1][2] += word
            runs[-1][1] += a[i1:i2]
            runs[-1][2] += b[j1:j2]
        else:
            runs.append([kind, a[i1:i2], b[j1:j2]])
    parts: list[tuple[str, str]] = []
    for n, (kind, old, new) in enumerate(runs):
        if kind == "same":
            parts.append(("same", shorten(join(old), first=n == 0, last=n == len(runs) - 1)))
            continue
        if old:
            parts.append(("remove", join(old)))
        if new:
            parts.append(("add", join(new)))
    return parts


def join(words: list[str]) -> str:
    """Words back as text: spaces between them, line breaks where they were."""
    return " ".join(words).replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")


def shorten(text: str, *, first: bool, last: bool) -> str:
    """Unchanged text with its middle left out when it is long (the words next to a change are kept)."""
    parts, keep = text.split(" "), CONTEXT_WORDS
    if len(parts) <= 2 * keep + 1:
        return text
    head = [] if first else parts[:keep]
    tail = [] if last else parts[-keep:]
    return " ".join([*head, "\u2026", *tail]) if head or tail else "\u2026"


def load(text: str):
    """YAML text as data (None when empty or not readable)."""
    try:
        return yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return None


def as_text(value) -> str:
    """A field's value as lines of text (a list one item a line, a mapping one `name: text` a line)."""
    if isinstance(value, list):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {as_text(v)}" for k, v in value.items())
    return "" if value is None else " ".join(str(value).split())


def faq_fields(text: str, titles: dict[str, str] | None = None) -> dict[str, str]:
    """An entry's fields by label; its source section by its title when `titles` (section id: title) has it."""
    item = load(text)
    item = item if isinstance(item, dict) else {}
    fields = {label: as_text(item.get(key)) for key, label in FAQ_LABELS.items()}
    section = fields[FAQ_LABELS["section"]]
    fields[FAQ_LABELS["section"]] = (titles or {}).get(section.split("#", 1)[-1], section) if section else ""
    return fields


def section_fields(text: str) -> dict[str, str]:
    """A section's heading and text."""
    heading, _, body = text.partition("\n")
    match = reader.HEADING_RE.match(heading)
    return {"Heading": match.group(2) if match else heading.lstrip("# "), "Text": body.strip()} if text else {"Heading": "", "Text": ""}


def message_fields(text: str) -> dict[str, str]:
    """The messages the clinic set, one field each (the clinic's details one by one)."""
    data = load(text)
    fields = {}
    for key, value in (data if isinstance(data, dict) else {}).items():
        if key == "clinic" and isinstance(value, dict):
            fields.update({MESSAGE_LABELS.get(f"clinic.{k}", f"Clinic {k}"): as_text(v) for k, v in value.items()})
        else:
            fields[MESSAGE_LABELS.get(key, key)] = as_text(value)
    return fields


def topic_fields(text: str) -> dict[str, str]:
    """Each not-covered topic's example questions, by topic."""
    data = load(text)
    return {f"Topic: {t.get('topic', t.get('id'))}": as_text(t.get("phrasings")) for t in (data if isinstance(data, list) else []) if isinstance(t, dict)}


def fields_of(kind: str, target: str, text: str, titles: dict[str, str] | None = None) -> dict[str, str]:
    """The fields of one version of what a change touched."""
    if kind == "faq":
        return faq_fields(text, titles)
    if kind == "section":
        return section_fields(text)
    if target == "messages.yaml":
        return message_fields(text)
    if target == "not-covered.yaml":
        return topic_fields(text)
    return {"Synonyms" if target == "synonyms.txt" else "Text": text.strip()}


def field_changes(change: dict, titles: dict[str, str] | None = None) -> list[FieldChange]:
    """Field by field, the words a change removed and added (unchanged fields left out); sections named by `titles`."""
    before = fields_of(change["kind"], change["target"], change["before"], titles)
    after = fields_of(change["kind"], change["target"], change["after"], titles)
    labels = [*before, *(k for k in after if k not in before)]
    return [FieldChange(label, words(before.get(label, ""), after.get(label, ""))) for label in labels if before.get(label, "") != after.get(label, "")]


def subject(change: dict, kb) -> str:
    """What a change was about, in words: the entry's question, the section's heading, the file's purpose."""
    kind, target = change["kind"], change["target"]
    if kind == "faq":
        entry = kb.entry(target)
        if entry is not None and entry.questions:
            return entry.questions[0]
        return faq_fields(change.get("before") or change.get("after") or "").get("Question") or target
    if kind == "section":
        found = kb.sections().get(target)
        return found.title if found else section_fields(change.get("before") or change.get("after") or "").get("Heading") or target
    if target in FILES:
        return FILES[target].capitalize()
    name = target.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if target.startswith("documents/"):
        return next((d.title for d in kb.documents if d.id == name), name)
    return name


def kind_label(change: dict) -> str:
    """The kind of thing a change touched, for staff."""
    kind, target = change["kind"], change["target"]
    if kind in ("faq", "section"):
        return {"faq": "Entry", "section": "Section"}[kind]
    return "Settings" if target in FILES else "Document" if target.startswith("documents/") else "Questions and answers"
