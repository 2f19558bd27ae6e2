{#- The consent models after int_consent_inputs__by_customer - facts, evidence,
    intervals, status segments and the consent_intervals and consent_status marts -
    are incremental by customer: a build deletes, then computes again, the rows of
    the customers whose consent inputs changed since the model's newest rows
    (macros/build_stamps.sql). Each model's rows of a customer depend only on that
    customer's inputs; tests/python/test_incremental.py checks the result equals a
    full build's. A model using these needs, in its SQL,
    `-- depends_on: {{ ref('int_consent_inputs__by_customer') }}`. -#}

{#- The customers to (re)compute: incrementally, those changed since this model's
    newest rows (a gone customer too: its rows are deleted, none computed). -#}
{% macro consent_customers_to_build() -%}
    select inputs.customer_key
    from {{ ref('int_consent_inputs__by_customer') }} as inputs
    where {{ changed_since_built('inputs.changed_at') }}
{%- endmacro %}

{#- A filter on `column` (a customer key): every row in a full build, those of the
    customers to recompute incrementally. -#}
{% macro only_consent_customers_to_build(column='customer_key') -%}
    {%- if is_incremental() %}
    where {{ column }} in ({{ consent_customers_to_build() }})
    {%- endif %}
{%- endmacro %}

{#- Pre-hook: forget the stored rows of the customers to recompute. -#}
{% macro forget_consent_customers_to_build() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where customer_key in ({{ consent_customers_to_build() }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
