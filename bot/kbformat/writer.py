"""Write knowledge as the folder format: one entry, section or file at a time, or a whole folder
(`flask kb export`). Files are written atomically, read back by `bot.kbformat.reader` as written
(no Flask, no SQL)."""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable

import yaml

from bot.engine.knowledge import Document
from bot.kbformat.reader import FAQ_FIELDS, Content, slugify

FAQ_HEADER = ("# FAQ entries: id (never changes once published), question, alternates (the ways visitors ask),\n"
              "# answer, and where it comes from: section (document-id#section-id), url or source; examples: questions\n"
              "# visitors asked in their own words that the entry answers (they teach the bot, never shown).\n\n")
FOLD_FROM = 80  # longer text is written folded over several lines (`>-`), as a person would write it


class _Dumper(yaml.SafeDumper):
    """YAML as the shipped files are written: lists indented under their key, long text folded."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _text_style(text: str) -> str | None:
    """Folded for long text on one line, else the emitter's choice."""
    return ">" if len(text) > FOLD_FROM and "\n" not in text and text == text.strip() else None


def _represent_text(dumper: yaml.SafeDumper, text: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=_text_style(text))


_Dumper.add_representer(str, _represent_text)


def dump_yaml(data) -> str:
    """`data` as YAML in the folder's style."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=80)


def faq_texts(items: Iterable[dict]) -> list[str]:
    """`faq_text` of each item, many at once: the same texts, through libyaml's emitter where PyYAML has it
    (PyYAML's own takes a third of a millisecond an entry: most of a bulk import's time)."""
    cleaned = [clean_item(item) for item in items]
    if not yaml.__with_libyaml__:
        return [dump_yaml(item) for item in cleaned]
    texts: list[str] = []
    for start in range(0, len(cleaned), 1000):  # a thousand at a time: the YAML nodes of all of them need not be held at once
        texts += _fast_texts(cleaned[start : start + 1000])
    return texts


# Text that libyaml's emitter writes as PyYAML's does (a test checks this on many odd strings): one
# line of printable characters, no two spaces in a row. Other text (line breaks, control characters,
# characters outside the BMP, runs of spaces) is folded or quoted otherwise: PyYAML's emitter writes it.
_NOT_ALIKE = re.compile("[^\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]|  ")
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _alike(item: dict) -> bool:
    """Whether every value of a cleaned FAQ item is text (or a list of it) that both emitters write alike."""
    values = [v for value in item.values() for v in (value if isinstance(value, list) else [value])]
    return all(isinstance(v, str) and not _NOT_ALIKE.search(v) for v in values)


def _fast_texts(items: list[dict]) -> list[str]:
    """The YAML of cleaned FAQ items through libyaml, each item a few documents of one stream: a run
    of plain fields, or one list field (alternates, examples). libyaml indents no list under its key,
    so each list is written one level down and moved back."""
    stream = io.StringIO()
    dumper = yaml.CSafeDumper(stream, default_flow_style=False, allow_unicode=True, width=80, explicit_start=True)
    dumper.open()
    shapes: list[list[bool] | None] = []  # per item, per document: whether it is a list moved down
    for item in items:
        if not _alike(item):
            shapes.append(None)
            continue
        runs: list[tuple[bool, list]] = []  # the item's fields in order, in runs of plain fields and single lists
        for key, value in item.items():
            if isinstance(value, list):
                runs.append((True, [(key, value)]))
            elif runs and not runs[-1][0]:
                runs[-1][1].append((key, value))
            else:
                runs.append((False, [(key, value)]))
        for is_list, pairs in runs:
            if is_list:
                (key, values), = pairs
                sequence = yaml.SequenceNode(_SEQ, [_scalar(v) for v in values], flow_style=False)
                dumper.serialize(_mapping([("_", _mapping([(key, sequence)]))]))
            else:
                dumper.serialize(_mapping(pairs))
        shapes.append([is_list for is_list, _ in runs])
    dumper.close()
    documents = iter(f"{text}\n" for text in ("\n" + stream.getvalue().rstrip("\n")).split("\n---\n")[1:])  # each starts with "---"
    texts = []
    for item, shape in zip(items, shapes):
        if shape is None:
            texts.append(dump_yaml(item))
            continue
        # "_:\n  alternates:\n  - ..." -> "alternates:\n  - ..."
        parts = [next(documents).split("\n", 1)[1][2:] if moved else next(documents) for moved in shape]
        texts.append("".join(parts) or "{}\n")
    return texts


def _scalar(text: str) -> yaml.ScalarNode:
    return yaml.ScalarNode(_STR, text, style=_text_style(text))


def _mapping(pairs: list[tuple[str, object]]) -> yaml.MappingNode:
    return yaml.MappingNode(_MAP, [(_scalar(k), v if isinstance(v, yaml.Node) else _scalar(v)) for k, v in pairs], flow_style=False)


def clean_item(item: dict) -> dict:
    """An FAQ item's fields in their standard order, empty ones left out."""
    return {k: item[k] for k in FAQ_FIELDS if item.get(k) not in (None, "", [], ())}


def faq_text(item: dict) -> str:
    """One FAQ entry as YAML: the unit versions, history and diffs are made of."""
    return faq_texts([item])[0]


def faq_file_text(items: list[dict]) -> str:
    """A FAQ file: the entries one after another, a blank line between them."""
    entries = []
    for start in range(0, len(items), 1000):  # a thousand at a time: only the file's text is held whole
        entries += [text.replace("\n", "\n  ").rstrip().join(["- ", "\n"]) for text in faq_texts(items[start : start + 1000])]
    return FAQ_HEADER + "\n".join(entries)


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

