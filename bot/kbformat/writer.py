"""Write knowledge as the folder format: one entry, section or file at a time, or a whole folder
(`flask kb export`). Files are written atomically, read back by `bot.kbformat.reader` as written
(no Flask, no SQL)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from bot.engine.knowledge import Document
from bot.kbformat.reader import FAQ_FIELDS, Content, slugify

FAQ_HEADER = ("# FAQ entries: id (never changes once published), question, alternates (the ways visitors ask),\n"
              "# answer, and where it comes from: section (document-id#section-id), url or source.\n\n")
FOLD_FROM = 80  # longer text is written folded over several lines (`>-`), as a person would write it


class _Dumper(yaml.SafeDumper):
    """YAML as the shipped files are written: lists indented under their key, long text folded."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str):
    style = ">" if len(text) > FOLD_FROM and "\n" not in text and text == text.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_yaml(data) -> str:
    """`data` as YAML in the folder's style."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=80)


def clean_item(item: dict) -> dict:
    """An FAQ item's fields in their standard order, empty ones left out."""
    return {k: item[k] for k in FAQ_FIELDS if item.get(k) not in (None, "", [], ())}


def faq_text(item: dict) -> str:
    """One FAQ entry as YAML: the unit versions, history and diffs are made of."""
    return dump_yaml(clean_item(item))


def faq_file_text(items: list[dict]) -> str:
    """A FAQ file: the entries one after another, a blank line between them."""
    return FAQ_HEADER + "\n".join(faq_text(i).replace("\n", "\n  ").rstrip().join(["- ", "\n"]) for i in items)


def section_text(title: str, body: str, level: int = 2, section_id: str | None = None, default_id: str | None = None) -> str:
    """A section as Markdown: its heading (with `{#id}` when the id is not the heading's own) and body."""
    anchor = f" {{#{section_id}}}" if section_id and section_id != (default_id or slugify(title)) else ""
    return f"{'#' * level} {title}{anchor}\n\n{body.strip()}\n" if body.strip() else f"{'#' * level} {title}{anchor}\n"


def document_text(doc: Document) -> str:
    """A whole document as Markdown: the title line, then each section."""
    parts = []
    if not doc.sections or doc.sections[0].level != 1:
        parts.append(f"# {doc.title}\n")
    for section in doc.sections:
        default = slugify(doc.id) if section.level == 1 else None
        parts.append(section_text(section.title, section.body, section.level, section.id, default))
    return "\n".join(parts)


def topics_text(topics: list[dict]) -> str:
    """not-covered.yaml: each topic with its phrasings."""
    items = [{"id": t["id"], "topic": t["topic"], "phrasings": list(t["phrasings"])} for t in topics]
    return dump_yaml(items) if items else ""


def synonyms_text(groups: list[list[str]]) -> str:
    """synonyms.txt: one group a line."""
    return "".join(", ".join(group) + "\n" for group in groups)


def messages_text(overrides: dict) -> str:
    """messages.yaml: what the clinic sets over the defaults."""
    return dump_yaml(overrides) if overrides else ""


def folder_files(content: Content) -> dict[str, str]:
    """Every file of a knowledge folder holding `content`, by path inside the folder."""
    files = {f"documents/{doc.id}.md": document_text(doc) for doc in content.documents}
    by_file: dict[str, list[dict]] = {}
    for item in content.faqs:
        by_file.setdefault(item.get("file") or "faq", []).append(item)
    files.update({f"faq/{name}.yaml": faq_file_text(items) for name, items in by_file.items()})
    for name, text in (("not-covered.yaml", topics_text(content.topics)), ("synonyms.txt", synonyms_text(content.synonyms)),
                       ("messages.yaml", messages_text(content.messages))):
        if text:
            files[name] = text
    return files


def write_folder(content: Content, folder: Path) -> list[Path]:
    """Write `content` as a knowledge folder; knowledge files there that it no longer holds are removed."""
    files = folder_files(content)
    stale = [p for p in [*folder.glob("documents/*.md"), *folder.glob("faq/*.yaml"), *(folder / n for n in ("not-covered.yaml", "synonyms.txt", "messages.yaml"))]
             if p.exists() and str(p.relative_to(folder)) not in files]
    written = []
    for name, text in files.items():
        write_atomic(folder / name, text)
        written.append(folder / name)
    for path in stale:
        path.unlink()
    return written


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` all at once: temporary file, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

