{#- Feature histograms per monitor x feature x period (reference or window) x bin: the one scan
    of each predictions table, reduced to bin counts that every drift statistic is computed from. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['monitor_name', 'window_start', 'window_end', 'is_reference'],
    on_schema_change='append_new_columns'
) }}

{%- set ctes = [] -%}
{%- set parts = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
  {%- do ctes.append(model_monitor.feature_histograms_ctes(p, monitor, ref('model_monitor__reference_bins'))) -%}
  {%- do parts.append('select * from ' ~ p ~ 'result') -%}
{%- endfor -%}

{%- if parts -%}
with
{{ ctes | join(',\n') }}
{{ parts | join('\nunion all\n') }}
{%- else -%}
{{ model_monitor.empty_feature_histograms() }}
{%- endif %}
