{#- One monitor's operational SLIs as CTEs ending in `<p>result` (the long format of
    model_monitor__operational_metrics), or none when the monitor declares no operational column
    and no expected_model_version and asks for no pipeline_success_rate. The version-consistency SLI (expected_version_share) is read
    from model_monitor__model_versions (`model_versions`), not from the predictions again. -#}
{% macro operational_metrics_ctes(p, monitor, feature_drift, model_versions, pipeline_runs) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set declared = [] -%}
  {%- for key in model_monitor.operational_column_keys() if monitor[key] -%}{%- do declared.append(key) -%}{%- endfor -%}
  {%- set pipeline = model_monitor.wants_pipeline_success(monitor) -%}
  {%- if not declared and not monitor['expected_model_versions'] and not pipeline -%}{{ return(none) }}{%- endif -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {%- set parts = [] -%}
  {%- if pipeline -%}
    {%- do parts.append(model_monitor.pipeline_success_rate_sql(monitor, pipeline_runs, start)) -%}
  {%- endif -%}
  {%- if monitor['expected_model_versions'] -%}
    {%- do parts.append(model_monitor.expected_version_share_sql(p, monitor, model_versions, start)) -%}
  {%- endif -%}
  {%- if declared -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set window_metrics = [] -%}
  {%- if monitor['latency_ms_column'] -%}{%- do window_metrics.extend(['latency_p50', 'latency_p95', 'latency_p99']) -%}{%- endif -%}
  {%- if monitor['cost_column'] -%}{%- do window_metrics.extend(['cost_per_1000_predictions', 'cost_per_call']) -%}{%- endif -%}
  {%- if monitor['input_tokens_column'] -%}{%- do window_metrics.append('mean_input_tokens') -%}{%- endif -%}
  {%- if monitor['output_tokens_column'] -%}{%- do window_metrics.append('mean_output_tokens') -%}{%- endif -%}
  {%- for metric in window_metrics -%}
    {%- do parts.append("select window_start, window_end, '__all__' as subject, '" ~ metric ~ "' as metric_name, "
                        ~ metric ~ " as metric_value from " ~ p ~ "stats") -%}
  {%- endfor -%}
  {%- if monitor['output_tokens_column'] and monitor['reference']['kind'] != 'relation' -%}
    {%- set part -%}
      select s.window_start, s.window_end, '__output_tokens__' as subject, 'output_length_psi' as metric_name,
             case when d.drift_status <> 'no_data' then d.psi end as metric_value
      from {{ p }}stats as s
      left join {{ feature_drift }} as d
        on d.monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
       and d.feature_name = '__output_tokens__' and d.window_start = s.window_start
    {%- endset -%}
    {%- do parts.append(part) -%}
  {%- endif -%}
  {%- if monitor['prompt_version_column'] -%}
    {%- set part -%}
      select s.window_start, s.window_end, coalesce(v.prompt_version, '__all__') as subject,
             'prompt_version_share' as metric_name,
             cast(v.version_count as {{ model_monitor.type_double() }}) / nullif(s.row_count, 0) as metric_value
      from {{ p }}stats as s
      left join (
        select window_start, coalesce(prompt_version, '__null__') as prompt_version, count(*) as version_count
        from {{ p }}scan group by 1, 2
      ) as v on v.window_start = s.window_start
    {%- endset -%}
    {%- do parts.append(part) -%}
  {%- endif -%}
  {%- endif -%}
  {%- set ctes -%}
    {%- if declared %}
    {{ model_monitor.operational_window_stats_ctes(p, monitor, columns, start) }}
    {%- endif %}
    {{ p }}long as (
      {{ parts | join('\n      union all\n      ') }}
    ),
    {{ p }}result as (
      {{ model_monitor.sli_status_select(monitor, p ~ 'long') }}
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}
