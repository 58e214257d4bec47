{#- One row per breached threshold: the metrics rows whose status is warn or alert, with the
    threshold breached (the alert threshold for severity alert, else the warn threshold) and who
    answers it (owner, response from the configuration; see alert_response_sql). A table rebuilt
    from model_monitor__metrics on every run: it is small (breaches only), it always equals a full
    refresh (an alert that clears with late data disappears), and an owner or runbook changed in
    the configuration applies to every row at once. -#}
{{ config(materialized='table') }}

{%- set monitors = model_monitor.get_monitors() %}
select monitor_name, window_start, window_end, subject, metric_name, metric_value,
       case when status = 'alert' then alert_threshold else warn_threshold end as threshold,
       status as severity, metric_group, model_version, segment_name, segment_value,
       {{ model_monitor.alert_response_sql(monitors, 'owner') }} as owner,
       {{ model_monitor.alert_response_sql(monitors, 'response') }} as response
from {{ ref('model_monitor__metrics') }}
where status in ('warn', 'alert')
