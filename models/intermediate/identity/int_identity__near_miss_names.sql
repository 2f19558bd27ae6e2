-- semantics.md > Identity: two records with the same birth date whose normalised
-- names differ by one edit are never merged; the pair of customers goes to review.
-- Names within one edit share a single-deletion variant, so only those meet.

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
    where birth_date is not null
),

named as (
    select distinct
        customer_key,
        birth_date,
        full_name_normalised as full_name,
        length(full_name_normalised) as name_length
    from records
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
