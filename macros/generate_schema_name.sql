{#- Models land in fixed schemas (staging, intermediate, marts, reference)
    whatever the target's default schema is: outputs.md makes `marts` public. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
