-- Accesses by staff to the subject's data: when, which system, what action, and the accessing
-- employee's department. The employee id is left out on purpose: it identifies a colleague,
-- whose own data this is (the subject is owed the fact and purpose of the access, not the
-- person; CJEU C-579/21).
SELECT
    a.* EXCLUDE (employee_id),
    e.department AS employee_department
FROM access_log AS a
LEFT JOIN employees AS e ON e.employee_id = a.employee_id
WHERE a.subject_id = $subject_id
ORDER BY a.load_id, a.source_line
