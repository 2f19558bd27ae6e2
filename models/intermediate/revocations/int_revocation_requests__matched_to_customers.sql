-- semantics.md > Identity: a revocation request is matched by its source record,
-- by normalised passport, or by normalised full name + birth date - only when the
-- keys it carries point to exactly one customer. Otherwise (nothing found, several
-- customers, a name + birth date whose customer carries another passport, a phone
-- or e-mail alone) it is unmatched, with its candidates, and the clock still runs.

with

requests as (
    select * from {{ ref('stg_requests__revocation_requests') }}
    where dq_reason is null
),

customer_records as {{ read_where_used() }} (
    select * from {{ ref('int_identity__customer_records') }}
),

contact_points as (
    select * from {{ ref('int_identity__contact_points') }}
),

found_by_name_and_birth as (
    -- a customer found by name and birth date who carries passports, none of them
    -- the request's, is somebody else of the same name (a conflict, not a candidate).
    -- The passports are read from the records table itself (not a CTE used twice):
    -- its statistics keep the planner on hash joins.
    select
        requests.request_id,
        by_name.customer_key,
        requests.passport is not null
        and count(held.passport) > 0
        and not coalesce(bool_or(held.passport = requests.passport), false) as carries_another_passport
    from requests
    inner join customer_records as by_name
        on
            requests.full_name_normalised = by_name.full_name_normalised
            and requests.birth_date = by_name.birth_date
    left join customer_records as held
        on by_name.customer_key = held.customer_key and held.passport is not null
    group by requests.request_id, by_name.customer_key, requests.passport
),

found_by_keys as (
    select
        requests.request_id,
        customer_records.customer_key
    from requests
    inner join customer_records
        on
            requests.source_system = customer_records.source_system
            and requests.source_customer_id = customer_records.source_customer_id
    union
    select
        requests.request_id,
        customer_records.customer_key
    from requests
    inner join customer_records on requests.passport = customer_records.passport
    union
    select
        request_id,
        customer_key
    from found_by_name_and_birth
    where not carries_another_passport
),

candidates as (
    select
        request_id,
        count(*) as n_candidates,
        min(customer_key) as only_candidate,
        array_agg(customer_key order by customer_key) as candidate_keys
    from found_by_keys
    group by request_id
),

other_passports as (
    select distinct request_id
    from found_by_name_and_birth
    where carries_another_passport
),

requests_without_candidates as (
    -- only these show fallback candidates: a name alone finds 1.4 M (request, customer)
    -- pairs for all requests at a million customers, sorted on disk (8 s)
    select requests.*
    from requests
    where not exists (
        select 1 from candidates
        where candidates.request_id = requests.request_id
    )
),

request_points as (
    select
        request_id,
        phone as contact_point
    from requests_without_candidates
    where phone is not null
    union all
    select
        request_id,
        email as contact_point
    from requests_without_candidates
    where email is not null
),

fallback_candidates as (
    -- for the steward only: customers sharing the request's phone, e-mail or name
    select
        request_points.request_id,
        contact_points.customer_key
    from request_points
    inner join contact_points on request_points.contact_point = contact_points.contact_point
    union
    select
        requests_without_candidates.request_id,
        customer_records.customer_key
    from requests_without_candidates
    inner join customer_records
        on requests_without_candidates.full_name_normalised = customer_records.full_name_normalised
),

fallback_candidate_lists as (
    select
        request_id,
        array_agg(customer_key order by customer_key) as candidate_keys
    from fallback_candidates
    group by request_id
),

final as (
    select
        requests.request_id,
        requests.received_at,
        requests.scope,
        requests.channel,
        requests.response_sent_at,
        case when candidates.n_candidates = 1 then candidates.only_candidate end as customer_key,
        case when candidates.n_candidates = 1 then 'matched' else 'unmatched' end as match_status,
        case
            when candidates.n_candidates = 1 then null
            when
                requests.source_customer_id is null and requests.passport is null
                and (requests.full_name_normalised is null or requests.birth_date is null)
                then case
                    when coalesce(requests.phone, requests.email) is not null then 'a phone or e-mail alone'
                    else 'no identifying keys'
                end
            when candidates.n_candidates > 1 then 'the keys point at several customers'
            when other_passports.request_id is not null
                then 'name and birth date point at a customer with another passport'
            else 'nothing found'
        end as unmatched_reason,
        coalesce(candidates.candidate_keys, fallback_candidate_lists.candidate_keys) as candidate_keys
    from requests
    left join candidates on requests.request_id = candidates.request_id
    left join other_passports on requests.request_id = other_passports.request_id
    left join fallback_candidate_lists on requests.request_id = fallback_candidate_lists.request_id
)

select * from final
