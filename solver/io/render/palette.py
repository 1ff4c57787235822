"""One look for every calendar view: the colour, letter and words of each kind of cell.

The text grid, the HTML page, the XLSX workbook and the web page draw the same cells
with the same colours and letters. The colours are the Okabe-Ito palette (safe for the
common colour-vision deficiencies), and colour is never the only sign: every cell also
carries its letter, and every legend says it in words. Each cell kind has the text
colour that keeps a contrast of at least 4.5:1 on its background (WCAG AA).
"""

from __future__ import annotations

from dataclasses import dataclass

# cell codes, in priority order: a student's placement wins over the calendar's facts
ABROAD, FRANCE, FINAL, BLOCKED, HOLIDAY, FREE = "A", "F", "E", "X", "H", "."
# a placement's status (issue 18): done before --from (lower case: history), under a
# signed or locked convention (C: convention; I: international), or proposed (F, A)
PAST_FRANCE, PAST_ABROAD, SIGNED_FRANCE, SIGNED_ABROAD = "f", "a", "C", "I"


@dataclass(frozen=True)
class CellLook:
    code: str          # the letter drawn in the cell (FREE draws nothing)
    key: str           # catalogue key of its words (solver/i18n.py UI)
    background: str    # #RRGGBB
    foreground: str    # #RRGGBB, contrast >= 4.5:1 on the background
    css: str           # class name used by the HTML views and the web page


LOOKS: dict[str, CellLook] = {
    FRANCE: CellLook(FRANCE, "cell_france", "#0072B2", "#FFFFFF", "sp-fra"),
    ABROAD: CellLook(ABROAD, "cell_abroad", "#E69F00", "#000000", "sp-abr"),
    HOLIDAY: CellLook(HOLIDAY, "cell_holiday", "#F0E442", "#000000", "sp-hol"),
    BLOCKED: CellLook(BLOCKED, "cell_blocked", "#CC79A7", "#000000", "sp-blk"),
    FINAL: CellLook(FINAL, "cell_final", "#D55E00", "#000000", "sp-fin"),
    FREE: CellLook(FREE, "cell_free", "#FFFFFF", "#000000", "sp-free"),
    # the same hue as a proposed placement (signed) or the palette's lighter blue and its
    # bluish green (history), each with its own letter
    SIGNED_FRANCE: CellLook(SIGNED_FRANCE, "cell_signed_france", "#0072B2", "#FFFFFF",
                            "sp-sfra"),
    SIGNED_ABROAD: CellLook(SIGNED_ABROAD, "cell_signed_abroad", "#E69F00", "#000000",
                            "sp-sabr"),
    PAST_FRANCE: CellLook(PAST_FRANCE, "cell_past_france", "#56B4E9", "#000000", "sp-pfra"),
    PAST_ABROAD: CellLook(PAST_ABROAD, "cell_past_abroad", "#009E73", "#000000", "sp-pabr"),
}
# the kinds a legend lists, in this order
LEGEND = (FRANCE, ABROAD, HOLIDAY, BLOCKED, FINAL)
# the statuses a legend adds when a grid shows them
STATUS_LEGEND = (PAST_FRANCE, PAST_ABROAD, SIGNED_FRANCE, SIGNED_ABROAD)
ABROAD_CODES = frozenset({ABROAD, PAST_ABROAD, SIGNED_ABROAD})
PLACED_CODES = ABROAD_CODES | {FRANCE, PAST_FRANCE, SIGNED_FRANCE}


def placement_code(abroad: bool, past: bool, signed: bool) -> str:
    """The cell code of a week on placement: history first, then signed, else proposed."""
    if past:
        return PAST_ABROAD if abroad else PAST_FRANCE
    if signed:
        return SIGNED_ABROAD if abroad else SIGNED_FRANCE
    return ABROAD if abroad else FRANCE


def legend_codes(present: set[str]) -> list[tuple[str, str]]:
    """(code, catalogue key) of each legend entry for a grid showing ``present``: a
    proposed placement is called so when the grid also shows history or signed ones."""
    statuses = [c for c in STATUS_LEGEND if c in present]
    out = []
    for code in LEGEND:
        key = LOOKS[code].key
        if statuses and code in (FRANCE, ABROAD):
            key += "_proposed"
        out.append((code, key))
    return out + [(c, LOOKS[c].key) for c in statuses]


def text_style(code: str) -> str:
    """The rich style of a cell in the terminal grid."""
    look = LOOKS[code]
    if code == FREE:
        return "dim"
    return f"bold {look.foreground} on {look.background}"


def css_rules(prefix: str = "") -> str:
    """CSS classes for the cells (``.sp-fra`` ...), with print colours kept."""
    return "".join(
        f"{prefix}.{look.css}{{background:{look.background};color:{look.foreground};"
        "-webkit-print-color-adjust:exact;print-color-adjust:exact}"
        for look in LOOKS.values())


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
