-- semantics.md rules 1 and 3: a grant covers [event_at, valid_until) (open-ended
-- when valid_until is NULL, flagged perpetual); a deny or revoke at t ends every
-- interval of that customer covering t for that purpose and channel, whatever
-- contract it came from. At the same instant a deny or revoke wins over a grant,
-- so a grant refused at once covers nothing and yields no interval.
-- Incremental by customer (macros/consent_by_customer.sql).
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

with

facts as (
    select * from {{ ref('int_consent_facts__with_pd_processing_cascade') }}
    {{ only_consent_customers_to_build() }}
),

evidence as (
    select * from {{ ref('int_consent_grants__evidence_checked') }}
    {{ only_consent_customers_to_build() }}
),

ordered as (
    select
        *,
        -- the first deny or revoke at or after this fact, and which it was (ends sort
        -- after grants at one instant; at one instant 'deny' sorts before 'revoke');
        -- both over one window, so one sort and one pass
        min(
            case when action <> 'grant' then {{ sortable_moment('event_at') }} || action end
        ) over (
            partition by customer_key, purpose, channel
            order by event_at, case when action = 'grant' then 0 else 1 end
            rows between current row and unbounded following
        ) as next_end,
        min(case when action <> 'grant' then event_at end) over (
            partition by customer_key, purpose, channel
            order by event_at, case when action = 'grant' then 0 else 1 end
            rows between current row and unbounded following
        ) as next_end_at
    from facts
),

grants as (
    select
        *,
        substr(next_end, 21) as end_action
    from ordered
),

intervals as (
    select
        customer_key,
        purpose,
        channel,
        event_at as valid_from,
        case
            when next_end_at is not null and (valid_until is null or next_end_at < valid_until) then next_end_at
            else valid_until
        end as valid_to,
        case
            when next_end_at is not null and (valid_until is null or next_end_at < valid_until)
                then case when end_action = 'deny' then 'denied' else 'revoked' end
            when valid_until <= {{ as_of() }} then 'expired'
            else 'open'
        end as end_reason,
        source_system as basis_source_system,
        event_id as basis_event_id,
        contract_id,
        document_id,
        collection_method,
        recorded_at,
        valid_until is null as is_perpetual,
        is_any_channel
    from grants
    where action = 'grant'
),

final as (
    select
        intervals.*,
        evidence.evidence_status,
        evidence.evidence_reason,
        intervals.customer_key || '|' || intervals.purpose || '|' || intervals.channel || '|'
        || intervals.basis_source_system || '/' || intervals.basis_event_id as interval_id,
        {{ build_started_at() }} as built_at
    from intervals
    inner join evidence
        on
            intervals.basis_source_system = evidence.source_system
            and intervals.basis_event_id = evidence.event_id
    where intervals.valid_to is null or intervals.valid_to > intervals.valid_from
)

select * from final
