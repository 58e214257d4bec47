{#- Service level objectives per monitor x SLO x evaluation window: the share of ok windows over
    the trailing period against the objective, the error budget left, and multi-window burn rates
    with page / ticket alerting (Google SRE workbook). Rebuilt from the small per-window statuses
    on every run, so an incremental run trivially equals a full refresh. -#}
{%- set sources = [(ref('model_monitor__feature_drift'), 'drift_status'),
                   (ref('model_monitor__operational_metrics'), 'status')] -%}
{%- set blocks = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- for slo in monitor['slos'] -%}
    {%- set p = 's' ~ blocks | length ~ '_' -%}
    {%- do blocks.append((p, model_monitor.slo_ctes(p, monitor, slo, 'slo_window_statuses'))) -%}
  {%- endfor -%}
{%- endfor -%}
{#- the per-window statuses, computed once, lead the first block's CTEs -#}
{%- set assembled = [] -%}
{%- for p, ctes in blocks -%}
  {%- set lead = "slo_window_statuses as (" ~ model_monitor.slo_window_statuses_sql(sources) ~ "),\n" if loop.first else "" -%}
  {%- do assembled.append((p, lead ~ ctes)) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(assembled, model_monitor.empty_slos()) }}
