{#- The {metric: {owner, response}} of the rules of a `thresholds` mapping that name an owner or a
    response (validated by normalize_responses). -#}
{% macro rule_responses(thresholds, monitor_name, path) %}
  {%- set out = {} -%}
  {%- if thresholds is not mapping -%}{{ return(out) }}{%- endif -%}
  {%- for metric, levels in thresholds.items() if levels is mapping -%}
    {%- set responses = model_monitor.normalize_responses(levels, monitor_name, path ~ '.' ~ metric) -%}
    {%- if responses['owner'] is not none or responses['response'] is not none -%}
      {%- do out.update({metric: responses}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(out) }}
{% endmacro %}
