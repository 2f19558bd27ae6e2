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

points as (
    select * from {{ ref('int_identity__contact_points') }}
),

allowed as (
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

shared_point_owners as (
    -- only a point several customers share needs its owners counted: a point of one
    -- customer is allowed exactly when that customer is (nearly all points)
    select
        points.channel,
        points.contact_point,
        count(*) as n_owners,
        count(allowed.customer_key) as n_allowed_owners
    from points
    left join allowed
        on points.customer_key = allowed.customer_key and points.channel = allowed.channel
    where points.n_customers > 1
    group by points.channel, points.contact_point
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
    left join shared_point_owners
        on points.channel = shared_point_owners.channel and points.contact_point = shared_point_owners.contact_point
    where
        points.n_customers = 1
        or shared_point_owners.n_owners = shared_point_owners.n_allowed_owners
)

select * from final
