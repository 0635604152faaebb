{#-
  Jinja macros shared by the loader's templates: how a raw value is checked and typed, and how
  keys and contents are compared. A raw value is VARCHAR, trimmed, NULL when it was empty.
-#}

{#- true when the non-empty raw value `v` can be read as `type` -#}
{% macro is_valid(type, v) -%}
{% if type == 'TIMESTAMPTZ' -%}
coalesce(regexp_matches({{ v }}, '^\d{4}-\d{2}-\d{2}') AND isfinite(TRY_CAST({{ v }} AS TIMESTAMPTZ)), false)
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

{#- what to tell a person whose value is not a `type` -#}
{% macro type_reason(type) -%}
{% if type == 'TIMESTAMPTZ' -%}
'not a timestamp (ISO-8601 expected, e.g. 2026-10-05T14:30:00+05:00)'
{%- elif type == 'DATE' -%}
'not a date (ISO-8601 expected, e.g. 2026-10-05)'
{%- elif type == 'INTEGER' -%}
'not a whole number'
{%- elif type == 'BOOLEAN' -%}
'not a boolean (true or false expected)'
{%- endif %}
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
