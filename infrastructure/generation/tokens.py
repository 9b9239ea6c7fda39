"""Counting tokens offline. tiktoken downloads its encodings at run time, which a machine
without network cannot; budgets need a safe estimate, not an exact count, so we estimate:
about four ASCII characters per token, and one token per other character (CJK, emoji and
accented text cost more than English in every BPE vocabulary)."""

from __future__ import annotations

import math

from domain.ports import TokenCounter

ASCII_CHARS_PER_TOKEN = 4


class EstimatingTokenCounter(TokenCounter):
    def count(self, text: str) -> int:
        ascii_chars = sum(1 for char in text if char.isascii())
        other = len(text) - ascii_chars
        words = len(text.split())
        return max(math.ceil(ascii_chars / ASCII_CHARS_PER_TOKEN) + other, words)
