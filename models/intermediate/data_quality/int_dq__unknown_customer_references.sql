-- Contract rule: a row whose source_customer_id its source system's customer
-- records do not have (or whose customer record was itself rejected) is kept
-- out of the marts and reported.

with

accepted_customers as (
    select * from {{ ref('stg_crm__customers') }}
    where dq_reason is null
),

rejected_customers as (
    select * from {{ ref('stg_crm__customers') }}
    where dq_reason is not null
),

-- why a key was rejected, where none of its versions was accepted (several
-- versions of a record can be rejected): the few rejected rows, not every record
rejected_keys as (
    select
        source_system,
        source_customer_id,
        min(dq_reason) as rejection_reason
    from rejected_customers
    where source_system is not null and source_customer_id is not null
    group by source_system, source_customer_id
),

contracts as (
    select * from {{ ref('stg_crm__contracts') }}
    where dq_reason is null
),

events as (
    select * from {{ ref('stg_consents__events') }}
    where dq_reason is null
),

referencing_rows as (
    select
        'contracts' as source_table,
        source_key,
        source_system,
        source_customer_id,
        _batch_id,
        _row_id
    from contracts
    union all
    select
        'consent_events' as source_table,
        source_key,
        source_system,
        source_customer_id,
        _batch_id,
        _row_id
    from events
),

-- an anti-join on the accepted records: no group by over every record (1.8 M at a
-- million customers, spilled to disk) to find the ~100 rows that reference none
unknown_references as (
    select *
    from referencing_rows
    where not exists (
        select 1
        from accepted_customers
        where
            accepted_customers.source_system = referencing_rows.source_system
            and accepted_customers.source_customer_id = referencing_rows.source_customer_id
    )
),

final as (
    select
        unknown_references.source_table,
        unknown_references.source_key,
        unknown_references._batch_id,
        unknown_references._row_id,
        'unknown source_customer_id' as reason,
        case
            when rejected_keys.source_customer_id is null
                then
                    'no customer record ' || quote_literal(unknown_references.source_customer_id)
                    || ' in ' || unknown_references.source_system
            else
                'customer record ' || quote_literal(unknown_references.source_customer_id)
                || ' in ' || unknown_references.source_system
                || ' was rejected: ' || rejected_keys.rejection_reason
        end as details
    from unknown_references
    left join rejected_keys
        on
            unknown_references.source_system = rejected_keys.source_system
            and unknown_references.source_customer_id = rejected_keys.source_customer_id
)

select * from final
