{#- The SQL of a package model assembled from per-monitor CTE blocks: `with <blocks> select * from
    <p>result union all ...`, or `empty_sql` (a typed empty relation) when no block remains.
    `blocks` is a list of (prefix, ctes) pairs; a block whose ctes are none is skipped. -#}
{% macro union_monitor_results(blocks, empty_sql) %}
  {%- set kept = [] -%}
  {%- for prefix, ctes in blocks if ctes is not none -%}
    {%- do kept.append((prefix, ctes)) -%}
  {%- endfor -%}
  {%- if not kept -%}{{ return(empty_sql) }}{%- endif -%}
  {%- set sql -%}
with
{% for prefix, ctes in kept -%}
{{ ctes }}{{ "," if not loop.last }}
{% endfor -%}
{% for prefix, ctes in kept -%}
select * from {{ prefix }}result
{% if not loop.last %}union all
{% endif -%}
{% endfor -%}
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}

{#- A typed relation with no rows, so a table has its schema before any monitor has data.
    `columns` is a list of (name, type) with type one of string, timestamp, bigint, double,
    boolean. -#}
{% macro typed_empty_relation(columns) %}
  {%- set types = {'string': dbt.type_string(), 'timestamp': dbt.type_timestamp(), 'bigint': dbt.type_bigint(),
                   'double': model_monitor.type_double(), 'boolean': dbt.type_boolean()} -%}
  {%- set sql -%}
select
  {%- for name, type in columns %}
  cast(null as {{ types[type] }}) as {{ name }}{{ "," if not loop.last }}
  {%- endfor %}
where 1 = 0
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}
