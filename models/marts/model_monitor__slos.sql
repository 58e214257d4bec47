{#- Service level objectives per monitor x SLO x evaluation window: the share of ok windows of
    model_monitor__metrics over the trailing period against the objective, the error budget left,
    and multi-window burn rates with page / ticket alerting (Google SRE workbook). Rebuilt from the
    small metrics mart on every run, so an incremental run trivially equals a full refresh. -#}
{%- set metrics = ref('model_monitor__metrics') -%}
{%- set blocks = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- for slo in monitor['slos'] -%}
    {%- set p = 's' ~ blocks | length ~ '_' -%}
    {%- do blocks.append((p, model_monitor.slo_ctes(p, monitor, slo, metrics))) -%}
  {%- endfor -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
