"""The knowledge base as plain values: what the engine answers from (no Flask, no SQL, no files)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """A section of a document: a heading and its paragraphs (`body` is its Markdown as written)."""

    id: str
    title: str
    doc_id: str
    paragraphs: tuple[str, ...]
    line: int = 0
    body: str = ""
    level: int = 2


@dataclass(frozen=True)
class Document:
    """One clinic document, split into sections."""

    id: str
    title: str
    sections: tuple[Section, ...]
    path: str = ""


@dataclass(frozen=True)
class Entry:
    """Something a question can match: an FAQ entry, a passage, or a not-covered topic."""

    id: str
    kind: str  # "faq" | "passage" | "not_covered"
    title: str
    questions: tuple[str, ...]
    answer: str
    url: str = ""
    section: str = ""
    path: str = ""
    line: int = 0
    # Questions visitors asked in their own words that this entry answers (an FAQ entry's `examples`):
    # they teach the intent classifier how visitors word it, and are never matched word for word.
    examples: tuple[str, ...] = ()


@dataclass
class KnowledgeBase:
    """Everything the bot answers from, validated."""

    documents: list[Document] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    synonyms: list[list[str]] = field(default_factory=list)
    messages: dict = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None (looked up in an index made on first use, and again if
        `entries` is replaced or grows; ids are unique, see kbformat.reader.check_unique_ids)."""
        made = self.__dict__.get("_by_id")
        if made is None or made[0] is not self.entries or made[1] != len(self.entries):
            made = (self.entries, len(self.entries), {e.id: e for e in reversed(self.entries)})
            self.__dict__["_by_id"] = made
        return made[2].get(entry_id)

    def sections(self) -> dict[str, Section]:
        """All sections of all documents by id."""
        return {s.id: s for d in self.documents for s in d.sections}


def section_url(section_id: str) -> str:
    """Where a section is shown to visitors."""
    return f"/learn#{section_id}"
