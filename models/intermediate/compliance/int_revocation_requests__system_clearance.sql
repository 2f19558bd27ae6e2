-- Per matched revocation request and each downstream system serving the channels it
-- stops: the first list after received_at without the customer's contact points for
-- them (cleared_at), else the newest list since (still listing the customer) or none
-- at all (a broken feed). int_revocation_requests__completion adds them up.

with

requests as (
    select * from {{ ref('int_revocation_requests__matched_to_customers') }}
    where match_status = 'matched'
),

system_channels as (
    select * from {{ ref('int_downstream__system_channels') }}
),

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

channels as (
    select * from {{ ref('channels') }}
),

snapshots as (
    select * from {{ ref('int_propagation__snapshots') }}
),

affected as (
    -- the channels each request stops: all of them, or the one it names
    select
        requests.request_id,
        requests.customer_key,
        requests.received_at,
        channels.channel
    from requests
    inner join channels
        on requests.scope <> 'channel' or requests.channel = channels.channel
),

serving as (
    select distinct
        affected.request_id,
        system_channels.system
    from affected
    inner join system_channels on affected.channel = system_channels.channel
),

system_snapshots as (
    -- the few hundred snapshots already found, not a pass over every list row
    select distinct
        system,
        snapshot_at
    from snapshots
),

snapshots_after as (
    select
        serving.request_id,
        serving.system,
        system_snapshots.snapshot_at
    from serving
    inner join requests on serving.request_id = requests.request_id
    inner join system_snapshots
        on
            serving.system = system_snapshots.system
            and requests.received_at < system_snapshots.snapshot_at
),

still_listed as (
    select distinct
        affected.request_id,
        lists.system,
        lists.snapshot_at
    from affected
    inner join points
        on affected.customer_key = points.customer_key and affected.channel = points.channel
    inner join lists
        on
            points.channel = lists.channel
            and points.contact_point = lists.contact_point
            and affected.received_at < lists.snapshot_at
),

first_clear as (
    select
        snapshots_after.request_id,
        snapshots_after.system,
        min(snapshots_after.snapshot_at) as cleared_at
    from snapshots_after
    left join still_listed
        on
            snapshots_after.request_id = still_listed.request_id
            and snapshots_after.system = still_listed.system
            and snapshots_after.snapshot_at = still_listed.snapshot_at
    where still_listed.request_id is null
    group by snapshots_after.request_id, snapshots_after.system
),

last_snapshot as (
    select
        request_id,
        system,
        max(snapshot_at) as last_snapshot_at
    from snapshots_after
    group by request_id, system
),

final as (
    select
        serving.request_id,
        requests.customer_key,
        serving.system,
        first_clear.cleared_at,
        last_snapshot.last_snapshot_at,
        case
            when first_clear.cleared_at is not null then 'cleared'
            when last_snapshot.last_snapshot_at is not null then 'still_listed'
            else 'no_list_since'
        end as clearance_state
    from serving
    inner join requests on serving.request_id = requests.request_id
    left join first_clear
        on serving.request_id = first_clear.request_id and serving.system = first_clear.system
    left join last_snapshot
        on serving.request_id = last_snapshot.request_id and serving.system = last_snapshot.system
)

select * from final
