-- semantics.md > Revocation requests: a request is complete when every downstream
-- system serving the affected channels has a snapshot after received_at that no
-- longer lists the customer's contact points for them, and the response was sent;
-- completed_at is the later of those moments. A system that sent no list since
-- (a broken feed) keeps the request open.

with

requests as (
    select * from {{ ref('int_revocation_requests__matched_to_customers') }}
    where match_status = 'matched'
),

clearance as (
    select * from {{ ref('int_revocation_requests__system_clearance') }}
),

per_request as (
    select
        request_id,
        count(*) as n_systems,
        count(cleared_at) as n_cleared,
        max(cleared_at) as last_cleared_at
    from clearance
    group by request_id
),

final as (
    select
        requests.request_id,
        coalesce(per_request.n_systems, 0) as n_systems,
        coalesce(per_request.n_cleared, 0) as n_cleared,
        -- no system serves the channel (post): the answer alone completes it
        case
            when
                coalesce(per_request.n_cleared, 0) = coalesce(per_request.n_systems, 0)
                and requests.response_sent_at is not null
                then greatest(per_request.last_cleared_at, requests.response_sent_at)
        end as completed_at
    from requests
    left join per_request on requests.request_id = per_request.request_id
)

select * from final
