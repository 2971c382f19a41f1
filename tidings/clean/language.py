"""Language identification with py3langid (imported on first use)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# The model scores bytes; the first few thousand characters decide as well as the whole text.
SAMPLE_CHARS = 1200
# A first, shorter sample settles most texts at half the cost; the full sample decides the rest.
QUICK_SAMPLE_CHARS = 600
# Below this many words the scores swing on names and numbers, so no decision is made on them.
MIN_WORDS = 20
# Calibrated probability above which a detection is trusted enough to act on.
CONFIDENT = 0.9
_WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, sample_chars: int = SAMPLE_CHARS) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and its probability (0..1)."""
    sample = text[:sample_chars]
    if not sample.strip():
        return "und", 0.0
    language, probability = _identifier().classify(sample)
    return str(language), float(probability)


def confident_language(text: str) -> str | None:
    """The text's language when the text is long enough and the model is sure, else None."""
    if len(_WORD.findall(text[:SAMPLE_CHARS])) < MIN_WORDS:
        return None
    language, probability = detect_language(text, QUICK_SAMPLE_CHARS)
    if probability < CONFIDENT and len(text) > QUICK_SAMPLE_CHARS:
        language, probability = detect_language(text)
    return language if probability >= CONFIDENT else None
