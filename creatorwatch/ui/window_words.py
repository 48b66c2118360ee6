"""The core says how to mend a source in command-line words ("…with: creatorwatch sources set dropbox --set
path=…"), which the command line keeps; the window says the same with its own buttons, so a creator who never
opened a terminal can follow it. One place, so each sentence is written once, in the core."""

from __future__ import annotations

import re

_SET = r"with: creatorwatch sources set .+? --set"
_IN_WINDOW = (
    (re.compile(rf"point the source elsewhere {_SET} path=…"), "choose another folder with Change…"),
    (re.compile(rf"Point the source at a folder {_SET} path=…"), "Choose a folder with Change…"),
    (re.compile(rf"{_SET} \w+=…"), "with Change…"),
    (re.compile(r"with: creatorwatch secret set [^\s.]+"), "under Token, below"),
)


def in_window_words(text: str) -> str:
    """`text` with each command-line fix said as the window's buttons do it."""
    for pattern, words in _IN_WINDOW:
        text = pattern.sub(words, text)
    return text
