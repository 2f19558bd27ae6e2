-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['customer_key']}, {'columns': ['deadline_at']}]) }}

-- Every revocation request and its legal clock: 10 business days from received_at
-- to stop in every system and answer the customer. An unmatched request is in the
-- review queue, and its clock runs all the same.

with

requests as (
    select * from {{ ref('int_revocation_requests__matched_to_customers') }}
),

deadlines as (
    select * from {{ ref('int_revocation_requests__deadlines') }}
),

completion as (
    select * from {{ ref('int_revocation_requests__completion') }}
),

business_days as (
    select * from {{ ref('int_calendar__business_days') }}
),

final as (
    select
        requests.request_id,
        requests.customer_key,
        requests.scope,
        requests.channel,
        requests.received_at,
        deadlines.deadline_at,
        completion.completed_at,
        requests.response_sent_at,
        completion.n_systems,
        completion.n_cleared as n_systems_cleared,
        -- the work queue's clock: business days after today up to the deadline day
        -- (0 = due today, negative = business days overdue); NULL once complete
        case
            when completion.completed_at is null
                then deadline_day.business_day_number - today.business_day_number
        end as business_days_left,
        case
            when requests.match_status = 'unmatched' then 'unmatched'
            when completion.completed_at <= deadlines.deadline_at then 'done_on_time'
            when completion.completed_at is not null then 'done_late'
            when {{ as_of() }} > deadlines.deadline_at then 'open_overdue'
            else 'open'
        end as status
    from requests
    inner join deadlines on requests.request_id = deadlines.request_id
    left join completion on requests.request_id = completion.request_id
    inner join business_days as deadline_day
        on {{ moscow_date('deadlines.deadline_at') }} = deadline_day.calendar_date
    inner join business_days as today
        on {{ moscow_date(as_of()) }} = today.calendar_date
)

select * from final
