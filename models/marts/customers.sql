-- indexes: what the dashboard and the audience export look up
{{ config(indexes=[{'columns': ['customer_key'], 'unique': true}]) }}

-- One row per customer (a cluster of source records that are one person). The name
-- and birth date shown are the most recently updated ones; the passport only masked.

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
),

customer_records as (
    select
        records.customer_key,
        records.full_name,
        records.birth_date,
        records.passport,
        records.updated_at,
        records.anonymized_at,
        row_number() over (
            partition by records.customer_key
            order by records.updated_at desc, records.source_system asc, records.source_customer_id asc
        ) as recency,
        row_number() over (
            partition by records.customer_key
            order by records.birth_date is null, records.updated_at desc, records.source_system asc
        ) as birth_recency
    from records
),

summary as (
    select
        customer_key,
        count(*) as n_source_records,
        min(updated_at) as first_seen_at,
        max(updated_at) as last_updated_at,
        min(passport) as passport,
        bool_and(anonymized_at is not null and anonymized_at <= {{ as_of() }}) as is_anonymized
    from customer_records
    group by customer_key
),

final as (
    select
        summary.customer_key,
        latest.full_name,
        with_birth.birth_date,
        summary.n_source_records,
        {{ mask_passport('summary.passport') }} as passport_masked,
        summary.first_seen_at,
        summary.last_updated_at,
        summary.is_anonymized
    from summary
    inner join customer_records as latest
        on summary.customer_key = latest.customer_key and latest.recency = 1
    inner join customer_records as with_birth
        on summary.customer_key = with_birth.customer_key and with_birth.birth_recency = 1
)

select * from final
