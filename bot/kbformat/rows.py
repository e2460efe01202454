"""FAQ entries from JSONL or CSV rows, and plain-text documents as Markdown (no Flask, no SQL).

Each row: id, question, answer; optional url, source, alternates and examples
(each a JSON list, or in CSV one cell with the questions separated by `|`). Every row is checked,
with its line, before anything is imported.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from bot.kbformat.reader import ID_RE, MAX_ANSWER, MAX_EXAMPLES, MAX_QUESTION, is_safe_link, slugify

REQUIRED = ("id", "question", "answer")
OPTIONAL = ("url", "source", "alternates", "examples")


class ImportFileError(ValueError):
    """A bad row or file, with the line it is on."""

    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class FaqRow:
    """One FAQ entry to import."""

    id: str
    question: str
    answer: str
    url: str = ""
    source: str = ""
    alternates: list[str] = field(default_factory=list)
    line: int = 0
    examples: list[str] = field(default_factory=list)

    def to_item(self) -> dict:
        """The entry as the knowledge folder's FAQ files hold it."""
        item = {"id": self.id, "question": self.question}
        if self.alternates:
            item["alternates"] = self.alternates
        item["answer"] = self.answer
        for key in ("url", "source", "examples"):
            if getattr(self, key):
                item[key] = getattr(self, key)
        return item


def decode(data: bytes) -> str:
    """UTF-8 text of an upload, or an error naming the first bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ImportFileError(data[: err.start].count(b"\n") + 1, "not valid UTF-8 text; save the file as UTF-8") from None


def read_rows(data: bytes, fmt: str) -> Iterator[tuple[int, dict]]:
    """(line, raw row) pairs of a JSONL or CSV file (JSONL read a line at a time: a large file is not copied whole)."""
    if fmt == "jsonl":
        for number, raw in enumerate(io.BytesIO(data[3:] if data.startswith(codecs.BOM_UTF8) else data), 1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ImportFileError(number, "not valid UTF-8 text; save the file as UTF-8") from None
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ImportFileError(number, f"not valid JSON ({err.msg})") from None
            if not isinstance(row, dict):
                raise ImportFileError(number, "each line must be a JSON object like {\"id\": ..., \"question\": ..., \"answer\": ...}")
            yield number, row
    elif fmt == "csv":
        yield from csv_rows(decode(data), REQUIRED)
    else:
        raise ValueError(f"format must be 'jsonl' or 'csv', got {fmt!r}")


def parse_row(number: int, row: dict) -> FaqRow:
    """A checked FaqRow from a raw row."""
    values = {}
    for key in REQUIRED:
        value = row.get(key)
        if isinstance(value, int) and key == "id":
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise ImportFileError(number, f"missing {key}")
        values[key] = " ".join(value.split()) if key != "id" else value
    if not ID_RE.match(values["id"]):
        raise ImportFileError(number, f"id {values['id']!r} must be 1-200 characters of text with no line breaks or surrounding spaces")
    if len(values["question"]) > MAX_QUESTION:
        raise ImportFileError(number, f"the question is {len(values['question'])} characters; the limit is {MAX_QUESTION}")
    if len(values["answer"]) > MAX_ANSWER:
        raise ImportFileError(number, f"the answer is {len(values['answer'])} characters; the limit is {MAX_ANSWER}")
    extras = {key: row.get(key) or "" for key in ("url", "source")}
    for key, value in extras.items():
        if not isinstance(value, str):
            raise ImportFileError(number, f"{key} must be text")
    if extras["url"].strip() and not is_safe_link(extras["url"]):
        raise ImportFileError(number, f"url {extras['url'][:60]!r} must start with https://, http://, mailto:, tel: or / (a page of this site)")
    alternates, examples = (question_list(number, row, key) for key in ("alternates", "examples"))
    if len(examples) > MAX_EXAMPLES:
        raise ImportFileError(number, f"{len(examples)} examples; the limit is {MAX_EXAMPLES} an entry")
    return FaqRow(values["id"], values["question"], values["answer"], extras["url"].strip(), " ".join(extras["source"].split()), alternates, number,
                  examples)


def question_list(number: int, row: dict, key: str) -> list[str]:
    """A row's list of questions (alternates, examples): a JSON list, or in CSV one cell separated by `|`."""
    values = row.get(key) or []
    if isinstance(values, str):
        values = values.split("|")
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ImportFileError(number, f"{key} must be a list of questions (in CSV: separated by |)")
    values = [" ".join(v.split()) for v in values if v.strip()]
    if any(len(v) > MAX_QUESTION for v in values):
        raise ImportFileError(number, f"one of the {key} is longer than {MAX_QUESTION} characters")
    return values


def parse_rows(raw: Iterable[tuple[int, dict]], known_ids: set[str] = frozenset()) -> list[FaqRow]:
    """Checked rows; a duplicate id, in the file or in the folder, is an error."""
    rows, seen = [], {}
    for number, item in raw:
        row = parse_row(number, item)
        if row.id in seen:
            raise ImportFileError(number, f"duplicate id {row.id!r} (first on line {seen[row.id]})")
        if row.id in known_ids:
            raise ImportFileError(number, f"id {row.id!r} is already used in the knowledge base")
        seen[row.id] = number
        rows.append(row)
    if not rows:
        raise ImportFileError(None, "the file holds no entries")
    return rows


def format_for(path: Path) -> str:
    """The import format from a file name: jsonl or csv."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise ImportFileError(None, f"unknown file type {suffix!r}; use .jsonl or .csv")


def with_ids(raw: Iterable[tuple[int, dict]]) -> Iterator[tuple[int, dict]]:
    """Rows of a question,answer file, given ids made from their questions where they have none."""
    used: set[str] = set()
    for number, row in raw:
        if not str(row.get("id") or "").strip() and isinstance(row.get("question"), str):
            base = slugify(row["question"])[:60] or "entry"
            new, n = base, 2
            while new in used:
                new, n = f"{base}-{n}", n + 1
            row = {**row, "id": new}
        used.add(str(row.get("id")))
        yield number, row


def read_simple_csv(data: bytes) -> Iterator[tuple[int, dict]]:
    """(line, row) pairs of a CSV with question and answer columns (id optional)."""
    return csv_rows(decode(data), ("question", "answer"))


def csv_rows(text: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """(line, row) pairs of CSV text whose header has the `required` columns."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    start = 2
    try:
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportFileError(1, f"the header row needs the columns {', '.join(required)}; missing: {', '.join(missing)}")
        for row in reader:
            if None in row:
                raise ImportFileError(start, "the row has more cells than the header")
            yield start, row
            start = reader.line_num + 1
    except csv.Error as err:  # a cell over the csv module's field limit (128 KB), a stray NUL...
        raise ImportFileError(start, f"not readable as CSV ({err}); no answer is that long") from None


_HEADING_LIKE = re.compile(r"^[^.!?:;,]{3,80}$")


def plain_to_markdown(text: str) -> str:
    """A plain-text document as Markdown: first line the title, short lines headings, the rest paragraphs."""
    if re.search(r"^# ", text, re.M):
        return text.strip() + "\n"
    lines: list[str] = []
    for line in (" ".join(raw.split()) for raw in text.replace("\r\n", "\n").split("\n")):
        if line and lines and line[:1].islower() and not lines[-1].endswith((".", "!", "?", ":")):
            lines[-1] = f"{lines[-1]} {line}"  # a sentence broken over two lines
        elif line:
            lines.append(line)
    if not lines:
        raise ImportFileError(None, "the document is empty")
    out = [f"# {lines[0]}", ""]
    for line in lines[1:]:
        heading = _HEADING_LIKE.match(line) and not line.endswith((".", "!", "?")) and line[:1].isupper()
        out.extend([f"## {line}" if heading else line, ""])
    return "\n".join(out).rstrip() + "\n"
