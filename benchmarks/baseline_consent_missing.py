"""`consent.missing` the way an analyst would write it in pandas: the baseline for the SQL check.

Reads the tables it needs into DataFrames, then: processing in the period under a consent-based
purpose, joined to the subject's pseudonymous key, joined to the first consent event per
(subject key, purpose); a row violates when there is none at or before the processing.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd


def read_inputs(con: duckdb.DuckDBPyConnection, start: dt.datetime, end: dt.datetime) -> dict:
    """The DataFrames an analyst would pull from the database."""
    return {
        "processing": con.execute(
            "SELECT event_id, subject_id, purpose_id, system_id, occurred_at FROM processing_log "
            "WHERE occurred_at >= ? AND occurred_at < ?",
            [start, end],
        ).df(),
        "purposes": con.execute("SELECT purpose_id, legal_basis_id FROM purposes").df(),
        "legal_bases": con.execute("SELECT legal_basis_id, consent_based FROM legal_bases").df(),
        "subject_keys": con.execute("SELECT subject_id, subject_key FROM subject_keys").df(),
        "consents": con.execute(
            "SELECT subject_key, purpose_id, occurred_at FROM consent_events"
        ).df(),
    }


def consent_missing(inputs: dict) -> pd.DataFrame:
    """The violating processing rows, columns as the SQL check returns them."""
    purposes = inputs["purposes"].merge(inputs["legal_bases"], on="legal_basis_id")
    consent_purposes = purposes.loc[purposes["consent_based"], "purpose_id"]
    processing = inputs["processing"]
    processing = processing[processing["purpose_id"].isin(consent_purposes)]
    processing = processing.merge(inputs["subject_keys"], on="subject_id", how="left")
    first = (
        inputs["consents"]
        .groupby(["subject_key", "purpose_id"], as_index=False)["occurred_at"]
        .min()
        .rename(columns={"occurred_at": "first_at"})
    )
    joined = processing.merge(first, on=["subject_key", "purpose_id"], how="left")
    missing = joined[joined["first_at"].isna() | (joined["first_at"] > joined["occurred_at"])]
    return missing[["event_id", "subject_id", "purpose_id", "system_id", "occurred_at"]]
