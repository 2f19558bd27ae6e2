-- indexes: the trigram one for the dashboard's search; the grain, checked on write
-- (its data test then only checks NULL keys), also finds a customer's terms
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=["{{ prefer_index_lookups() }}", "{{ forget_identity_customers_to_build() }}"],
    indexes=[
        similarity_index('term'),
        {'columns': ['customer_key', 'term_kind', 'term'], 'unique': true},
        {'columns': ['built_at']},
    ],
) }}

-- What the DPO can find a customer by: every normalised name, phone, e-mail and
-- passport any of the customer's source records carries. Phones are kept as their
-- 11 digits, so "8 (916) 123-45-67" and "+7 916 1234567" search alike; typos are
-- tolerated by the trigram index. Incremental by customer (the customers whose
-- records changed: int_identity_inputs__by_customer): the trigram index of ~3.5 M
-- terms at a million customers is costly to rebuild, cheap to update for a day's
-- customers.
-- depends_on: {{ ref('int_identity_inputs__by_customer') }}

with

records as (
    select * from {{ ref('int_identity__customer_records') }}
    {{ only_identity_customers_to_build() }}
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
        term,
        {{ build_started_at() }} as built_at
    from terms
)

select * from final
