{#- One monitor's drift as CTEs ending in `<p>result`: each window's bin counts paired with its
    reference's, turned into shares and then into PSI, Jensen-Shannon distance, Hellinger and KL
    divergence (definitions in README), data quality rates and a status. -#}
{% macro feature_drift_ctes(p, monitor, histograms, window_values, reference_values, udfs) %}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {%- set ctes -%}
    {{ model_monitor.distribution_distance_ctes(p, monitor, window_values, reference_values, start) }}
    {{ model_monitor.drift_share_ctes(p, monitor, histograms, start) }}
    {{ model_monitor.drift_statistic_ctes(p, monitor, udfs) }}
    {{ model_monitor.drift_result_ctes(p, monitor) }}
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- no_data for an empty window or a reference without values; else the worst rule's level. -#}
{% macro drift_status_sql() -%}
  case when row_count = 0 or not has_reference then 'no_data'
       else case greatest(
         {%- for metric in model_monitor.drift_threshold_metrics() %}coalesce({{ metric }}_level, 0){{ ", " if not loop.last }}{% endfor -%}
       ) when 2 then 'alert' when 1 then 'warn' else 'ok' end
  end
{%- endmacro %}

{#- The first metric (in drift_threshold_metrics order) at the window's worst level, when that
    level is warn or alert. -#}
{% macro drift_reason_sql() -%}
  case when row_count = 0 or not has_reference then null
  {%- for level in [2, 1] %}
  {%- for metric in model_monitor.drift_threshold_metrics() %}
       when {{ metric }}_level = {{ level }}
        and greatest({% for other in model_monitor.drift_threshold_metrics() %}coalesce({{ other }}_level, 0){{ ", " if not loop.last }}{% endfor %}) = {{ level }}
       then '{{ metric }}'
  {%- endfor %}
  {%- endfor %}
  end
{%- endmacro %}
