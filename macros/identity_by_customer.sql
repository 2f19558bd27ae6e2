{#- Identity models incremental by customer (near-miss pairs, search terms): a build deletes,
    then computes again, the rows of the customers whose source records changed since
    the model's newest rows (int_identity_inputs__by_customer; macros/build_stamps.sql).
    A model using these needs, in its SQL,
    `-- depends_on: {{ ref('int_identity_inputs__by_customer') }}`. -#}

{#- Whether any of `columns` (customer keys) is a customer to recompute
    (incremental builds only): a pair is recomputed when either side is. -#}
{% macro any_identity_customer_to_build(columns) -%}
    {{ any_key_to_build(ref('int_identity_inputs__by_customer'), 'customer_key', columns) }}
{%- endmacro %}

{#- Whether `column` (a customer key) is not a customer to recompute (incremental
    builds only): an anti-join the planner probes by index, where `not (... in
    (subquery))` is a filter that keeps it from looking rows up by anything else. -#}
{% macro not_an_identity_customer_to_build(column) -%}
    not exists (
        select 1 from {{ ref('int_identity_inputs__by_customer') }} as changed_inputs
        where
            changed_inputs.customer_key = {{ column }}
            and {{ changed_since_built('changed_inputs.changed_at') }}
    )
{%- endmacro %}

{#- A filter on `column` (a customer key): every row in a full build, those of the
    customers to recompute incrementally. -#}
{% macro only_identity_customers_to_build(column='customer_key') -%}
    {{ only_keys_to_build(ref('int_identity_inputs__by_customer'), 'customer_key', column) }}
{%- endmacro %}

{#- Incrementally, `and` the records that share `column` (what pairs are blocked on:
    a birth date, a name) with a record of a customer to recompute - everyone such a
    customer can pair with. Renders nothing in a full build. -#}
{% macro and_sharing_with_identity_customers_to_build(column) -%}
    {%- if is_incremental() %}
    and {{ column }} in (
        select changed_records.{{ column }}
        from {{ ref('int_identity__customer_records') }} as changed_records
        {{ only_identity_customers_to_build('changed_records.customer_key') }}
    )
    {%- endif %}
{%- endmacro %}

{#- Pre-hook: forget the stored pairs either of whose customers is to recompute. -#}
{% macro forget_identity_pairs_to_build() -%}
    {{ forget_keys_to_build(
        ref('int_identity_inputs__by_customer'), 'customer_key', ['customer_key_a', 'customer_key_b'],
    ) }}
{%- endmacro %}

{#- Pre-hook: forget the stored rows of the customers to recompute. -#}
{% macro forget_identity_customers_to_build() -%}
    {{ forget_keys_to_build(ref('int_identity_inputs__by_customer'), 'customer_key') }}
{%- endmacro %}

{#- Post-hook of int_identity__contact_points (delete+insert by point): forget the
    rows of changed customers on points nobody carries any more - no new row replaces
    them. Every point such a customer carried was recomputed, so its rows this build
    did not write are exactly those. -#}
{% macro forget_identity_rows_not_rebuilt() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where built_at < {{ build_started_at() }} and {{ any_identity_customer_to_build(['customer_key']) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
