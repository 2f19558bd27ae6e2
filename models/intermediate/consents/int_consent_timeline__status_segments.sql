-- semantics.md rules 6 and 7, at every moment: per customer, purpose and channel,
-- the status from each change to the next. `active` while an interval covers the
-- moment, with as basis the covering grant that runs longest (open-ended first,
-- ties to the latest event); otherwise the latest fact decides: a deny -> denied,
-- a revoke or request -> revoked, a grant whose term ran out -> expired. Before
-- the first fact there is no segment: the status is never_given.
-- One ordered pass per customer, purpose and channel: among the intervals started
-- so far, the one ending last is the basis if it has not ended yet (any covering
-- interval ends no later than it). This is the point-in-time answer the compliance
-- marts join to (macro `join_consent_at`): the segment with valid_from <= t < valid_to.
-- Incremental by customer (macros/consent_by_customer.sql).
-- depends_on: {{ ref('int_consent_inputs__by_customer') }}

with

facts as (
    select * from {{ ref('int_consent_facts__with_pd_processing_cascade') }}
    {{ only_consent_customers_to_build() }}
),

-- intervals three times, each read once: a CTE read thrice would be written out
-- whole first (2.2 GB at a million customers)
intervals_started as (
    select * from {{ ref('int_consent_intervals__latest_will_wins') }}
    {{ only_consent_customers_to_build() }}
),

intervals_ended as (
    select * from {{ ref('int_consent_intervals__latest_will_wins') }}
    {{ only_consent_customers_to_build() }}
),

covering_intervals as (
    select * from {{ ref('int_consent_intervals__latest_will_wins') }}
    {{ only_consent_customers_to_build() }}
),

stream as (
    -- Orders are fixed-width text that sorts like the tuple it encodes: 20 characters
    -- of moment, then the rest (for facts: kind, action, when it was recorded, id).
    -- Every fact, grants before ends at one instant (a deny or revoke wins a tie, a
    -- deny over a revoke):
    select
        customer_key,
        purpose,
        channel,
        event_at as changed_at,
        {{ sortable_moment('event_at') }}
        || case action when 'grant' then '0' when 'revoke' then '1' else '2' end
        || rpad(action, 6) || coalesce({{ sortable_moment('recorded_at') }}, {{ sortable_moment('event_at') }})
        || coalesce(event_id, '') as fact_order,
        cast(null as text) as interval_order
    from facts
    union all
    -- every interval where it starts, ranked by how long it runs (open-ended first)
    select
        customer_key,
        purpose,
        channel,
        valid_from as changed_at,
        cast(null as text) as fact_order,
        coalesce({{ sortable_moment('valid_to') }}, '99999999999999999999')
        || {{ sortable_moment('valid_from') }} || interval_id as interval_order
    from intervals_started
    union all
    -- and where it ends, so the status can change there
    select
        customer_key,
        purpose,
        channel,
        valid_to as changed_at,
        cast(null as text) as fact_order,
        cast(null as text) as interval_order
    from intervals_ended
    where valid_to is not null
),

running as (
    -- one ordered pass: the state so far, and the moment of the next row. A moment's
    -- last row holds the state after everything that happened then (maxima only
    -- grow), and the next row's moment is where its segment ends (one pass instead
    -- of a pass, a group by and a second pass: the select 152 -> 139 s at a million
    -- customers)
    select
        customer_key,
        purpose,
        channel,
        changed_at,
        max(fact_order) over cell_so_far as latest_fact,
        max(interval_order) over cell_so_far as longest_interval,
        lead(changed_at) over cell_so_far as next_changed_at
    from stream
    window cell_so_far as (
        partition by customer_key, purpose, channel
        order by changed_at, fact_order nulls first, interval_order nulls first
        rows between unbounded preceding and current row
    )
),

segments as (
    -- from each moment's last row, after the first fact (before it: never_given)
    select
        customer_key,
        purpose,
        channel,
        changed_at as valid_from,
        next_changed_at as valid_to,
        trim(substr(latest_fact, 22, 6)) as latest_action,
        -- parsed only where it decides (a deny or revoke; 1 in 19 segments at a million customers)
        substr(latest_fact, 28, 20) as decided_recorded_moment,
        substr(latest_fact, 48) as decided_by_event_id,
        substr(longest_interval, 41) as longest_interval_id
    from running
    where
        latest_fact is not null
        and (next_changed_at is null or next_changed_at > changed_at)
),

final as (
    select
        segments.customer_key,
        segments.purpose,
        segments.channel,
        segments.valid_from,
        segments.valid_to,
        covering.valid_from as active_since,
        covering.valid_to as expires_at,
        covering.basis_source_system,
        covering.basis_event_id,
        covering.evidence_status,
        covering.evidence_reason,
        covering.contract_id,
        covering.document_id,
        covering.collection_method,
        covering.recorded_at as basis_recorded_at,
        segments.decided_by_event_id,
        {{ build_started_at() }} as built_at,
        -- when the company could know of this status: the deciding fact's recording,
        -- or the moment a term ran out (semantics.md > Propagation)
        case
            when covering.interval_id is not null then covering.recorded_at
            when segments.latest_action in ('deny', 'revoke')
                then {{ parse_sortable_moment('segments.decided_recorded_moment') }}
            else segments.valid_from
        end as learned_at,
        case
            when covering.interval_id is not null then 'active'
            when segments.latest_action = 'deny' then 'denied'
            when segments.latest_action = 'revoke' then 'revoked'
            else 'expired'
        end as status,
        coalesce(covering.is_perpetual, false) as is_perpetual
    from segments
    left join covering_intervals as covering
        on
            segments.longest_interval_id = covering.interval_id
            and (covering.valid_to is null or segments.valid_from < covering.valid_to)
)

select * from final
