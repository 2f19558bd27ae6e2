-- semantics.md > Personal-data retention: per customer, what still holds the data
-- (a contract in force, an active consent, a legal retention period running after
-- the last contract of a product ended) and when the last basis ended - the start
-- of the destruction clock (for a customer who never had one: the earliest record).

with

customer_records as (
    select * from {{ ref('int_identity__customer_records') }}
),

contracts as (
    select * from {{ ref('int_contracts__of_known_customers') }}
),

products as (
    select * from {{ ref('stg_crm__products') }}
    where dq_reason is null
),

consent_bases as (
    select * from {{ ref('int_pd_retention__consent_bases') }}
),

customer_contracts as (
    select
        customer_records.customer_key,
        contracts.contract_id,
        contracts.product_code,
        contracts.ended_at,
        coalesce(products.pd_retention_years, 0) as retention_years,
        {{ moscow_midnight('contracts.ended_at') }} as ended_moment,
        {{ moscow_midnight(add_years('contracts.ended_at', 'coalesce(products.pd_retention_years, 0)')) }}
            as retention_ends_at
    from contracts
    inner join customer_records
        on
            contracts.source_system = customer_records.source_system
            and contracts.source_customer_id = customer_records.source_customer_id
    left join products on contracts.product_code = products.product_code
),

contract_bases as (
    select
        customer_key,
        bool_or(ended_at is null or ended_moment > {{ as_of() }}) as has_contract_in_force,
        max(case when ended_at is not null then retention_ends_at end) as last_contract_basis_end,
        max(case when retention_years > 0 and retention_ends_at > {{ as_of() }} then retention_ends_at end)
            as retention_until,
        -- the product whose retention runs until retention_until, the one the answer
        -- to the customer names (ties: the larger code); "<moment><code>" sorts so
        max(
            case
                when retention_years > 0 and retention_ends_at > {{ as_of() }}
                    then {{ sortable_moment('retention_ends_at') }} || product_code
            end
        ) as retention_order
    from customer_contracts
    group by customer_key
),

records as (
    select
        customer_key,
        min(updated_at) as first_seen_at,
        bool_and(anonymized_at is not null and anonymized_at <= {{ as_of() }}) as is_destroyed
    from customer_records
    group by customer_key
),

final as (
    select
        records.customer_key,
        records.is_destroyed,
        contract_bases.retention_until,
        substr(contract_bases.retention_order, 21) as retention_product,
        coalesce(contract_bases.has_contract_in_force, false) as has_contract_in_force,
        coalesce(consent_bases.has_active_consent, false) as has_active_consent,
        coalesce(
            greatest(contract_bases.last_contract_basis_end, consent_bases.last_consent_end),
            records.first_seen_at
        ) as last_basis_ended_at,
        contract_bases.last_contract_basis_end is null
        and consent_bases.last_consent_end is null as never_had_basis
    from records
    left join contract_bases on records.customer_key = contract_bases.customer_key
    left join consent_bases on records.customer_key = consent_bases.customer_key
)

select * from final
