"""Data subjects' rights served from the database: the subject access package."""

from governance.subjects.access import (
    NOTICE,
    SubjectError,
    SubjectPackage,
    collect_subject,
    covered_tables,
    package_document,
    subject_tables,
    write_package,
    write_subject_package,
)

__all__ = [
    "NOTICE",
    "SubjectError",
    "SubjectPackage",
    "collect_subject",
    "covered_tables",
    "package_document",
    "subject_tables",
    "write_package",
    "write_subject_package",
]
