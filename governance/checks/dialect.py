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

The report and metric queries (run on Spark by `governance report --engine spark`, docs/spark.md)
need more rules: `to_months(n)`, `to_days(n)`, `to_hours(n)` (DuckDB's interval makers) become
Spark's `make_ym_interval` / `make_dt_interval`; `epoch(a - b)` of two instants (seconds between
them) becomes a difference of `unix_micros`; an open-ended slice `text[2:]` (the shipped SQL slices
only strings this way) becomes `substring(text, 2)`; and a scalar function applied to
`unnest([...])` in a select list, which Spark refuses ("generators nested in expressions"), is moved
inside the generator: `f(explode(array(a, b)))` becomes `explode(transform(array(a, b), x ->
f(x)))`, the same rows. Spark also resolves a name in ORDER BY to the output column of that name
first, so `ORDER BY grouping(request_type)` under `... END AS request_type` fails there: the column
inside an ORDER BY `grouping()` is qualified with the one source of the FROM (a CTE of the query)
that has it. And `range(start, end, step) AS t(w)` in a FROM clause (the monthly windows of a
trend), which sqlglot turns into a generator Spark cannot read as a table, becomes a subquery over
`explode(sequence(start, greatest(start, end), step))` (Spark's sequence includes its end, so
`range`'s exclusive end is a filter; an empty range stays empty). `quantile_cont(x, q)` is Spark's
exact `percentile(x, q)` (both interpolate linearly). A number written with a point (`86400.0`) is a
DOUBLE in Spark as DuckDB's arithmetic makes it: Spark reads it as a DECIMAL, whose division rounds
to 7 places (a median of 1.8993055... days became 1.8993056).
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


def _series_to_spark(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.Table) or not isinstance(node.this, exp.GenerateSeries):
        return node
    series = node.this
    start, end, step = (series.args.get(k) for k in ("start", "end", "step"))
    if start is None or end is None or step is None:
        return node
    exclusive = bool(series.args.get("is_end_exclusive"))
    alias = node.args.get("alias")
    columns = alias.columns if alias is not None else []
    name = columns[0].name if columns else ("range" if exclusive else "generate_series")
    bounded = exp.Greatest(this=start.copy(), expressions=[end.copy()])
    sequence = exp.Anonymous(this="SEQUENCE", expressions=[start.copy(), bounded, step.copy()])
    inner = exp.select(exp.alias_(exp.Explode(this=sequence), name)).subquery("_series")
    outer = exp.select(exp.column(name)).from_(inner)
    if exclusive:
        outer = outer.where(exp.column(name) < end.copy())
    table_alias = alias.name if alias is not None and alias.name else "_series"
    return exp.Subquery(
        this=outer,
        alias=exp.TableAlias(
            this=exp.to_identifier(table_alias), columns=[exp.to_identifier(name)]
        ),
    )


#: DuckDB's interval makers and the arguments of Spark's `make_*_interval` before the count
_INTERVALS = {
    "to_months": ("MAKE_YM_INTERVAL", 1),
    "to_days": ("MAKE_DT_INTERVAL", 0),
    "to_hours": ("MAKE_DT_INTERVAL", 1),
}


def _to_interval_to_spark(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.ToDays):  # sqlglot knows to_days, and writes it back unchanged
        name, arguments = "to_days", [node.this]
    elif isinstance(node, exp.Anonymous):
        name, arguments = node.name.lower(), node.expressions
    else:
        return node
    found = _INTERVALS.get(name)
    if found is None or len(arguments) != 1:
        return node
    function, zeros = found
    count = arguments[0].copy()
    leading = [exp.Literal.number(0) for _ in range(zeros)]
    return exp.Anonymous(this=function, expressions=[*leading, count])


def _decimal_literal_as_double(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.Literal) or node.is_string or "." not in node.this:
        return node
    parent = node.parent
    if isinstance(parent, exp.Cast | exp.DataType):
        return node
    return exp.Cast(this=node.copy(), to=exp.DataType.build("DOUBLE"))


def _quantile_to_spark(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.PercentileCont) or node.args.get("expression") is None:
        return node
    return exp.Anonymous(
        this="PERCENTILE", expressions=[node.this.copy(), node.args["expression"].copy()]
    )


def _epoch_of_difference(node: exp.Expression) -> exp.Expression:
    # DuckDB's epoch(a - b) of two instants: seconds between them, with the fraction
    if not isinstance(node, exp.TimeToUnix) or not isinstance(node.this, exp.Sub):
        return node
    later, earlier = node.this.this, node.this.expression
    if isinstance(later, exp.Interval) or isinstance(earlier, exp.Interval):
        return node
    micros = exp.Sub(
        this=exp.Anonymous(this="UNIX_MICROS", expressions=[later.copy()]),
        expression=exp.Anonymous(this="UNIX_MICROS", expressions=[earlier.copy()]),
    )
    return exp.Div(this=exp.Paren(this=micros), expression=exp.Literal.number("1000000.0"))


def _open_slice_to_spark(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.Bracket) or len(node.expressions) != 1:
        return node
    piece = node.expressions[0]
    if isinstance(piece, exp.Slice) and piece.args.get("expression") is None and piece.this:
        return exp.Substring(this=node.this.copy(), start=piece.this.copy())
    return node


def _generator_outside(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.Func) or isinstance(node, exp.Explode | exp.AggFunc):
        return node
    inner = node.this if isinstance(node.this, exp.Explode) else None
    if inner is None or not isinstance(node.parent, exp.Select | exp.Alias):
        return node
    element = exp.to_identifier("_element")
    applied = node.copy()
    applied.set("this", exp.column(element))
    lambda_ = exp.Lambda(this=applied, expressions=[element])
    mapped = exp.Anonymous(this="TRANSFORM", expressions=[inner.this.copy(), lambda_])
    return exp.Explode(this=mapped)


def _cte_columns(select: exp.Select) -> dict[str, set[str]]:
    """The output columns of each CTE visible to `select` (a CTE with a star: unknown, left out)."""
    columns: dict[str, set[str]] = {}
    node: exp.Expression | None = select
    while node is not None:
        with_ = node.args.get("with_") or node.args.get("with")
        if with_ is not None:
            for cte in with_.expressions:
                body = cte.this
                if isinstance(body, exp.Select) and not body.is_star:
                    columns.setdefault(cte.alias, {e.alias_or_name for e in body.expressions})
        node = node.parent
    return columns


def _grouping_in_order_qualified(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.Select) or not node.args.get("order"):
        return node
    outputs = {e.alias for e in node.expressions if isinstance(e, exp.Alias)}
    from_ = node.args.get("from_") or node.args.get("from")
    sources = [from_.this] if from_ is not None else []
    sources += [join.this for join in node.args.get("joins") or []]
    ctes = _cte_columns(node)
    for grouping in node.args["order"].find_all(exp.Anonymous, exp.Grouping):
        if isinstance(grouping, exp.Anonymous) and grouping.name.lower() != "grouping":
            continue
        for column in grouping.find_all(exp.Column):
            if column.table or column.name not in outputs:
                continue
            having = [
                t
                for t in sources
                if isinstance(t, exp.Table) and column.name in ctes.get(t.name, set())
            ]
            if len(having) == 1:
                column.set("table", exp.to_identifier(having[0].alias_or_name))
    return node


def to_spark(sql: str) -> str:
    """`sql` (one DuckDB statement) as Spark SQL; raises sqlglot's errors for what has no match."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = tree.transform(_series_to_spark)
    tree = tree.transform(_timezone_to_spark)
    tree = tree.transform(_to_interval_to_spark)
    tree = tree.transform(_epoch_of_difference)
    tree = tree.transform(_quantile_to_spark)
    tree = tree.transform(_decimal_literal_as_double)
    tree = tree.transform(_open_slice_to_spark)
    tree = tree.transform(_generator_outside)
    tree = tree.transform(_grouping_in_order_qualified)
    return tree.sql(dialect="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)
