-- The id of the load about to be written (load_log, quarantine and every stored row carry it).
SELECT nextval('load_id_seq')
