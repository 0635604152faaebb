-- The instants a working-day calendar must reach: the earliest event a deadline runs from (a
-- request's receipt, a consent withdrawal, a breach's detection) and the latest answer. The
-- scope builds the calendar from the first year to a year past the period (or the last answer).
SELECT least(
           (SELECT min(received_at) FROM dsr_requests),
           (SELECT min(occurred_at) FROM consent_events WHERE action = 'withdraw'),
           (SELECT min(detected_at) FROM incidents)
       ) AS first_at,
       greatest(
           (SELECT max(completed_at) FROM dsr_requests),
           (SELECT max(notified_authority_at) FROM incidents)
       ) AS last_at
