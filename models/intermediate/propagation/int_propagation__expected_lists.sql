-- semantics.md > Propagation: at each snapshot of each downstream system, which
-- contact points it should list on each of its channels: those all of whose
-- customers have active marketing consent then, with evidence the audience policy
-- accepts (judged at as_of). A system that is also a source system (a department's
-- CRM) is expected to list only the contact points on its own customer records.
-- Only the points to list are kept: everything else is "should not be listed",
-- and the candidates times snapshots are ~6x as many rows.

with

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

segments as (
    select * from {{ ref('int_consent_timeline__status_segments') }}
    where purpose = 'marketing'
),

snapshots as (
    select * from {{ ref('int_propagation__snapshots') }}
),

allowed_segments as (
    select
        customer_key,
        channel,
        valid_from,
        valid_to
    from segments
    where status = 'active' and evidence_status in ({{ audience_evidence_list() }})
),

customers_per_point as (
    select
        channel,
        contact_point,
        count(*) as n_customers
    from points
    group by channel, contact_point
),

allowed_customers_then as (
    -- each customer allowed at each snapshot (a range join: segments hold the periods)
    select
        snapshots.system,
        snapshots.snapshot_at,
        snapshots.channel,
        allowed_segments.customer_key
    from snapshots
    inner join allowed_segments
        on
            snapshots.channel = allowed_segments.channel
            and snapshots.snapshot_at >= allowed_segments.valid_from
            and (allowed_segments.valid_to is null or snapshots.snapshot_at < allowed_segments.valid_to)
),

allowed_points_then as (
    select
        allowed_customers_then.system,
        allowed_customers_then.snapshot_at,
        allowed_customers_then.channel,
        points.contact_point,
        -- segments partition time: a customer is allowed at most once per snapshot
        count(*) as n_allowed
    from allowed_customers_then
    inner join points
        on
            allowed_customers_then.customer_key = points.customer_key
            and allowed_customers_then.channel = points.channel
    group by
        allowed_customers_then.system,
        allowed_customers_then.snapshot_at,
        allowed_customers_then.channel,
        points.contact_point
),

final as (
    -- a shared point only when every customer of it is allowed
    select
        allowed_points_then.system,
        allowed_points_then.snapshot_at,
        allowed_points_then.channel,
        allowed_points_then.contact_point
    from allowed_points_then
    inner join customers_per_point
        on
            allowed_points_then.channel = customers_per_point.channel
            and allowed_points_then.contact_point = customers_per_point.contact_point
            and allowed_points_then.n_allowed = customers_per_point.n_customers
    {{ join_listing_scope(
        'allowed_points_then.system', 'allowed_points_then.channel', 'allowed_points_then.contact_point',
    ) }}
    where {{ within_listing_scope() }}
)

select * from final
