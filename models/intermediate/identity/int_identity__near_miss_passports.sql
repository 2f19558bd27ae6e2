-- semantics.md > Identity: two records with the same normalised name whose
-- passports differ by one digit are never merged; the pair goes to review.
-- Passports one digit apart share their first or their last five digits, and
-- for two strings of one length one edit can only be a replaced character.
-- Incremental by customer, like int_identity__near_miss_names: the pairs of the
-- customers whose records changed, meeting everyone with one of their names.
-- depends_on: {{ ref('int_identity_inputs__by_customer') }}

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
    where
        passport is not null
        {{ and_sharing_with_identity_customers_to_build('full_name_normalised') }}
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
        'passport differs by one digit' as reason,
        {{ build_started_at() }} as built_at
    from blocked as left_side
    inner join blocked as right_side
        on
            left_side.full_name = right_side.full_name
            and left_side.block = right_side.block
            and left_side.customer_key < right_side.customer_key
    where
        length(left_side.passport) = length(right_side.passport)
        {%- if is_incremental() %}
        -- the pairs of customers not changed are stored already
        and {{ any_identity_customer_to_build(['left_side.customer_key', 'right_side.customer_key']) }}
        {%- endif %}
        and {{ one_edit_apart('left_side.passport', 'right_side.passport') }}
)

select * from final
