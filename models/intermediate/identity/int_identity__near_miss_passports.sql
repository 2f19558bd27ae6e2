-- semantics.md > Identity: two records with the same normalised name whose
-- passports differ by one digit are never merged; the pair goes to review.
-- Passports one digit apart share their first or their last five digits, and
-- for two strings of one length one edit can only be a replaced character.

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

blocked as (
    select
        passports.customer_key,
        passports.full_name,
        passports.passport,
        halves.block
    from passports
    {{ join_passport_halves('halves', 'passports.passport') }}
),

final as (
    select distinct
        left_side.customer_key as customer_key_a,
        right_side.customer_key as customer_key_b,
        'passport differs by one digit' as reason
    from blocked as left_side
    inner join blocked as right_side
        on
            left_side.full_name = right_side.full_name
            and left_side.block = right_side.block
            and left_side.customer_key < right_side.customer_key
    where
        length(left_side.passport) = length(right_side.passport)
        and {{ one_edit_apart('left_side.passport', 'right_side.passport') }}
)

select * from final
