{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='customer_key',
    on_schema_change='fail',
    indexes=[similarity_index('term'), {'columns': ['customer_key']}],
    pre_hook="{{ forget_customers_without(ref('int_identity__customer_records')) }}"
) }}

-- What the DPO can find a customer by: every normalised name, phone, e-mail and
-- passport any of the customer's source records carries. Phones are kept as their
-- 11 digits, so "8 (916) 123-45-67" and "+7 916 1234567" search alike; typos are
-- tolerated by the trigram index. Incremental by customer
-- (macros/incremental_by_customer.sql): the trigram index of ~3.5 M terms at a
-- million customers is costly to rebuild, cheap to update for a day's customers.

with

fingerprinted_records as (
    select * from {{ ref('int_identity__customer_records') }}
),

changed_customers as (
    {{ keys_with_changed_inputs(['fingerprinted_records']) }}
),

records as (
    select * from {{ ref('int_identity__customer_records') }}
    {{ only_changed_customers('changed_customers') }}
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
        terms.customer_key,
        terms.term_kind,
        terms.term,
        changed_customers.inputs_fingerprint
    from terms
    inner join changed_customers on terms.customer_key = changed_customers.customer_key
)

select * from final
