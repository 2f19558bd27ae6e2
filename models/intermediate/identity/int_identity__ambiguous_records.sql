-- semantics.md > Identity: a record without a passport whose name and birth date fit
-- customers carrying different passports is not merged with any of them; it goes
-- to review with those customers as candidates.

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
),

ambiguous as (
    select * from records
    where is_ambiguous
),

holders as (
    select distinct
        customer_key,
        full_name_normalised,
        birth_date
    from records
    where passport is not null
),

final as (
    select
        ambiguous.customer_key,
        ambiguous.source_system,
        ambiguous.source_customer_id,
        array_agg(holders.customer_key order by holders.customer_key) as candidate_customer_keys
    from ambiguous
    inner join holders
        on
            ambiguous.full_name_normalised = holders.full_name_normalised
            and ambiguous.birth_date = holders.birth_date
    group by ambiguous.customer_key, ambiguous.source_system, ambiguous.source_customer_id
)

select * from final
