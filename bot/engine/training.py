"""Build-time training of the shipped models (not imported by the running bot).

    python -m bot.engine.training safety       # bot/data/crisis-model.npz
    python -m bot.engine.training examples     # the `examples` of knowledge/faq/*.yaml
    python -m bot.engine.training confidence   # bot/data/confidence.json

Each reads the *train* files of its corpus in tests/data/ (see the README
there), never the frozen test split, and the shipped knowledge/ (its FAQ
phrasings are non-crisis messages; the confidence model is fitted on matches
against three forms of it); each prints its out-of-fold figures. `examples`
writes the questions of the labelled answerable messages into the shipped FAQ
as its entries' examples; retrain `confidence` after it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SAFETY_DATA = ROOT / "tests" / "data" / "safety"
QUESTION_DATA = ROOT / "tests" / "data" / "questions"
# The crisis threshold is the highest that keeps this share of crisis messages
# (out of fold, with the patterns): recall first.
TARGET_RECALL = 0.99
CONCERN_RECALL = 0.8


def read_jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSONL file, blank lines skipped."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def safety_training_rows() -> list[dict]:
    """Every labelled training message: the written corpus plus the knowledge base's own questions."""
    rows = [row for path in sorted(SAFETY_DATA.glob("train-*.jsonl")) for row in read_jsonl(path)]
    from bot.kbformat.reader import load

    kb = load(ROOT / "knowledge")
    rows += [{"text": q, "label": "none", "kind": "faq_phrasing", "lang": "en"} for e in kb.entries for q in e.questions]
    return rows


def fit_linear(x, y: np.ndarray, c: float):
    """A logistic regression on hashed features (liblinear, L2)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", max_iter=2000).fit(x, y)


def out_of_fold(x, y: np.ndarray, c: float, folds: int = 5) -> np.ndarray:
    """Each row's probability from a model that did not see it."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros(len(y))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
        out[test] = fit_linear(x[train], y[train], c).predict_proba(x[test])[:, 1]
    return out


def train_safety(rows: list[dict], c: float = 10.0):
    """The crisis model fitted on `rows`, its thresholds chosen out of fold for recall."""
    from bot.engine import safety
    from bot.engine.crisis_model import CrisisModel, features

    texts = [row["text"] for row in rows]
    x = features(texts)
    crisis = np.array([row["label"] == "crisis" for row in rows])
    concern = np.array([row["label"] == "concern" for row in rows])
    floor = np.array([safety.floor(t) is not None for t in texts])
    oof = out_of_fold(x, crisis, c)
    # The highest threshold at which the classifier and the floor together miss at most
    # (1 - TARGET_RECALL) of all crisis messages, out of fold; never below 0.02.
    missed_by_floor = np.sort(oof[crisis & ~floor])
    allowed = int(len(crisis[crisis]) * (1 - TARGET_RECALL))
    threshold = float(missed_by_floor[min(allowed, len(missed_by_floor) - 1)]) - 1e-4 if len(missed_by_floor) else 0.5
    threshold = min(max(threshold, 0.02), 0.5)
    flagged = floor | (oof >= threshold)
    print(f"safety: {len(rows)} training messages ({crisis.sum()} crisis, {concern.sum()} concern)")
    print(f"  out of fold at threshold {threshold:.3f}: recall {flagged[crisis].mean():.1%}, false alarms {flagged[~crisis].mean():.1%}")
    crisis_model = fit_linear(x, crisis, c)
    rest = ~crisis
    oof_concern = out_of_fold(x[rest], concern[rest], c)
    concern_threshold = float(np.quantile(oof_concern[concern[rest]], 1 - CONCERN_RECALL))
    print(f"  concern at {concern_threshold:.3f}: recall {(oof_concern[concern[rest]] >= concern_threshold).mean():.1%}, "
          f"on none {(oof_concern[~concern[rest]] >= concern_threshold).mean():.1%}")
    concern_model = fit_linear(x[rest], concern[rest], c)
    return CrisisModel(crisis_model.coef_[0], float(crisis_model.intercept_[0]), concern_model.coef_[0], float(concern_model.intercept_[0]),
                       threshold=threshold, concern_threshold=concern_threshold)


def is_right(row: dict, reply_source: str, answer: str) -> bool:
    """Whether an answer from `reply_source` is a right reply to a labelled message."""
    if row["expect"] != "answer":
        return False
    accepted = set(row.get("entries", [])) | set(row.get("entries2", []))
    return reply_source in accepted or any(p.lower() in answer.lower() for p in row.get("any", []))


def visitor_examples(rows: list[dict]) -> dict[str, list[str]]:
    """The questions of labelled answerable messages, by the entry that answers them: what the shipped
    FAQ's `examples` hold. Each is the question as the bot reads it out of the message (a story's
    question, not the story); a message with two questions gives each to its own entry, and one whose
    two questions the bot does not tell apart gives none. In order, each once."""
    from bot.engine import language
    from bot.engine.answer import read_questions
    from bot.kbformat.reader import MAX_QUESTION

    found: dict[str, dict[str, None]] = {}
    for row in rows:
        if row["expect"] != "answer" or not row.get("entries"):
            continue
        _, questions, _ = read_questions(row["q"], language.detect(row["q"]))
        owners = [row["entries"][0], *row.get("entries2", [])[:1]]
        if len(questions) > 1 and len(owners) < 2:
            continue
        for question, owner in zip(questions, owners):
            question = " ".join(question.split())
            if question and len(question) <= MAX_QUESTION:
                found.setdefault(owner, {})[question] = None
    return {owner: list(questions) for owner, questions in found.items()}


# An example needs this many of the words the retriever reads ("is it?", "can you explain?" and "what are
# they?" mean something only beside their story).
MIN_EXAMPLE_TERMS = 2


def with_examples(kb, examples: dict[str, list[str]]):
    """`kb` whose FAQ entries hold these examples (in place of their own), leaving out a question that
    is already a phrasing of some entry (it would teach the classifier what the phrasing does), one
    that two entries claim, and one of fewer than MIN_EXAMPLE_TERMS words the retriever reads."""
    from bot.engine.retriever import Retriever
    from bot.engine.text import normalize

    phrasings = {normalize(q) for e in kb.entries for q in e.questions}
    claims: dict[str, set[str]] = {}
    for owner, questions in examples.items():
        for q in questions:
            claims.setdefault(normalize(q), set()).add(owner)
    read = Retriever(synonyms=kb.synonyms).fit(kb.entries).query_terms

    def kept(q: str) -> bool:
        said = normalize(q)
        return said not in phrasings and len(claims[said]) == 1 and len(read(q)) >= MIN_EXAMPLE_TERMS

    return replace(kb, entries=[replace(e, examples=tuple(q for q in examples.get(e.id, ()) if kept(q))) if e.kind == "faq" else e for e in kb.entries])


def without_examples_of(kb, rows: list[dict]):
    """`kb` without the examples that `rows` give: a bot on it never saw those messages."""
    from bot.engine.text import normalize

    held = {normalize(q) for questions in visitor_examples(rows).values() for q in questions}
    return replace(kb, entries=[replace(e, examples=tuple(q for q in e.examples if normalize(q) not in held)) if e.examples else e for e in kb.entries])


def write_examples(rows: list[dict], folder: Path = ROOT / "knowledge") -> int:
    """Write `visitor_examples(rows)` as the examples of the FAQ files of a knowledge folder (through
    the folder format's writer, each file's leading comment kept); the number of examples written."""
    from bot.kbformat import reader, writer

    content = reader.read_folder(folder)
    examples = with_examples(reader.knowledge_base(content), visitor_examples(rows))
    by_entry = {e.id: list(e.examples) for e in examples.entries if e.kind == "faq"}
    for name in sorted({item["file"] for item in content.faqs}):
        path = folder / "faq" / f"{name}.yaml"
        comment = "".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)[:50] if line.startswith("#"))
        items = [{**item, "examples": by_entry.get(item["id"], [])} for item in content.faqs if item["file"] == name]
        text = writer.faq_file_text(items)
        path.write_text(comment + "\n" + text.removeprefix(writer.FAQ_HEADER), encoding="utf-8")
    return sum(len(v) for v in by_entry.values())


def confidence_rows(rows: list[dict], bot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and message numbers of every candidate reading of every question part.

    Parts the policy never scores (crisis, small talk, dose questions, a
    not-covered topic at the top) are left out: their reply does not depend
    on the confidence."""
    from bot.engine import language, safety, smalltalk
    from bot.engine.answer import read_questions


    xs, ys, groups = [], [], []
    for number, row in enumerate(rows):
        message = row["q"]
        if row["expect"] == "crisis" or smalltalk.classify(message):
            continue
        _, questions, context = read_questions(message, language.detect(message))
        for question in questions:
            if safety.medical_advice(question):
                continue
            for candidate in bot.candidates(question, context):
                answerable = [m for m in candidate.matches if m.entry.kind != "not_covered"]
                if not answerable or candidate.matches[0].entry.kind == "not_covered":
                    continue
                xs.append(candidate.features)
                ys.append(is_right(row, answerable[0].entry.id, answerable[0].entry.answer))
                groups.append(number)
    return np.array(xs), np.array(ys), np.array(groups)


def train_confidence(rows: list[dict], max_wrong: float = 0.02):
    """The confidence models (plain and informed) fitted on `rows`; their threshold keeps wrong answers out
    of fold within `max_wrong`, with the intent classifier and without it."""
    from sklearn.model_selection import GroupKFold

    from bot.engine.answer import Bot
    from bot.engine.confidence import FEATURES, Confidence
    from bot.kbformat.reader import load

    # The same messages against three forms of the clinic's knowledge base: as shipped; its document
    # alone (a clinic that imports only a document); its FAQ with one question an entry and no other
    # phrasings or examples (an imported FAQ). So the model learns how right and wrong matches look in each.
    kb = load(ROOT / "knowledge")
    document_only = replace(kb, entries=[e for e in kb.entries if e.kind != "faq"])
    imported_faq = replace(kb, entries=[replace(e, questions=e.questions[:1], examples=()) if e.kind == "faq" else e for e in kb.entries if e.kind != "passage"])
    parts = [shipped_rows(rows, kb)] + [confidence_rows(rows, Bot(base, threshold=0.5, confidence=_neutral_confidence())) for base in (document_only, imported_faq)]
    x = np.vstack([part[0] for part in parts])
    y = np.concatenate([part[1] for part in parts])
    groups = np.concatenate([part[2] + i * len(rows) for i, part in enumerate(parts)])
    known = x[:, FEATURES.index("intent_known")] > 0
    retrieved = x[:, FEATURES.index("intent_first")] == 0  # the readings a bot without the intent classifier has too
    alone, combined = np.zeros(len(y)), np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, groups):
        plain = _fit_logistic(x[train[retrieved[train]]], y[train[retrieved[train]]], False)
        informed = _fit_logistic(x[train[known[train]]], y[train[known[train]]], True)
        model = Confidence(plain, informed, 0.5)
        alone[test] = [model.probability_without_intent(row) if row_retrieved else 0.0 for row, row_retrieved in zip(x[test], retrieved[test])]
        combined[test] = [model.probability(row) for row in x[test]]
    # One threshold that keeps wrong answers within max_wrong both for a bot with the intent classifier
    # and for one without it (a knowledge base too big for it, or an imported FAQ of one question an
    # entry): the plain model alone answers as it did before the classifier came.
    messages = len(rows) * len(parts)
    threshold = max(_threshold_for(p, y, groups, messages, max_wrong) for p in (alone, combined))
    print(f"confidence: {len(rows)} messages against {len(parts)} forms of the knowledge base, {len(y)} candidate readings "
          f"({y.sum()} right; {known.sum()} known to the intent classifier)")
    forms = ("as shipped", "document only", "one question an entry")
    for name, p in (("with the intent classifier", combined), ("plain model alone", alone)):
        print(f"  out of fold at threshold {threshold:.3f}, {name}: " + _summary(p, y, groups, messages, threshold))
        for i, form in enumerate(forms):
            part = (groups >= i * len(rows)) & (groups < (i + 1) * len(rows))
            print(f"    {form}: " + _summary(p[part], y[part], groups[part], len(rows), threshold))
    return Confidence(_fit_logistic(x[retrieved], y[retrieved], False), _fit_logistic(x[known], y[known], True), threshold)


def shipped_rows(rows: list[dict], kb, folds: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`confidence_rows` against the shipped knowledge, whose FAQ examples are these messages' questions:
    each fifth of the messages is read by a bot whose intent classifier never saw their examples, so
    its opinion of them is as it will be of a new visitor's (fitted on its own examples, the model
    would learn to trust it too much)."""
    from sklearn.model_selection import KFold

    from bot.engine.answer import Bot

    xs, ys, groups = [], [], []
    for train, test in KFold(folds, shuffle=True, random_state=0).split(rows):
        held = [rows[i] for i in test]
        x, y, numbers = confidence_rows(held, Bot(without_examples_of(kb, held), threshold=0.5, confidence=_neutral_confidence()))
        xs.append(x), ys.append(y), groups.append(test[numbers.astype(int)] if len(numbers) else numbers)
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups)


def _fit_logistic(x: np.ndarray, y: np.ndarray, informed: bool):
    """A logistic regression (scikit-learn's, C=1) on standardised features: all of them for matches
    the intent classifier knows, the plain ones for the rest."""
    from sklearn.linear_model import LogisticRegression

    from bot.engine.confidence import PLAIN_FEATURES, Logistic

    x = x if informed else x[:, :len(PLAIN_FEATURES)]
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y)
    return Logistic(model.coef_[0], float(model.intercept_[0]), mean, scale)


def _per_message(p: np.ndarray, y: np.ndarray, groups: np.ndarray, threshold: float) -> tuple[int, int]:
    """Messages answered right and wrong when each answers with its most probable reading."""
    right = wrong = 0
    for group in np.unique(groups):
        rows = np.flatnonzero(groups == group)
        best = rows[np.argmax(p[rows])]
        if p[best] >= threshold:
            right += bool(y[best])
            wrong += not y[best]
    return right, wrong


def _threshold_for(p, y, groups, messages: int, max_wrong: float) -> float:
    """The lowest threshold whose wrong answers stay within `max_wrong` of all messages."""
    for threshold in np.arange(0.2, 0.96, 0.01):
        if _per_message(p, y, groups, threshold)[1] <= max_wrong * messages:
            return float(round(threshold, 2))
    return 0.95


def _summary(p, y, groups, messages: int, threshold: float) -> str:
    right, wrong = _per_message(p, y, groups, threshold)
    return f"answered right {right}, wrong {wrong} ({wrong / messages:.1%} of {messages} messages)"


def _neutral_confidence():
    """A stand-in model while features are collected (the probabilities are not used)."""
    from bot.engine.confidence import FEATURES, PLAIN_FEATURES, Confidence, Logistic

    return Confidence(*(Logistic(np.zeros(len(f)), 0.0, np.zeros(len(f)), np.ones(len(f))) for f in (PLAIN_FEATURES, FEATURES)), 0.5)


def main(argv: list[str]) -> int:
    """Train the model named on the command line and write it to bot/data."""
    what = argv[0] if argv else ""
    if what == "safety":
        from bot.engine.crisis_model import MODEL_FILE

        train_safety(safety_training_rows()).save(MODEL_FILE)
        print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
        return 0
    if what == "examples":
        written = write_examples([row for path in sorted(QUESTION_DATA.glob("train*.jsonl")) for row in read_jsonl(path)])
        print(f"wrote {written} examples into knowledge/faq; now retrain: python -m bot.engine.training confidence")
        return 0
    if what == "confidence":
        from bot.engine.confidence import MODEL_FILE

        train_confidence([row for path in sorted(QUESTION_DATA.glob("train*.jsonl")) for row in read_jsonl(path)]).save(MODEL_FILE)
        print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
        return 0
    print("usage: python -m bot.engine.training safety|examples|confidence", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
