-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['channel', 'consent_expires_at']}, {'columns': ['customer_key']}]) }}

-- Who may receive advertising now, per channel and contact point: active marketing
-- consent with evidence the audience policy accepts (var audience_evidence, default
-- ok only), through a contact point all of whose customers may be contacted. No
-- passport, no birth date, no address beyond what the post channel needs.

with

status as (
    select * from {{ ref('consent_status') }}
),

points as {{ read_where_used() }} (
    select * from {{ ref('int_identity__contact_points') }}
),

allowed as {{ read_where_used() }} (
    select
        customer_key,
        channel,
        expires_at,
        basis_event_id
    from status
    where
        purpose = 'marketing'
        and status = 'active'
        and evidence_status in ({{ audience_evidence_list() }})
),

shared_points_all_allowed as (
    -- only a point several customers share needs its allowed owners counted (the
    -- point's n_customers says how many it has): a point of one customer is allowed
    -- exactly when that customer is (nearly all points)
    select
        points.channel,
        points.contact_point
    from allowed
    inner join points
        on allowed.customer_key = points.customer_key and allowed.channel = points.channel
    where points.n_customers > 1
    group by points.channel, points.contact_point, points.n_customers
    having count(*) = points.n_customers
),

final as (
    select
        allowed.customer_key,
        allowed.channel,
        points.contact_point,
        allowed.expires_at as consent_expires_at,
        allowed.basis_event_id
    from allowed
    inner join points
        on allowed.customer_key = points.customer_key and allowed.channel = points.channel
    left join shared_points_all_allowed
        on
            points.channel = shared_points_all_allowed.channel
            and points.contact_point = shared_points_all_allowed.contact_point
    where
        points.n_customers = 1
        or shared_points_all_allowed.contact_point is not null
)

select * from final
