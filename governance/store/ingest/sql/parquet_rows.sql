-- How many rows a Parquet file holds, from its footer: counted without reading a row, to check
-- the figures of the read against.
SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata($path)
