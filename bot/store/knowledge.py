"""The knowledge in the store: read it whole, change it one transaction at a time (no Flask views).

Every change runs in one transaction that first raises the knowledge's
revision number (taking its row lock, so changes never interleave), checks the
version the editor started from, writes the change and its history row
together, and commits both or neither. A version is a number: an entry's or a
section's own counter, or for a whole file (synonyms, messages, not-covered
topics) the id of its newest history row; 0 means "not there".
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml
from sqlalchemy import Text, delete, func, insert, select, type_coerce, update
from sqlalchemy.exc import DataError, IntegrityError

from bot.engine.knowledge import Document as DocumentValue
from bot.engine.knowledge import KnowledgeBase
from bot.engine.knowledge import Section as SectionValue
from bot.engine.text import normalize
from bot.kbformat import reader, writer
from bot.kbformat.reader import ID_RE, MAX_ANSWER, MAX_QUESTION, SECTION_ID_RE, Content, KnowledgeError
from bot.store import db
from bot.store.models import Document, FaqEntry, KnowledgeState, Message, Revision, Section, SynonymGroup, Topic

FILES = {"synonyms.txt": "synonyms", "not-covered.yaml": "not-covered topics", "messages.yaml": "messages and contact details"}
# An id staff type for a new entry: lowercase words joined by hyphens ("parking-at-the-clinic").
NEW_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NEW_ID_LENGTH = 60  # a generated id: the question's first words, up to this many characters


@dataclass
class Change:
    """One saved change: what it touched and the text before and after ("" when absent)."""

    kind: str  # "faq" | "section" | "file"
    target: str
    action: str  # "create" | "update" | "delete" | "restore" | "import"
    before: str
    after: str
    id: int = 0


class Conflict(Exception):
    """The entry, section or file changed since the editor opened it."""

    def __init__(self, current: str, message: str = "Someone else changed this since you opened it."):
        super().__init__(message)
        self.current = current


@dataclass
class Invalid(Exception):
    """Field-by-field problems with a submitted edit."""

    errors: dict[str, str] = field(default_factory=dict)


# ---- Reading ---------------------------------------------------------------------------------------

def revision() -> int:
    """The knowledge's revision number: raised by every change (0 before the first)."""
    return db.session.execute(select(KnowledgeState.revision).where(KnowledgeState.id == 1)).scalar() or 0


def is_empty() -> bool:
    """Whether the store holds no knowledge yet (a fresh database)."""
    return db.session.execute(select(FaqEntry.id).limit(1)).first() is None and db.session.execute(select(Document.id).limit(1)).first() is None


def read_content() -> Content:
    """The whole knowledge as written, in order."""
    content = read_parts()
    content.faqs = read_faqs()
    return content


def read_parts() -> Content:
    """Everything but the FAQ entries: documents with their sections, topics, synonyms, messages."""
    session = db.session
    sections: dict[int, list[SectionValue]] = {}
    docs = session.execute(select(Document.id, Document.key, Document.title).order_by(Document.position)).all()
    keys = {doc_id: key for doc_id, key, _ in docs}
    query = select(Section.document_id, Section.key, Section.title, Section.body, Section.level).order_by(Section.document_id, Section.position)
    for doc_id, key, title, body, level in session.execute(query):
        sections.setdefault(doc_id, []).append(section_value(key, title, keys[doc_id], body, level))
    return Content(documents=[DocumentValue(key, title, tuple(sections.get(doc_id, ()))) for doc_id, key, title in docs],
                   topics=read_topics(), synonyms=read_synonyms(), messages=read_messages())


READ_BATCH = 500  # ids per IN (...) when only some entries are read


def read_faqs(keys: list[str] | None = None) -> list[dict]:
    """The FAQ entries as items, in order: all of them, or those with these ids."""
    # Read as plain rows (no ORM loading), the alternates and examples as their JSON text: a third of the time at 100,000 entries.
    table = FaqEntry.__table__.c
    columns = (table.key, table.question, type_coerce(table.alternates, Text), table.answer, table.section, table.url, table.source, table.file,
               type_coerce(table.examples, Text))
    query = select(*columns).order_by(table.position)
    connection = db.session.connection()
    if keys is None:
        rows = list(connection.execute(query))
    else:
        rows = [row for first in range(0, len(keys), READ_BATCH) for row in connection.execute(query.where(table.key.in_(keys[first:first + READ_BATCH])))]
    return [{"id": key, "question": question, "alternates": stored_list(alternates), "answer": answer, "section": section, "url": url,
             "source": source, "file": file, "examples": stored_list(examples)}
            for key, question, alternates, answer, section, url, source, file, examples in rows]


def read_faq_keys() -> frozenset[str]:
    """Every FAQ entry's id (read from the index of ids, not the rows)."""
    return frozenset(db.session.connection().execute(select(FaqEntry.__table__.c.key)).scalars())


def read_faq_changed_since(revision_number: int) -> list[str]:
    """The ids of the FAQ entries written after that revision (read through the index of `changed`)."""
    table = FaqEntry.__table__.c
    return list(db.session.connection().execute(select(table.key).where(table.changed > revision_number)).scalars())


def count_faqs() -> int:
    """How many FAQ entries there are."""
    return db.session.execute(select(func.count()).select_from(FaqEntry)).scalar()


@dataclass
class Reading:
    """The knowledge as read at one moment, for the bot: everything but the FAQ entries (`parts`), the
    ids of the FAQ entries, and the FAQ items read: all of them (`whole`), or only those written since
    an earlier reading, with the ids of those removed since."""

    revision: int
    parts: Content
    keys: frozenset[str]
    faqs: list[dict]
    removed: frozenset[str] = frozenset()
    whole: bool = True

    def content(self) -> Content:
        """The whole content (of a whole reading)."""
        return dataclasses.replace(self.parts, faqs=self.faqs)

    def kept(self) -> "Reading":
        """What is kept to compare the next reading with (not the items: 100,000 of them take memory)."""
        return dataclasses.replace(self, faqs=[])


def read_knowledge(since: Reading | None = None, most: int = 50) -> Reading:
    """The knowledge at one moment. Given the `since` reading: when only FAQ entries changed, at most
    `most` of them, only those are read: at 100,000 entries, milliseconds instead of a second. Each
    entry's row keeps the revision of its last write (an entry deleted and made again is newer than
    the reading); a delete shows in the count, and then the ids are read to tell which."""
    with snapshot():
        number, parts = revision(), read_parts()
        changed = read_faq_changed_since(since.revision) if since is not None and parts == since.parts else None
        if changed is not None and len(changed) <= most:
            keys, removed = since.keys.union(changed), frozenset()
            if count_faqs() != len(keys):
                keys = read_faq_keys()
                removed = since.keys - keys
            if len(changed) + len(removed) <= most:
                return Reading(number, parts, keys, read_faqs(changed) if changed else [], removed, whole=False)
        faqs = read_faqs()
        return Reading(number, parts, frozenset(item["id"] for item in faqs), faqs)


def stored_list(stored) -> list[str]:
    """An entry's alternates or examples from the column as read: JSON text (SQLite), or a list (PostgreSQL's driver decodes JSON itself)."""
    if isinstance(stored, list):
        return list(stored)
    if not stored or stored == "[]":
        return []
    return list(json.loads(stored) or [])  # a JSON null reads as none on either database


def section_value(key: str, title: str, doc_key: str, body: str, level: int) -> SectionValue:
    """A section row's fields as the engine's Section, its paragraphs read from its Markdown."""
    return SectionValue(key, title, doc_key, reader.paragraphs(body), 0, body, level)


def read_topics() -> list[dict]:
    """The not-covered topics, in order."""
    return [{"id": t.key, "topic": t.topic, "phrasings": list(t.phrasings)} for t in db.session.execute(select(Topic).order_by(Topic.position)).scalars()]


def read_synonyms() -> list[list[str]]:
    """The clinic's own synonym groups, in order."""
    return [list(g.terms) for g in db.session.execute(select(SynonymGroup).order_by(SynonymGroup.position)).scalars()]


def read_messages() -> dict:
    """The messages the clinic set over the defaults."""
    return {m.name: m.value for m in db.session.execute(select(Message).order_by(Message.position)).scalars()}


def read_kb() -> KnowledgeBase:
    """The engine's KnowledgeBase of everything in the store, as it is at one moment."""
    return reader.knowledge_base(read_knowledge().content())


@contextlib.contextmanager
def snapshot():
    """Reads that all see the store at one moment: one read transaction (SQLite's BEGIN; on
    PostgreSQL, REPEATABLE READ), rolled back after. Not for use inside a change's transaction."""
    session = db.session
    session.rollback()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    try:
        yield
    finally:
        session.rollback()


def faq_item(entry: FaqEntry) -> dict:
    """An FAQ entry row as the folder format's item."""
    return {"id": entry.key, "question": entry.question, "alternates": list(entry.alternates or []), "answer": entry.answer,
            "section": entry.section, "url": entry.url, "source": entry.source, "file": entry.file, "examples": list(entry.examples or [])}


def get_faq(key: str) -> tuple[dict, int] | None:
    """An FAQ entry's item and version."""
    entry = db.session.execute(select(FaqEntry).where(FaqEntry.key == key)).scalar()
    return (faq_item(entry), entry.version) if entry else None


def get_section(key: str) -> tuple[Section, str] | None:
    """A section row and the key of its document."""
    row = db.session.execute(select(Section, Document.key).join(Document).where(Section.key == key)).first()
    return (row[0], row[1]) if row else None


def section_text(section: Section) -> str:
    """A section as the unit versions and history are made of."""
    return writer.section_text(section.title, section.body)


def file_text(name: str) -> str | None:
    """The text of synonyms.txt, not-covered.yaml or messages.yaml as the store holds it (None: nothing set)."""
    if name == "synonyms.txt":
        text = writer.synonyms_text(read_synonyms())
    elif name == "not-covered.yaml":
        text = writer.topics_text(read_topics())
    else:
        text = writer.messages_text(read_messages())
    return text or None


def file_version(name: str) -> int:
    """A whole file's version: its newest history row's id (0 when it has none)."""
    return db.session.execute(select(func.max(Revision.id)).where(Revision.kind == "file", Revision.target == name)).scalar() or 0


def new_id(text: str, taken: set[str]) -> str:
    """A readable id made from a question or topic ("how-many-sessions-will-i-need"), its first words up
    to NEW_ID_LENGTH characters, with -2, -3... appended when `taken` has it already."""
    slug = re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")
    if len(slug) > NEW_ID_LENGTH:
        slug = slug[:NEW_ID_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:NEW_ID_LENGTH + 1] else slug[:NEW_ID_LENGTH]
    slug = slug.strip("-") or "entry"
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


# ---- Changing: one transaction each ----------------------------------------------------------------

@contextlib.contextmanager
def transaction():
    """One knowledge change: the revision raised first (its row lock makes changes take turns), then
    the change and its history rows; all committed together, or all rolled back."""
    session = db.session
    session.rollback()  # start clean: the lock is the transaction's first statement
    try:
        if not session.execute(update(KnowledgeState).where(KnowledgeState.id == 1).values(revision=KnowledgeState.revision + 1)).rowcount:
            session.add(KnowledgeState(id=1, revision=1))
            session.flush()
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def record(session, change: Change, staff: str) -> Change:
    """Add a change's history row to the transaction."""
    row = Revision(at=datetime.now(timezone.utc).isoformat(timespec="seconds"), staff=staff, kind=change.kind, target=change.target,
                   action=change.action, before=change.before, after=change.after)
    session.add(row)
    session.flush()
    change.id = row.id
    return change


def validate_faq(item: dict, replacing: str | None, kb: KnowledgeBase | None) -> dict:
    """The cleaned FAQ item, or Invalid with a message for each bad field. `kb` (the live one)
    is used to refuse a phrasing another entry has."""
    errors: dict[str, str] = {}
    entry_id = str(item.get("id") or "").strip()
    question = " ".join(str(item.get("question") or "").split())
    answer = " ".join(str(item.get("answer") or "").split())
    alternates = [" ".join(a.split()) for a in item.get("alternates") or [] if a.strip()]
    examples = list(dict.fromkeys(" ".join(e.split()) for e in item.get("examples") or [] if e.strip()))
    url = str(item.get("url") or "").strip()
    if not ID_RE.match(entry_id):
        errors["id"] = "Give the entry an id: 1-200 characters, no line breaks."
    if not question:
        errors["question"] = "The question is empty."
    elif len(question) > MAX_QUESTION:
        errors["question"] = f"The question is {len(question)} characters; keep it under {MAX_QUESTION}."
    if not answer:
        errors["answer"] = "The answer is empty. Write the answer visitors should see."
    elif len(answer) > MAX_ANSWER:
        errors["answer"] = f"The answer is {len(answer)} characters; keep it under {MAX_ANSWER}."
    long_ones = [a for a in alternates if len(a) > MAX_QUESTION]
    if long_ones:
        errors["alternates"] = f"A phrasing is longer than {MAX_QUESTION} characters: {long_ones[0][:60]}..."
    long_examples = [e for e in examples if len(e) > MAX_QUESTION]
    if long_examples:
        errors["examples"] = f"An example is longer than {MAX_QUESTION} characters: {long_examples[0][:60]}... Keep the question, not the whole message."
    elif len(examples) > reader.MAX_EXAMPLES:
        errors["examples"] = f"{len(examples):,} examples; keep at most {reader.MAX_EXAMPLES} for one entry."
    if url and not reader.is_safe_link(url):
        errors["url"] = "A link starts with https://, http://, mailto:, tel: or / (a page of this site)."
    elif len(url) > 2000:
        errors["url"] = "The link is longer than 2,000 characters."
    if len(" ".join(str(item.get("source") or "").split())) > 300:
        errors["source"] = "The source name is longer than 300 characters."
    section = str(item.get("section") or "").strip()
    if section and get_section(section.split("#", 1)[-1]) is None:
        errors["section"] = f"There is no section {section!r}. Pick one from the list."
    if kb is not None:
        other = kb.entry(entry_id)
        if entry_id != replacing and other is not None:
            errors["id"] = f"The id {entry_id!r} is already used by another entry."
        # Every other entry's questions, as (entry, "a phrasing" or "a visitor example"): a question two
        # entries claim would teach the bot both ways.
        claimed = {normalize(q): (e.id, "a visitor example") for e in kb.entries if e.id != replacing for q in e.examples}
        claimed |= {normalize(q): (e.id, "a phrasing") for e in kb.entries if e.id != replacing for q in e.questions}
        for phrasing in [question, *alternates]:
            owner, kind = claimed.get(normalize(phrasing), (None, ""))
            if owner:
                errors["alternates" if phrasing != question else "question"] = (
                    f"{phrasing!r} is already a phrasing of the entry {owner!r}." if kind == "a phrasing"
                    else f"{phrasing!r} is a visitor example of the entry {owner!r}; take it out there first.")
        taken = next((example for example in examples if normalize(example) in claimed), None)
        if taken is not None and "examples" not in errors:
            owner, kind = claimed[normalize(taken)]
            errors["examples"] = f"{taken!r} is {kind} of the entry {owner!r}, so it cannot be an example of this one."
    if errors:
        raise Invalid(errors)
    return writer.clean_item({**item, "id": entry_id, "question": question, "answer": answer, "alternates": alternates, "url": url, "section": section,
                              "examples": examples})


def save_faq(item: dict, *, replacing: str | None, expected: int, staff: str, kb: KnowledgeBase | None = None, file: str = "faq", action: str | None = None) -> Change:
    """Create (replacing=None) or update an FAQ entry; Conflict if it changed since version `expected`."""
    cleaned = validate_faq(item, replacing, kb)
    with transaction() as session:
        row = session.execute(select(FaqEntry).where(FaqEntry.key == replacing).with_for_update()).scalar() if replacing else None
        current = writer.faq_text(faq_item(row)) if row else ""
        if (row.version if row else 0) != expected:
            raise Conflict(current)
        if row is None:
            if session.execute(select(FaqEntry.id).where(FaqEntry.key == cleaned["id"])).first():
                raise Invalid({"id": f"The id {cleaned['id']!r} is already used by another entry."})
            last = session.execute(select(func.max(FaqEntry.position))).scalar()
            row = FaqEntry(key=cleaned["id"], file=file, position=(last or 0) + 1, version=0)
            session.add(row)
        row.key, row.question, row.answer = cleaned["id"], cleaned["question"], cleaned["answer"]
        row.alternates, row.examples = cleaned.get("alternates", []), cleaned.get("examples", [])
        row.section, row.url, row.source = cleaned.get("section", ""), cleaned.get("url", ""), cleaned.get("source", "")
        row.version += 1
        try:
            session.flush()
        except IntegrityError:
            raise Invalid({"id": f"The id {cleaned['id']!r} is already used by another entry."}) from None
        check_references(session, field="id")
        return record(session, Change("faq", cleaned["id"], action or ("update" if current else "create"), current, writer.faq_text(cleaned)), staff)


def delete_faq(key: str, *, expected: int, staff: str) -> Change:
    """Delete an FAQ entry (its history keeps it); Conflict if it changed since `expected`."""
    with transaction() as session:
        row = session.execute(select(FaqEntry).where(FaqEntry.key == key).with_for_update()).scalar()
        if row is None or row.version != expected:
            raise Conflict(writer.faq_text(faq_item(row)) if row else "", "This entry was changed or deleted since you opened it.")
        current = writer.faq_text(faq_item(row))
        session.delete(row)
        return record(session, Change("faq", key, "delete", current, ""), staff)


def save_section(section_id: str, title: str, body: str, *, expected: int, staff: str, document: str | None = None, creating: bool = False,
                 action: str | None = None) -> Change:
    """Update (or create, at the end of `document`) a section; validated, conflict-checked."""
    title, body = " ".join(title.split()), body.replace("\r\n", "\n").strip()
    errors = {}
    if not title:
        errors["title"] = "The heading is empty."
    elif len(title) > 300:
        errors["title"] = "The heading is longer than 300 characters."
    if not body:
        errors["body"] = "The section has no text."
    if creating and not SECTION_ID_RE.match(section_id):
        errors["id"] = "The id may use letters, digits and - _ . : only."
    if not errors:
        try:
            parsed = reader.parse_document(Path("section.md"), f"# Title\n\n## {title}\n\n{body}\n")
        except KnowledgeError as err:
            errors["body"] = f"Line {max((err.line or 1) - 4, 1)}: {err.message}"
        else:
            if len(parsed.sections) != 1:
                errors["body"] = "A section's text cannot have a '# ' or '## ' heading line; add another section for it."
    if errors:
        raise Invalid(errors)
    with transaction() as session:
        found = session.execute(select(Section).where(Section.key == section_id).with_for_update()).scalar()
        if creating and found is not None:
            raise Invalid({"id": f"The section id {section_id!r} is already used; pick another."})
        current = section_text(found) if found else ""
        if (found.version if found else 0) != expected:
            raise Conflict(current)
        if found is None:
            doc = session.execute(select(Document).where(Document.key == (document or ""))).scalar()
            if doc is None:
                raise Invalid({"document": "Pick the document the section belongs to."})
            last = session.execute(select(func.max(Section.position)).where(Section.document_id == doc.id)).scalar()
            found = Section(document_id=doc.id, key=section_id, level=2, position=(last or 0) + 1, version=0)
            session.add(found)
        found.title, found.body = title, body
        found.version += 1
        session.flush()
        check_references(session, field="id" if creating else "body")
        return record(session, Change("section", section_id, action or ("update" if current else "create"), current, section_text(found)), staff)


def delete_section(section_id: str, *, expected: int, staff: str) -> Change:
    """Delete a section; refused while FAQ entries name it as their source."""
    with transaction() as session:
        found = session.execute(select(Section).where(Section.key == section_id).with_for_update()).scalar()
        if found is None or found.version != expected:
            raise Conflict(section_text(found) if found else "", "This section was changed or deleted since you opened it.")
        users = [key for key, ref in session.execute(select(FaqEntry.key, FaqEntry.section)) if ref and ref.split("#", 1)[-1] == section_id]
        if users:
            raise Invalid({"body": f"The FAQ entries {', '.join(users[:5])} name this section as their source; change them first."})
        current = section_text(found)
        session.delete(found)
        return record(session, Change("section", section_id, "delete", current, ""), staff)


def parse_file(name: str, text: str) -> Content:
    """The content of one editable file's text (only its part is filled), or Invalid naming the line."""
    if name not in FILES:
        raise ValueError(f"file must be one of {', '.join(FILES)}, got {name!r}")
    path = Path(name)
    try:
        if name == "synonyms.txt":
            return Content(synonyms=reader.parse_synonyms(path, text))
        if name == "not-covered.yaml":
            return Content(topics=reader.parse_topic_items(path, text))
        return Content(messages=reader.parse_message_overrides(path, text))
    except KnowledgeError as err:
        raise Invalid({"text": f"Line {err.line}: {err.message}" if err.line else err.message}) from None


def save_file(name: str, text: str, *, expected: int, staff: str, action: str | None = None) -> Change:
    """Replace the synonyms, the not-covered topics or the messages with the file text given."""
    text = text.replace("\r\n", "\n").rstrip("\n") + "\n"
    content = parse_file(name, text)
    with transaction() as session:
        if file_version(name) != expected:
            raise Conflict(file_text(name) or "")
        current = file_text(name) or ""
        replace_part(session, name, content)
        check_references(session)
        return record(session, Change("file", name, action or ("update" if current else "create"), current, text), staff)


def save_messages(overrides: dict, *, expected: int, staff: str) -> Change:
    """Replace what the clinic sets over the default messages (the admin's forms), as a change of messages.yaml."""
    return save_file("messages.yaml", writer.messages_text(overrides), expected=expected, staff=staff)


def save_topics(topics: list[dict], *, expected: int, staff: str) -> Change:
    """Replace the not-covered topics (each {id, topic, phrasings}), as a change of not-covered.yaml."""
    return save_file("not-covered.yaml", writer.topics_text(topics), expected=expected, staff=staff)


def replace_part(session, name: str, content: Content) -> None:
    """Put one file's part of `content` in place of what the store has."""
    if name == "synonyms.txt":
        session.execute(delete(SynonymGroup))
        session.add_all(SynonymGroup(terms=list(g), position=n) for n, g in enumerate(content.synonyms))
    elif name == "not-covered.yaml":
        session.execute(delete(Topic))
        session.flush()
        session.add_all(Topic(key=t["id"], topic=t["topic"], phrasings=list(t["phrasings"]), position=n) for n, t in enumerate(content.topics))
    else:
        session.execute(delete(Message))
        session.add_all(Message(name=k, value=v, position=n) for n, (k, v) in enumerate(content.messages.items()))
    session.flush()


# ---- Whole files: imports, exports and restores ------------------------------------------------------

def replace_document(session, doc: DocumentValue, position: int | None = None) -> None:
    """Put a document in place of the one with its id, or add it. A section whose text is unchanged
    keeps its version (an editor who opened it can still save); a changed one gets a new version;
    a section that moved here from another document comes along with its version."""
    row = session.execute(select(Document).where(Document.key == doc.id)).scalar()
    if row is None:
        last = session.execute(select(func.max(Document.position))).scalar()
        row = Document(key=doc.id, title=doc.title, position=(last or 0) + 1 if position is None else position)
        session.add(row)
        session.flush()
    row.title = doc.title
    if position is not None:
        row.position = position
    wanted = {s.id for s in doc.sections}
    for section in session.execute(select(Section).where(Section.document_id == row.id)).scalars():
        if section.key not in wanted:
            session.delete(section)
    session.flush()
    existing = {s.key: s for s in session.execute(select(Section).where(Section.key.in_(wanted))).scalars()} if wanted else {}
    for n, new in enumerate(doc.sections):
        section = existing.get(new.id)
        if section is None:
            session.add(Section(document_id=row.id, key=new.id, title=new.title, body=new.body, level=new.level, position=n, version=1))
            continue
        changed = (section.title, section.body.strip(), section.level) != (new.title, new.body.strip(), new.level)
        section.document_id, section.title, section.body, section.level, section.position = row.id, new.title, new.body, new.level, n
        section.version += changed
    session.flush()


def replace_faq_file(session, name: str, items: list[dict]) -> None:
    """Put the FAQ entries of one exchange file in place of those the store has from it; an entry
    that is unchanged keeps its version."""
    old = {e.key: e for e in session.execute(select(FaqEntry).where(FaqEntry.file == name)).scalars()}
    elsewhere = [item["id"] for item in items if item["id"] not in old]
    moved = [entry for first in range(0, len(elsewhere), READ_BATCH)  # in batches: PostgreSQL takes at most 65,535 parameters a statement
             for entry in session.execute(select(FaqEntry).where(FaqEntry.key.in_(elsewhere[first:first + READ_BATCH]))).scalars()]
    for entry in moved:
        entry.file = name  # moved here from another file: the same entry, its version kept
        old[entry.key] = entry
    start = session.execute(select(func.min(FaqEntry.position)).where(FaqEntry.file == name)).scalar()
    if start is None:
        start = (session.execute(select(func.max(FaqEntry.position))).scalar() or 0) + 1
    keep = {item["id"] for item in items}
    for key in set(old) - keep:
        session.delete(old.pop(key))
    session.flush()
    shift = len(items) - (len(old) + len(set(old) - keep))
    if shift > 0:  # room for the file's entries before the files after it
        session.execute(update(FaqEntry).where(FaqEntry.file != name, FaqEntry.position >= start).values(position=FaqEntry.position + shift))
    new_rows = []
    for n, item in enumerate(items):
        row = old.get(item["id"])
        if row is None:
            new_rows.append(n)
            continue
        fields = faq_fields(item)
        changed = any(getattr(row, k) != v for k, v in fields.items())
        for k, v in fields.items():
            setattr(row, k, v)
        row.position, row.version = start + n, row.version + changed
    session.flush()
    for first in range(0, len(new_rows), INSERT_BATCH):  # executemany in batches: 100,000 rows in seconds, without 100,000 dicts at once
        batch = [{"key": items[n]["id"], "file": name, "position": start + n, "version": 1, **faq_fields(items[n])} for n in new_rows[first : first + INSERT_BATCH]]
        session.execute(insert(FaqEntry), batch)


INSERT_BATCH = 5000


def faq_fields(item: dict) -> dict:
    """The columns of an FAQ entry row that an item sets."""
    return {"question": item["question"], "alternates": list(item.get("alternates") or []), "answer": item["answer"],
            "section": item.get("section") or "", "url": item.get("url") or "", "source": item.get("source") or "",
            "examples": list(item.get("examples") or [])}


def import_content(content: Content, *, staff: str, whole: bool) -> list[Change]:
    """Import content read by the folder reader in one transaction, each file with its history row.

    `whole`: the content is a whole knowledge folder and replaces everything (what is not in it is
    removed). Otherwise only the FAQ files and documents it holds are put in place."""
    exported = writer.folder_files(content)
    changes: list[Change] = []
    try:
        with unique_ids(), transaction() as session:
            _import(session, content, exported, changes, staff=staff, whole=whole)
            if not changes:
                raise NothingChanged  # the revision stays: no worker rebuilds for an unchanged import
    except NothingChanged:
        return []
    return changes


class NothingChanged(Exception):
    """An import that would change nothing (its transaction is rolled back)."""


def _import(session, content: Content, exported: dict[str, str], changes: list[Change], *, staff: str, whole: bool) -> None:
    """The body of `import_content`, inside its transaction."""
    before = writer.folder_files(read_content()) if whole else current_files(exported)
    if whole:
        for doc in session.execute(select(Document)).scalars():
            if doc.key not in {d.id for d in content.documents}:
                session.delete(doc)
        gone = set(session.execute(select(FaqEntry.file).distinct()).scalars()) - {i.get("file") or "faq" for i in content.faqs}
        for name in gone:
            replace_faq_file(session, name, [])
    for n, doc in enumerate(content.documents):
        replace_document(session, doc, n if whole else None)
    by_file: dict[str, list[dict]] = {}
    for item in content.faqs:
        by_file.setdefault(item.get("file") or "faq", []).append(item)
    for name, items in by_file.items():
        replace_faq_file(session, name, items)
    if whole:
        for name in FILES:
            replace_part(session, name, content)
    renumber(session)
    check_references(session)
    for path, text in exported.items():
        old = before.get(path, "")
        if whole and old == text:
            continue
        changes.append(record(session, Change("file", path, "import", old, text), staff))
    for path in set(before) - set(exported) if whole else ():
        changes.append(record(session, Change("file", path, "delete", before[path], ""), staff))


@contextlib.contextmanager
def unique_ids():
    """An id used twice (two imports racing) or a text longer than its column is Invalid, never a database error."""
    try:
        yield
    except IntegrityError:
        raise Invalid({"text": "An id is already used by another entry, section or topic."}) from None
    except DataError:
        raise Invalid({"text": "A text is longer than the knowledge base keeps (ids 200 characters, titles 300)."}) from None


def renumber(session) -> None:
    """Positions 1, 2, 3... in the order the entries have, so that no two share one."""
    rows = session.execute(select(FaqEntry.id, FaqEntry.position).order_by(FaqEntry.position, FaqEntry.id)).all()
    moves = [{"id": row_id, "position": n} for n, (row_id, position) in enumerate(rows, 1) if position != n]
    if moves:
        session.execute(update(FaqEntry), moves)


def current_files(paths) -> dict[str, str]:
    """The store's text of these exchange files (documents/ID.md, faq/NAME.yaml) that it has now."""
    found = {}
    for path in paths:
        if path.startswith("faq/"):
            name = path[len("faq/"):-len(".yaml")]
            query = select(FaqEntry).where(FaqEntry.file == name).order_by(FaqEntry.position)
            items = [faq_item(e) for e in db.session.execute(query).scalars()]
            if items:
                found[path] = writer.faq_file_text(items)
        elif path.startswith("documents/"):
            doc = db.session.execute(select(Document).where(Document.key == path[len("documents/"):-len(".md")])).scalar()
            if doc is not None:
                sections = tuple(section_value(s.key, s.title, doc.key, s.body, s.level) for s in doc.sections)
                found[path] = writer.document_text(DocumentValue(doc.key, doc.title, sections))
    return found


def check_references(session, field: str = "text") -> None:
    """Invalid (on `field`) unless every FAQ entry's section exists and no id is used twice among
    entries, passages and topics."""
    sections = set(session.execute(select(Section.key)).scalars())
    for key, ref in session.execute(select(FaqEntry.key, FaqEntry.section)):
        if ref and ref.split("#", 1)[-1] not in sections:
            raise Invalid({field: f"The entry {key!r} names the section {ref!r}, which no document has."})
    ids = [f"{key}-p{n}" for key, body in session.execute(select(Section.key, Section.body)) for n in range(1, len(reader.paragraphs(body)) + 1)]
    ids += [*session.execute(select(FaqEntry.key)).scalars(), *session.execute(select(Topic.key)).scalars()]
    if len(ids) != len(set(ids)):
        seen: set[str] = set()
        twice = next(i for i in ids if i in seen or seen.add(i))
        raise Invalid({field: f"The id {twice!r} is used twice (FAQ entries, passages and topics need ids of their own)."})


def restore(kind: str, target: str, text: str, *, staff: str, kb: KnowledgeBase | None = None) -> Change:
    """Put back an earlier version (the text a history row holds) of an entry, a section or a file."""
    if kind == "faq":
        item = yaml.safe_load(text) if text else None
        found = get_faq(target)
        expected = found[1] if found else 0
        if item is None:
            return delete_faq(target, expected=expected, staff=staff)
        if not isinstance(item, dict):
            raise Invalid({"text": "That version is not an FAQ entry."})
        return save_faq(item, replacing=target if found else None, expected=expected, staff=staff, kb=kb, action="restore")
    if kind == "section":
        found = get_section(target)
        expected = found[0].version if found else 0
        if not text:
            return delete_section(target, expected=expected, staff=staff)
        heading, _, body = text.partition("\n")
        match = reader.HEADING_RE.match(heading)
        document = found[1] if found else first_document()
        return save_section(target, match.group(2) if match else heading.lstrip("# "), body, expected=expected, staff=staff, document=document,
                            creating=found is None, action="restore")
    if target in FILES:
        return save_file(target, text, expected=file_version(target), staff=staff, action="restore")
    return restore_file(target, text, staff=staff)


def restore_file(target: str, text: str, *, staff: str) -> Change:
    """Put back (or remove, for "") an imported document or FAQ file."""
    import re

    match = re.match(r"^(documents/([\w.-]+)\.md|faq/([\w.-]+)\.yaml)$", target)
    if not match or ".." in target:
        raise Invalid({"text": f"{target!r} is not a file the admin manages."})
    path = Path(target)
    with unique_ids(), transaction() as session:
        before = writer.folder_files(read_content()).get(target, "")
        try:
            if match.group(2):
                if text:
                    replace_document(session, reader.parse_document(path, text))
                else:
                    session.execute(delete(Document).where(Document.key == match.group(2)))
            else:
                sections = reader.knowledge_base(read_content()).sections()
                replace_faq_file(session, match.group(3), reader.parse_faq_items(path, text, sections) if text else [])
        except KnowledgeError as err:
            raise Invalid({"text": f"Line {err.line}: {err.message}"}) from None
        check_references(session)
        return record(session, Change("file", target, "restore", before, text), staff)


def first_document() -> str | None:
    """The id of the first document, where a restored section goes back."""
    return db.session.execute(select(Document.key).order_by(Document.position).limit(1)).scalar()


def export(folder: Path) -> list[Path]:
    """Write the whole knowledge, as it is at one moment, as a knowledge folder (`flask kb export`)."""
    with snapshot():
        content = read_content()
    return writer.write_folder(content, folder)


def remove_topic_phrasing(topic_id: str, phrasing: str, *, staff: str) -> Change:
    """Take one phrasing out of a not-covered topic (the topic goes when it was its last), so the
    content it hid is answered; one change of not-covered.yaml, restorable from the history."""
    name = "not-covered.yaml"
    version = file_version(name)
    topics = read_topics()
    topic = next((t for t in topics if t["id"] == topic_id), None)
    if topic is None or phrasing not in topic["phrasings"]:
        raise Invalid({"phrasing": "That topic no longer has that phrasing: someone may have changed it already."})
    topic["phrasings"].remove(phrasing)
    kept = [t for t in topics if t["phrasings"]]
    return save_file(name, writer.topics_text(kept), expected=version, staff=staff)
