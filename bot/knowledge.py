"""The glue between Flask and the knowledge folder: `get_bot()` and live reload.

The folder is checked at most every RELOAD_INTERVAL seconds. When a file
changed, the bot is rebuilt; if the new content is malformed, the last good
bot keeps answering and the error is kept for staff to see.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from bot.answer import Bot
from bot.loader import KnowledgeError


def signature(folder: Path) -> tuple:
    """What changes when any knowledge file is added, removed or edited (a link to nothing, or a
    file removed while the folder is read, counts as a change, never as a crash)."""
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.name.startswith("."):
            continue
        try:
            stat = path.stat()
        except OSError:
            found.append((str(path), "unreadable"))
            continue
        if path.is_file():
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


@dataclass
class LiveBot:
    """The current bot for one knowledge folder, rebuilt when the folder changes."""

    folder: Path
    options: dict
    interval: float = 1.0
    bot: Bot | None = None
    error: KnowledgeError | None = None
    loaded_signature: tuple = ()
    checked_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self) -> Bot:
        """The bot for the newest good content of the folder."""
        if self.bot is None or time.monotonic() - self.checked_at >= self.interval:
            self.refresh()
        if self.bot is None:
            raise self.error
        return self.bot

    def refresh(self) -> None:
        """Rebuild the bot if the folder changed since it was loaded."""
        with self.lock:
            self.checked_at = time.monotonic()
            current = signature(self.folder)
            if current == self.loaded_signature and (self.bot or self.error):
                return
            try:
                self.bot = Bot.from_folder(self.folder, **self.options)
                self.error = None
            except KnowledgeError as err:
                self.error = err
            self.loaded_signature = current


def init_app(app: Flask) -> None:
    """Load the knowledge base at start-up; an error is logged and kept, not raised."""
    live = LiveBot(
        folder=Path(app.config["KNOWLEDGE_DIR"]),
        options={"threshold": answer_threshold(app.config["ANSWER_THRESHOLD"]), "suggest_threshold": float(app.config["SUGGEST_THRESHOLD"])},
        interval=float(app.config["RELOAD_INTERVAL"]),
    )
    live.refresh()
    if live.error:
        app.logger.error("knowledge base not loaded: %s", live.error)
    app.extensions["knowledge"] = live


def answer_threshold(value) -> float | None:
    """ANSWER_THRESHOLD as a probability; empty means the shipped model's own."""
    return None if value in (None, "") else float(value)


def get_bot() -> Bot:
    """The current app's bot, reloaded if the knowledge folder changed."""
    return current_app.extensions["knowledge"].get()
