-- Each snapshot of each downstream system on each channel it serves, numbered in
-- time order per system and channel (the lag model walks runs of snapshots).

with

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
),

snapshot_moments as (
    select distinct
        system,
        snapshot_at
    from lists
),

final as (
    select
        snapshot_moments.system,
        system_channels.channel,
        snapshot_moments.snapshot_at,
        row_number() over (
            partition by snapshot_moments.system, system_channels.channel
            order by snapshot_moments.snapshot_at
        ) as snapshot_no
    from snapshot_moments
    inner join system_channels on snapshot_moments.system = system_channels.system
)

select * from final
