-- Per system and channel: the newest list, whether the feed went stale (older than
-- its expected interval - an integration that stopped working), the mismatches in
-- that newest list, and how long changes take to show (lag percentiles, hours).

with

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
),

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

checks as (
    select * from {{ ref('int_propagation__checks') }}
),

lags as (
    select * from {{ ref('int_propagation__lags') }}
),

newest as (
    select
        system,
        max(snapshot_at) as last_snapshot_at
    from lists
    group by system
),

newest_mismatches as (
    select
        checks.system,
        checks.channel,
        count(*) filter (where checks.mismatch = 'listed_not_allowed') as n_listed_not_allowed,
        count(*) filter (where checks.mismatch = 'allowed_not_listed') as n_allowed_not_listed,
        count(*) filter (where checks.mismatch = 'pending') as n_pending
    from checks
    inner join newest on checks.system = newest.system and checks.snapshot_at = newest.last_snapshot_at
    group by checks.system, checks.channel
),

lag_percentiles as (
    select
        system,
        channel,
        percentile_cont(0.5) within group (order by lag_hours) as lag_p50_hours,
        percentile_cont(0.95) within group (order by lag_hours) as lag_p95_hours
    from lags
    group by system, channel
),

final as (
    select
        system_channels.system,
        system_channels.channel,
        newest.last_snapshot_at,
        lag_percentiles.lag_p50_hours,
        lag_percentiles.lag_p95_hours,
        coalesce(
            newest.last_snapshot_at
            < {{ as_of() }} - system_channels.feed_interval_hours * {{ hours_interval(1) }},
            true
        ) as is_stale,
        coalesce(newest_mismatches.n_listed_not_allowed, 0) as n_listed_not_allowed,
        coalesce(newest_mismatches.n_allowed_not_listed, 0) as n_allowed_not_listed,
        coalesce(newest_mismatches.n_pending, 0) as n_pending
    from system_channels
    left join newest on system_channels.system = newest.system
    left join newest_mismatches
        on system_channels.system = newest_mismatches.system and system_channels.channel = newest_mismatches.channel
    left join lag_percentiles
        on system_channels.system = lag_percentiles.system and system_channels.channel = lag_percentiles.channel
)

select * from final
