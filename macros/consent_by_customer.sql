{#- The consent models after int_consent_inputs__by_customer - facts, evidence,
    intervals, status segments and the consent_intervals and consent_status marts -
    are incremental by customer: a build deletes, then computes again, the rows of
    the customers whose consent inputs changed since the model's newest rows
    (macros/build_stamps.sql). Each model's rows of a customer depend only on that
    customer's inputs; tests/python/test_incremental.py checks the result equals a
    full build's. A model using these needs, in its SQL,
    `-- depends_on: {{ ref('int_consent_inputs__by_customer') }}`. -#}

{#- A filter on `column` (a customer key): every row in a full build, those of the
    customers to recompute incrementally. -#}
{% macro only_consent_customers_to_build(column='customer_key') -%}
    {{ only_keys_to_build(ref('int_consent_inputs__by_customer'), 'customer_key', column) }}
{%- endmacro %}

{#- Pre-hook: forget the stored rows of the customers to recompute. -#}
{% macro forget_consent_customers_to_build() -%}
    {{ forget_keys_to_build(ref('int_consent_inputs__by_customer'), 'customer_key') }}
{%- endmacro %}
