{#- Collapses re-deliveries and resolves versions of a keyed raw table.
    Renders CTEs `deduplicated`, `versioned` and `resolved` after the CTE named
    `checked`, which carries `_batch_id`, `_row_id`, `row_issue` and
    `row_issue_details`.

    - Exact duplicates (same key and content) collapse silently to the first copy.
    - A later load batch (`consentmart load --append`) supersedes the clean rows of
      earlier batches with the same key: it is the source's newer version.
    - Within one batch, one key with different contents is a contract breach:
      every version is kept out (which one is true cannot be known).
    - Rows with an issue are kept, with `dq_reason`, for data_quality_issues.
    `content` lists the typed columns that make two versions differ. -#}
{% macro resolve_versions(keys, content) -%}
deduplicated as (
    select
        *,
        row_number() over (
            partition by {{ (keys + content + ['row_issue', 'row_issue_details']) | join(', ') }}
            order by _row_id
        ) as copy_number
    from checked
),

versioned as (
    select
        *,
        max(_batch_id) filter (where row_issue is null) over (
            partition by {{ keys | join(', ') }}
        ) as latest_clean_batch,
        count(*) filter (where row_issue is null) over (
            partition by {{ keys | join(', ') }}, _batch_id
        ) as clean_versions_in_batch
    from deduplicated
    where copy_number = 1
),

resolved as (
    select
        *,
        case
            when row_issue is not null then row_issue
            when clean_versions_in_batch > 1 then 'duplicate key with different content'
        end as dq_reason,
        case
            when row_issue is not null then row_issue_details
            when clean_versions_in_batch > 1
                then 'duplicate key with different content: '
                || clean_versions_in_batch || ' versions in load batch ' || _batch_id
        end as dq_details
    from versioned
    where row_issue is not null or _batch_id = latest_clean_batch
)
{%- endmacro %}

{#- Keyless tables (snapshots): only exact re-deliveries collapse. The copies are
    found by sorting on a digest of the content first (one fixed-width comparison
    instead of up to seven text ones: at a million customers the lists' sort takes
    7 s instead of 29); the content after it keeps the grouping exact. -#}
{% macro collapse_exact_duplicates(content) -%}
{%- set compared = content + ['row_issue', 'row_issue_details'] -%}
deduplicated as (
    select
        *,
        row_number() over (
            partition by {{ content_digest(compared) }}, {{ compared | join(', ') }}
            order by _row_id
        ) as copy_number
    from checked
),

resolved as (
    select
        *,
        row_issue as dq_reason,
        row_issue_details as dq_details
    from deduplicated
    where copy_number = 1
)
{%- endmacro %}

{#- The natural key of a raw row as the data-quality report shows it. A part longer
    than an identifier can be (a `key too long` row) is cut and ends in its md5, so the
    key still fits a B-tree index entry (at most ~2.7 kB) and still tells rows apart. -#}
{% macro source_key(columns) -%}
    concat_ws(' / '
        {%- for column in columns %},
        coalesce(case
            when {{ key_too_long([column]) }}
                then left({{ column }}, {{ max_key_length() - 40 }}) || '…' || md5({{ column }})
            else {{ column }}
        end, '∅')
        {%- endfor %})
{%- endmacro %}

{#- No system's identifier is longer; a longer one is garbage, and would not fit the
    indexes that look rows up by it. -#}
{% macro max_key_length() -%}
    {{ return(200) }}
{%- endmacro %}

{#- The check of a keyed table: one of its key columns is longer than an identifier can be. -#}
{% macro key_too_long(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append('length(' ~ column ~ ') > ' ~ max_key_length()) -%}
    {%- endfor -%}
    {{ return(parts | join(' or ')) }}
{%- endmacro %}

{#- Typing is regular expressions, microseconds a value, and some raw values repeat
    by nature: a list's system and snapshot moment in each of its rows, a contact
    point in every daily snapshot (9.8 M list rows hold 37 moments and 617 k points
    at a million customers). Such a column is typed once per distinct value and
    joined back, as `<alias>.typed_value` (the lists' full build 122 -> 95 s).
    `column` is `<cte>.<name>`, and the CTE must be written `{{ read_where_used() }}`:
    it is read once more for each column typed this way. `typing` is a macro of one
    expression (safe_cast_timestamptz). NULL finds no row, so it types to NULL.
    With `once=false` each row is typed where it is read, under the same name: for
    rows whose values rarely repeat (a day's list rows hold each point once), where
    the extra reads and the join cost more than they save. -#}
{% macro join_typed_once(alias, column, typing, once=true) -%}
    {%- set relation, name = column.split('.') -%}
    {%- if once %}
    left join (
        select
            distinct_values.raw_value,
            {{ typing('distinct_values.raw_value') }} as typed_value
        from (select distinct {{ name }} as raw_value from {{ relation }}) as distinct_values
    ) as {{ alias }} on {{ column }} = {{ alias }}.raw_value
    {%- else %}
    cross join lateral (select {{ typing(column) }} as typed_value) as {{ alias }}
    {%- endif %}
{%- endmacro %}

{#- Joins a code column to the alias seed (case-insensitive after trimming);
    the join yields NULL for an unmapped code. Row by row: typed once per distinct
    spelling (join_typed_once), the events and documents took longer, as the scan
    joined back to the spellings no longer ran in parallel (events 109 -> 134 s,
    documents 75 -> 100 s at a million customers). -#}
{% macro join_code(alias, domain, column) -%}
    left join {{ ref('code_aliases') }} as {{ alias }}
        on
            {{ alias }}.domain = '{{ domain }}'
            and {{ alias }}.alias = {{ lower_cyrillic(column) }}
{%- endmacro %}

{#- Joins a comma-separated list of codes (e.g. downstream_systems.channels)
    to the alias seed: yields `<alias>.codes`, the canonical codes comma-separated
    in list order (unmapped ones left out), and `<alias>.all_known` (false when
    any element is unmapped or excluded). -#}
{% macro join_code_list(alias, domain, column, exclude=[]) -%}
    {{ return(adapter.dispatch('join_code_list', 'consentmart')(alias, domain, column, exclude)) }}
{%- endmacro %}

{% macro postgres__join_code_list(alias, domain, column, exclude) -%}
    left join lateral (
        select
            string_agg(mapped.code, ',' order by element.position) as codes,
            coalesce(bool_and(
                mapped.code is not null
                {%- for code in exclude %} and mapped.code <> '{{ code }}'{% endfor %}
            ), false) as all_known
        from unnest(string_to_array({{ column }}, ',')) with ordinality as element (value, position)
        left join {{ ref('code_aliases') }} as mapped
            on
                mapped.domain = '{{ domain }}'
                and mapped.alias = {{ lower_cyrillic('trim(element.value)') }}
    ) as {{ alias }} on true
{%- endmacro %}

{#- One row per element of a comma-separated list (already canonical), as `<alias>.element`. -#}
{% macro join_list_elements(alias, column) -%}
    {{ return(adapter.dispatch('join_list_elements', 'consentmart')(alias, column)) }}
{%- endmacro %}

{% macro postgres__join_list_elements(alias, column) -%}
    cross join lateral unnest(string_to_array({{ column }}, ',')) as {{ alias }} (element)
{%- endmacro %}
