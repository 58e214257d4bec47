{#- One row per breached threshold: the metrics rows whose status is warn or alert, with the
    threshold breached (the alert threshold for severity alert, else the warn threshold).
    Incremental like model_monitor__metrics; the recomputed windows are deleted first, so an
    alert that clears (late data) disappears and the table always equals a full refresh. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    pre_hook="{{ model_monitor.delete_recomputed_windows() }}",
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set monitors = model_monitor.get_monitors() -%}
{%- if monitors %}
select monitor_name, window_start, window_end, subject, metric_name, metric_value,
       case when status = 'alert' then alert_threshold else warn_threshold end as threshold,
       status as severity, metric_group, model_version, segment_name, segment_value
from {{ ref('model_monitor__metrics') }}
where status in ('warn', 'alert')
  and (
  {%- for monitor in monitors %}
    {%- set start = model_monitor.metrics_incremental_start(monitor) %}
    {{ 'or ' if not loop.first }}(monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
    {%- if start is not none %} and window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %})
  {%- endfor %}
  )
{%- else %}
{{ model_monitor.empty_alerts() }}
{%- endif %}
