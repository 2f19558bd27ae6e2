-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['customer_key'], 'unique': true}]) }}

-- One row per customer (a cluster of source records that are one person). The name
-- and birth date shown are the most recently updated ones; the passport only masked.

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
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
        bool_and(anonymized_at is not null and anonymized_at <= {{ as_of() }}) as is_anonymized
    from records
    group by customer_key
)

select * from final
