"""Maps two top-level folders into the package: `notebooks/` as `governance.notebooks` and
`data_samples/metrix/` (its register) as `governance.sample_company`.

Everything else about the build is in pyproject.toml. The report notebooks and the sample
company stay where readers look for them (the repository's top level) and ship inside the
wheel, where the package finds them through importlib.resources; pyproject.toml alone cannot add
a package from another folder to the ones `find` discovers.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["governance", "governance.*"]),
        "governance.notebooks",
        "governance.sample_company",
    ],
    package_dir={
        "governance.notebooks": "notebooks",
        "governance.sample_company": "data_samples/metrix",
    },
)
