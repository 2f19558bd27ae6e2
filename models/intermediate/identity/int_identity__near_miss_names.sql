-- semantics.md > Identity: two records with the same birth date whose normalised
-- names differ by one edit are never merged; the pair of customers goes to review.
-- Names within one edit share a single-deletion variant, so only those meet.

with

records as (
    select * from {{ ref('stg_crm__customers') }}
    where dq_reason is null and birth_date is not null
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

named as (
    select distinct
        clusters.customer_key,
        records.birth_date,
        records.full_name_normalised as full_name,
        length(records.full_name_normalised) as name_length
    from records
    inner join clusters
        on
            records.source_system = clusters.source_system
            and records.source_customer_id = clusters.source_customer_id
),

variants as (
    select
        named.customer_key,
        named.birth_date,
        named.full_name,
        named.name_length,
        deletion.deleted_at,
        deletion.variant
    from named
    {{ join_deletion_variants('deletion', 'named.full_name') }}
),

pairs as (
    select distinct
        left_side.customer_key as customer_key_a,
        right_side.customer_key as customer_key_b
    from variants as left_side
    inner join variants as right_side
        on
            left_side.birth_date = right_side.birth_date
            and left_side.variant = right_side.variant
            and left_side.customer_key < right_side.customer_key
    where
        left_side.full_name <> right_side.full_name
        and (
            -- one substitution at the same position
            (
                left_side.deleted_at = right_side.deleted_at
                and left_side.deleted_at > 0
                and left_side.name_length = right_side.name_length
            )
            -- one letter more on either side
            or (
                left_side.deleted_at > 0 and right_side.deleted_at = 0
                and left_side.name_length = right_side.name_length + 1
            )
            or (
                right_side.deleted_at > 0 and left_side.deleted_at = 0
                and right_side.name_length = left_side.name_length + 1
            )
        )
),

final as (
    select
        customer_key_a,
        customer_key_b,
        'name differs by one letter' as reason
    from pairs
)

select * from final
