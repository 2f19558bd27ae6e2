{#- String comparisons for identity (semantics.md > Identity). -#}

{#- True when two normalised strings are at Levenshtein distance 0 or 1. -#}
{% macro within_one_edit(a, b) -%}
    ({{ a }} = {{ b }} or {{ one_edit_apart(a, b) }})
{%- endmacro %}

{#- Near-miss names are checked with an edit distance (fuzzystrmatch: a trusted
    extension, PostgreSQL 13+, so CREATE on the database suffices); run once before
    the models. -#}
{% macro create_identity_extension() -%}
    {{ return(adapter.dispatch('create_identity_extension', 'consentmart')()) }}
{%- endmacro %}

{% macro default__create_identity_extension() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_identity_extension() -%}
    create extension if not exists fuzzystrmatch
{%- endmacro %}

{#- Blocking keys of a name for finding names one edit apart without comparing every
    pair: its first and its last k characters, for k = floor(n/2) and floor((n-1)/2)
    (n = its length). Two names one edit apart, the shorter of length m, share the
    first or the last floor(m/2) characters: an edit after them leaves the first
    ones, an edit among them leaves the last ones. Renders a lateral join. -#}
{% macro join_name_halves(alias, column, length) -%}
    {{ return(adapter.dispatch('join_name_halves', 'consentmart')(alias, column, length)) }}
{%- endmacro %}

{% macro postgres__join_name_halves(alias, column, length) -%}
    cross join lateral (
        select distinct halves.block
        from (
            values
            ('<' || left({{ column }}, {{ length }} / 2)),
            ('>' || right({{ column }}, {{ length }} / 2)),
            ('<' || left({{ column }}, ({{ length }} - 1) / 2)),
            ('>' || right({{ column }}, ({{ length }} - 1) / 2))
        ) as halves (block)
    ) as {{ alias }}
{%- endmacro %}

{#- Whether two strings are exactly one edit (a letter replaced, added or dropped)
    apart: the edit distance (fuzzystrmatch), and past its 255-character limit the
    edit itself - a position whose letter, dropped from both (a replacement) or from
    the longer (an addition), leaves the same string. -#}
{% macro one_edit_apart(left_text, right_text) -%}
    {{ return(adapter.dispatch('one_edit_apart', 'consentmart')(left_text, right_text)) }}
{%- endmacro %}

{% macro postgres__one_edit_apart(left_text, right_text) -%}
    case
        when greatest(length({{ left_text }}), length({{ right_text }})) <= 255
            then levenshtein_less_equal({{ left_text }}, {{ right_text }}, 1) = 1
        else
            {{ left_text }} <> {{ right_text }}
            and abs(length({{ left_text }}) - length({{ right_text }})) <= 1
            and exists (
                select 1
                from generate_series(1, greatest(length({{ left_text }}), length({{ right_text }}))) as edit_position (i)
                where
                    (
                        length({{ left_text }}) = length({{ right_text }})
                        and overlay({{ left_text }} placing '' from edit_position.i for 1)
                        = overlay({{ right_text }} placing '' from edit_position.i for 1)
                    )
                    or (
                        length({{ left_text }}) = length({{ right_text }}) + 1
                        and overlay({{ left_text }} placing '' from edit_position.i for 1) = {{ right_text }}
                    )
                    or (
                        length({{ right_text }}) = length({{ left_text }}) + 1
                        and overlay({{ right_text }} placing '' from edit_position.i for 1) = {{ left_text }}
                    )
            )
    end
{%- endmacro %}

{#- Blocking keys of a 10-digit passport: its first and its last five digits. Two
    passports one digit apart share one of them (the other half holds the digit).
    Renders a lateral join. -#}
{% macro join_passport_halves(alias, column) -%}
    {{ return(adapter.dispatch('join_passport_halves', 'consentmart')(alias, column)) }}
{%- endmacro %}

{% macro postgres__join_passport_halves(alias, column) -%}
    cross join lateral (
        values ('<' || left({{ column }}, 5)), ('>' || right({{ column }}, 5))
    ) as {{ alias }} (block)
{%- endmacro %}

{#- A stable, non-reversible key from a text that identifies an entity: the same
    input gives the same key in every build and on every engine with md5. The salt
    (var `customer_key_salt`) keeps passport-derived keys from being brute-forced. -#}
{% macro stable_key(prefix, expression) -%}
    '{{ prefix }}' || substr(md5('{{ var("customer_key_salt") }}' || {{ expression }}), 1, 20)
{%- endmacro %}

{#- A passport as a clerk may show it: series and number with the middle hidden
    ("45** ***456"), enough to tell namesakes apart on the phone. -#}
{% macro mask_passport(column) -%}
    case
        when {{ column }} is not null
            then substr({{ column }}, 1, 2) || '** ***' || substr({{ column }}, 8, 3)
    end
{%- endmacro %}

{#- A text array of the given expressions (candidate keys in the review queue). -#}
{% macro text_array(expressions) -%}
    {{ return(adapter.dispatch('text_array', 'consentmart')(expressions)) }}
{%- endmacro %}

{% macro postgres__text_array(expressions) -%}
    cast(array[{{ expressions | join(', ') }}] as text [])
{%- endmacro %}

{#- An aggregate: `column` of the group's first row in `order_by` order. -#}
{% macro first_by(column, order_by) -%}
    {{ return(adapter.dispatch('first_by', 'consentmart')(column, order_by)) }}
{%- endmacro %}

{% macro postgres__first_by(column, order_by) -%}
    (array_agg({{ column }} order by {{ order_by }}))[1]
{%- endmacro %}
