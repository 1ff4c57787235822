"""The build's one step beyond pyproject.toml: the message catalogues compiled to ``.mo``.

Every ``solver/i18n/locale/<lang>/LC_MESSAGES/*.po`` becomes its ``.mo`` beside it in the
wheel, so that an installed ``stageplan`` reads compiled catalogues (and click's own words
find them through the standard library's ``gettext``). A source tree without them compiles
the ``.po`` files in memory instead (``solver/i18n/translations.py``).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class build_py_with_catalogues(build_py):  # noqa: N801  (setuptools' naming)
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path("solver/i18n/locale").glob("*/LC_MESSAGES/*.po")):
            lang = po.parent.parent.name
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=lang)
            with target.open("wb") as out:
                write_mo(out, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": build_py_with_catalogues})
