-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['system', 'snapshot_at']}]) }}

-- Every mismatch between what a downstream system lists and what the mart allows at
-- that snapshot: listed_not_allowed (a violation waiting to happen), pending (within
-- the system's SLA), allowed_not_listed (lost reach).

with

checks as (
    select * from {{ ref('int_propagation__checks') }}
),

final as (
    select
        system,
        snapshot_at,
        channel,
        contact_point,
        customer_key,
        n_customers,
        mismatch
    from checks
)

select * from final
