"""The printed class calendar (issue 20): a class of 35 on one A4 landscape sheet, names
first and never cut, week numbers that do not run together. Measured in Chromium's print
layout (Playwright, Debian's /usr/bin/chromium), the page rendered by ``render_html``."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from solver.io.render.html import render_html
from solver.load.scenario import load_scenario
from tests.test_web_e2e import ARGS, CHROMIUM, _need_browser

ROOT = Path(__file__).resolve().parent.parent
# A4 landscape less the 8 mm margins of the page's @page rule, in CSS pixels (96 dpi)
WIDTH, HEIGHT = round((297 - 16) / 25.4 * 96), round((210 - 16) / 25.4 * 96)
LONG = ["Éloïse MARTINEZ-FONTAINE", "Maximilien DE LA ROCHEFOUCAULD", "Anne-Sophie BOUVIER",
        "Jean-Baptiste N'GUESSAN"]


def test_a_class_of_35_prints_on_one_a4_landscape_sheet() -> None:
    _need_browser()
    from playwright.sync_api import sync_playwright

    sc = load_scenario(ROOT / "scenarios" / "whatif" / "bts-ci-class-35.yaml")
    assert len(sc.students) == 35
    students = [dataclasses.replace(s, name=LONG[i % len(LONG)] if i < 8 else s.name)
                for i, s in enumerate(sc.students)]
    page_html = render_html(sc.with_students(students), "fr")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page: Any = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.emulate_media(media="print")
            page.set_content(page_html)
            grid = page.locator(".sp-grid table").bounding_box()
            assert grid is not None
            assert grid["x"] + grid["width"] <= WIDTH + 1, grid
            assert grid["y"] + grid["height"] <= HEIGHT, grid   # title, legend, grid: page 1
            cut = page.evaluate("""() => [...document.querySelectorAll('.sp-grid th.s')]
                .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.innerText)""")
            assert not cut, cut
            names = page.evaluate("""() => [...document.querySelectorAll(
                '.sp-grid tbody th.s')].map(th => th.innerText.replace(/\\s+/g, ' ').trim())""")
            assert names[0] == f"{LONG[0]} {students[0].id}"
            weeks = page.evaluate("""() => [...document.querySelectorAll('.sp-grid th.w')]
                .map(th => [th.scrollWidth <= th.clientWidth + 1,
                            th.scrollHeight <= th.clientHeight + 1])""")
            assert weeks and all(w == [True, True] for w in weeks)
        finally:
            browser.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_names_come_first_in_the_printed_grid(lang: str) -> None:
    sc = load_scenario(ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml")
    page = render_html(sc, lang)
    assert '<th class="s" scope="row">Camille Martin <span class="id">S01</span></th>' in page
