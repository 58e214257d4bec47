{#- One catalogue entry by name (none when the package has no such metric). -#}
{% macro metric_entry(name) %}
  {%- for m in model_monitor.metric_catalogue() if m['name'] == name -%}{{ return(m) }}{%- endfor -%}
  {{ return(none) }}
{% endmacro %}
