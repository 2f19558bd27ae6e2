-- semantics.md > Identity: a message reaches the customers whose records carry its
-- contact point (e-mail for email, the phone for sms, call, push and messenger).
-- A contact point of no known customer is a grey-list message: one row, no customer.

with

communications as (
    select * from {{ ref('stg_downstream__communications') }}
    where dq_reason is null
),

contact_points as (
    select * from {{ ref('int_identity__contact_points') }}
),

final as (
    select
        communications.communication_id,
        communications.system,
        communications.channel,
        communications.kind,
        communications.campaign_id,
        communications.contact_point,
        communications.sent_at,
        contact_points.customer_key
    from communications
    left join contact_points
        on
            communications.channel = contact_points.channel
            and communications.contact_point = contact_points.contact_point
)

select * from final
