{#- One monitor's model versions as CTEs ending in `<p>result`: per window and model version, the
    predictions logged, the first and last prediction time in the window, the share of the
    window's served predictions, whether the version served or shadowed (shadow_model_versions)
    and whether it is an expected version (expected_model_version; NULL when none is declared).
    One read of two columns (timestamp, version) of the windows an incremental run recomputes.
    A monitor without model_version_column has one version, 'default'; a NULL version is
    '__null__' (as in model_monitor__performance). Rows without a timestamp are not in a window
    and are not counted. -#}
{% macro model_versions_ctes(p, monitor) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start') -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- set string = dbt.type_string() -%}
  {%- set version = model_monitor.model_version_sql(monitor, columns['names'], null_label='__null__') -%}
  {%- set filter = ts ~ " is not null and " ~ model_monitor.as_of_filter(ts) -%}
  {%- if start is not none -%}
    {%- set filter = ts ~ " >= " ~ model_monitor.timestamp_literal(start) ~ " and " ~ filter -%}
  {%- endif -%}
  {%- set shadow = monitor['shadow_model_versions'] -%}
  {%- set expected = monitor['expected_model_versions'] -%}
  {%- set ctes -%}
    {{ p }}counts as (
      select window_start, model_version, count(*) as prediction_count,
             min(predicted_at) as first_prediction_at, max(predicted_at) as last_prediction_at
      from (
        select {{ model_monitor.window_trunc(monitor['window'], ts) }} as window_start,
               {{ ts }} as predicted_at,
               {{ version }} as model_version
        from {{ monitor['relation'] }}
        where {{ filter }}
      ) as scanned
      group by window_start, model_version
    ),
    {{ p }}roles as (
      select c.*,
             case when {{ model_monitor.in_string_list('c.model_version', shadow) }} then 'shadow' else 'served' end as version_role
      from {{ p }}counts as c
    ),
    {{ p }}result as (
      select cast({{ model_monitor.string_literal(monitor['name']) }} as {{ string }}) as monitor_name,
             r.window_start,
             cast({{ model_monitor.add_windows(monitor['window'], 1, 'r.window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
             cast(r.model_version as {{ string }}) as model_version,
             cast(r.version_role as {{ string }}) as version_role,
             {%- if expected %}
             case when {{ model_monitor.in_string_list('r.model_version', expected) }} then true else false end as is_expected,
             {%- else %}
             cast(null as {{ dbt.type_boolean() }}) as is_expected,
             {%- endif %}
             cast(r.prediction_count as {{ dbt.type_bigint() }}) as prediction_count,
             cast(r.first_prediction_at as {{ dbt.type_timestamp() }}) as first_prediction_at,
             cast(r.last_prediction_at as {{ dbt.type_timestamp() }}) as last_prediction_at,
             case when r.version_role = 'served'
                  then cast(r.prediction_count as {{ model_monitor.type_double() }})
                       / sum(case when r.version_role = 'served' then r.prediction_count end) over (partition by r.window_start)
             end as served_share
      from {{ p }}roles as r
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

