-- The columns of a Parquet file, in file order (a CSV file's header is read by header.py).
DESCRIBE SELECT * FROM read_parquet($path)
