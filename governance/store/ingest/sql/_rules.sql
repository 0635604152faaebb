{#-
  Jinja macros shared by the loader's templates: how a raw value is checked and typed, and how
  keys and contents are compared. A raw value is VARCHAR, trimmed, NULL when it was empty.
-#}

{#- true when the non-empty raw value `v` can be read as `type` -#}
{% macro is_valid(type, v) -%}
{% if type == 'TIMESTAMPTZ' -%}
coalesce({{ is_timestamp(v) }} AND {{ offset_ok(v) }}, false)
{%- elif type == 'DATE' -%}
coalesce(regexp_full_match({{ v }}, '\d{4}-\d{2}-\d{2}') AND isfinite(TRY_CAST({{ v }} AS DATE)), false)
{%- elif type == 'INTEGER' -%}
coalesce(regexp_full_match({{ v }}, '[+-]?\d+') AND TRY_CAST({{ v }} AS INTEGER) IS NOT NULL, false)
{%- elif type == 'BOOLEAN' -%}
coalesce(lower({{ v }}) IN ('true', 'false', '1', '0'), false)
{%- else -%}
true
{%- endif %}
{%- endmacro %}

{#- `v` reads as an ISO-8601 instant, whatever its UTC offset -#}
{% macro is_timestamp(v) -%}
(regexp_matches({{ v }}, '^\d{4}-\d{2}-\d{2}') AND isfinite(TRY_CAST({{ v }} AS TIMESTAMPTZ)))
{%- endmacro %}

{#- True unless `v` ends with a UTC offset beyond ±14:00 or with more than 59 minutes (DuckDB
    reads '+25:00' and '+05:75' as offsets; no time zone is further from UTC than 14 hours).
    The regular expression runs only on values with a sign after the date: `contains` and
    `LIKE` cost a tenth of it, and most files write 'Z' or no offset. -#}
{% macro offset_ok(v) -%}
CASE
    WHEN NOT (contains({{ v }}, '+') OR {{ v }} LIKE '%T%-%' OR {{ v }} LIKE '% %-%') THEN true
    ELSE regexp_matches({{ v }}, '[+-](?:(?:0\d|1[0-3])(?::?[0-5]\d){0,2}|14(?::?00){0,2})$')
END
{%- endmacro %}

{#- the UTC offset `v` ends with ('+25:00'), for the reason of a value offset_ok refused -#}
{% macro offset_text(v) -%}
regexp_extract({{ v }}, '[+-]\d{2}(:?\d{2}){0,2}$')
{%- endmacro %}

{#- what to tell a person whose value `v` is not a `type` (only asked where is_valid is false;
    TIMESTAMPTZ: where is_timestamp is false, see offset_reason) -#}
{% macro type_reason(type, v) -%}
{% if type == 'TIMESTAMPTZ' -%}
'not a timestamp (ISO-8601 expected, e.g. 2026-10-05T14:30:00+05:00)'
{%- elif type == 'DATE' -%}
'not a date (ISO-8601 expected, e.g. 2026-10-05)'
{%- elif type == 'INTEGER' -%}
CASE
    WHEN regexp_full_match({{ v }}, '[+-]?\d+')
        THEN 'out of range (a whole number from -2147483648 to 2147483647 expected)'
    ELSE 'not a whole number'
END
{%- elif type == 'BOOLEAN' -%}
'not a boolean (true or false expected)'
{%- endif %}
{%- endmacro %}

{#- what to tell a person whose timestamp `v` has an offset offset_ok refused -#}
{% macro offset_reason(v) -%}
CASE
    WHEN TRY_CAST(regexp_extract({{ v }}, '[+-]\d{2}:?(\d{2})', 1) AS INTEGER) >= 60
        THEN format('UTC offset {} has more than 59 minutes', {{ offset_text(v) }})
    ELSE format('UTC offset {} is beyond ±14:00, further from UTC than any time zone', {{ offset_text(v) }})
END
{%- endmacro %}

{#- the raw value `v` as `type`; only called on values that passed is_valid -#}
{% macro typed(type, v) -%}
{% if type == 'BOOLEAN' -%}
lower({{ v }}) IN ('true', '1')
{%- elif type == 'VARCHAR' -%}
{{ v }}
{%- else -%}
CAST({{ v }} AS {{ type }})
{%- endif %}
{%- endmacro %}

{#- the load time, as the "future" reason shows it -#}
{% macro load_time() -%}
strftime(now(), '%Y-%m-%dT%H:%M:%SZ')
{%- endmacro %}

{#- `a` and `b` hold the same key -#}
{% macro same_key(kind, a, b) -%}
{% for k in kind.key %}{{ a }}.{{ k | ident }} = {{ b }}.{{ k | ident }}{{ ' AND ' if not loop.last }}{% endfor %}
{%- endmacro %}

{#- the key columns of `alias`, comma separated -#}
{% macro key_list(kind, alias) -%}
{% for k in kind.key %}{{ alias }}.{{ k | ident }}{{ ', ' if not loop.last }}{% endfor %}
{%- endmacro %}

{#- the values compared to tell a duplicate from a conflict; `stored` names them as the table
    stores them (the ledger holds subject_key(subject_id), not subject_id) -#}
{% macro content(kind, alias, stored=false, incoming_as_stored=false) -%}
row({% for c in kind.content_columns -%}
{% if stored %}{{ alias }}.{{ c.stored_name | ident }}
{%- elif incoming_as_stored and c.pseudonymised %}subject_key({{ alias }}.{{ c.name | ident }})
{%- else %}{{ alias }}.{{ c.name | ident }}{% endif %}{{ ', ' if not loop.last }}
{%- endfor %})
{%- endmacro %}

{#- the key as a reason names it: "event id e-1", "key (a, b) = (1, 2)", from raw row `r` -#}
{% macro key_text(kind, r) -%}
{% if kind.key | length == 1 -%}
{{ kind.key_label | literal }} || ' ' || {{ r }}.{{ kind.key[0] | ident }}
{%- else -%}
{{ kind.key_label | literal }} || ' = (' || concat_ws(', ', {{ key_list(kind, r) }}) || ')'
{%- endif %}
{%- endmacro %}

{#- the raw key value(s) for the quarantine's raw_value -#}
{% macro key_value(kind, r) -%}
{% if kind.key | length == 1 %}{{ r }}.{{ kind.key[0] | ident }}{% else %}concat_ws(', ', {{ key_list(kind, r) }}){% endif %}
{%- endmacro %}
