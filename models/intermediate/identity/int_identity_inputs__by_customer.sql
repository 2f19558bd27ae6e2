-- Per customer, a fingerprint of its accepted source records as identity placed them
-- (every column of int_identity__customer_records) and of the one judgement on them
-- that turns with as_of (a record anonymised by then), and the build that last saw it
-- change (`changed_at`): the identity models incremental by customer recompute only
-- the customers changed since their own newest rows (macros/build_stamps.sql). An
-- identity merge retires a key (a tombstone: one row without a fingerprint, written
-- once) and brings a new one.

with

customer_records as (
    select * from {{ ref('int_identity__customer_records') }}
),

records as (
    select
        *,
        anonymized_at <= {{ as_of() }} as is_anonymized
    from customer_records
),

changed_customers as (
    {{ keys_with_changed_inputs(['records'], present_in=ref('int_identity__customer_records')) }}
),

final as (
    select
        customer_key,
        inputs_fingerprint,
        {{ build_started_at() }} as changed_at
    from changed_customers
)

select * from final
