"""Staff edits to the knowledge folder: validated, conflict-checked, atomic (no Flask).

Every change is checked against the version the editor started from (a hash
of the entry or file as it was when the form was opened); if the files changed
since, the save is refused with a Conflict holding both versions. Writes go
through `write_atomic` under a folder lock, so two workers never interleave.
Each function returns a Change (before and after) for the history.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from bot.files import write_atomic
from bot.loader import ID_RE, MAX_ANSWER, MAX_QUESTION, KnowledgeError, load, parse_messages, parse_synonyms, parse_topics, slugify
from bot.text import normalize

EDITABLE_FILES = {"synonyms.txt": parse_synonyms, "not-covered.yaml": parse_topics, "messages.yaml": parse_messages}
ABSENT = "absent"


@dataclass
class Change:
    """One saved change: what it touched and the text before and after ("" when absent)."""

    kind: str  # "faq" | "section" | "file"
    target: str
    action: str  # "create" | "update" | "delete"
    before: str
    after: str


_journal: ContextVar[Callable[[Change], None] | None] = ContextVar("editor_journal", default=None)


def set_journal(record: Callable[[Change], None] | None) -> None:
    """Where this request's changes are recorded (the history), before each one is written."""
    _journal.set(record)


def commit(path: Path, text: str | None, change: Change) -> Change:
    """Record a change first, then make it live (write `text`, or remove the file for None): a
    worker killed between the two leaves a history row for a change that may not be live, never
    a live change without its history row."""
    record = _journal.get()
    if record is not None:
        record(change)
    if text is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, text)
    return change


class Conflict(Exception):
    """The entry or file changed since the editor opened it."""

    def __init__(self, current: str, message: str = "Someone else changed this since you opened it."):
        super().__init__(message)
        self.current = current


@dataclass
class Invalid(Exception):
    """Field-by-field problems with a submitted edit."""

    errors: dict[str, str] = field(default_factory=dict)


def version(text: str | None) -> str:
    """A short fingerprint of a version's text (ABSENT for none)."""
    return ABSENT if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@contextlib.contextmanager
def locked(folder: Path):
    """Hold the knowledge folder's write lock (shared by all processes)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---- FAQ entries ---------------------------------------------------------

def faq_text(item: dict) -> str:
    """An FAQ entry as its canonical YAML text (what versions and diffs are made of)."""
    return yaml.safe_dump(clean_item(item), sort_keys=False, allow_unicode=True, width=88)


def clean_item(item: dict) -> dict:
    """An FAQ entry's fields in their standard order, empty ones left out."""
    order = ("id", "question", "alternates", "answer", "section", "url", "source")
    return {k: item[k] for k in order if item.get(k) not in (None, "", [])}


def split_header(text: str) -> tuple[str, str]:
    """The leading comment block of a YAML file, and the rest."""
    lines = text.splitlines(keepends=True)
    n = 0
    while n < len(lines) and (lines[n].startswith("#") or not lines[n].strip()):
        n += 1
    return "".join(lines[:n]), "".join(lines[n:])


def read_faq_file(path: Path) -> tuple[str, list[dict]]:
    """A FAQ file's comment header and its entries."""
    if not path.exists():
        return "", []
    header, body = split_header(path.read_text(encoding="utf-8"))
    try:
        items = yaml.safe_load(body) or []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise KnowledgeError(path, mark.line + 1 + header.count("\n") if mark else None, "not valid YAML; fix the file first") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise KnowledgeError(path, 1, "the file must be a list of entries; fix the file first")
    return header, [dict(i) for i in items]


def dump_faq_file(header: str, items: list[dict]) -> str:
    """A FAQ file's text: its header, then the entries one after another."""
    body = "\n".join(faq_text(i).replace("\n", "\n  ").rstrip().join(["- ", "\n"]) for i in items)
    return (header.rstrip("\n") + "\n\n" if header.strip() else "") + body


def find_faq(folder: Path, entry_id: str) -> tuple[Path, int, dict] | None:
    """The file, position and content of the FAQ entry `entry_id`."""
    for path in sorted((folder / "faq").glob("*.yaml")):
        for index, item in enumerate(read_faq_file(path)[1]):
            if str(item.get("id")) == entry_id:
                return path, index, item
    return None


def validate_faq(folder: Path, item: dict, replacing: str | None) -> dict:
    """The cleaned entry, or Invalid with a message for each bad field."""
    errors: dict[str, str] = {}
    entry_id = str(item.get("id") or "").strip()
    question = " ".join(str(item.get("question") or "").split())
    answer = " ".join(str(item.get("answer") or "").split())
    alternates = [" ".join(a.split()) for a in item.get("alternates") or [] if a.strip()]
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
    try:
        kb = load(folder)
    except KnowledgeError:
        kb = None
    if kb is not None:
        if entry_id != replacing and kb.entry(entry_id) is not None:
            errors["id"] = f"The id {entry_id!r} is already used by another entry."
        used = {normalize(q): e.id for e in kb.entries if e.id != replacing for q in e.questions}
        for phrasing in [question, *alternates]:
            other = used.get(normalize(phrasing))
            if other:
                errors["alternates" if phrasing != question else "question"] = f"{phrasing!r} is already a phrasing of the entry {other!r}."
        section = str(item.get("section") or "").strip()
        if section and section.split("#", 1)[-1] not in kb.sections():
            errors["section"] = f"There is no section {section!r}. Pick one from the list."
    if errors:
        raise Invalid(errors)
    return clean_item({**item, "id": entry_id, "question": question, "answer": answer, "alternates": alternates})


def save_faq(folder: Path, item: dict, *, replacing: str | None, expected: str, new_file: str = "faq") -> Change:
    """Create (replacing=None) or update an FAQ entry; Conflict if it changed since `expected`."""
    with locked(folder):
        found = find_faq(folder, replacing) if replacing else None
        current = faq_text(found[2]) if found else None
        if version(current) != expected:
            raise Conflict(current or "")
        cleaned = validate_faq(folder, item, replacing)
        path = found[0] if found else folder / "faq" / f"{slugify(new_file)}.yaml"
        header, items = read_faq_file(path)
        if found:
            items[found[1]] = cleaned
        else:
            items.append(cleaned)
        return commit(path, dump_faq_file(header, items), Change("faq", cleaned["id"], "update" if found else "create", current or "", faq_text(cleaned)))


def delete_faq(folder: Path, entry_id: str, *, expected: str) -> Change:
    """Delete an FAQ entry; Conflict if it changed since `expected`."""
    with locked(folder):
        found = find_faq(folder, entry_id)
        current = faq_text(found[2]) if found else None
        if found is None or version(current) != expected:
            raise Conflict(current or "", "This entry was changed or deleted since you opened it.")
        header, items = read_faq_file(found[0])
        del items[found[1]]
        return commit(found[0], dump_faq_file(header, items), Change("faq", entry_id, "delete", current, ""))


# ---- Document sections ---------------------------------------------------

SECTION_HEADING = re.compile(r"^##\s+(.*?)\s*(?:\{#([^}]*)\})?\s*$")


@dataclass
class SectionText:
    """A section of a Markdown document as lines of its file."""

    path: Path
    start: int  # index of the heading line
    end: int  # index after the last line
    title: str
    body: str

    @property
    def text(self) -> str:
        """The section's heading and body, the unit versions are made of."""
        return f"## {self.title}\n\n{self.body.strip()}\n"


def find_section(folder: Path, section_id: str) -> SectionText | None:
    """The `## ` section with this id in any document."""
    for path in sorted((folder / "documents").glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            match = SECTION_HEADING.match(line)
            if match and (match.group(2) or slugify(match.group(1))) == section_id:
                end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(("## ", "# "))), len(lines))
                return SectionText(path, i, end, match.group(1), "\n".join(lines[i + 1 : end]).strip())
    return None


def save_section(folder: Path, section_id: str, title: str, body: str, *, expected: str, document: str | None = None, creating: bool = False) -> Change:
    """Update (or create, at the end of `document`) a section; validated, conflict-checked."""
    title, body = " ".join(title.split()), body.replace("\r\n", "\n").strip()
    errors = {}
    if not title:
        errors["title"] = "The heading is empty."
    if not body:
        errors["body"] = "The section has no text."
    if creating and not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$", section_id):
        errors["id"] = "The id may use letters, digits and - _ . : only."
    if errors:
        raise Invalid(errors)
    with locked(folder):
        found = find_section(folder, section_id)
        current = found.text if found else None
        if version(current) != expected:
            raise Conflict(current or "")
        if creating and found:
            raise Invalid({"id": f"The section id {section_id!r} is already used."})
        new = f"## {title} {{#{section_id}}}\n\n{body}\n"
        if found:
            lines = found.path.read_text(encoding="utf-8").splitlines()
            lines[found.start : found.end] = new.rstrip("\n").split("\n") + [""]
            path, text = found.path, "\n".join(lines).rstrip("\n") + "\n"
        else:
            # Only a document that exists: "../../x" must never name a file outside the folder.
            path = {p.stem: p for p in (folder / "documents").glob("*.md")}.get(document or "")
            if path is None:
                raise Invalid({"document": "Pick the document the section belongs to."})
            text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + new
        check_document(path, text)
        return commit(path, text, Change("section", section_id, "update" if found else "create", current or "", SectionText(path, 0, 0, title, body).text))


def delete_section(folder: Path, section_id: str, *, expected: str) -> Change:
    """Delete a section; Conflict if it changed since `expected`."""
    with locked(folder):
        found = find_section(folder, section_id)
        if found is None or version(found.text) != expected:
            raise Conflict(found.text if found else "", "This section was changed or deleted since you opened it.")
        lines = found.path.read_text(encoding="utf-8").splitlines()
        del lines[found.start : found.end]
        text = "\n".join(lines).rstrip("\n") + "\n"
        check_document(found.path, text)
        return commit(found.path, text, Change("section", section_id, "delete", found.text, ""))


def check_document(path: Path, text: str) -> None:
    """Invalid unless the document text still parses."""
    from bot.loader import parse_document

    try:
        parse_document(path, text)
    except KnowledgeError as err:
        raise Invalid({"body": f"Line {err.line}: {err.message}"}) from None


# ---- Whole files: synonyms and messages ----------------------------------

def read_file(folder: Path, name: str) -> str | None:
    """The text of an editable file, or None if it does not exist."""
    path = folder / name
    return path.read_text(encoding="utf-8") if path.exists() else None


def save_file(folder: Path, name: str, text: str, *, expected: str) -> Change:
    """Replace synonyms.txt or messages.yaml after validating the new text."""
    if name not in EDITABLE_FILES:
        raise ValueError(f"file must be one of {', '.join(EDITABLE_FILES)}, got {name!r}")
    text = text.replace("\r\n", "\n").rstrip("\n") + "\n"
    try:
        EDITABLE_FILES[name](folder / name, text)
    except KnowledgeError as err:
        raise Invalid({"text": f"Line {err.line}: {err.message}" if err.line else err.message}) from None
    with locked(folder):
        current = read_file(folder, name)
        if version(current) != expected:
            raise Conflict(current or "")
        return commit(folder / name, text, Change("file", name, "update" if current is not None else "create", current or "", text))


def restore(folder: Path, kind: str, target: str, text: str) -> Change:
    """Put back an earlier version (the text a Change recorded) of an entry, section or file."""
    if kind == "faq":
        item = yaml.safe_load(text) if text else None
        found = find_faq(folder, target)
        expected = version(faq_text(found[2])) if found else ABSENT
        if item is None:
            return delete_faq(folder, target, expected=expected)
        return save_faq(folder, item, replacing=target if found else None, expected=expected)
    if kind == "section":
        found = find_section(folder, target)
        expected = version(found.text) if found else ABSENT
        if not text:
            return delete_section(folder, target, expected=expected)
        match = SECTION_HEADING.match(text.split("\n", 1)[0])
        document = found.path.stem if found else first_document(folder)
        return save_section(folder, target, match.group(1), text.split("\n", 1)[1], expected=expected, document=document, creating=found is None)
    if target in EDITABLE_FILES:
        return save_file(folder, target, text, expected=version(read_file(folder, target)))
    return restore_whole_file(folder, target, text)


def restore_whole_file(folder: Path, target: str, text: str) -> Change:
    """Put back (or remove, for "") an imported document or FAQ file, after checking it parses."""
    from bot.loader import parse_document, parse_faq

    if not re.match(r"^(documents/[\w.-]+\.md|faq/[\w.-]+\.yaml)$", target) or ".." in target:
        raise Invalid({"text": f"{target!r} is not a file the admin manages."})
    path = folder / target
    if text:
        try:
            parse_document(path, text) if target.startswith("documents/") else parse_faq(path, text, load(folder).sections())
        except KnowledgeError as err:
            raise Invalid({"text": f"Line {err.line}: {err.message}"}) from None
    with locked(folder):
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        return commit(path, text or None, Change("file", target, "update" if current and text else ("create" if text else "delete"), current, text))


def first_document(folder: Path) -> str | None:
    """The id of the first document, where a restored section goes back."""
    paths = sorted((folder / "documents").glob("*.md"))
    return paths[0].stem if paths else None
