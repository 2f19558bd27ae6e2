{#- Incremental by stamp: an upstream model stamps what it rewrote with the build
    (`changed_at`), a downstream one stamps what it wrote (`built_at`); a downstream
    build redoes what changed since its newest stamp. A build that fails or is
    skipped stores nothing, so the next one still takes in everything since. -#}

{#- The newest `built_at` of this model's rows from before this build (a lookup
    where `built_at` is indexed; `stamp`: another column, as in a model that stamps
    `changed_at` only on what it rewrote). Rows this build wrote are not counted,
    so it reads the same wherever it is rendered - the model's SQL, a pre-hook, a
    post-hook after the write - as long as no hook has deleted stored rows before it
    is read: read after that, it could fall back to an older build's and take in
    changes whose old rows were not forgotten. None: nothing stored, everything
    counts as changed. -#}
{% macro newest_built_at(stamp='built_at') -%}
    {%- if execute and is_incremental() -%}
        {%- set newest = run_query(
            'select max(' ~ stamp ~ ') from ' ~ this ~ ' where ' ~ stamp ~ ' < ' ~ build_started_at()
        ).columns[0].values()[0] -%}
        {{ return(none if newest is none else newest.isoformat()) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- Whether something stamped `changed_at` changed since this model's newest rows. -#}
{% macro changed_since_built(changed_at, stamp='built_at') -%}
    {%- set built_at = newest_built_at(stamp) -%}
    {%- if built_at is none -%}
        true
    {%- else -%}
        {{ changed_at }} > cast('{{ built_at }}' as timestamp with time zone)
    {%- endif -%}
{%- endmacro %}

{#- The keys of `inputs` (a model that stamps `changed_at` on the keys whose
    fingerprint changed, a tombstone for a gone key) to (re)compute: those changed
    since this model's newest rows. -#}
{% macro keys_to_build(inputs, key, stamp='built_at') -%}
    select inputs.{{ key }}
    from {{ inputs }} as inputs
    where {{ changed_since_built('inputs.changed_at', stamp) }}
{%- endmacro %}

{#- Whether any of `columns` holds a key to recompute (incremental builds only). -#}
{% macro any_key_to_build(inputs, key, columns) -%}
    ({% for column in columns %}{{ column }} in ({{ keys_to_build(inputs, key) }}){% if not loop.last %} or {% endif %}{% endfor %})
{%- endmacro %}

{#- A filter on `column` (default: `key`): every row in a full build, those of the
    keys to recompute incrementally. -#}
{% macro only_keys_to_build(inputs, key, column=none) -%}
    {%- if is_incremental() %}
    where {{ any_key_to_build(inputs, key, [column or key]) }}
    {%- endif %}
{%- endmacro %}

{#- Pre-hook: forget the stored rows of the keys to recompute (a gone key's rows
    are deleted and none computed); `columns` (default: `key`) are where a row holds
    keys - a pair of customers, either side. -#}
{% macro forget_keys_to_build(inputs, key, columns=none) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ any_key_to_build(inputs, key, columns or [key]) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
