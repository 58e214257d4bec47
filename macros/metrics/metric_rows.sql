{#- Rows of the long metrics table before their status, per source mart: monitor_name,
    window_start, window_end, subject, metric_name, metric_group, metric_value, warn_threshold,
    alert_threshold, lower_is_worse, source_no_data. Each selects whole windows from `start` on
    (none: all windows). -#}

{#- A relation of (metric_name, metric_group, feature_type, lower_is_worse) literals. -#}
{% macro metric_list_sql(entries) -%}
  {%- for name, group, feature_type in entries %}
  select {{ model_monitor.string_literal(name) }} as metric_name, {{ model_monitor.string_literal(group) }} as metric_group,
         {{ model_monitor.string_literal(feature_type) }} as feature_type,
         {{ 'true' if name in model_monitor.lower_is_worse_metrics() else 'false' }} as lower_is_worse
  {%- if not loop.last %} union all{% endif %}
  {%- endfor %}
{%- endmacro %}

{#- Drift and data quality per feature (subject = feature name), from model_monitor__feature_drift,
    with the feature's thresholds from the configuration. -#}
{% macro drift_metric_rows(monitor, feature_drift, start) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set entries = [] -%}
  {%- for feature_type in ['numeric', 'categorical'] -%}
    {%- set quality = ['row_count', 'null_count', 'null_rate', 'null_rate_increase']
          + (['invalid_count'] if feature_type == 'numeric' else ['new_category_rate']) -%}
    {%- set drift = ['psi', 'js_distance', 'hellinger', 'kl_divergence']
          + (['wasserstein', 'ks_statistic', 'ks_pvalue'] if feature_type == 'numeric' else ['chi2_statistic', 'chi2_pvalue']) -%}
    {%- for name in quality %}{% do entries.append((name, 'data_quality', feature_type)) %}{% endfor -%}
    {%- for name in drift %}{% do entries.append((name, 'drift', feature_type)) %}{% endfor -%}
  {%- endfor -%}
  {%- set names = [] -%}
  {%- for name, group, feature_type in entries if name not in names %}{% do names.append(name) %}{% endfor -%}
  {%- set thresholded = model_monitor.drift_threshold_metrics() -%}
  select d.monitor_name, d.window_start, d.window_end, d.feature_name as subject, m.metric_name, m.metric_group,
         case m.metric_name
           {%- for name in names %} when '{{ name }}' then cast(d.{{ name }} as {{ double }}){% endfor %}
         end as metric_value,
         {%- for level in ['warn', 'alert'] %}
         case m.metric_name
           {%- for name in names if name in thresholded %} when '{{ name }}' then t.{{ name }}_{{ level }}{% endfor %}
         end as {{ level }}_threshold,
         {%- endfor %}
         m.lower_is_worse,
         d.drift_status = 'no_data' as source_no_data
  from {{ feature_drift }} as d
  join ({{ model_monitor.metric_list_sql(entries) }}) as m on m.feature_type = d.feature_type
  join ({{ model_monitor.drift_thresholds_sql(monitor) }}) as t on t.feature_name = d.feature_name
  where d.monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  {%- if start is not none %} and d.window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
{%- endmacro %}

{#- Performance per model version and segment slice, from model_monitor__performance. The subject
    is `version=<model_version>/segment=__all__` for the population and
    `version=<model_version>/segment=<segment_name>=<segment_value>` for a slice. -#}
{% macro performance_metric_rows(monitor, performance, start) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set task_metrics = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'log_loss',
        'brier_score', 'expected_calibration_error', 'est_accuracy', 'est_precision', 'est_recall', 'est_f1',
        'est_roc_auc', 'positive_prediction_rate'] if monitor['task'] == 'binary_classification'
        else ['mae', 'rmse', 'mape', 'r2'] -%}
  {%- set names = ['prediction_count', 'labeled_count', 'label_coverage'] + task_metrics -%}
  {%- set entries = [] -%}
  {%- for name in names %}{% do entries.append((name, 'performance', 'any')) %}{% endfor -%}
  {%- set thresholds = monitor['thresholds'] -%}
  select p.monitor_name, p.window_start, p.window_end,
         {{ dbt.concat(["'version='", "coalesce(p.model_version, '__null__')", "'/segment='",
                        "case when p.segment_name = '__all__' then '__all__' else " ~ dbt.concat(["p.segment_name", "'='", "p.segment_value"]) ~ " end"]) }} as subject,
         m.metric_name, m.metric_group,
         case m.metric_name
           {%- for name in names %} when '{{ name }}' then cast(p.{{ name }} as {{ double }}){% endfor %}
         end as metric_value,
         {%- for level in ['warn', 'alert'] %}
         {%- set set_names = [] %}
         {%- for name in names if (thresholds.get(name) or {}).get(level) is not none %}{% do set_names.append(name) %}{% endfor %}
         {%- if set_names %}
         case m.metric_name
           {%- for name in set_names %} when '{{ name }}' then cast({{ thresholds[name][level] }} as {{ double }}){% endfor %}
         end as {{ level }}_threshold,
         {%- else %}
         cast(null as {{ double }}) as {{ level }}_threshold,
         {%- endif %}
         {%- endfor %}
         m.lower_is_worse,
         false as source_no_data
  from {{ performance }} as p
  cross join ({{ model_monitor.metric_list_sql(entries) }}) as m
  where p.monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  {%- if start is not none %} and p.window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
{%- endmacro %}

{#- Freshness (subject '__monitor__'): the latest run measured in each window, with the thresholds
    stored on its row. The window is the one containing measured_at. -#}
{% macro freshness_metric_rows(monitor, freshness, start) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set outcomes = monitor['outcomes'] -%}
  {%- set metrics = ['prediction_lag_seconds'] + (['outcome_lag_seconds'] if outcomes is not none and outcomes['timestamp_column'] else []) -%}
  {%- set window_start = model_monitor.window_trunc(monitor['window'], 'fr.measured_at') -%}
  select f.monitor_name, f.window_start,
         cast({{ model_monitor.add_windows(monitor['window'], 1, 'f.window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
         '__monitor__' as subject, m.metric_name, m.metric_group,
         case m.metric_name
           {%- for name in metrics %} when '{{ name }}' then cast(f.{{ name }} as {{ double }}){% endfor %}
         end as metric_value,
         {%- for level in ['warn', 'alert'] %}
         case m.metric_name
           {%- for name in metrics %} when '{{ name }}' then f.{{ name | replace('_seconds', '') }}_{{ level }}_seconds{% endfor %}
         end as {{ level }}_threshold,
         {%- endfor %}
         m.lower_is_worse,
         false as source_no_data
  from (
    select fr.*, {{ window_start }} as window_start,
           row_number() over (partition by {{ window_start }} order by fr.measured_at desc) as run_rank
    from {{ freshness }} as fr
    where fr.monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  ) as f
  cross join ({{ model_monitor.metric_list_sql(model_monitor.freshness_entries(metrics)) }}) as m
  where f.run_rank = 1
  {%- if start is not none %} and f.window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
{%- endmacro %}

{% macro freshness_entries(metrics) %}
  {%- set entries = [] -%}
  {%- for name in metrics %}{% do entries.append((name, 'freshness', 'any')) %}{% endfor -%}
  {{ return(entries) }}
{% endmacro %}
