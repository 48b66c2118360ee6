"""Compare opens with your copied passage in sight near the top of "Yours" even when the text pane only gets its
final width after the passage was marked (the dialog lays out its two panes once the material has loaded): the
view used to be left at the scroll position worked out for the first width, with the passage at its bottom edge."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QTextBrowser
from pytestqt.qtbot import QtBot

from creatorwatch.ui.compare_view import _highlight


def test_the_passage_stays_near_the_top_when_the_pane_is_resized_after_marking(qtbot: QtBot) -> None:
    # long lines, so a width change re-wraps them and moves the passage a long way down or up
    lines = [f"{n} And it came to pass in the days of the harbour lights that the keeper wrote of the ships "
             f"that came and went, and of the weather, and of the lamps he trimmed each night." for n in range(300)]
    text = "\n".join(lines)
    start = text.index("150 And it came")
    splitter = QSplitter()
    qtbot.addWidget(splitter)
    yours, theirs = QTextBrowser(), QTextBrowser()
    yours.setPlainText(text)
    theirs.setPlainText(lines[150])
    splitter.addWidget(yours)
    splitter.addWidget(theirs)
    splitter.resize(1400, 500)
    splitter.show()
    qtbot.waitExposed(splitter)
    _highlight(yours, [(start, start + 400)])
    qtbot.wait(50)
    splitter.resize(700, 500)  # the dialog settles on its size: the pane narrows, the text re-wraps
    qtbot.wait(100)

    def near_top() -> bool:
        return 0 <= yours.cursorRect().top() < yours.viewport().height() // 2

    qtbot.waitUntil(near_top, timeout=10_000)  # at once on a quiet machine


def test_once_the_creator_scrolls_the_pane_stays_where_they_put_it(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QAbstractSlider

    text = "\n".join(f"{n} the keeper wrote of the ships that came and went, and of the weather and the lamps."
                     for n in range(300))
    start = text.index("150 the keeper")
    yours = QTextBrowser()
    qtbot.addWidget(yours)
    yours.setPlainText(text)
    yours.resize(900, 400)
    yours.show()
    qtbot.waitExposed(yours)
    _highlight(yours, [(start, start + 200)])
    qtbot.wait(50)
    bar = yours.verticalScrollBar()
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)  # the creator goes back to the beginning
    yours.resize(500, 400)
    qtbot.wait(100)
    assert bar.value() == 0
