{#- Incremental staging of an append-only raw table. Raw rows are identified by
    `_row_id` (an identity: a later load, or a row a system lands directly, always
    has a higher one), so a build types only the rows after the highest it has, plus
    the stored rows whose verdict on `as_of` no longer holds (`as_of` moved past a
    snapshot dated in the future, or back before one). The result equals a full
    build's, row for row: tests/python/test_incremental.py builds both. -#}

{#- Pre-hook: forget stored rows that are gone from raw (a replacing load). -#}
{% macro forget_rows_gone_from_raw(source_name, table_name) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where _row_id < {{ lowest_raw_row_id(source_name, table_name) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The highest raw `_row_id` the model holds (0 when empty): raw rows above it are new. -#}
{% macro highest_typed_row_id() -%}
    (select coalesce(max(_row_id), 0) from {{ this }})
{%- endmacro %}

{#- Raw tables are append-only (raw-contract.md): rows leave them only when a
    replacing load truncates every table, and the identity behind `_row_id` goes on
    counting. So the stored rows gone from raw are exactly those below the lowest
    raw `_row_id` (all of them when the table is empty now): two index lookups, not
    an anti-join of millions of rows. (A raw table dropped and created again starts
    its identity over: build with --full-refresh then.) -#}
{% macro lowest_raw_row_id(source_name, table_name) -%}
    coalesce(
        (select min(raw_rows._row_id) from {{ source(source_name, table_name) }} as raw_rows),
        9223372036854775807
    )
{%- endmacro %}

{#- The raw rows this build types: all of them, or (incrementally) the new ones and
    those whose `after as_of` verdict on `moment_column` has changed - two union
    branches, not one OR (see keyed_rows_to_type). Both verdicts are found through
    indexes, not a pass over the stored rows (5.3 s of a next-day build's 17 s at a
    million customers): those `after as_of` by the model's `dq_reason` index, the
    clean ones after as_of by its `copy_key` index, as copy_key() leads with
    `moment_column` (a key that starts at or after as_of's sortable moment). -#}
{% macro rows_to_type(source_relation, moment_column) -%}
    select * from {{ source_relation }}
    {%- if is_incremental() %}
    where _row_id > {{ highest_typed_row_id() }}
    union all
    select * from {{ source_relation }}
    where _row_id in (
        select _row_id from {{ this }}
        where
            (dq_reason = 'after as_of' and {{ moment_column }} <= {{ as_of() }})
            or (
                dq_reason is null
                and {{ moment_column }} > {{ as_of() }}
                and copy_key >= {{ sortable_moment(as_of()) }}
            )
    )
    {%- endif %}
{%- endmacro %}

{#- What makes two rows exact copies (typed content and the issue they carry), as
    one comparable value; moments in UTC so the session's time zone cannot matter.
    It starts with the row's `leading` moment (a snapshot's), so that a day's new
    rows sort together at the end of the key's index: storing and looking them up
    touches a few pages, not a random page of a ~1 GB index per row (and rows_to_type
    finds the rows after as_of through it). -#}
{% macro copy_key(columns, moments=[], leading=none) -%}
    {{ return(adapter.dispatch('copy_key', 'consentmart')(columns, moments, leading)) }}
{%- endmacro %}

{% macro postgres__copy_key(columns, moments, leading) -%}
    {% if leading %}coalesce({{ sortable_moment(leading) }}, '') || {% endif %}{{ postgres__hex_digest(columns, moments) }}
{%- endmacro %}

{#- md5 of the columns as text, NULL told apart from any text. -#}
{% macro postgres__hex_digest(columns, moments=[]) -%}
    md5(concat_ws(
        chr(31)
        {%- for column in columns %},
        coalesce({% if column in moments %}{{ sortable_moment(column) }}{% else %}cast({{ column }} as text){% endif %}, chr(30))
        {%- endfor %}
    ))
{%- endmacro %}

{#- The same digest as a value that sorts by one fixed-width comparison (within one
    statement: a moment is text in the session's time zone here). -#}
{% macro content_digest(columns) -%}
    {{ return(adapter.dispatch('content_digest', 'consentmart')(columns)) }}
{%- endmacro %}

{% macro postgres__content_digest(columns) -%}
    cast({{ postgres__hex_digest(columns) }} as uuid)
{%- endmacro %}

{#- Incrementally, drop new rows that copy a stored row: a full build keeps only the
    first copy (the lowest _row_id), and stored rows are always older. -#}
{% macro without_stored_copies(relation_cte) -%}
    {%- if is_incremental() -%}
        select {{ relation_cte }}.*
        from {{ relation_cte }}
        left join {{ this }} as stored
            on
                {{ relation_cte }}.copy_key = stored.copy_key
                and stored._row_id < {{ relation_cte }}._row_id
        where stored._row_id is null
    {%- else -%}
        select * from {{ relation_cte }}
    {%- endif -%}
{%- endmacro %}

{#- Keyed staging (`resolve_versions`): which version of a key stands depends on
    the raw rows of the key, so a build types the new raw rows and the stored rows of
    every key they touch, plus the keys of stored `after as_of` rows (a later as_of
    may admit them). The raw rows of a key that are not stored cannot matter: they
    are exact copies of an older row, or clean versions of a batch older than the
    key's latest clean one, and new rows only raise that batch. Stored rows are found
    through the `source_key` index (the `after as_of` ones through the `dq_reason`
    index: a pass over the stored rows cost 0.3-1.7 s a model at a million customers)
    and raw rows by `_row_id`, not by computing the key of every raw row. `raw_key` is
    the model's source_key computed from raw columns.
    When as_of moved back (an older version may now be `after as_of`, and superseded
    versions are not stored) or a stored row is gone from raw (a replacing load),
    the pre-hook below empties the model and everything is typed again. -#}
{% macro keyed_rows_to_type(source_relation, raw_key) -%}
    select * from {{ source_relation }}
    {%- if is_incremental() %}
    where _row_id > {{ highest_typed_row_id() }}
    -- two branches, not one OR: an OR'd IN (subquery) is a per-row subplan once the
    -- set outgrows work_mem (hours at a million customers); a union hash-joins
    union all
    select older_rows.* from {{ source_relation }} as older_rows
    where older_rows._row_id in (
        select stored._row_id from {{ this }} as stored
        where stored.source_key in (
            select {{ raw_key }} from {{ source_relation }}
            where _row_id > {{ highest_typed_row_id() }}
            union
            select after_as_of.source_key from {{ this }} as after_as_of
            where after_as_of.dq_reason = 'after as_of'
        )
    )
    {%- endif %}
{%- endmacro %}

{#- Pre-hook of keyed incremental staging: start over when as_of moved back or a
    stored row is gone from raw. -#}
{% macro forget_all_when_rewound(source_name, table_name) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            -- both through indexes (_as_of, _row_id)
            exists (select 1 from {{ this }} as typed where typed._as_of > {{ as_of() }})
            or (select min(kept._row_id) from {{ this }} as kept) < {{ lowest_raw_row_id(source_name, table_name) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
