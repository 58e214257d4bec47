{#- One monitor's drift as CTEs ending in `<p>result`: each window's bin counts paired with its
    reference's, turned into shares and then into PSI, Jensen-Shannon distance, Hellinger and KL
    divergence (definitions in docs/statistics.md), data quality rates and a status. -#}
{% macro feature_drift_ctes(p, monitor, histograms, window_values, reference_values, udfs, learned) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {%- set ctes -%}
    {{ model_monitor.distribution_distance_ctes(p, monitor, window_values, reference_values, start) }}
    {{ model_monitor.drift_share_ctes(p, monitor, histograms, start) }}
    {{ model_monitor.drift_statistic_ctes(p, monitor, udfs) }}
    {{ model_monitor.drift_result_ctes(p, monitor, learned) }}
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

{#- Every rule a warn or alert window breached, comma-separated: the alert-level rules first,
    then the warn-level ones, each group in drift_threshold_metrics order ('psi,
    new_category_rate'). The first one set drift_status. NULL when no rule breached. -#}
{% macro drift_reason_sql() -%}
  case when row_count = 0 or not has_reference then null
       else nullif(substr(''
  {%- for level in [2, 1] %}
  {%- for metric in model_monitor.drift_threshold_metrics() %}
         || case when {{ metric }}_level = {{ level }} then ', {{ metric }}' else '' end
  {%- endfor %}
  {%- endfor %}, 3), '')
  end
{%- endmacro %}
