-- semantics.md > Legal deadlines: a revocation request must be processed in every
-- system and answered within 10 business days after received_at (152-FZ art. 21
-- part 5.1); the number of days comes from the legal_deadlines seed.

with

requests as (
    select * from {{ ref('int_revocation_requests__matched_to_customers') }}
),

deadlines as (
    select * from {{ ref('legal_deadlines') }}
    where rule = 'revocation_request_processing'
),

with_days as (
    select
        requests.request_id,
        requests.received_at,
        deadlines.amount as business_days
    from requests
    cross join deadlines
),

final as (
    select
        with_days.request_id,
        with_days.received_at,
        with_days.business_days,
        {{ business_deadline('window') }} as deadline_at
    from with_days
    {{ join_business_days_after('window', 'with_days.received_at', 'with_days.business_days') }}
)

select * from final
