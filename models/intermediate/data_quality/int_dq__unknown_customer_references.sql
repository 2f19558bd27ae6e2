-- Contract rule: a row whose source_customer_id its source system's customer
-- records do not have (or whose customer record was itself rejected) is kept
-- out of the marts and reported.

with

customers as (
    select * from {{ ref('stg_crm__customers') }}
),

-- one row per customer key: several versions of a record can be rejected
customer_keys as (
    select
        source_system,
        source_customer_id,
        bool_or(dq_reason is null) as is_accepted,
        min(dq_reason) as rejection_reason
    from customers
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

final as (
    select
        referencing_rows.source_table,
        referencing_rows.source_key,
        referencing_rows._batch_id,
        referencing_rows._row_id,
        'unknown source_customer_id' as reason,
        case
            when customer_keys.source_customer_id is null
                then
                    'no customer record ' || quote_literal(referencing_rows.source_customer_id)
                    || ' in ' || referencing_rows.source_system
            else
                'customer record ' || quote_literal(referencing_rows.source_customer_id)
                || ' in ' || referencing_rows.source_system
                || ' was rejected: ' || customer_keys.rejection_reason
        end as details
    from referencing_rows
    left join customer_keys
        on
            referencing_rows.source_system = customer_keys.source_system
            and referencing_rows.source_customer_id = customer_keys.source_customer_id
    where customer_keys.is_accepted is distinct from true
)

select * from final
