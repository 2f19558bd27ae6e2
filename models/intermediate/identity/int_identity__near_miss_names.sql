-- semantics.md > Identity: two records with the same birth date whose normalised
-- names differ by one edit are never merged; the pair of customers goes to review.
-- Only names born the same day that share a first or last half meet (macro
-- join_name_halves); the edit distance decides.
-- Incremental by customer: a pair depends on its two customers' names and birth
-- dates only, so a build recomputes the pairs of the customers whose records changed
-- (int_identity_inputs__by_customer), meeting everyone born on their birth dates.
-- depends_on: {{ ref('int_identity_inputs__by_customer') }}

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
    where
        birth_date is not null
        {{ and_sharing_with_identity_customers_to_build('birth_date') }}
),

named as (
    select distinct
        customer_key,
        birth_date,
        full_name_normalised as full_name,
        length(full_name_normalised) as name_length
    from records
),

blocked as (
    select
        named.customer_key,
        named.birth_date,
        named.full_name,
        named.name_length,
        halves.block
    from named
    {{ join_name_halves('halves', 'named.full_name', 'named.name_length') }}
),

candidates as (
    select distinct
        left_side.customer_key as customer_key_a,
        right_side.customer_key as customer_key_b,
        left_side.full_name as full_name_a,
        right_side.full_name as full_name_b
    from blocked as left_side
    inner join blocked as right_side
        on
            left_side.birth_date = right_side.birth_date
            and left_side.block = right_side.block
            and left_side.customer_key < right_side.customer_key
    where
        left_side.full_name <> right_side.full_name
        {%- if is_incremental() %}
        -- the pairs of customers not changed are stored already
        and {{ any_identity_customer_to_build(['left_side.customer_key', 'right_side.customer_key']) }}
        {%- endif %}
        and abs(left_side.name_length - right_side.name_length) <= 1
),

final as (
    select distinct
        customer_key_a,
        customer_key_b,
        'name differs by one letter' as reason,
        {{ build_started_at() }} as built_at
    from candidates
    where {{ one_edit_apart('full_name_a', 'full_name_b') }}
)

select * from final
