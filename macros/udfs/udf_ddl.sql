{#- Internal: the CREATE FUNCTION statements of create_udfs and print_udf_ddl, per dialect. -#}
{#- The CREATE FUNCTION statements for one SQL dialect (postgres, snowflake, bigquery,
    databricks), built from the package's Python source; none for other dialects. -#}
{% macro udf_ddl(dialect, schema) %}
  {%- set builders = {'postgres': model_monitor.postgres_udf_ddl, 'snowflake': model_monitor.snowflake_udf_ddl,
                      'bigquery': model_monitor.bigquery_udf_ddl, 'databricks': model_monitor.databricks_udf_ddl} -%}
  {%- if dialect not in builders -%}{{ return(none) }}{%- endif -%}
  {%- set statements = [] -%}
  {%- for udf in model_monitor.python_udf_definitions() -%}
    {%- do statements.append(builders[dialect](udf, schema) ~ ';') -%}
  {%- endfor -%}
  {{ return(statements | join('\n')) }}
{% endmacro %}

{#- Directories appended to sys.path inside PL/Python (where scipy is installed). -#}
{% macro udf_python_path() %}
  {%- set value = var('model_monitor_udf_python_path', []) -%}
  {%- if value is string -%}{%- set value = value.split(':') | reject('equalto', '') | list -%}{%- endif -%}
  {{ return(value | list) }}
{% endmacro %}

{% macro udf_arguments(udf, types) -%}
  {%- for name, type in udf['arguments'] -%}{{ name }} {{ types[type] }}{{ ", " if not loop.last }}{%- endfor -%}
{%- endmacro %}

{% macro postgres_udf_ddl(udf, schema) -%}
create or replace function {{ model_monitor.quote_identifier(schema) }}.{{ udf['name'] }}({{ model_monitor.udf_arguments(udf, {'double': 'double precision', 'bigint': 'bigint'}) }})
returns double precision language plpython3u immutable strict as $model_monitor$
if "model_monitor_udfs" not in GD:
    import sys
    for path in {{ tojson(model_monitor.udf_python_path()) }}:
        if path not in sys.path:
            sys.path.append(path)
    namespace = {"__name__": "model_monitor_udfs"}
    exec(compile({{ tojson(model_monitor.python_udf_source()) }}, "python_udfs/statistics.py", "exec"), namespace)
    GD["model_monitor_udfs"] = namespace
return GD["model_monitor_udfs"]["{{ udf['handler'] }}"]({{ udf['arguments'] | map('first') | join(', ') }})
$model_monitor$
{%- endmacro %}

{% macro snowflake_udf_ddl(udf, schema) -%}
create or replace function {{ schema }}.{{ udf['name'] }}({{ model_monitor.udf_arguments(udf, {'double': 'float', 'bigint': 'number'}) }})
returns float language python runtime_version = '3.11' packages = ('scipy') handler = '{{ udf['handler'] }}'
as $$
{{ model_monitor.python_udf_source() }}
$$
{%- endmacro %}

{% macro bigquery_udf_ddl(udf, schema) -%}
create or replace function `{{ schema }}`.{{ udf['name'] }}({{ model_monitor.udf_arguments(udf, {'double': 'FLOAT64', 'bigint': 'INT64'}) }})
returns FLOAT64 language python
options (entry_point = '{{ udf['handler'] }}', runtime_version = 'python-3.11', packages = ['scipy'])
as r'''
{{ model_monitor.python_udf_source() }}
'''
{%- endmacro %}

{#- Databricks runs the body as the function's body: the module source, then the call. -#}
{% macro databricks_udf_ddl(udf, schema) -%}
create or replace function {{ schema }}.{{ udf['name'] }}({{ model_monitor.udf_arguments(udf, {'double': 'double', 'bigint': 'bigint'}) }})
returns double language python
as $$
{{ model_monitor.python_udf_source() | replace('from __future__ import annotations\n', '') }}
return {{ udf['handler'] }}({{ udf['arguments'] | map('first') | join(', ') }})
$$
{%- endmacro %}
