"""The store's tables as SQLAlchemy 2 models: the knowledge, its revisions, staff, visitor questions.

Table and column names of the tables the version before the store kept in its
SQLite file (history, staff, staff_sessions, sign_in_failures, unanswered,
feedback, batch_runs) are kept, so an instance folder from that version is
upgraded in place by `flask db upgrade`.
"""

from __future__ import annotations

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """The models' base: one metadata for the app and its migrations."""


# ---- The knowledge -----------------------------------------------------------------------------

class KnowledgeState(Base):
    """One row: the knowledge's revision number, raised by every change. Every worker polls it
    (one cheap query), and every change takes its row lock first, so changes never interleave."""

    __tablename__ = "knowledge_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)


_revision_now = func.coalesce(select(KnowledgeState.revision).where(KnowledgeState.id == 1).scalar_subquery(), 0)


class Document(Base):
    """A clinic document; its text is in its sections."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    sections: Mapped[list["Section"]] = relationship(back_populates="document", order_by="Section.position", cascade="all, delete-orphan")


class Section(Base):
    """A section of a document: a heading and its Markdown; each paragraph is a passage."""

    __tablename__ = "sections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer, default=2)
    position: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[Document] = relationship(back_populates="sections")


class FaqEntry(Base):
    """An FAQ entry: a question, the other ways visitors ask it, the answer and where it comes from, and
    visitors' own questions it answers (examples, which teach the bot and are never shown)."""

    __tablename__ = "faq_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    question: Mapped[str] = mapped_column(Text)
    alternates: Mapped[list] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    file: Mapped[str] = mapped_column(String(200), default="faq")  # the exchange file it is exported to
    examples: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    position: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The knowledge revision of the row's last write, set by the database itself on every insert and
    # update (the change's transaction raised the revision first): what changed since a worker's last
    # read is told by it, even for an entry deleted and made again with the same id.
    changed: Mapped[int] = mapped_column(Integer, default=_revision_now, onupdate=_revision_now, server_default="0", index=True)


class Topic(Base):
    """A topic the content does not cover, with the phrasings that must get the fallback reply."""

    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    topic: Mapped[str] = mapped_column(Text)
    phrasings: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer)


class SynonymGroup(Base):
    """Words the clinic's visitors use for the same thing."""

    __tablename__ = "synonym_groups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terms: Mapped[list] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)


class Message(Base):
    """One of the bot's messages (or the clinic's contact details) as the clinic set it."""

    __tablename__ = "messages"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Revision(Base):
    """One change to the knowledge: who, when, what, and the text before and after."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(Text)
    staff: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)  # "faq" | "section" | "file"
    target: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)  # "create" | "update" | "delete" | "restore" | "import"
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("history_target", "kind", "target"),)


# ---- Staff ---------------------------------------------------------------------------------------

class Staff(Base):
    """A staff account: a name and a password hash."""

    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16), default="admin", server_default="admin")  # "admin" | "editor"


class StaffInvite(Base):
    """An invitation to make a staff account: its link's token is stored only as a hash."""

    __tablename__ = "staff_invites"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    invited_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[float] = mapped_column(Float)


class StaffSession(Base):
    """A signed-in staff member's session; its token is in their signed cookie."""

    __tablename__ = "staff_sessions"
    token: Mapped[str] = mapped_column(String(100), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[float] = mapped_column(Float)


class SignInFailure(Base):
    """A counted sign-in attempt, under one throttling key."""

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[float] = mapped_column(Float)
    __table_args__ = (Index("sign_in_failures_key", "key", "at"),)


# ---- Visitor questions ---------------------------------------------------------------------------

class UnansweredQuestion(Base):
    """A visitor question the bot could not answer, or whose answer was not helpful (redacted)."""

    __tablename__ = "unanswered"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(Text, index=True)
    question: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(20))
    handled: Mapped[int] = mapped_column(Integer, default=0)


class Feedback(Base):
    """A visitor's "Was this helpful?" (the question redacted)."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[str] = mapped_column(Text)
    question: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(Text, nullable=True)
    helpful: Mapped[int] = mapped_column(Integer)


class BatchRun(Base):
    """A staff batch test of a question set: its score and failures, to compare with the next run."""

    __tablename__ = "batch_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(Text)
    staff: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    accuracy: Mapped[float] = mapped_column(Float)
    report: Mapped[str] = mapped_column(Text)


class QuestionSet(Base):
    """An uploaded question set (JSONL), kept to run again after an edit."""

    __tablename__ = "question_sets"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


# ---- Usage, for the dashboard -----------------------------------------------------------------

class UsageCount(Base):
    """How many replies of one kind a day had: `kind` "outcome" (key: answered, fallback, crisis,
    smalltalk) or "entry" (key: the id of the entry answered from). Counts only, no visitor text."""

    __tablename__ = "usage_counts"
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
