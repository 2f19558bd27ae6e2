{#- Incremental expected lists (int_propagation__expected_lists). The periods of
    int_propagation__point_periods carry the build that rewrote them (`changed_at`),
    the expected rows the build that wrote them (`built_at`): a point changed since
    the newest stored row must be listed again at every snapshot. The newest stamp is
    read once, when the model is compiled, before the pre-hook deletes anything:
    read after, it could fall back to an older build's and take in points whose old
    rows were not forgotten. None: nothing stored, every point counts as changed. -#}
{% macro expected_lists_built_at() -%}
    {%- if execute and is_incremental() -%}
        {%- set newest = run_query('select max(built_at) from ' ~ this).columns[0].values()[0] -%}
        {{ return(none if newest is none else newest.isoformat()) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- Whether a period stamped `changed_at` changed since the stored lists were built. -#}
{% macro changed_since_expected_lists(changed_at) -%}
    {%- set built_at = expected_lists_built_at() -%}
    {%- if built_at is none -%}
        true
    {%- else -%}
        {{ changed_at }} > cast('{{ built_at }}' as timestamp with time zone)
    {%- endif -%}
{%- endmacro %}

{#- Pre-hooks: forget the rows of points whose periods changed, then those of
    snapshots no longer there (a replacing load, as_of moved back). -#}
{% macro forget_changed_points_in_expected_lists() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as stored
        using (
            select distinct
                periods.channel,
                periods.contact_point
            from {{ ref('int_propagation__point_periods') }} as periods
            where {{ changed_since_expected_lists('periods.changed_at') }}
        ) as changed
        where stored.channel = changed.channel and stored.contact_point = changed.contact_point
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro forget_gone_snapshots_in_expected_lists() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as stored
        where not exists (
            select 1 from {{ ref('int_propagation__snapshots') }} as snapshots
            where
                snapshots.system = stored.system
                and snapshots.snapshot_at = stored.snapshot_at
                and snapshots.channel = stored.channel
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
