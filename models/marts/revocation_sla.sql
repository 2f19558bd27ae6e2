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
)

select * from final
