{#- Incremental expected lists (int_propagation__expected_lists, macros/build_stamps.sql):
    the periods of int_propagation__point_periods carry the build that rewrote them
    (`changed_at`), the expected rows the build that wrote them (`built_at`); a point
    changed since the newest stored row must be listed again at every snapshot. -#}

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
            where {{ changed_since_built('periods.changed_at') }}
        ) as changed
        where stored.channel = changed.channel and stored.contact_point = changed.contact_point
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The stored snapshots come from walking the grain's index (a few hundred
    lookups): an anti-join of every stored row read 11 M rows each build, 5-20 s,
    to delete none on almost every day. -#}
{% macro forget_gone_snapshots_in_expected_lists() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as stored
        using (
            select stored_snapshots.system, stored_snapshots.snapshot_at, stored_snapshots.channel
            from ({{ distinct_by_index(this, ['system', 'snapshot_at', 'channel']) }}) as stored_snapshots
            where not exists (
                select 1 from {{ ref('int_propagation__snapshots') }} as snapshots
                where
                    snapshots.system = stored_snapshots.system
                    and snapshots.snapshot_at = stored_snapshots.snapshot_at
                    and snapshots.channel = stored_snapshots.channel
            )
            -- a fence: the gone snapshots (almost always none) before their rows; let
            -- into the join, the check ran on all 11 M rows (49 s)
            offset 0
        ) as gone
        where
            stored.system = gone.system
            and stored.snapshot_at = gone.snapshot_at
            and stored.channel = gone.channel
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
