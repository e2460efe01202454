"""The glue between the store and the engine: every worker's current bot, and live reload.

Each worker checks the store's knowledge revision (one cheap query, at most
every RELOAD_INTERVAL seconds). When it changed, the bot is rebuilt in a
background thread and swapped in when ready: no visitor request waits for a
rebuild, they are answered by the last good bot meanwhile. Content that cannot
be built is logged and kept for staff to see; the last good bot keeps answering.

An edit of a few FAQ entries is live without reading everything or fitting again:
only the entries changed since the bot's reading are read (each row keeps the
revision of its last change), and the bot's index gets their rows (Bot.updated).
The full fit, which also brings the IDF and any new words up to date, follows
REFIT_DELAY seconds after the first such edit, in the background (one worker of a
server at a time), and is swapped in.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import click
from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from bot import store
from bot.engine import intent, safety
from bot.engine.answer import Bot
from bot.engine.contact import NO_CONTACT, has_contact
from bot.engine.fitfiles import FitFiles
from bot.engine.knowledge import KnowledgeBase
from bot.kbformat import reader
from bot.kbformat.reader import KnowledgeError, default_messages, read_folder
from bot.store import batch, knowledge

# Past this many changed or removed entries, an edit waits for the full rebuild.
MAX_QUICK_CHANGES = 50


@dataclass
class LiveBot:
    """The current bot of one app, rebuilt off the request path when the store's knowledge changes."""

    app: Flask
    options: dict
    interval: float = 1.0
    current: Bot | None = None
    error: Exception | None = None
    loaded_revision: int = -1
    failed_revision: int = -1
    checked_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    building: threading.Thread | None = None
    inline: bool = False  # an in-memory store has one connection for every thread: rebuild in the request, no watcher
    watching: int = 0  # the process whose watcher thread runs (a forked worker starts its own)
    watcher: threading.Thread | None = None
    stopped: threading.Event = field(default_factory=threading.Event)
    deferred: bool = False  # the first build waits until the bot is first needed (a `flask` command that needs none)
    refit_delay: float = 30.0
    refit_at: float | None = None  # when the full fit after quick edits is due
    reading: knowledge.Reading | None = None  # what the bot was built from (without the FAQ items)
    refit_lock: str = ""  # the lock file that gives the workers of a server turns at the full fit ("": no turns)

    @property
    def bot(self) -> Bot | None:
        """The bot for the newest content that built (built now if the first build was deferred)."""
        self.build_deferred()
        return self.current

    @bot.setter
    def bot(self, bot: Bot | None) -> None:
        self.current = bot

    def build_deferred(self) -> None:
        """The first build, if it was deferred."""
        if self.deferred:
            self.deferred = False
            self.rebuild()
            self.checked_at = time.monotonic()

    def watch(self) -> None:
        """Check every `interval` seconds in a thread of this process, so that an idle worker is
        up to date before its next visitor, not after."""
        self.watching = os.getpid()
        self.stopped.clear()
        self.watcher = threading.Thread(target=_watch, args=(weakref.ref(self), self.interval, self.stopped), name="knowledge-watch", daemon=True)
        self.watcher.start()

    def stop(self) -> None:
        """End the watcher and wait for a running rebuild (before the app's connections are closed)."""
        self.watching = -1
        self.stopped.set()
        for thread in (self.watcher, self.building):
            if thread is not None and thread is not threading.current_thread():
                thread.join()

    def get(self) -> Bot:
        """The bot for the newest content that built; checks the store's revision now and then."""
        self.build_deferred()
        if self.interval > 0 and not self.inline and self.watching != os.getpid():
            self.watch()
        if time.monotonic() - self.checked_at >= self.interval:
            self.check()
        if self.bot is None:
            raise self.error or KnowledgeError("the store", None, "the knowledge base is not loaded yet")
        return self.bot

    def check(self) -> None:
        """Start a rebuild in the background if the knowledge changed since the bot was built."""
        self.checked_at = time.monotonic()
        try:
            current = self.revision_now()
        except SQLAlchemyError as err:
            self.app.logger.warning("could not check the knowledge revision: %s", err)
            return
        if current not in (self.loaded_revision, self.failed_revision):
            self.rebuild() if self.inline else self.start_rebuild()
        elif self.refit_at is not None and time.monotonic() >= self.refit_at:
            self.start_rebuild(refit=True)

    def start_rebuild(self, refit: bool = False) -> threading.Thread:
        """The running rebuild, or a new one (one at a time; a change during it is picked up after).
        `refit`: the full fit that follows quick edits."""
        with self.lock:
            if self.building is None or not self.building.is_alive():
                target = self.refit if refit else self.rebuild
                self.building = threading.Thread(target=target, name="knowledge-rebuild", daemon=True)
                self.building.start()
            return self.building

    def refresh(self, wait: float = 10.0) -> None:
        """Rebuild now and wait for it up to `wait` seconds (staff saving a change see it at once)."""
        if self.inline:
            self.rebuild()
            return
        thread = self.start_rebuild()
        thread.join(wait)
        if self.loaded_revision != self.revision_now():
            self.start_rebuild().join(wait)  # the change came in while an older rebuild ran

    def revision_now(self) -> int:
        """The store's knowledge revision, read in a context of its own (never inside a request's transaction)."""
        with self.app.app_context():
            try:
                return knowledge.revision()
            finally:
                store.db.session.remove()

    def rebuild(self, whole: bool = False) -> None:
        """Bring the bot up to the store's knowledge and swap it in (or keep the error and the last good bot).

        When only a few FAQ entries changed since the bot's reading, only they are read and the bot's
        index takes them (Bot.updated): live in milliseconds at any size. The full fit, which also brings
        the IDF and any new words up to date, follows REFIT_DELAY seconds after the first such edit
        (`refit`, then `whole`), so that a run of edits costs one fit, not one each."""
        reading = None
        with self.app.app_context(), quiet_build():
            try:
                since = None if whole or self.inline or self.current is None or self.reading is None else self.reading
                reading = knowledge.read_knowledge(since, most=MAX_QUICK_CHANGES)
                if reading.whole:
                    bot = self.fitted_bot(reader.knowledge_base(reading.content()))
                else:
                    kb, changed = reader.with_faq_changes(self.current.kb, reading.faqs, reading.removed)
                    bot = self.current.updated(answerable(kb), changed, reading.removed) if changed or reading.removed else self.current
            except (KnowledgeError, ValueError) as err:
                self.error, self.failed_revision = err, reading.revision if reading else -1  # tried again when the knowledge changes
                self.app.logger.error("knowledge base not rebuilt: %s", err)
                return
            except SQLAlchemyError as err:
                self.error = err  # tried again at the next check
                self.app.logger.error("knowledge base not rebuilt: %s", err)
                return
            finally:
                store.db.session.remove()
        if reading.whole:
            self.refit_at = None
        elif self.refit_at is None and bot is not self.current:
            # REFIT_DELAY after the first quick edit since the last fit: later edits do not put it off again
            self.refit_at = time.monotonic() + self.refit_delay
        if self.current is None or (self.current.intents is None) != (bot.intents is None):
            log_intent_classifier(self.app.logger, bot)
        self.bot, self.error, self.loaded_revision, self.reading = bot, None, reading.revision, reading.kept()

    def refit(self) -> None:
        """The full fit that follows quick edits, one worker of the server at a time (a lock file in
        the instance folder): two workers fitting at once on two cores left none for their visitors.
        While another worker fits, this one tries again a few seconds later."""
        try:
            with refit_turn(self.refit_lock, self.app.logger) as turn:
                if not turn:
                    self.refit_at = time.monotonic() + REFIT_RETRY
                    return
                self.rebuild(whole=True)
        except Exception:  # never a loop of failing fits: the quick bot keeps answering
            self.app.logger.exception("the full fit failed")
        if self.refit_at is not None and time.monotonic() >= self.refit_at:
            self.refit_at = time.monotonic() + self.refit_delay  # it failed: tried again later, not at every check

    def fitted_bot(self, kb: KnowledgeBase) -> Bot:
        """A new bot fitted on the whole knowledge base."""
        return Bot(answerable(kb), **self.options)


def log_intent_classifier(logger, bot: Bot) -> None:
    """Say whether the bot reads the intent classifier's second opinion, and if not, why: its answers
    depend on it (README, "How a question is answered", step 6)."""
    if bot.intents is not None:
        logger.info("answering with the intent classifier's second opinion (%d entries with phrasings)", len(bot.intents.entry_ids_))
    else:
        logger.info("answering without the intent classifier (%s): the plain confidence model alone", intent.left_out_because(bot.kb.entries))


def answerable(kb: KnowledgeBase) -> KnowledgeBase:
    """`kb`, or a KnowledgeError when it holds nothing to answer from (only not-covered topics)."""
    if not any(e.kind != "not_covered" for e in kb.entries):
        raise KnowledgeError("the store", None, "no documents or FAQ entries to answer from")
    return kb


REFIT_RETRY = 3.0  # seconds until a worker tries again when another one is fitting


@contextlib.contextmanager
def refit_turn(path: str, logger=None):
    """Yields whether this process has the turn to fit: an exclusive lock on the file at `path`,
    held until the block ends (and released by the system if the process dies). Where no lock can
    be taken at all (no such folder can be made, a file system without locks) it fits without turns."""
    if not path:
        yield True
        return
    import fcntl

    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a")
    except OSError as err:
        if logger:
            logger.warning("no lock file for the full fit (%s): workers fit without taking turns", err)
        yield True
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another worker is fitting
            yield False
            return
        except OSError as err:
            if logger:
                logger.warning("the full fit's lock failed (%s): fitting without taking turns", err)
            yield True
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


BUILD_SWITCH_INTERVAL = 0.001  # seconds: how long a visitor's request waits for the interpreter while a build runs


@contextlib.contextmanager
def quiet_build():
    """A build in the background that visitors of the same worker hardly notice.

    - Python's cyclic garbage collector is paused, and what the build made is moved out of its reach.
      A full collection scans every tracked object: at 100,000 entries a quarter of a second in
      which the worker answers no one, and a build allocates enough objects to set one off. What a
      build makes lives as long as its bot, so it goes to the permanent generation (gc.freeze):
      never scanned again, and freed by reference counting when a newer bot replaces it (a bot holds
      no reference cycles; a test checks). Frozen before the fork, the index's pages also stay
      shared between the workers: a collection writes to every object it scans. The cost: reference
      cycles that requests leave while a build runs are frozen too, never freed (a few objects a
      request, only during builds; measured by a reviewer: 1,016 objects over 3 full fits with 307
      requests).
    - The interpreter changes threads every millisecond, not every 5: a request takes and gives
      back the interpreter dozens of times (each numpy call), and waited up to 5 ms each time the
      build's thread had it: 250 ms for a 2 ms reply at 100,000 entries; 70 ms now.
    """
    with _building.lock:
        if not _building.count:
            _building.saved = gc.isenabled(), sys.getswitchinterval()
            gc.disable()
            sys.setswitchinterval(min(_building.saved[1], BUILD_SWITCH_INTERVAL))
        _building.count += 1
    try:
        yield
    finally:
        with _building.lock:
            _building.count -= 1
            if not _building.count:  # the last build of the process to end restores what the first one found
                enabled, interval = _building.saved
                sys.setswitchinterval(interval)
                gc.freeze()
                if enabled:
                    gc.enable()


# The builds of this process now running (several apps in one process can overlap), and what the
# first of them found: the collector's state and the switch interval, restored by the last.
_building = SimpleNamespace(count=0, saved=(True, 0.005), lock=threading.Lock())


def _watch(live_ref: weakref.ref, interval: float, stopped: threading.Event) -> None:
    """The watcher's loop: ends when its LiveBot (its app) is stopped or gone."""
    pid = os.getpid()
    while not stopped.wait(interval):
        live = live_ref()
        if live is None or live.watching != pid:
            return
        if time.monotonic() - live.checked_at >= interval:
            live.check()
        del live


def set_up(app: Flask) -> None:
    """Bring the database up to date, and load the shipped knowledge folder into an empty store."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        with store.setup_lock(url):
            if store.current_revision() != store.HEAD_REVISION:
                store.upgrade()
            store.protect_file(url)
            batch.adopt_legacy_sets(Path(app.instance_path) / "question-sets")
            if knowledge.is_empty():
                app.extensions["seed_error"] = seed(app)
        store.db.session.remove()


def seed(app: Flask) -> KnowledgeError | None:
    """The first start: the knowledge folder (KNOWLEDGE_DIR, the shipped one by default) goes into
    the store. Returns what stopped it, if anything."""
    folder = app.config["KNOWLEDGE_DIR"]
    try:
        knowledge.import_content(read_folder(folder), staff="first start", whole=True)
    except knowledge.Invalid as invalid:
        err = KnowledgeError(".", None, "; ".join(invalid.errors.values()))
    except KnowledgeError as found:
        err = KnowledgeError(relative(found.path, folder), found.line, found.message)
    else:
        app.logger.info("loaded the knowledge folder %s into the empty store", folder)
        return None
    app.logger.error("the knowledge folder %s was not loaded into the empty store: %s", folder, err)
    return err


def relative(path: str, folder: str) -> str:
    """A file's path inside the knowledge folder (the server's own folders are nobody's business)."""
    root = str(Path(folder))
    return "." + path[len(root):] if path.startswith(root) else path


def init_app(app: Flask) -> None:
    """Set up the store and build the first bot at start-up; an error is logged and kept, not raised."""
    set_up(app)
    live = LiveBot(
        app=app,
        options={
            "threshold": answer_threshold(app.config["ANSWER_THRESHOLD"]),
            "suggest_threshold": float(app.config["SUGGEST_THRESHOLD"]),
            "fits": FitFiles(Path(app.instance_path) / "fits") if is_on(app.config["KEEP_FITS"]) else None,
        },
        interval=float(app.config["RELOAD_INTERVAL"]),
        refit_delay=float(app.config["REFIT_DELAY"]),
        refit_lock=str(Path(app.instance_path) / "refit.lock"),
        inline=store.sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"]) is None and store.is_sqlite(app.config["SQLALCHEMY_DATABASE_URI"]),
    )
    # Under a `flask` command (kb import, staff add...) the bot is built when something first asks for
    # it: importing into a store of 100,000 entries need not build their index first. `flask run`
    # serves visitors: it builds at start-up, as a server does, and its log says what is missing.
    command = click.get_current_context(silent=True)
    live.deferred = command is not None and command.info_name != "run"
    if not live.deferred:
        safety.prepare_checks(serving=True)
        live.rebuild()
        if live.bot is not None and not has_contact(live.bot.messages.get("clinic", {})):
            app.logger.warning("%s", NO_CONTACT[0].upper() + NO_CONTACT[1:])
        if live.bot is None and app.extensions.get("seed_error"):
            live.error = app.extensions["seed_error"]  # the file and line that kept the store empty
    live.checked_at = time.monotonic()
    app.extensions["knowledge"] = live
    _apps.add(app)


_apps: weakref.WeakSet = weakref.WeakSet()


def forget_connections() -> None:
    """In a forked worker (gunicorn --preload), leave the parent's pooled connections to the parent."""
    for app in list(_apps):
        with app.app_context():
            store.db.engine.dispose(close=False)


os.register_at_fork(after_in_child=forget_connections)


def is_on(value) -> bool:
    """A yes/no setting as set in code (True) or in the environment ("false", "no", "0", "off" are no)."""
    return str(value).strip().lower() not in ("", "0", "false", "no", "off", "none")


def answer_threshold(value) -> float | None:
    """ANSWER_THRESHOLD as a probability; empty means the shipped model's own."""
    return None if value in (None, "") else float(value)


def page_bot() -> Bot | SimpleNamespace:
    """The bot, or while none could be built a stand-in with the default messages and no content
    (for the staff pages that must work then: sign-in and the overview saying what is wrong)."""
    live = current_app.extensions["knowledge"]
    return live.bot or SimpleNamespace(messages=default_messages(), kb=KnowledgeBase())


def get_bot() -> Bot:
    """The current app's bot (rebuilt in the background when the knowledge changed)."""
    return current_app.extensions["knowledge"].get()
