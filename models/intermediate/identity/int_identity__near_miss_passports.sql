-- semantics.md > Identity: two records with the same normalised name whose
-- passports differ by one digit are never merged; the pair goes to review.
-- Passports one digit apart share a mask with that digit hidden.

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
    where passport is not null
),

passports as (
    select distinct
        customer_key,
        full_name_normalised as full_name,
        passport
    from records
),

masked as (
    select
        passports.customer_key,
        passports.full_name,
        passports.passport,
        masks.mask
    from passports
    {{ join_passport_masks('masks', 'passports.passport') }}
),

final as (
    select distinct
        left_side.customer_key as customer_key_a,
        right_side.customer_key as customer_key_b,
        'passport differs by one digit' as reason
    from masked as left_side
    inner join masked as right_side
        on
            left_side.full_name = right_side.full_name
            and left_side.mask = right_side.mask
            and left_side.customer_key < right_side.customer_key
    where left_side.passport <> right_side.passport
)

select * from final
