"""What the scheduled report notebooks show: one module per notebook.

Each public function takes the open `Report` and returns ONE displayable object
(an `SvgChart`, a great_tables `GT` or an escaped HTML block), so a notebook
section is one markdown line and one call. The figures come from SQL files in
`sql/<report>/`, one query per file; Python only names columns, suppresses
small counts and picks the chart.

Why here and not in the notebooks: a notebook cell cannot be unit-tested, and
these reports go to the DPO by e-mail, so what they show (no identifiers,
small counts suppressed, register strings escaped) must be pinned by tests.
"""
