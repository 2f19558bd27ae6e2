-- semantics.md > Propagation: at each snapshot of each downstream system, which
-- contact points it should list on each of its channels: those all of whose
-- customers have active marketing consent then, with evidence the audience policy
-- accepts (judged at as_of). A system that is also a source system (a department's
-- CRM) is expected to list only the contact points on its own customer records.
-- Only the points to list are kept: everything else is "should not be listed",
-- and the candidates times snapshots are ~6x as many rows. Points of a single
-- customer (nearly all) need no count of allowed customers.
{#- each allowed point at each snapshot: a range join, segments hold the periods -#}
{%- set allowed_point_at_snapshots -%}
    from snapshots
    inner join allowed_point_periods
        on
            snapshots.channel = allowed_point_periods.channel
            and snapshots.snapshot_at >= allowed_point_periods.valid_from
            and (allowed_point_periods.valid_to is null or snapshots.snapshot_at < allowed_point_periods.valid_to)
{%- endset %}

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

allowed_point_periods as (
    -- when each customer's contact point may be listed for that customer
    select
        allowed_segments.channel,
        points.contact_point,
        points.n_customers,
        allowed_segments.valid_from,
        allowed_segments.valid_to
    from allowed_segments
    inner join points
        on
            allowed_segments.customer_key = points.customer_key
            and allowed_segments.channel = points.channel
),

allowed_points_then as (
    -- a point of one customer as it is, a shared point only when every customer of
    -- it is allowed (segments partition time: each at most once per snapshot); two
    -- branches, so that only the few shared points are counted
    select
        snapshots.system,
        snapshots.snapshot_at,
        snapshots.channel,
        allowed_point_periods.contact_point
    {{ allowed_point_at_snapshots }}
    where allowed_point_periods.n_customers = 1
    union all
    select
        snapshots.system,
        snapshots.snapshot_at,
        snapshots.channel,
        allowed_point_periods.contact_point
    {{ allowed_point_at_snapshots }}
    where allowed_point_periods.n_customers > 1
    group by
        snapshots.system,
        snapshots.snapshot_at,
        snapshots.channel,
        allowed_point_periods.contact_point,
        allowed_point_periods.n_customers
    having count(*) = allowed_point_periods.n_customers
),

final as (
    select
        allowed_points_then.system,
        allowed_points_then.snapshot_at,
        allowed_points_then.channel,
        allowed_points_then.contact_point
    from allowed_points_then
    {{ join_listing_scope(
        'allowed_points_then.system', 'allowed_points_then.channel', 'allowed_points_then.contact_point',
    ) }}
    where {{ within_listing_scope('allowed_points_then.system') }}
)

select * from final
