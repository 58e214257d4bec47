{#- The pipeline-success SLI of one monitor as a select of the long operational format: per window
    of the wall clock holding recorded runs (run_started_at, UTC, in windows of the monitor's
    size), pipeline_success_rate = the share of the package's recorded dbt invocations that ran
    every package model successfully (model_monitor__pipeline_runs). The runs are the whole
    package's, so every monitor that asks for the SLI gets the same rows. A run is recorded by the
    on-run-end hook after its models are built, so it counts from the next run on. -#}
{% macro pipeline_success_rate_sql(monitor, pipeline_runs, start) %}
  {%- set window_start = model_monitor.window_trunc(monitor['window'], 'run_started_at') -%}
  {%- set sql -%}
      select window_start,
             cast({{ model_monitor.add_windows(monitor['window'], 1, 'window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
             '__pipeline__' as subject, 'pipeline_success_rate' as metric_name, success_rate as metric_value
      from (
        select {{ window_start }} as window_start,
               -- doubles: Spark would average 1.0 and 0.0 as decimals of 5 places
               avg(case when run_succeeded then cast(1 as {{ model_monitor.type_double() }})
                        else cast(0 as {{ model_monitor.type_double() }}) end) as success_rate
        from {{ pipeline_runs }}
        group by {{ window_start }}
      ) as runs
      {%- if start is not none %}
      where window_start >= {{ model_monitor.timestamp_literal(start) }}
      {%- endif %}
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}

{#- Whether a monitor asks for the pipeline-success SLI: its thresholds name pipeline_success_rate
    or one of its SLOs lists it. -#}
{% macro wants_pipeline_success(monitor) %}
  {%- for slo in monitor['slos'] if 'pipeline_success_rate' in (slo['metrics'] or []) -%}{{ return(true) }}{%- endfor -%}
  {{ return(monitor['thresholds'].get('pipeline_success_rate') is not none) }}
{% endmacro %}
