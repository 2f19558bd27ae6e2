-- The point-in-time answer (macro join_consent_at) at as_of must say what
-- consent_status says, for every customer, purpose and channel it holds.

with

status as (
    select * from {{ ref('consent_status') }}
),

answered as (
    select
        status.customer_key,
        status.purpose,
        status.channel,
        status.status,
        status.basis_event_id,
        at_as_of.basis_event_id as answer_basis_event_id,
        coalesce(at_as_of.status, 'never_given') as answer_status
    from status
    {{ join_consent_at('at_as_of', 'status.customer_key', 'status.purpose', 'status.channel', as_of()) }}
)

select *
from answered
where
    status <> answer_status
    or basis_event_id is distinct from answer_basis_event_id
