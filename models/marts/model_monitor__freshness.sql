{#- Freshness per monitor and run: how long ago the newest prediction and outcome arrived, at
    measured_at (the model_monitor_as_of var, else the run's start). A run log: it keeps its
    history across --full-refresh (full_refresh=false); a rerun at the same measured_at replaces
    its rows. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    full_refresh=false,
    **model_monitor.incremental_config(['monitor_name', 'measured_at'])
) }}

{%- set parts = [] -%}
{%- for monitor in model_monitor.get_monitors(resolve_relations=true) -%}
  {%- do parts.append(model_monitor.freshness_sql(monitor)) -%}
{%- endfor -%}
{%- if parts %}
select monitor_name, measured_at, last_prediction_at, last_outcome_at, prediction_lag_seconds,
       outcome_lag_seconds,
       {{ model_monitor.freshness_status_sql() }} as freshness_status,
       {{ model_monitor.freshness_reason_sql() }} as freshness_reason,
       prediction_lag_warn_seconds, prediction_lag_alert_seconds,
       outcome_lag_warn_seconds, outcome_lag_alert_seconds
from (
{{ parts | join('\nunion all\n') }}
) as freshness
{%- else %}
{{ model_monitor.yaml_empty_relation() }}
{%- endif %}
