{{ config(indexes=[similarity_index('term'), {'columns': ['customer_key']}]) }}

-- What the DPO can find a customer by: every normalised name, phone, e-mail and
-- passport any of the customer's source records carries. Phones are kept as their
-- 11 digits, so "8 (916) 123-45-67" and "+7 916 1234567" search alike; typos are
-- tolerated by the trigram index.

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
),

terms as (
    select
        records.customer_key,
        record_terms.term_kind,
        record_terms.term
    from records
    cross join
        lateral (
            values
            ('name', records.full_name_normalised),
            ('phone', replace(records.phone, '+', '')),
            ('email', records.email),
            ('passport', records.passport)
        ) as record_terms (term_kind, term)
    where record_terms.term is not null
),

final as (
    select distinct
        customer_key,
        term_kind,
        term
    from terms
)

select * from final
