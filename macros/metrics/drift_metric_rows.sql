{#- Drift and data quality per feature (subject = feature name), from model_monitor__feature_drift,
    with the feature's thresholds from the configuration, or learned (model_monitor__learned_thresholds). -#}
{% macro drift_metric_rows(monitor, feature_drift, start, learned) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set entries = [] -%}
  {%- for feature_type in ['numeric', 'categorical'] -%}
    {%- for m in model_monitor.metric_catalogue() if m['source'] == 'feature_drift' and feature_type in m['applies_to'] -%}
      {%- do entries.append((m['name'], m['group'], feature_type)) -%}
    {%- endfor -%}
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
           {%- for name in names if name in thresholded %} when '{{ name }}' then {{ model_monitor.threshold_column_sql(monitor, name, level) }}{% endfor %}
         end as {{ level }}_threshold,
         {%- endfor %}
         m.lower_is_worse,
         d.drift_status = 'no_data' as source_no_data,
         {{ model_monitor.drift_row_judged_sql(monitor) }} as judged,
         {{ model_monitor.no_slice_columns() }}
  from {{ feature_drift }} as d
  join ({{ model_monitor.metric_list_sql(entries) }}) as m on m.feature_type = d.feature_type
  join ({{ model_monitor.drift_thresholds_sql(monitor) }}) as t on t.feature_name = d.feature_name
  {{ model_monitor.learned_thresholds_join(monitor, learned, 'd.feature_name') }}
  where d.monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  {%- if start is not none %} and d.window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
{%- endmacro %}

{#- Whether a drift row's metric judges by its thresholds: always, except under drift_verdict
    effect_and_significance, where an effect judges only in a drift_significant window and the
    p-values never judge alone (their rows stay ok; their threshold is the significance level). -#}
{% macro drift_row_judged_sql(monitor) -%}
  {%- if monitor['drift_verdict']['mode'] != 'effect_and_significance' -%}
    true
  {%- else -%}
    case when m.metric_name in ('ks_pvalue', 'chi2_pvalue') then false
         when m.metric_name in ({% for name in model_monitor.metric_names(group='drift') if model_monitor.is_effect_metric(name) %}'{{ name }}'{{ ", " if not loop.last }}{% endfor %}) then coalesce(d.drift_significant, false)
         else true end
  {%- endif -%}
{%- endmacro %}
