-- One stored result in the catalogue, replacing the one of the same key.
INSERT OR REPLACE INTO stored_figures.catalogue
VALUES ($period, $framework, $lang, $sql_sha256, $params, $table_name, $sql_file, $engine,
        $row_count, now());
