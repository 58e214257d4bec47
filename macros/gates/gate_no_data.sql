{#- What a gate does when its window has no data: 'fail' (default), 'warn' or 'pass'.
    Gates return one row per failing unit with gate_status 'fail' or 'no_data'. With 'warn' the
    test's default error_if only counts 'fail' rows, so no_data alone gives dbt's WARN status
    (a user's own error_if/warn_if still override it); with 'pass' no_data rows are dropped. -#}
{% macro gate_no_data(test_name, no_data) %}
  {%- if no_data not in ['fail', 'warn', 'pass'] -%}
    {{ model_monitor.gate_error(test_name, 'no_data', "expected fail, warn or pass, got " ~ no_data | string) }}
  {%- endif -%}
  {%- if no_data == 'warn' -%}
    {{ config(error_if="!= 0 and sum(case when gate_status = 'fail' then 1 else 0 end) > 0") }}
  {%- endif -%}
{% endmacro %}

{#- The final filter of a gate's rows: breaches always, no_data rows unless no_data is 'pass'. -#}
{% macro gate_outcome_filter(no_data) -%}
  gate_status = 'fail'{% if no_data != 'pass' %} or gate_status = 'no_data'{% endif %}
{%- endmacro %}
