{#- Drift and data quality per monitor x feature x window, computed from the stored histograms
    (never from the raw predictions). -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['monitor_name', 'window_start'],
    on_schema_change='append_new_columns'
) }}

{%- set ctes = [] -%}
{%- set parts = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
  {%- do ctes.append(model_monitor.feature_drift_ctes(p, monitor, ref('model_monitor__feature_histograms'))) -%}
  {%- do parts.append('select * from ' ~ p ~ 'result') -%}
{%- endfor -%}

{%- if parts -%}
with
{{ ctes | join(',\n') }}
{{ parts | join('\nunion all\n') }}
{%- else -%}
{{ model_monitor.empty_feature_drift() }}
{%- endif %}
