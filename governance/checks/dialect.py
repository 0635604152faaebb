"""One check text, two engines: DuckDB SQL transpiled to Spark SQL with sqlglot.

The checks are written in DuckDB's dialect and run there as they are. For Apache Spark they go
through `sqlglot.transpile(read="duckdb", write="spark")`, plus one rule sqlglot cannot apply
without types: DuckDB's `timezone(zone, value)` converts an instant to local wall time when
`value` is a TIMESTAMPTZ and a local wall time to an instant when it is a plain TIMESTAMP, while
Spark has one function for each direction. In the checks a plain TIMESTAMP is always written as
`CAST(... AS TIMESTAMP)`, so the rule reads the direction from the argument's cast: a cast to
TIMESTAMP becomes `to_utc_timestamp(value, zone)`, anything else `from_utc_timestamp(value,
zone)`. Everything else sqlglot translates by itself; where it could not (ASOF JOIN), the check
itself was rewritten into SQL that both engines run (docs/checks.md).
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

#: how sqlglot types DuckDB's plain TIMESTAMP (wall time without a zone)
_NAIVE = {exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ}


def _timezone_to_spark(node: exp.Expression) -> exp.Expression:
    is_timezone = isinstance(node, exp.Anonymous) and node.name.lower() == "timezone"
    if not is_timezone or len(node.expressions) != 2:
        return node
    zone, value = node.expressions
    naive = isinstance(value, exp.Cast) and value.to.this in _NAIVE
    function = "TO_UTC_TIMESTAMP" if naive else "FROM_UTC_TIMESTAMP"
    return exp.Anonymous(this=function, expressions=[value.copy(), zone.copy()])


def to_spark(sql: str) -> str:
    """`sql` (one DuckDB statement) as Spark SQL; raises sqlglot's errors for what has no match."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = tree.transform(_timezone_to_spark)
    return tree.sql(dialect="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)
