"""Privacy governance suite: the register, the DuckDB store, checks and reports.

The package turns each promise of a published privacy policy into data (the
register), evidence (event tables loaded into DuckDB) and checks. See
ARCHITECTURE.md for the layers and how they depend on each other.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("governance")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
