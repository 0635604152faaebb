"""Maps two top-level folders into the package: `notebooks/` as `governance.notebooks` and
`data_samples/metrix/` (its register) as `governance.sample_company`; installs the offline
report template a second time as the Jupyter nbconvert template `governance-offline`.

Everything else about the build is in pyproject.toml. The report notebooks and the sample
company stay where readers look for them (the repository's top level) and ship inside the
wheel, where the package finds them through importlib.resources; pyproject.toml alone cannot add
a package from another folder to the ones `find` discovers.

The template's files (governance/publish/templates/offline: conf.json, index.html.j2) are
package data, which governance.publish.export reads; `data_files` copies the same files into
`<prefix>/share/jupyter/nbconvert/templates/governance-offline/`, where nbconvert looks for
templates, so `jupyter nbconvert --to html --template governance-offline NB.ipynb` works in
any environment the wheel (or `pip install -e .`) is installed into.

Editable installs: setuptools' `editable_wheel` means to install data files "as non editable"
but asks the distribution for `has_data()`, a method it does not have (`has_data_files()`),
so `pip install -e .` (what `make setup` runs) would skip them; `EditableWheel` runs
`install_data` itself. The copies are not editable: after changing the template, reinstall
(`pip install -e .`) for plain nbconvert to see it (`governance report` reads the package's own
files and needs nothing). tests/packaging holds both installs to it.
"""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py
from setuptools.command.editable_wheel import editable_wheel

OFFLINE_TEMPLATE = "governance/publish/templates/offline"
LOCALE = "governance/locale"


def compile_catalogues(locale: Path) -> None:
    """Compile every `<lang>/LC_MESSAGES/<domain>.po` under `locale` to its `.mo` (Babel, a
    build requirement); governance/i18n/catalogues.py reads the `.mo` files."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name, domain=po.stem)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


class BuildPy(build_py):
    """The package's modules and data, with the translation catalogues compiled."""

    def run(self) -> None:
        super().run()
        compile_catalogues(Path(self.build_lib) / LOCALE)


class EditableWheel(editable_wheel):
    """setuptools' editable wheel, with the data files in it (see the module docstring)."""

    def run(self) -> None:
        compile_catalogues(Path(LOCALE))  # the source tree is what an editable install reads
        super().run()

    def _run_install(self, category: str) -> None:
        if category == "data" and self.distribution.has_data_files():
            self.run_command("install_data")
            return
        super()._run_install(category)


setup(
    cmdclass={"build_py": BuildPy, "editable_wheel": EditableWheel},
    packages=[
        *find_packages(include=["governance", "governance.*"]),
        "governance.notebooks",
        "governance.sample_company",
    ],
    package_dir={
        "governance.notebooks": "notebooks",
        "governance.sample_company": "data_samples/metrix",
    },
    data_files=[
        (
            "share/jupyter/nbconvert/templates/governance-offline",
            sorted(str(p) for p in Path(OFFLINE_TEMPLATE).iterdir() if p.is_file()),
        ),
    ],
)
