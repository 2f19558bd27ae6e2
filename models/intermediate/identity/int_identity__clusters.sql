-- semantics.md > Identity: two source records are the same person when they share a
-- normalised passport, or share normalised full name and birth date and do not
-- carry two different passports. Nothing else merges. A record without a passport
-- whose name and birth date fit people with different passports is ambiguous: it
-- stays a customer of its own and goes to the review queue.
-- The cluster is named by what holds it together (its passport, or its name and
-- birth date), so adding unrelated records later never changes an existing key.

with

records as (
    select * from {{ ref('stg_crm__customers') }}
    where dq_reason is null
),

name_birth_groups as (
    select
        full_name_normalised,
        birth_date,
        count(distinct passport) as n_passports,
        min(passport) as only_passport
    from records
    where birth_date is not null
    group by full_name_normalised, birth_date
),

anchored as (
    select
        records.source_system,
        records.source_customer_id,
        records.passport,
        records.full_name_normalised,
        records.birth_date,
        coalesce(name_birth_groups.n_passports, 0) >= 2 and records.passport is null as is_ambiguous,
        case
            when records.passport is not null
                then 'passport:' || records.passport
            when name_birth_groups.n_passports = 1
                then 'passport:' || name_birth_groups.only_passport
            when name_birth_groups.n_passports = 0
                then 'person:' || records.full_name_normalised || '|' || cast(records.birth_date as text)
            else 'record:' || records.source_system || '/' || records.source_customer_id
        end as cluster_anchor
    from records
    left join name_birth_groups
        on
            records.full_name_normalised = name_birth_groups.full_name_normalised
            and records.birth_date = name_birth_groups.birth_date
),

final as (
    select
        source_system,
        source_customer_id,
        cluster_anchor,
        is_ambiguous,
        {{ stable_key('CK-', 'cluster_anchor') }} as customer_key
    from anchored
)

select * from final
