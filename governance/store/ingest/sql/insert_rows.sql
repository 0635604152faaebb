-- Store the new (and, for upsert kinds, the replacing) rows in the kind's table. Not sorted:
-- source_line keeps each row's place in the file, and sorting ten million rows costs seconds.
INSERT INTO {{ kind.table | ident }} ({% for c in kind.columns %}{{ c.name | ident }}, {% endfor %}extra, load_id, source_line)
SELECT {% for c in kind.columns %}{{ c.name | ident }}, {% endfor %}extra, $load_id, line
FROM ingest_new
