{#- One scan of `relation` for all of a monitor's features: the features are unpivoted with a
    cross join and reduced to distinct values with counts, grouped by window when
    `with_window`. Columns: [window_start,] feature_name, feature_type, num_value (double),
    cat_value (string), value_count. `names` maps configured to actual column names. -#}
{% macro feature_values(monitor, relation, names, timestamp_sql, where_sql, with_window) %}
  {%- set numeric = monitor['features'] | selectattr('type', 'equalto', 'numeric') | list -%}
  {%- set categorical = monitor['features'] | selectattr('type', 'equalto', 'categorical') | list -%}
  select
    {% if with_window -%}
    scanned.window_start,
    {% endif -%}
    features.feature_name,
    features.feature_type,
    {% if numeric -%}
    case features.feature_index
      {%- for f in numeric %} when {{ f['index'] }} then scanned.feature_{{ f['index'] }}{% endfor %}
    end
    {%- else -%} cast(null as {{ model_monitor.type_double() }}) {%- endif %} as num_value,
    {% if categorical -%}
    case features.feature_index
      {%- for f in categorical %} when {{ f['index'] }} then scanned.feature_{{ f['index'] }}{% endfor %}
    end
    {%- else -%} cast(null as {{ dbt.type_string() }}) {%- endif %} as cat_value,
    count(*) as value_count
  from (
    select
      {% if with_window -%}
      {{ model_monitor.window_trunc(monitor['window'], timestamp_sql) }} as window_start,
      {% endif -%}
      {%- for f in monitor['features'] %}
      {%- set column = model_monitor.quote_identifier(names.get(f['column'], f['column'])) %}
      {%- if f['type'] == 'numeric' %}
      cast({{ column }} as {{ model_monitor.type_double() }}) as feature_{{ f['index'] }}
      {%- else %}
      cast({{ column }} as {{ dbt.type_string() }}) as feature_{{ f['index'] }}
      {%- endif %}{{ "," if not loop.last }}
      {%- endfor %}
    from {{ relation }}
    {% if where_sql %}where {{ where_sql }}{% endif %}
  ) as scanned
  cross join (
    {{ model_monitor.feature_list_sql(monitor) }}
  ) as features
  group by 1, 2, 3, 4{{ ", 5" if with_window }}
{% endmacro %}

{#- The monitor's features as a relation (feature_index, feature_name, feature_type). -#}
{% macro feature_list_sql(monitor) -%}
  {%- for f in monitor['features'] -%}
  select {{ f['index'] }} as feature_index, {{ model_monitor.string_literal(f['name']) }} as feature_name, {{ model_monitor.string_literal(f['type']) }} as feature_type
  {% if not loop.last %}union all {% endif %}
  {%- endfor -%}
{%- endmacro %}
