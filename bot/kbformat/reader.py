"""Read and validate the knowledge folder (the seed and exchange format) into plain values (no Flask, no SQL).

Layout of a knowledge folder:
  documents/*.md     the clinic's documents; `## Heading {#id}` starts a section
  faq/*.yaml         FAQ entries: id, question, alternates, answer, section|url,
                     examples (visitors' own questions it answers; optional)
  not-covered.yaml   topics the content does not answer (optional)
  synonyms.txt       one synonym group a line (optional)
  messages.yaml      the bot's own messages and the clinic's contact details
                     (optional; bot/data/default-messages.yaml fills any gap)

`read_folder` gives the content as written (`Content`: what the store keeps and
`bot.kbformat.writer` writes back); `knowledge_base` turns content, from a
folder or from the store, into the engine's `KnowledgeBase`. Every problem is
reported as `KnowledgeError` naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import yaml

from bot.engine.knowledge import Document, Entry, KnowledgeBase, Section, section_url
from bot.engine.text import normalize

# Entry ids are kept exactly as given (imports keep their own ids): any
# printable text up to 200 characters, no leading or trailing space.
ID_RE = re.compile(r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]{0,198}[^\s\x00-\x1f\x7f])?$")
SECTION_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$")
MAX_QUESTION = 500
MAX_EXAMPLES = 500  # visitor examples of one FAQ entry (the intent classifier is fitted on at most 2,000 texts in all)
MAX_ANSWER = 20000
DEFAULT_MESSAGES = Path(__file__).resolve().parents[1] / "data" / "default-messages.yaml"
GENERAL_SYNONYMS = Path(__file__).resolve().parents[1] / "data" / "general-synonyms.txt"
FAQ_KEYS = {"id", "question", "alternates", "answer", "section", "url", "source", "examples"}
TOPIC_KEYS = {"id", "topic", "phrasings"}
REQUIRED_MESSAGES = ("greeting", "disclaimer", "fallback", "medical_advice", "urgent_help", "smalltalk")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([^}]*)\})?\s*$")


class KnowledgeError(ValueError):
    """A problem in a knowledge file, with the file and line it is on."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass
class Content:
    """A knowledge base as written: documents with their sections' Markdown, FAQ items (each with
    the `file` it belongs to), not-covered topics, the clinic's own synonyms and message overrides."""

    documents: list[Document] = field(default_factory=list)
    faqs: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)
    synonyms: list[list[str]] = field(default_factory=list)
    messages: dict = field(default_factory=dict)


def slugify(text: str) -> str:
    """A URL-safe id made from a heading (at most 120 characters, as section ids are)."""
    return re.sub(r"[^a-z0-9]+", "-", normalize(text))[:120].strip("-") or "section"


FILE_NAME = re.compile(r"^[\w.-]{1,200}$")


def file_name(stem: str) -> str:
    """The name a document or FAQ file is known by: its own stem when that is plain (letters,
    digits, _ . -), else a slug of it. The folder reader and `flask kb import` use the same rule."""
    return stem if FILE_NAME.match(stem) and ".." not in stem else slugify(stem)[:200]


# The links visitors may be sent to: the web, an email, a phone number, or a page of this site.
SAFE_LINK = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+|tel:\+?[0-9 ()-]+|/(?!/)[^\s]*)$", re.IGNORECASE)


def is_safe_link(url: str) -> bool:
    """Whether a link is http(s):, mailto:, tel: or site-relative (never javascript: or data:)."""
    return bool(SAFE_LINK.match(url.strip()))


def load(folder: Path | str) -> KnowledgeBase:
    """Read and validate a whole knowledge folder into the engine's KnowledgeBase."""
    return knowledge_base(read_folder(folder))


def read_folder(folder: Path | str) -> Content:
    """Read and validate a whole knowledge folder, as written."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KnowledgeError(folder, None, "knowledge folder not found")
    content = Content()
    for path in sorted((folder / "documents").glob("*.md")):
        content.documents.append(parse_document(path, read_text(path)))
    _check_unique_sections(content.documents)
    sections = KnowledgeBase(documents=content.documents).sections()
    for path in sorted((folder / "faq").glob("*.yaml")):
        content.faqs.extend(parse_faq_items(path, read_text(path), sections))
    topics = folder / "not-covered.yaml"
    if topics.exists():
        content.topics = parse_topic_items(topics, read_text(topics))
    entries = [*passages_of(content.documents), *(faq_entry(i, sections) for i in content.faqs), *map(topic_entry, content.topics)]
    check_unique_ids(entries)
    check_claimed_questions(entries)
    synonyms = folder / "synonyms.txt"
    if synonyms.exists():
        content.synonyms = parse_synonyms(synonyms, read_text(synonyms))
    messages = folder / "messages.yaml"
    if messages.exists():
        content.messages = parse_message_overrides(messages, read_text(messages))
    if not content.documents and not content.faqs:
        raise KnowledgeError(folder, None, "no documents or FAQ entries to answer from")
    return content


def knowledge_base(content: Content) -> KnowledgeBase:
    """The engine's KnowledgeBase for content read from a folder or from the store."""
    sections = KnowledgeBase(documents=content.documents).sections()
    entries = [*passages_of(content.documents), *(faq_entry(i, sections) for i in content.faqs), *map(topic_entry, content.topics)]
    return KnowledgeBase(documents=list(content.documents), entries=entries, synonyms=[*content.synonyms, *general_synonyms()],
                         messages=_merge(default_messages(), content.messages))


def with_faq_changes(kb: KnowledgeBase, changed: list[dict], removed: Iterable[str] = ()) -> tuple[KnowledgeBase, list[Entry]]:
    """`kb` with the `changed` FAQ items (edited in place, new ones after the last FAQ entry) and the
    `removed` ids gone; and the changed items' entries. `kb` is untouched."""
    sections = kb.sections()
    new = [faq_entry(item, sections) for item in changed]
    by_id = {entry.id: entry for entry in new}
    gone = set(removed)
    entries = [by_id.pop(e.id, e) if e.kind == "faq" else e for e in kb.entries if e.id not in gone]
    answerable_end = max((n for n, e in enumerate(entries) if e.kind != "not_covered"), default=-1) + 1
    entries[answerable_end:answerable_end] = by_id.values()  # the new ones after the last FAQ entry, in the order read
    return replace(kb, entries=entries), new


def passages_of(documents: list[Document]) -> list[Entry]:
    """The passages of all documents, in order."""
    return [p for doc in documents for p in passages(doc)]


MAX_FILE_BYTES = 64 * 1024 * 1024


def problems(folder: Path | str) -> list[KnowledgeError]:
    """Every file of a knowledge folder that does not load, each with its own error: what
    `load` would stop at first, all at once (and then what is wrong across files)."""
    folder = Path(folder)
    if not folder.is_dir():
        return [KnowledgeError(folder, None, "knowledge folder not found")]
    found: list[KnowledgeError] = []
    documents = []
    for path in sorted((folder / "documents").glob("*.md")):
        try:
            documents.append(parse_document(path, read_text(path)))
        except KnowledgeError as err:
            found.append(err)
    sections = KnowledgeBase(documents=documents).sections()
    checks = [(path, lambda p: parse_faq(p, read_text(p), sections)) for path in sorted((folder / "faq").glob("*.yaml"))]
    checks += [(folder / "not-covered.yaml", lambda p: parse_topics(p, read_text(p))), (folder / "synonyms.txt", lambda p: parse_synonyms(p, read_text(p))),
               (folder / "messages.yaml", lambda p: parse_messages(p, read_text(p)))]
    for path, check in checks:
        if path.exists() or path.is_symlink():
            try:
                check(path)
            except KnowledgeError as err:
                found.append(err)
    if not found:
        try:
            load(folder)
        except KnowledgeError as err:
            found.append(err)
    return found


def read_text(path: Path) -> str:
    """A file's text as UTF-8, or a KnowledgeError naming the file (and the bad line): a dangling
    link, an unreadable file or one removed while it is read is an error line, never a crash."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise KnowledgeError(path, None, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as err:
        raise KnowledgeError(path, None, f"cannot be read ({err.strerror or err}); a link to a missing file, or no permission?") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise KnowledgeError(path, line, "not valid UTF-8 text; save the file as UTF-8") from None


def parse_document(path: Path, text: str) -> Document:
    """Split a Markdown document into sections of paragraphs."""
    doc_id, title = file_name(path.stem), ""
    sections: list[Section] = []
    current: dict | None = None
    paragraph: list[str] = []

    def flush_paragraph():
        if paragraph and current is not None:
            current["paragraphs"].append(" ".join(paragraph))
        paragraph.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        heading = HEADING_RE.match(line)
        if heading and len(heading.group(1)) <= 2:
            flush_paragraph()
            level, name, anchor = len(heading.group(1)), heading.group(2), heading.group(3)
            if not name:
                raise KnowledgeError(path, number, "heading has no text")
            if len(name) > 300:
                raise KnowledgeError(path, number, f"the heading is {len(name)} characters; the limit is 300")
            if anchor is not None and not SECTION_ID_RE.match(anchor):
                raise KnowledgeError(path, number, f"section id {anchor!r} may use only letters, digits and - _ . :")
            if level == 1:
                if title:
                    raise KnowledgeError(path, number, "a document has one '# Title' line; use '## ' for sections")
                title = name
                current = {"id": anchor or slugify(doc_id), "title": name, "paragraphs": [], "line": number, "lines": [], "level": 1}
            else:
                current = {"id": anchor or slugify(name), "title": name, "paragraphs": [], "line": number, "lines": [], "level": 2}
            sections.append(current)
        elif not line:
            flush_paragraph()
            if current is not None:
                current["lines"].append("")
        else:
            if current is None:
                raise KnowledgeError(path, number, "text before the document's '# Title' line")
            paragraph.append(line)
            current["lines"].append(raw.rstrip())
    flush_paragraph()
    if not title:
        raise KnowledgeError(path, 1, "the document needs a '# Title' line first")
    return Document(
        id=doc_id,
        title=title,
        sections=tuple(
            Section(s["id"], s["title"], doc_id, tuple(s["paragraphs"]), s["line"], "\n".join(s["lines"]).strip("\n"), s["level"])
            for s in sections
            if s["paragraphs"]
        ),
        path=str(path),
    )


def paragraphs(body: str) -> tuple[str, ...]:
    """A section's Markdown as its paragraphs: lines joined, blank lines between (as `parse_document` reads them)."""
    found, current = [], []
    for raw in body.splitlines():
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return tuple(found)


def passages(doc: Document) -> list[Entry]:
    """One entry per paragraph: the passages a question can be answered from."""
    return [
        Entry(
            id=f"{section.id}-p{number}",
            kind="passage",
            title=section.title,
            questions=(),
            answer=text,
            url=section_url(section.id),
            section=f"{doc.id}#{section.id}",
            path=doc.path,
            line=section.line,
        )
        for section in doc.sections
        for number, text in enumerate(section.paragraphs, 1)
    ]


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line each mapping starts on, and refuses aliases:
    a few hundred bytes of nested aliases ("billion laughs") would take a worker down."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in knowledge files; write the text out", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def parse_yaml(path: Path, text: str):
    """YAML data with `__line__` on every mapping, or a KnowledgeError."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise KnowledgeError(path, mark.line + 1 if mark else None, f"not valid YAML: {problem}") from None


def _items(path: Path, text: str) -> list[dict]:
    """The list of mappings a FAQ or topics file holds."""
    data = parse_yaml(path, text)
    if data is None:
        return []
    if not isinstance(data, list):
        raise KnowledgeError(path, 1, "the file must be a list of entries, each starting with '- id:'")
    for item in data:
        if not isinstance(item, dict):
            raise KnowledgeError(path, None, f"every entry must be a mapping with keys, got {item!r}")
    return data


def _text(path: Path, item: dict, key: str, *, required=True, limit=MAX_ANSWER) -> str:
    """A text field of an entry, checked for type and length."""
    line = item["__line__"]
    value = item.get(key)
    if value is None or value == "":
        if required:
            raise KnowledgeError(path, line, f"entry {item.get('id')!r} has no {key}")
        return ""
    if not isinstance(value, str):
        raise KnowledgeError(path, line, f"{key} of entry {item.get('id')!r} must be text; put it in quotes")
    value = " ".join(value.split())
    if not value and required:
        raise KnowledgeError(path, line, f"entry {item.get('id')!r} has an empty {key}")
    if len(value) > limit:
        raise KnowledgeError(path, line, f"{key} of entry {item.get('id')!r} is {len(value)} characters; the limit is {limit}")
    return value


def _text_list(path: Path, item: dict, key: str) -> tuple[str, ...]:
    """A list-of-text field of an entry."""
    value = item.get(key) or []
    if isinstance(value, str) or not isinstance(value, list):
        raise KnowledgeError(path, item["__line__"], f"{key} of entry {item.get('id')!r} must be a list of lines starting with '- '")
    return tuple(_text(path, {"__line__": item["__line__"], "id": item.get("id"), key: v}, key, limit=MAX_QUESTION) for v in value)


def _examples(path: Path, item: dict) -> list[str]:
    """An FAQ entry's visitor examples, at most MAX_EXAMPLES."""
    examples = list(_text_list(path, item, "examples"))
    if len(examples) > MAX_EXAMPLES:
        raise KnowledgeError(path, item["__line__"], f"entry {item.get('id')!r} has {len(examples)} examples; the limit is {MAX_EXAMPLES}")
    return examples


def _id(path: Path, item: dict, allowed: set[str]) -> str:
    """An entry's id, checked, after checking for unknown keys."""
    unknown = sorted(set(item) - allowed - {"__line__"})
    if unknown:
        raise KnowledgeError(path, item["__line__"], f"unknown key {unknown[0]!r}; valid keys: {', '.join(sorted(allowed))}")
    entry_id = item.get("id")
    if not isinstance(entry_id, (str, int)) or not ID_RE.match(str(entry_id)):
        raise KnowledgeError(path, item["__line__"], f"id {entry_id!r} must be 1-200 characters of text with no line breaks")
    return str(entry_id)


def parse_faq(path: Path, text: str, sections: dict[str, Section]) -> list[Entry]:
    """FAQ entries from one YAML file, checked against the documents' sections."""
    return [faq_entry(item, sections) for item in parse_faq_items(path, text, sections)]


FAQ_FIELDS = ("id", "question", "alternates", "answer", "section", "url", "source", "examples")


def parse_faq_items(path: Path, text: str, sections: dict[str, Section]) -> list[dict]:
    """FAQ items as written in one YAML file (fields in FAQ_FIELDS, plus `file` and `line`), checked."""
    items = []
    for item in _items(path, text):
        entry_id = _id(path, item, FAQ_KEYS)
        url = _text(path, item, "url", required=False, limit=2000)
        if url and not is_safe_link(url):
            raise KnowledgeError(path, item["__line__"], f"entry {entry_id!r}: url {url[:60]!r} must start with https://, http://, mailto:, tel: or / (a page of this site)")
        section_ref = _text(path, item, "section", required=False, limit=200)
        if section_ref and sections.get(section_ref.split("#", 1)[-1]) is None:
            raise KnowledgeError(path, item["__line__"], f"section {section_ref!r} of entry {entry_id!r} is not a section of any document")
        items.append({
            "id": entry_id,
            "question": _text(path, item, "question", limit=MAX_QUESTION),
            "alternates": list(_text_list(path, item, "alternates")),
            "answer": _text(path, item, "answer"),
            "section": section_ref,
            "url": url,
            "source": _text(path, item, "source", required=False, limit=300),
            "examples": _examples(path, item),
            "file": file_name(path.stem),
            "line": item["__line__"],
            "path": str(path),
        })
    return items


def faq_entry(item: dict, sections: dict[str, Section]) -> Entry:
    """The engine's Entry for an FAQ item; a section link resolves to the section's page and title."""
    url, title, section_ref = item.get("url") or "", item.get("source") or item["question"], item.get("section") or ""
    section = sections.get(section_ref.split("#", 1)[-1]) if section_ref else None
    if section is not None:
        url, title, section_ref = url or section_url(section.id), section.title, f"{section.doc_id}#{section.id}"
    return Entry(id=item["id"], kind="faq", title=title, questions=(item["question"], *(item.get("alternates") or ())), answer=item["answer"],
                 url=url, section=section_ref, path=item.get("path", ""), line=item.get("line", 0), examples=tuple(item.get("examples") or ()))


def parse_topics(path: Path, text: str) -> list[Entry]:
    """Not-covered topics: phrasings that must get the fallback reply."""
    return [topic_entry(item) for item in parse_topic_items(path, text)]


def parse_topic_items(path: Path, text: str) -> list[dict]:
    """Not-covered topics as written: id, topic, phrasings (and `line`, `path`)."""
    topics = []
    for item in _items(path, text):
        entry_id = _id(path, item, TOPIC_KEYS)
        phrasings = _text_list(path, item, "phrasings")
        if not phrasings:
            raise KnowledgeError(path, item["__line__"], f"topic {entry_id!r} needs at least one phrasing")
        topics.append({"id": entry_id, "topic": _text(path, item, "topic", limit=MAX_QUESTION), "phrasings": list(phrasings),
                       "line": item["__line__"], "path": str(path)})
    return topics


def topic_entry(item: dict) -> Entry:
    """The engine's Entry for a not-covered topic."""
    return Entry(item["id"], "not_covered", item["topic"], tuple(item["phrasings"]), "", path=item.get("path", ""), line=item.get("line", 0))


def parse_synonyms(path: Path, text: str) -> list[list[str]]:
    """Synonym groups, one comma-separated line each; `#` starts a comment."""
    groups = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        terms = [t.strip() for t in line.split(",")]
        if any(not t for t in terms) or len(terms) < 2:
            raise KnowledgeError(path, number, "a synonym line needs two or more terms separated by commas, with no empty term")
        groups.append(terms)
    return groups


def general_synonyms() -> list[list[str]]:
    """The synonyms every knowledge base gets, after its own."""
    return parse_synonyms(GENERAL_SYNONYMS, GENERAL_SYNONYMS.read_text(encoding="utf-8"))


def parse_messages(path: Path, text: str) -> dict:
    """The bot's messages: the defaults, overridden key by key by messages.yaml."""
    return _merge(default_messages(), parse_message_overrides(path, text))


def messages_with_defaults(overrides: dict) -> dict:
    """The bot's messages: the defaults with what the clinic sets laid over them."""
    return _merge(default_messages(), overrides)


def parse_message_overrides(path: Path, text: str) -> dict:
    """What messages.yaml sets, checked (the defaults fill the rest)."""
    data = parse_yaml(path, text) if text.strip() else {"__line__": 1}
    if not isinstance(data, dict):
        raise KnowledgeError(path, 1, "messages.yaml must be a mapping of names to messages")
    for key in REQUIRED_MESSAGES:
        if key in data and not data[key]:
            raise KnowledgeError(path, data["__line__"], f"message {key!r} is empty; write the message or remove the line to use the default")
    starters = data.get("starters", [])
    if not isinstance(starters, list) or not all(isinstance(q, str) and q.strip() for q in starters) or len(starters) > 6:
        raise KnowledgeError(path, data["__line__"], "starters must be a list of up to 6 questions, each on a line starting with '- '")
    for key in ("urgent_help", "urgent_help_es"):
        _check_urgent_help(path, data, key)
    _check_shapes(path, data, default_messages())
    return _strip_lines(data)


def _check_shapes(path: Path, data: dict, defaults: dict) -> None:
    """Every message is one the bot has, in the shape it has: text where it is text, a mapping of
    texts (the clinic's details, small talk) where it is a mapping."""
    line = data["__line__"]
    for key, value in data.items():
        if key == "__line__" or key in ("urgent_help", "urgent_help_es", "starters"):
            continue
        if key not in defaults:
            raise KnowledgeError(path, line, f"unknown message {key!r}; the messages are: {', '.join(sorted(defaults))}")
        default = defaults[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise KnowledgeError(path, line, f"{key!r} must be a mapping of names to texts, one a line, indented under '{key}:'")
            for name, text in value.items():
                if name == "__line__":
                    continue
                if name not in default:
                    raise KnowledgeError(path, value["__line__"], f"unknown field {name!r} of {key!r}; the fields are: {', '.join(default)}")
                if not isinstance(text, (str, int, float)) and text is not None:
                    raise KnowledgeError(path, value["__line__"], f"{key}.{name} must be text; put it in quotes")
        elif not isinstance(value, str):
            raise KnowledgeError(path, line, f"message {key!r} must be text; put it in quotes")


def _check_urgent_help(path: Path, data: dict, key: str) -> None:
    """An urgent-help block needs a text, and links that can only dial or text a number."""
    urgent = data.get(key)
    if urgent is None:
        return
    line = urgent.get("__line__") if isinstance(urgent, dict) else data["__line__"]
    if not isinstance(urgent, dict) or not isinstance(urgent.get("text", "x"), str) or not urgent.get("text", "x").strip():
        raise KnowledgeError(path, line, f"{key} must have a text")
    links = urgent.get("links", [])
    if not isinstance(links, list):
        raise KnowledgeError(path, line, f"{key} links must be a list")
    for link in links:
        if not isinstance(link, dict) or not link.get("label") or not URGENT_HREF.match(str(link.get("href", ""))):
            raise KnowledgeError(path, link.get("__line__", line) if isinstance(link, dict) else line,
                                 f"each {key} link needs a label and an href like tel:988, sms:988 or sms:988?body=AYUDA")


# tel: or sms: and a number; an sms: link may prefill a one-word body ("AYUDA").
URGENT_HREF = re.compile(r"^(tel:\+?[0-9]+|sms:\+?[0-9]+(\?body=[A-Za-z0-9]+)?)$")


def default_messages() -> dict:
    """The messages every knowledge folder starts from."""
    return _strip_lines(yaml.safe_load(DEFAULT_MESSAGES.read_text(encoding="utf-8")))


def _merge(base: dict, override: dict) -> dict:
    """`base` with `override` laid over it, mapping by mapping."""
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged


def _strip_lines(value):
    """Data without the loader's `__line__` markers, text whitespace collapsed."""
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return "" if value is None else value


def _check_unique_sections(documents: list[Document]) -> None:
    seen: dict[str, Document] = {}
    for doc in documents:
        for section in doc.sections:
            if section.id in seen:
                raise KnowledgeError(doc.path, section.line, f"section id {section.id!r} is also used in {seen[section.id].path}")
            seen[section.id] = doc


class ClaimedTwice(NamedTuple):
    """A question two entries claim: `entry`'s (as `kind`), already `owner`'s (as `owned_as`)."""

    question: str
    entry: Entry
    kind: str  # "a phrasing" or "a visitor example"
    owner: Entry
    owned_as: str

    def __str__(self) -> str:
        where = f" at {self.owner.path}:{self.owner.line}" if self.owner.path else ""
        return f"{self.question!r}, {self.kind} of the entry {self.entry.id!r}, is also {self.owned_as} of the entry {self.owner.id!r}{where}"


def questions_claimed_twice(entries: list[Entry]) -> list[ClaimedTwice]:
    """Every question (written alike once normalised) that belongs to a second entry, as a phrasing or a visitor example of each."""
    claimed: dict[str, tuple[Entry, str]] = {}
    found = []
    for entry in entries:
        for kind, questions in (("a phrasing", entry.questions), ("a visitor example", entry.examples)):
            for question in questions:
                key = normalize(question)
                if not key:
                    continue
                owner, owned_as = claimed.setdefault(key, (entry, kind))
                if owner.id != entry.id:
                    found.append(ClaimedTwice(question, entry, kind, owner, owned_as))
    return found


def check_claimed_questions(entries: list[Entry]) -> None:
    """KnowledgeError where a visitor example belongs to another entry too (as its phrasing or example): it
    would teach the bot both ways, and the admin's editor refuses it (bot/store/knowledge.py, validate_faq).
    The same phrasing in two entries stays allowed here, as FAQs written elsewhere often have it (`flask kb
    check` warns of it)."""
    for twice in questions_claimed_twice(entries):
        if "example" in twice.kind or "example" in twice.owned_as:
            raise KnowledgeError(twice.entry.path, twice.entry.line, f"{twice}; a question belongs to one entry only")


def check_unique_ids(entries: list[Entry]) -> None:
    """KnowledgeError naming where an id is used a second time."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in seen:
            first = seen[entry.id]
            raise KnowledgeError(entry.path, entry.line, f"id {entry.id!r} is already used at {first.path}:{first.line}")
        seen[entry.id] = entry
