{#- The default thresholds ({metric: {warn, alert}}): the catalogue's entries that have any. -#}
{% macro default_thresholds() %}
  {%- set thresholds = {} -%}
  {%- for m in model_monitor.metric_catalogue() if m.get('warn') is not none or m.get('alert') is not none -%}
    {%- set levels = {} -%}
    {%- for level in ['warn', 'alert'] if m.get(level) is not none -%}{%- do levels.update({level: m[level]}) -%}{%- endfor -%}
    {%- do thresholds.update({m['name']: levels}) -%}
  {%- endfor -%}
  {{ return(thresholds) }}
{% endmacro %}
