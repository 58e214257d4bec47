{#- One scan of `relation` for all of a monitor's features: distinct values with counts per
    feature, grouped by window when `with_window`. One GROUPING SETS aggregation, one set per
    feature, so every feature is reduced in the same pass without first multiplying the rows by
    the number of features (what a cross-join unpivot does, about twice as slow on DuckDB).
    grouping() tells which feature a row belongs to, so a NULL value stays a value of its own.
    Columns: [window_start,] feature_name, feature_type, num_value (double), cat_value (string),
    value_count. `names` maps configured to actual column names. -#}
{% macro feature_values(monitor, relation, names, timestamp_sql, where_sql, with_window) %}
  {%- set features = monitor['features'] -%}
  {%- set window_key = 'scanned.window_start, ' if with_window else '' -%}
  select
    {% if with_window -%}
    grouped.window_start,
    {% endif -%}
    features.feature_name,
    features.feature_type,
    grouped.num_value,
    grouped.cat_value,
    grouped.value_count
  from (
    select
      {% if with_window -%}
      scanned.window_start,
      {% endif -%}
      case
        {%- for f in features %} when grouping(scanned.feature_{{ f['index'] }}) = 0 then {{ f['index'] }}{% endfor %}
      end as feature_index,
      {{ model_monitor.feature_values_pick(features, 'numeric', model_monitor.type_double()) }} as num_value,
      {{ model_monitor.feature_values_pick(features, 'categorical', dbt.type_string()) }} as cat_value,
      count(*) as value_count
    from (
      select
        {% if with_window -%}
        {{ model_monitor.window_trunc(monitor['window'], timestamp_sql) }} as window_start,
        {% endif -%}
        {%- for f in features %}
        {%- set column = model_monitor.feature_column_sql(monitor, names, f) %}
        cast({{ column }} as {{ model_monitor.type_double() if f['type'] == 'numeric' else dbt.type_string() }}) as feature_{{ f['index'] }}{{ "," if not loop.last }}
        {%- endfor %}
      from {{ relation }}
      {% if where_sql %}where {{ where_sql }}{% endif %}
    ) as scanned
    group by grouping sets (
      {%- for f in features %}
      ({{ window_key }}scanned.feature_{{ f['index'] }}){{ "," if not loop.last }}
      {%- endfor %}
    )
  ) as grouped
  inner join (
    {{ model_monitor.feature_list_sql(monitor) }}
  ) as features
    on features.feature_index = grouped.feature_index
{% endmacro %}

{#- The value of the feature a grouped row belongs to, among the features of `feature_type`
    (a NULL of type `sql_type` when there is none). -#}
{% macro feature_values_pick(features, feature_type, sql_type) -%}
  {%- set picked = features | selectattr('type', 'equalto', feature_type) | list -%}
  {%- if picked -%}
  case
    {%- for f in picked %} when grouping(scanned.feature_{{ f['index'] }}) = 0 then scanned.feature_{{ f['index'] }}{% endfor %}
  end
  {%- else -%}
  cast(null as {{ sql_type }})
  {%- endif -%}
{%- endmacro %}

{#- The monitor's features as a relation (feature_index, feature_name, feature_type). -#}
{% macro feature_list_sql(monitor) -%}
  {%- for f in monitor['features'] -%}
  select {{ f['index'] }} as feature_index, {{ model_monitor.string_literal(f['name']) }} as feature_name, {{ model_monitor.string_literal(f['type']) }} as feature_type
  {% if not loop.last %}union all {% endif %}
  {%- endfor -%}
{%- endmacro %}
