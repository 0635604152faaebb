"""`%load_ext governance.explore.sql_magic`: jupysql's `%sql` and `%%sql`, loaded without noise.

`%load_ext sql` on its own prints things an analyst can do nothing about, and no `%config`
can prevent them, since they come while the extension loads:
- jupysql imports pyspark when it is installed (the `[spark]` extra), and pyspark warns about
  the version of pandas (FutureWarning, on stderr);
- jupysql looks for `[tool.jupysql.SqlMagic]` settings in the first pyproject.toml above the
  kernel's folder, which in a checkout is this project's own (it has none), and then says that
  the `toml` package is missing or that it found no settings.
This extension loads jupysql with that pyspark warning filtered and the messages of its look for
a settings file left out, then sets what the notebooks want: no connection banner, no "n rows
affected" lines. An error while loading is still raised as usual.

>>> %load_ext governance.explore.sql_magic  # doctest: +SKIP
>>> %sql con --alias metrix  # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from typing import Any

from IPython.utils.capture import capture_output

#: SqlMagic settings of the explore notebook, applied after loading
SETTINGS = {"displaycon": False, "feedback": 0}


def load_ipython_extension(shell: Any) -> None:
    """Load jupysql into `shell` quietly and apply SETTINGS (IPython calls this)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark(\.|$)")
        with capture_output(stdout=False, stderr=False, display=True):
            shell.extension_manager.load_extension("sql")
    for name, value in SETTINGS.items():
        shell.run_line_magic("config", f"SqlMagic.{name} = {value!r}")
