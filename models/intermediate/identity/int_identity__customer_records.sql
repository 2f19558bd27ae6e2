-- Every accepted source record with the customer it belongs to: the one place
-- records and identity clusters are joined, for everything downstream.

with

records as (
    select * from {{ ref('stg_crm__customers') }}
    where dq_reason is null
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

final as (
    select
        clusters.customer_key,
        clusters.is_ambiguous,
        records.source_system,
        records.source_customer_id,
        records.full_name,
        records.full_name_normalised,
        records.birth_date,
        records.passport,
        records.phone,
        records.email,
        records.address,
        records.updated_at,
        records.anonymized_at
    from records
    inner join clusters
        on
            records.source_system = clusters.source_system
            and records.source_customer_id = clusters.source_customer_id
)

select * from final
