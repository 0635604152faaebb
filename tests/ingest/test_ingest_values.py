"""Bad values: each problem is one quarantine row with a reason a person can act on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ingest_helpers import figures, load_one, problems, rows, with_subjects, write


def test_wrong_types_are_quarantined_with_what_was_expected(
    minimal_db: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "incidents.csv", """\
        incident_id,detected_at,subjects_affected,data_categories,severity
        i-1,2026-10-05T14:30:00+05:00,12,contact_email,high
        i-2,05/10/2026 14:30,3,,low
        i-3,2026-10-05,3.5,,low
        i-4,2026-10-05,-1,,low
        i-5,2026-13-01,many,,low
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (5, 1, 0, 4, 0)
    timestamp = "not a timestamp (ISO-8601 expected, e.g. 2026-10-05T14:30:00+05:00)"
    assert problems(minimal_db) == [
        (3, "detected_at", "05/10/2026 14:30", timestamp),
        (4, "subjects_affected", "3.5", "not a whole number"),
        (5, "subjects_affected", "-1", "less than 0"),
        (6, "detected_at", "2026-13-01", timestamp),
        (6, "subjects_affected", "many", "not a whole number"),
    ]
    assert rows(minimal_db, "SELECT incident_id, subjects_affected FROM incidents") == [("i-1", 12)]


def test_bad_boolean_and_bad_date(minimal_db: Path, tmp_path: Path) -> None:
    observations = write(tmp_path, "cookie_observations.csv", """\
        observed_at,cookie_name,domain,page_url,set_before_consent
        2026-10-01T10:00:00Z,_ga,minimal.example.kz,/,true
        2026-10-01T10:00:01Z,_ga,minimal.example.kz,/,0
        2026-10-01T10:00:02Z,_ga,minimal.example.kz,/,maybe
    """)
    result = load_one(minimal_db, observations)
    assert figures(result) == (3, 2, 0, 1, 0)
    assert problems(minimal_db) == [
        (4, "set_before_consent", "maybe", "not a boolean (true or false expected)")
    ]
    assert rows(
        minimal_db, "SELECT set_before_consent FROM cookie_observations ORDER BY observed_at"
    ) == [(True,), (False,)]

    subjects = write(tmp_path, "subjects.csv", """\
        subject_id,subject_type,country,created_at,birth_date
        s-1,customer,KZ,2026-01-05,1990-02-30
    """)
    result = load_one(minimal_db, subjects)
    assert problems(minimal_db, result.load_id) == [
        (2, "birth_date", "1990-02-30", "not a date (ISO-8601 expected, e.g. 2026-10-05)")
    ]


def test_enum_values_and_empty_required_values(minimal_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "cookie_consents.csv", """\
        event_id,visitor_id,cookie_category,action,occurred_at,gpc
        k-1,v-1,analytics,grant,2026-10-01T10:00:00Z,true
        k-2,v-1,analytic,grnt,2026-10-01T10:00:00Z,
        k-3,,marketing,withdraw,,false
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (3, 1, 0, 2, 0)
    assert problems(minimal_db) == [
        (3, "action", "grnt", "'grnt' is not one of grant, withdraw"),
        (3, "cookie_category", "analytic",
         "'analytic' is not one of strictly_necessary, functional, analytics, marketing"),
        (4, "occurred_at", None, "empty, but required"),
        (4, "visitor_id", None, "empty, but required"),
    ]


def test_unknown_subject_and_register_references(minimal_db: Path, tmp_path: Path) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "disclosures.csv", """\
        disclosure_id,subject_id,recipient_id,purpose_id,disclosed_at,legal_basis
        d-1,s-1,tax_office,order_fulfilment,2026-10-01T10:00:00Z,legal_obligation
        d-2,s-9,tax_office,order_fulfilment,2026-10-01T10:00:00Z,
        d-3,s-1,nobody,made_up,2026-10-01T10:00:00Z,
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (3, 1, 0, 2, 0)
    assert problems(minimal_db, result.load_id) == [
        (3, "subject_id", "s-9", "unknown subject 's-9' (load subjects first)"),
        (4, "purpose_id", "made_up", "unknown purpose 'made_up' (not in the register)"),
        (4, "recipient_id", "nobody", "unknown recipient 'nobody' (not in the register)"),
    ]


def test_unknown_employee_and_optional_subject_of_access_log(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "access_log.csv", """\
        event_id,employee_id,system_id,subject_id,occurred_at,action
        a-1,e-1,crm,s-1,2026-10-01T10:00:00Z,read
        a-2,e-1,crm,,2026-10-01T10:00:00Z,export
        a-3,e-7,crm,s-404,2026-10-01T10:00:00Z,read
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (3, 2, 0, 1, 0)
    assert problems(minimal_db, result.load_id) == [
        (4, "employee_id", "e-7", "unknown employee 'e-7' (load employees first)"),
        (4, "subject_id", "s-404", "unknown subject 's-404' (load subjects first)"),
    ]
    assert rows(minimal_db, "SELECT event_id, subject_id FROM access_log ORDER BY 1") == [
        ("a-1", "s-1"), ("a-2", None)
    ]


def test_a_row_with_one_bad_value_loads_none_of_its_values(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "processing_log.csv", """\
        event_id,subject_id,purpose_id,system_id,occurred_at
        p-1,s-1,order_fulfilment,nowhere,2026-10-01T10:00:00Z
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (1, 0, 0, 1, 0)
    assert rows(minimal_db, "SELECT count(*) FROM processing_log") == [(0,)]
    raw = rows(minimal_db, "SELECT raw_row->>'event_id', raw_row->>'system_id' FROM quarantine")
    assert raw == [("p-1", "nowhere")]


def test_future_timestamps_are_quarantined_with_the_load_time(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "dsr_requests.csv", """\
        request_id,subject_id,request_type,received_at,status,completed_at
        r-1,s-1,access,2026-10-01T10:00:00Z,completed,2099-01-01T00:00:00Z
        r-2,s-1,erasure,2098-12-31,open,
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (2, 0, 0, 2, 0)
    (loaded_at,) = rows(minimal_db, "SELECT loaded_at FROM load_log WHERE load_id = ?",
                        [result.load_id])[0]
    reason = f"in the future (after {loaded_at:%Y-%m-%dT%H:%M:%SZ}, the load time)"
    assert problems(minimal_db, result.load_id) == [
        (2, "completed_at", "2099-01-01T00:00:00Z", reason),
        (3, "received_at", "2098-12-31", reason),
    ]


def test_planned_dates_may_lie_in_the_future(minimal_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "employees.csv", """\
        employee_id,department,active_from,active_to
        e-1,Sales,2025-01-01,2099-12-31
    """)
    assert figures(load_one(minimal_db, path)) == (1, 1, 0, 0, 0)


def test_mixed_time_zones_all_load_and_are_stored_in_utc(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "processing_log_2026-10.csv", """\
        event_id,subject_id,purpose_id,system_id,occurred_at
        p-1,s-1,order_fulfilment,crm,2026-10-05T14:30:00+05:00
        p-2,s-1,order_fulfilment,crm,2026-10-05T09:30:00Z
        p-3,s-1,order_fulfilment,crm,2026-10-05 09:30:00
        p-4,s-1,order_fulfilment,crm,2026-10-05T02:30:00-07:00
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (4, 4, 0, 0, 0)
    instant = datetime(2026, 10, 5, 9, 30, tzinfo=UTC)
    stored = rows(minimal_db, "SELECT event_id, occurred_at FROM processing_log ORDER BY 1")
    assert [(event, at.astimezone(UTC)) for event, at in stored] == [
        ("p-1", instant), ("p-2", instant), ("p-3", instant), ("p-4", instant)
    ]


def test_extra_columns_are_kept_in_extra(minimal_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "subjects.csv", """\
        subject_id,subject_type,country,created_at,loyalty_tier,source system
        s-1,customer,KZ,2026-01-05T10:00:00Z,gold,shop
        s-2,customer,KZ,2026-01-05T10:00:00Z,,shop
    """)
    assert figures(load_one(minimal_db, path)) == (2, 2, 0, 0, 0)
    assert rows(minimal_db, "SELECT subject_id, extra FROM subjects ORDER BY 1") == [
        ("s-1", '{"loyalty_tier":"gold","source system":"shop"}'),
        ("s-2", '{"loyalty_tier":null,"source system":"shop"}'),
    ]


def test_optional_columns_may_be_missing_and_empty_values_are_null(
    minimal_db: Path, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "subjects.csv",
        "subject_id,subject_type,country,created_at,email\n"
        "s-1, customer ,,2026-01-05T10:00:00Z,  \n",
    )
    assert figures(load_one(minimal_db, path)) == (1, 1, 0, 0, 0)
    assert rows(
        minimal_db, "SELECT subject_type, country, email, full_name, extra FROM subjects"
    ) == [("customer", None, None, None, None)]


def test_unregistered_purpose_and_category_in_processing_log_load(
    minimal_db: Path, tmp_path: Path
) -> None:
    """They are evidence for purpose.unregistered and minimisation.unmapped_category."""
    with_subjects(minimal_db, tmp_path)
    processing = write(tmp_path, "processing_log.csv", """\
        event_id,subject_id,purpose_id,system_id,occurred_at,data_category
        p-1,s-1,profiling_for_ads,crm,2026-10-01T10:00:00Z,biometrics
    """)
    inventory = write(tmp_path, "data_inventory.csv", """\
        record_id,system_id,subject_id,data_category,collected_at
        r-1,crm,s-1,biometrics,2026-10-01T10:00:00Z
    """)
    assert figures(load_one(minimal_db, processing)) == (1, 1, 0, 0, 0)
    assert figures(load_one(minimal_db, inventory)) == (1, 1, 0, 0, 0)
    assert rows(minimal_db, "SELECT purpose_id, data_category FROM processing_log") == [
        ("profiling_for_ads", "biometrics")
    ]
