{#- The version-consistency SLI of one monitor as a select of the long operational format: per
    window from the first to the last with predictions, expected_version_share = the served
    predictions of an expected version / all served predictions (shadow versions are left out),
    from model_monitor__model_versions; NULL (no_data) in a window without served predictions. -#}
{% macro expected_version_share_sql(p, monitor, model_versions, start) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set scoped -%}
    (select window_start,
            sum(case when version_role = 'served' then prediction_count else 0 end) as served_count,
            sum(case when version_role = 'served' and is_expected then prediction_count else 0 end) as expected_count
     from {{ model_versions }}
     where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
     {%- if start is not none %} and window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
     group by window_start)
  {%- endset -%}
  {%- set sql -%}
      select spine.window_start,
             cast({{ model_monitor.add_windows(monitor['window'], 1, 'spine.window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
             '__model_version__' as subject, 'expected_version_share' as metric_name,
             cast(v.expected_count as {{ double }}) / nullif(v.served_count, 0) as metric_value
      from ({{ model_monitor.window_series(monitor['window'],
                 model_monitor.timestamp_literal(start) if start is not none else "(select min(window_start) from " ~ scoped ~ " as w)",
                 "(select max(window_start) from " ~ scoped ~ " as w)") }}) as spine
      left join {{ scoped }} as v on v.window_start = spine.window_start
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}
