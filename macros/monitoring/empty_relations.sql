{#- Typed empty results, so each table has its schema even before any monitor has data. -#}
{% macro empty_reference_bins() %}
select
  cast(null as {{ dbt.type_string() }}) as monitor_name,
  cast(null as {{ dbt.type_string() }}) as feature_name,
  cast(null as {{ dbt.type_string() }}) as feature_type,
  cast(null as {{ dbt.type_timestamp() }}) as reference_start,
  cast(null as {{ dbt.type_timestamp() }}) as reference_end,
  cast(null as {{ dbt.type_bigint() }}) as bin_index,
  cast(null as {{ dbt.type_string() }}) as bin_label,
  cast(null as {{ model_monitor.type_double() }}) as lower_edge,
  cast(null as {{ model_monitor.type_double() }}) as upper_edge,
  cast(null as {{ dbt.type_string() }}) as category,
  cast(null as {{ dbt.type_bigint() }}) as row_count,
  cast(null as {{ dbt.type_bigint() }}) as period_row_count,
  cast(null as {{ dbt.type_bigint() }}) as period_null_count,
  cast(null as {{ dbt.type_bigint() }}) as period_invalid_count
where 1 = 0
{% endmacro %}

{% macro empty_feature_histograms() %}
select
  cast(null as {{ dbt.type_string() }}) as monitor_name,
  cast(null as {{ dbt.type_string() }}) as feature_name,
  cast(null as {{ dbt.type_string() }}) as feature_type,
  cast(null as {{ dbt.type_timestamp() }}) as window_start,
  cast(null as {{ dbt.type_timestamp() }}) as window_end,
  cast(null as {{ dbt.type_boolean() }}) as is_reference,
  cast(null as {{ dbt.type_bigint() }}) as bin_index,
  cast(null as {{ dbt.type_string() }}) as bin_label,
  cast(null as {{ model_monitor.type_double() }}) as lower_edge,
  cast(null as {{ model_monitor.type_double() }}) as upper_edge,
  cast(null as {{ dbt.type_bigint() }}) as row_count,
  cast(null as {{ dbt.type_bigint() }}) as period_row_count,
  cast(null as {{ dbt.type_bigint() }}) as period_null_count,
  cast(null as {{ dbt.type_bigint() }}) as period_invalid_count
where 1 = 0
{% endmacro %}

{% macro empty_feature_drift() %}
{%- set double = model_monitor.type_double() -%}
select
  cast(null as {{ dbt.type_string() }}) as monitor_name,
  cast(null as {{ dbt.type_string() }}) as feature_name,
  cast(null as {{ dbt.type_string() }}) as feature_type,
  cast(null as {{ dbt.type_timestamp() }}) as window_start,
  cast(null as {{ dbt.type_timestamp() }}) as window_end,
  cast(null as {{ dbt.type_bigint() }}) as row_count,
  cast(null as {{ dbt.type_bigint() }}) as null_count,
  cast(null as {{ double }}) as null_rate,
  cast(null as {{ dbt.type_bigint() }}) as invalid_count,
  {%- for name in ['new_category_rate', 'psi', 'js_distance', 'hellinger', 'kl_divergence', 'wasserstein',
                   'ks_statistic', 'ks_pvalue', 'chi2_statistic', 'chi2_pvalue'] %}
  cast(null as {{ double }}) as {{ name }},
  {%- endfor %}
  cast(null as {{ dbt.type_string() }}) as drift_status,
  cast(null as {{ dbt.type_string() }}) as drift_reason,
  cast(null as {{ double }}) as null_rate_increase,
  cast(null as {{ dbt.type_timestamp() }}) as reference_start,
  cast(null as {{ dbt.type_timestamp() }}) as reference_end,
  cast(null as {{ dbt.type_bigint() }}) as reference_row_count,
  cast(null as {{ double }}) as reference_null_rate
where 1 = 0
{% endmacro %}

{% macro empty_window_values() %}
select
  cast(null as {{ dbt.type_string() }}) as monitor_name,
  cast(null as {{ dbt.type_string() }}) as feature_name,
  cast(null as {{ dbt.type_string() }}) as feature_type,
  cast(null as {{ dbt.type_timestamp() }}) as window_start,
  cast(null as {{ model_monitor.type_double() }}) as num_value,
  cast(null as {{ dbt.type_string() }}) as cat_value,
  cast(null as {{ dbt.type_bigint() }}) as value_count
where 1 = 0
{% endmacro %}

{% macro empty_reference_values() %}
select
  cast(null as {{ dbt.type_string() }}) as monitor_name,
  cast(null as {{ dbt.type_string() }}) as feature_name,
  cast(null as {{ dbt.type_string() }}) as feature_type,
  cast(null as {{ dbt.type_timestamp() }}) as reference_start,
  cast(null as {{ dbt.type_timestamp() }}) as reference_end,
  cast(null as {{ model_monitor.type_double() }}) as num_value,
  cast(null as {{ dbt.type_string() }}) as cat_value,
  cast(null as {{ dbt.type_bigint() }}) as value_count
where 1 = 0
{% endmacro %}
