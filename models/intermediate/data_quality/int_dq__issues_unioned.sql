-- Every contract breach in one place: rows each staging model rejected, values
-- it ignored while keeping the row, and references to unknown customers.
{%- set rejecting = [
    ('customers', 'stg_crm__customers'),
    ('contracts', 'stg_crm__contracts'),
    ('products', 'stg_crm__products'),
    ('consent_events', 'stg_consents__events'),
    ('consent_documents', 'stg_consents__documents'),
    ('revocation_requests', 'stg_requests__revocation_requests'),
    ('regulator_requests', 'stg_requests__regulator_requests'),
    ('downstream_systems', 'stg_downstream__systems'),
    ('downstream_contact_lists', 'stg_downstream__contact_lists'),
    ('communications', 'stg_downstream__communications'),
] %}
{%- set ignoring = [
    ('customers', 'stg_crm__customers'),
    ('revocation_requests', 'stg_requests__revocation_requests'),
    ('regulator_requests', 'stg_requests__regulator_requests'),
] %}

with

{% for table, model in rejecting %}
rejected_{{ table }} as (
    select
        '{{ table }}' as source_table,
        source_key,
        dq_reason as reason,
        dq_details as details,
        'rejected' as disposition,
        _batch_id,
        _row_id
    from {{ ref(model) }}
    where dq_reason is not null
),

{% endfor %}
{%- for table, model in ignoring %}
ignored_{{ table }} as (
    select
        '{{ table }}' as source_table,
        source_key,
        split_part(ignored_values, ':', 1) as reason,
        ignored_values as details,
        'value_ignored' as disposition,
        _batch_id,
        _row_id
    from {{ ref(model) }}
    where dq_reason is null and ignored_values is not null
),

{% endfor %}
unknown_customers as (
    select
        source_table,
        source_key,
        reason,
        details,
        'rejected' as disposition,
        _batch_id,
        _row_id
    from {{ ref('int_dq__unknown_customer_references') }}
),

final as (
    {%- for table, model in rejecting %}
    select * from rejected_{{ table }}
    union all
    {%- endfor %}
    {%- for table, model in ignoring %}
    select * from ignored_{{ table }}
    union all
    {%- endfor %}
    select * from unknown_customers
)

select * from final
