-- Inquiries from the FAS and Roskomnadzor: the deadline to answer (10 business
-- days, 152-FZ art. 20 part 4, from the legal_deadlines seed), whether it was met,
-- and the contested message's customer and verdict - what the evidence pack shows.

with

requests as (
    select * from {{ ref('stg_requests__regulator_requests') }}
    where dq_reason is null
),

deadlines as (
    select * from {{ ref('legal_deadlines') }}
    where rule = 'regulator_request_answer'
),

lineage as (
    select * from {{ ref('communication_lineage') }}
),

with_days as (
    select
        requests.*,
        deadlines.amount as business_days,
        -- an answer dated after as_of has not happened yet
        case when requests.answered_at <= {{ as_of() }} then requests.answered_at end as answered_by_as_of
    from requests
    cross join deadlines
),

final as (
    select
        with_days.request_id,
        with_days.regulator,
        with_days.received_at,
        {{ business_deadline('window') }} as deadline_at,
        with_days.answered_by_as_of as answered_at,
        case
            when with_days.answered_by_as_of <= {{ business_deadline('window') }} then 'answered_on_time'
            when with_days.answered_by_as_of is not null then 'answered_late'
            when {{ as_of() }} > {{ business_deadline('window') }} then 'open_overdue'
            else 'open'
        end as status,
        with_days.communication_id,
        with_days.contact_point,
        with_days.full_name as complainant_name,
        lineage.customer_key,
        lineage.verdict
    from with_days
    {{ join_business_days_after('window', 'with_days.received_at', 'with_days.business_days') }}
    left join lineage on with_days.communication_id = lineage.communication_id
)

select * from final
