-- Consent events that passed their own checks and belong to a customer record
-- that passed its checks. The others are reported by
-- int_dq__unknown_customer_references.

with

events as (
    select * from {{ ref('stg_consents__events') }}
    where dq_reason is null
),

customers as (
    select * from {{ ref('stg_crm__customers') }}
    where dq_reason is null
),

final as (
    select
        events.source_system,
        events.event_id,
        events.source_customer_id,
        events.contract_id,
        events.purpose,
        events.channel,
        events.action,
        events.event_at,
        events.recorded_at,
        events.valid_until,
        events.collection_method,
        events.document_id,
        events.partner,
        events.wording_version
    from events
    where exists (
        select 1
        from customers
        where
            customers.source_system = events.source_system
            and customers.source_customer_id = events.source_customer_id
    )
)

select * from final
