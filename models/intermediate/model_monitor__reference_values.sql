{#- Each fixed-period or relation reference reduced once and reused by every window (bins, KS,
    Wasserstein): its cells for profile monitors (with the edges of
    model_monitor__reference_edges), its distinct values with counts for exact ones. Trailing
    references are built from model_monitor__window_values instead and have no rows here. -#}
-- depends_on: {{ ref('model_monitor__reference_edges') }}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook=["{{ model_monitor.check_reference_has_rows(this) }}", "{{ model_monitor.analyze_relation(this) }}"],
    **model_monitor.incremental_config(['monitor_name', 'reference_end'])
) }}

{%- set parts = [] -%}
{%- for monitor in model_monitor.get_monitors(resolve_relations=true) -%}
  {%- set reference = monitor['reference'] -%}
  {%- if reference['kind'] != 'trailing_windows' and not model_monitor.reference_is_stored(monitor) -%}
    {%- set columns = model_monitor.monitor_columns(monitor) -%}
    {%- if reference['kind'] == 'period' -%}
      {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
      {%- set scan = model_monitor.monitor_values_sql(monitor, monitor['relation'], columns['names'], ts,
            model_monitor.reference_scan_filter(monitor, ts), false, ref('model_monitor__reference_edges')) -%}
    {%- else -%}
      {%- set scan = model_monitor.monitor_values_sql(monitor, reference['relation'], columns['reference_names'], none, none, false,
            ref('model_monitor__reference_edges')) -%}
    {%- endif -%}
    {%- set part -%}
      select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
             feature_name, feature_type,
             {{ model_monitor.reference_period_columns(monitor) }},
             num_value, cat_value,
             cast(value_count as {{ dbt.type_bigint() }}) as value_count,
             {{ model_monitor.profile_columns(monitor) }}
      from ({{ scan }}) as scanned
    {%- endset -%}
    {%- do parts.append(part) -%}
  {%- endif -%}
{%- endfor -%}

{%- if parts -%}
{{ parts | join('\nunion all\n') }}
{%- else -%}
{{ model_monitor.yaml_empty_relation() }}
{%- endif %}
