-- semantics.md > Propagation: at each snapshot of each downstream system, which
-- contact points it should list on each of its channels: those all of whose
-- customers have active marketing consent then, with evidence the audience policy
-- accepts (judged at as_of: int_propagation__point_periods). A system that is also
-- a source system (a department's CRM) is expected to list only the contact points
-- on its own customer records. Only the points to list are kept: everything else is
-- "should not be listed", and the candidates times snapshots are ~6x as many rows.
-- Incremental: a build lists its new snapshots for every point, and its other
-- snapshots only for the points whose periods changed since the last build; their
-- old rows, and those of snapshots no longer there, are forgotten first (pre-hook,
-- macros/propagation/expected_lists.sql).
{#- Points of a single customer (nearly all) need no count of allowed customers, so
    the range join of periods and snapshots is rendered per kind of point. -#}
{%- set kinds = {'single': 'n_customers = 1', 'shared': 'n_customers > 1'} %}

with

snapshots as (
    select * from {{ ref('int_propagation__snapshots') }}
),

periods as (
    select * from {{ ref('int_propagation__point_periods') }}
    where valid_from is not null
),

{% if is_incremental() -%}
new_snapshots as (
    select snapshots.*
    from snapshots
    where not exists (
        select 1 from {{ this }} as stored
        where
            stored.system = snapshots.system
            and stored.snapshot_at = snapshots.snapshot_at
            and stored.channel = snapshots.channel
    )
),

changed_periods as (
    select * from periods
    where {{ changed_since_built('periods.changed_at') }}
),

other_snapshots as (
    select snapshots.*
    from snapshots
    where exists (
        select 1 from {{ this }} as stored
        where
            stored.system = snapshots.system
            and stored.snapshot_at = snapshots.snapshot_at
            and stored.channel = snapshots.channel
    )
),
{%- endif %}

{% for kind, condition in kinds.items() %}
{%- set pairs = [('new_snapshots', 'periods'), ('other_snapshots', 'changed_periods')] if is_incremental()
    else [('snapshots', 'periods')] %}
{{ kind }}_points_at_snapshots as (
    {%- for snapshot_relation, period_relation in pairs %}
    select
        snapshot.system,
        snapshot.snapshot_at,
        snapshot.channel,
        period.contact_point,
        period.n_customers
    from {{ snapshot_relation }} as snapshot
    inner join {{ period_relation }} as period
        on
            snapshot.channel = period.channel
            and snapshot.snapshot_at >= period.valid_from
            and (period.valid_to is null or snapshot.snapshot_at < period.valid_to)
    where period.{{ condition }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

{% endfor -%}

allowed_points_then as (
    -- a point of one customer as it is, a shared point only when every customer of
    -- it is allowed (segments partition time: each at most once per snapshot)
    select
        system,
        snapshot_at,
        channel,
        contact_point
    from single_points_at_snapshots
    union all
    select
        system,
        snapshot_at,
        channel,
        contact_point
    from shared_points_at_snapshots
    group by system, snapshot_at, channel, contact_point, n_customers
    having count(*) = n_customers
),

final as (
    select
        allowed_points_then.system,
        allowed_points_then.snapshot_at,
        allowed_points_then.channel,
        allowed_points_then.contact_point,
        {{ build_started_at() }} as built_at
    from allowed_points_then
    {{ join_listing_scope(
        'allowed_points_then.system', 'allowed_points_then.channel', 'allowed_points_then.contact_point',
    ) }}
    where {{ within_listing_scope('allowed_points_then.system') }}
)

select * from final
