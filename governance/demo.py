"""`governance demo`: the sample company end to end, as the README's first command runs it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from governance.ropa import RopaFormat, write_ropa
from governance.store.connection import connect
from governance.store.initialise import init_database


def run_demo(
    sample_dir: Path, out_dir: Path, *, echo: Callable[[str], None] = print
) -> dict[str, Path]:
    """Build `out_dir/metrix.duckdb` from the sample company and write its outputs.

    Returns the outputs by label, in the order a reader would open them.
    """
    register_path = sample_dir / "register.yaml"
    db_path = out_dir / "metrix.duckdb"
    echo(f"building {db_path} from {register_path}")
    init_database(db_path, register_path)
    outputs: dict[str, Path] = {"database": db_path}
    con = connect(db_path, read_only=True)
    try:
        for fmt in RopaFormat:
            path, count = write_ropa(con, out_dir / f"ropa.{fmt.value}", fmt)
            outputs[f"RoPA {fmt.value}"] = path
        echo(f"record of processing activities: {count} activities")
    finally:
        con.close()
    return outputs
