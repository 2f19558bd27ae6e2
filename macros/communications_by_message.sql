{#- The verdicts and communication_lineage are incremental by message: a build
    deletes, then computes again, the rows of the messages whose inputs changed since
    the model's newest rows (int_communication_inputs__by_message: the message, the
    customers it reaches and their consent). A model using these needs, in its SQL,
    `-- depends_on: {{ ref('int_communication_inputs__by_message') }}`. -#}

{#- A filter on `column` (a communication id): every row in a full build, those of
    the messages to recompute incrementally. -#}
{% macro only_messages_to_build(column='communication_id') -%}
    {{ only_keys_to_build(ref('int_communication_inputs__by_message'), 'communication_id', column) }}
{%- endmacro %}

{#- The messages to recompute, as a query (incremental builds only). -#}
{% macro messages_to_build() -%}
    {{ keys_to_build(ref('int_communication_inputs__by_message'), 'communication_id') }}
{%- endmacro %}

{#- Pre-hook: forget the stored rows of the messages to recompute. -#}
{% macro forget_messages_to_build() -%}
    {{ forget_keys_to_build(ref('int_communication_inputs__by_message'), 'communication_id') }}
{%- endmacro %}
