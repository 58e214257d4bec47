{#- The typed empty version of each package model, from one column list per model. -#}
{% macro empty_window_values() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('feature_name', 'string'), ('feature_type', 'string'),
      ('window_start', 'timestamp'), ('num_value', 'double'), ('cat_value', 'string'),
      ('value_count', 'bigint'), ('cell_index', 'bigint'), ('value_min', 'double'),
      ('value_max', 'double')])) }}
{% endmacro %}

{% macro empty_reference_values() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('feature_name', 'string'), ('feature_type', 'string'),
      ('reference_start', 'timestamp'), ('reference_end', 'timestamp'), ('num_value', 'double'),
      ('cat_value', 'string'), ('value_count', 'bigint'), ('cell_index', 'bigint'),
      ('value_min', 'double'), ('value_max', 'double')])) }}
{% endmacro %}

{% macro empty_reference_edges() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('feature_name', 'string'), ('reference_start', 'timestamp'),
      ('reference_end', 'timestamp'), ('edge', 'double'), ('edge_text', 'string'),
      ('is_bin_edge', 'boolean'), ('cell_subdivisions', 'bigint')])) }}
{% endmacro %}

{% macro empty_reference_bins() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('feature_name', 'string'), ('feature_type', 'string'),
      ('reference_start', 'timestamp'), ('reference_end', 'timestamp'), ('bin_index', 'bigint'),
      ('bin_label', 'string'), ('lower_edge', 'double'), ('upper_edge', 'double'), ('category', 'string'),
      ('row_count', 'bigint'), ('period_row_count', 'bigint'), ('period_null_count', 'bigint'),
      ('period_invalid_count', 'bigint')])) }}
{% endmacro %}

{% macro empty_feature_histograms() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('feature_name', 'string'), ('feature_type', 'string'),
      ('window_start', 'timestamp'), ('window_end', 'timestamp'), ('is_reference', 'boolean'),
      ('bin_index', 'bigint'), ('bin_label', 'string'), ('lower_edge', 'double'), ('upper_edge', 'double'),
      ('row_count', 'bigint'), ('period_row_count', 'bigint'), ('period_null_count', 'bigint'),
      ('period_invalid_count', 'bigint')])) }}
{% endmacro %}

{% macro empty_feature_drift() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('feature_name', 'string'), ('feature_type', 'string'),
      ('window_start', 'timestamp'), ('window_end', 'timestamp'), ('row_count', 'bigint'),
      ('null_count', 'bigint'), ('null_rate', 'double'), ('invalid_count', 'bigint'),
      ('new_category_rate', 'double'), ('psi', 'double'), ('js_distance', 'double'), ('hellinger', 'double'),
      ('kl_divergence', 'double'), ('wasserstein', 'double'), ('ks_statistic', 'double'),
      ('ks_pvalue', 'double'), ('chi2_statistic', 'double'), ('chi2_pvalue', 'double'),
      ('drift_status', 'string'), ('drift_reason', 'string'), ('null_rate_increase', 'double'),
      ('reference_start', 'timestamp'), ('reference_end', 'timestamp'), ('reference_row_count', 'bigint'),
      ('reference_null_rate', 'double'), ('ks_error_bound', 'double'), ('wasserstein_error_bound', 'double'),
      ('drift_significant', 'boolean')])) }}
{% endmacro %}

{% macro empty_learned_thresholds() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('feature_name', 'string'), ('metric_name', 'string'),
      ('reference_start', 'timestamp'), ('reference_end', 'timestamp'), ('reference_windows', 'bigint'),
      ('mean_value', 'double'), ('sd_value', 'double'), ('warn_sigmas', 'double'), ('alert_sigmas', 'double'),
      ('warn_threshold', 'double'), ('alert_threshold', 'double')])) }}
{% endmacro %}

{% macro empty_prediction_outcomes(segment_slots=0) %}
  {%- set columns = [
      ('monitor_name', 'string'), ('prediction_id', 'string'), ('model_version', 'string'),
      ('predicted_at', 'timestamp'), ('window_start', 'timestamp'), ('score', 'double'),
      ('predicted_label', 'double'), ('label', 'double'), ('observed_at', 'timestamp'),
      ('label_delay_seconds', 'bigint'), ('duplicate_prediction_count', 'bigint'),
      ('duplicate_outcome_count', 'bigint')] -%}
  {%- for i in range(1, segment_slots + 1) -%}
    {%- do columns.append(('segment_' ~ i, 'string')) -%}
  {%- endfor -%}
  {{ return(model_monitor.typed_empty_relation(columns)) }}
{% endmacro %}

{% macro empty_performance() %}
  {%- set columns = [('monitor_name', 'string'), ('model_version', 'string'), ('window_start', 'timestamp'),
      ('window_end', 'timestamp'), ('segment_name', 'string'), ('segment_value', 'string'),
      ('prediction_count', 'bigint'), ('labeled_count', 'bigint'), ('invalid_score_count', 'bigint'),
      ('evaluated_count', 'bigint'), ('label_coverage', 'double'), ('median_label_delay_seconds', 'double'),
      ('p90_label_delay_seconds', 'double')] -%}
  {%- for name in model_monitor.performance_metric_names() -%}
    {%- do columns.append((name, 'double')) -%}
  {%- endfor -%}
  {%- do columns.extend([('roc_auc_error_bound', 'double'), ('average_precision_error_bound', 'double'),
      ('est_roc_auc_error_bound', 'double'), ('metric_notes', 'string'), ('performance_status', 'string')]) -%}
  {{ return(model_monitor.typed_empty_relation(columns)) }}
{% endmacro %}
