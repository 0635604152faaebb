-- Read every column of every row of $table: a hash of each whole row (the table alias is the
-- row as a struct), folded into one value. count(*) alone would not do: DuckDB answers it from
-- the row-group metadata without reading a single data block, so a damaged block would pass.
SELECT count(*) AS row_count, bit_xor(hash(t)) AS digest
FROM query_table($table) AS t;
