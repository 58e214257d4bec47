{#- Each monitor's windows reduced once per run (new windows and the lookback only), for all
    features at once: bounded profiles (cells, see profile_values) for profile monitors, the
    distinct values with counts for exact ones; categorical features capped in the profile mode
    (the reference's most frequent categories and the most frequent new ones by name, the rest in
    two rows). Histograms, KS and Wasserstein are all computed
    from this reduction. -#}
-- depends_on: {{ ref('model_monitor__reference_edges') }}
-- depends_on: {{ ref('model_monitor__reference_values') }}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook="{{ model_monitor.analyze_relation(this) }}",
    **model_monitor.incremental_config(['monitor_name', 'window_start'])
) }}

{%- set parts = [] -%}
{%- set monitors = model_monitor.get_monitors(resolve_relations=true) -%}
{{ model_monitor.check_monitor_state_unchanged(monitors) }}
{%- for monitor in monitors -%}
  {{ model_monitor.check_distribution_statistics_unchanged(monitor) }}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {#- rows without a timestamp belong to no window: counted in model_monitor__prediction_quality -#}
  {%- set scan_filter = ts ~ " is not null and " ~ model_monitor.as_of_filter(ts) -%}
  {%- if start is not none -%}
    {%- set scan_filter = ts ~ " >= " ~ model_monitor.timestamp_literal(start) ~ " and " ~ scan_filter -%}
  {%- endif -%}
  {%- set part -%}
    select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
           feature_name, feature_type, window_start, num_value, cat_value,
           cast(value_count as {{ dbt.type_bigint() }}) as value_count,
           {{ model_monitor.profile_columns(monitor) }}
    from (
      {{ model_monitor.monitor_values_sql(monitor, monitor['relation'], columns['names'], ts, scan_filter, true,
                                          ref('model_monitor__reference_edges'), ref('model_monitor__reference_values')) }}
    ) as scanned
  {%- endset -%}
  {%- do parts.append(part) -%}
{%- endfor -%}

{%- if parts -%}
{{ parts | join('\nunion all\n') }}
{%- else -%}
{{ model_monitor.yaml_empty_relation() }}
{%- endif %}
