-- How many subjects were erased (`governance erase`): records naming one are not loaded again.
SELECT count(DISTINCT subject_key) FROM subject_erasures
