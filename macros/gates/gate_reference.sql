{#- The reference rows of a data-contract test: relation `reference` (written ref('...') or
    source('...', '...') in YAML), narrowed by the SQL condition `reference_where`. -#}
{% macro gate_reference(test_name, reference, reference_where=none) %}
  {%- if reference is none -%}
    {{ model_monitor.gate_error(test_name, 'reference', "required argument is missing (expected ref('...') or source('...', '...'))") }}
  {%- endif -%}
  {%- if execute and reference.identifier is not defined -%}
    {{ model_monitor.gate_error(test_name, 'reference', "expected a relation written ref('...') or source('...', '...'), got " ~ reference | string) }}
  {%- endif -%}
  {%- if reference_where is not none and reference_where is not string -%}
    {{ model_monitor.gate_error(test_name, 'reference_where', "expected a SQL condition (a string), got " ~ reference_where | string) }}
  {%- endif -%}
  {%- if reference_where is none -%}
    {{ return(reference | string) }}
  {%- endif -%}
  {{ return("(select * from " ~ reference ~ " where " ~ reference_where ~ ")") }}
{% endmacro %}
