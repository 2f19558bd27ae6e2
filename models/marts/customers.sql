-- indexes: what the dashboard and the audience export look up; the unique one also
-- enforces the grain at write time; built_at: this model's newest rows
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=["{{ prefer_index_lookups() }}", "{{ forget_identity_customers_to_build() }}"],
    indexes=[
        {'columns': ['customer_key'], 'unique': true},
        {'columns': ['built_at']},
    ],
) }}

-- One row per customer (a cluster of source records that are one person). The name
-- and birth date shown are the most recently updated ones; the passport only masked.
-- Incremental by customer (macros/identity_by_customer.sql): a row depends on the
-- customer's records alone, and on as_of only through their anonymisation, which
-- the identity inputs' fingerprint holds.
-- depends_on: {{ ref('int_identity_inputs__by_customer') }}

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
    {{ only_identity_customers_to_build() }}
),

final as (
    -- one pass over the records grouped by customer: each value an aggregate, not a
    -- ranked copy of every record joined back twice
    select
        customer_key,
        {{ first_by('full_name', 'updated_at desc, source_system asc, source_customer_id asc') }} as full_name,
        {{ first_by('birth_date', 'birth_date is null, updated_at desc, source_system asc, source_customer_id asc') }}
            as birth_date,
        count(*) as n_source_records,
        {{ mask_passport('min(passport)') }} as passport_masked,
        min(updated_at) as first_seen_at,
        max(updated_at) as last_updated_at,
        bool_and(anonymized_at is not null and anonymized_at <= {{ as_of() }}) as is_anonymized,
        {{ build_started_at() }} as built_at
    from records
    group by customer_key
)

select * from final
