{#- The package's on-run-end hook (dbt_project.yml): one row per package model that this dbt
    invocation ran, appended to model_monitor__run_results (its status, time and message), the log
    the pipeline-success SLI reads. Returns the insert statement for dbt to run, or nothing when no
    package model ran (dbt test, dbt compile, a selection of other models) or when the run log
    table is not built yet. Every value is an escaped literal. -#}
{% macro record_run_results(results) %}
  {%- if not execute or results is none -%}{{ return('') }}{%- endif -%}
  {%- if graph.nodes.get('model.model_monitor.model_monitor__run_results') is none -%}{{ return('') }}{%- endif -%}
  {%- set rows = [] -%}
  {%- for r in model_monitor.package_model_results(results) -%}
    {%- set message = (r.message or '') | string -%}
    {%- do rows.append([
          model_monitor.string_literal(invocation_id),
          model_monitor.string_literal(flags.WHICH),
          model_monitor.timestamp_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f')),
          model_monitor.string_literal(r.node.name),
          model_monitor.string_literal(r.status | string),
          "cast(" ~ ((r.execution_time or 0) | float) ~ " as " ~ model_monitor.type_double() ~ ")",
          model_monitor.string_literal(message[:1000]) if message else "cast(null as " ~ dbt.type_string() ~ ")",
        ]) -%}
  {%- endfor -%}
  {%- if not rows -%}{{ return('') }}{%- endif -%}
  {%- set relation = model_monitor.run_log_relation() -%}
  {%- if relation is none -%}
    {{ log("model_monitor: model_monitor__run_results is not built yet; this run is not recorded", info=true) }}
    {{ return('') }}
  {%- endif -%}
  {%- set sql -%}
insert into {{ relation }} (invocation_id, command, run_started_at, model_name, status, execution_time_seconds, message)
{%- for row in rows %}
{{ 'select' if loop.first else 'union all select' }} {{ row | join(', ') }}
{%- endfor %}
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}
