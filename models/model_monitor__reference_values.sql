{#- Distinct feature values with counts of each fixed-period or relation reference, reduced once
    and reused by every window (bins, KS, Wasserstein). Trailing references are built from
    model_monitor__window_values instead and have no rows here. -#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    post_hook="{{ model_monitor.analyze_relation(this) }}",
    **model_monitor.incremental_config(['monitor_name', 'reference_end'])
) }}

{%- set parts = [] -%}
{%- for monitor in model_monitor.get_monitors(resolve_relations=true) -%}
  {%- set reference = monitor['reference'] -%}
  {%- if reference['kind'] != 'trailing_windows' and not model_monitor.reference_is_stored(monitor) -%}
    {%- set columns = model_monitor.monitor_columns(monitor) -%}
    {{ model_monitor.check_reference_has_rows(monitor, columns) }}
    {%- if reference['kind'] == 'period' -%}
      {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
      {%- set scan = model_monitor.feature_values(monitor, monitor['relation'], columns['names'], ts,
            ts ~ " >= " ~ model_monitor.timestamp_literal(reference['start']) ~ " and " ~ ts ~ " < "
            ~ model_monitor.timestamp_literal(reference['end']) ~ " and " ~ model_monitor.as_of_filter(ts), false) -%}
    {%- else -%}
      {%- set scan = model_monitor.feature_values(monitor, reference['relation'], columns['reference_names'], none, none, false) -%}
    {%- endif -%}
    {%- set part -%}
      select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
             feature_name, feature_type,
             {% if reference['kind'] == 'period' -%}
             {{ model_monitor.timestamp_literal(reference['start']) }} as reference_start,
             {{ model_monitor.timestamp_literal(reference['end']) }} as reference_end,
             {%- else -%}
             cast(null as {{ dbt.type_timestamp() }}) as reference_start,
             cast(null as {{ dbt.type_timestamp() }}) as reference_end,
             {%- endif %}
             num_value, cat_value,
             cast(value_count as {{ dbt.type_bigint() }}) as value_count
      from ({{ scan }}) as scanned
    {%- endset -%}
    {%- do parts.append(part) -%}
  {%- endif -%}
{%- endfor -%}

{%- if parts -%}
{{ parts | join('\nunion all\n') }}
{%- else -%}
{{ model_monitor.empty_reference_values() }}
{%- endif %}
