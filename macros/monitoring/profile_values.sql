{#- One scan of `relation` reduced to bounded profiles (distribution_statistics: profile):
    per numeric feature [and window], one row per cell that holds values, with its count,
    its clamped mean as num_value (inside the cell, so inside one bin), and its minimum and
    maximum; one row per distinct NULL, NaN, +inf or -inf (cell_index NULL); categorical
    features as distinct values. Cells are assigned with literal edges (profile_edges), so no
    value is ever grouped by itself. A UNION ALL of one aggregation per feature: on a columnar
    engine each reads two columns, and each computes only its own sums.
    Columns: [window_start,] feature_name, feature_type, num_value, cat_value, value_count,
    cell_index, value_min, value_max. -#}
{% macro profile_values(monitor, relation, names, timestamp_sql, where_sql, with_window, edges) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set window_sql = model_monitor.window_trunc(monitor['window'], timestamp_sql) if with_window else none -%}
  {%- set parts = [] -%}
  {%- for f in monitor['features'] -%}
    {%- set column = model_monitor.quote_identifier(names.get(f['column'], f['column'])) -%}
    {%- set part -%}
    {%- if f['type'] == 'numeric' %}
    select {% if with_window %}window_start, {% endif -%}
           {{ model_monitor.string_literal(f['name']) }} as feature_name, 'numeric' as feature_type,
           case when cell_index is null then special_value
                else least(greatest(sum(v) / count(*), min(v)), max(v)) end as num_value,
           cast(null as {{ dbt.type_string() }}) as cat_value,
           count(*) as value_count,
           cell_index,
           case when cell_index is not null then min(v) end as value_min,
           case when cell_index is not null then max(v) end as value_max
    from (
      select {% if with_window %}window_start, {% endif %}v, cell_index,
             case when cell_index is null then v end as special_value
      from (
        select {% if with_window %}window_start, {% endif %}v,
               case when v is not null and {{ model_monitor.is_finite('v') }}
                    then {{ model_monitor.profile_cell_sql('v', edges.get(f['name'], [])) }} end as cell_index
        from (
          select {% if with_window %}{{ window_sql }} as window_start, {% endif -%}
                 cast({{ column }} as {{ double }}) as v
          from {{ relation }}
          {% if where_sql %}where {{ where_sql }}{% endif %}
        ) as typed
      ) as celled
    ) as keyed
    group by {% if with_window %}window_start, {% endif %}cell_index, special_value
    {%- else %}
    select {% if with_window %}{{ window_sql }} as window_start, {% endif -%}
           {{ model_monitor.string_literal(f['name']) }} as feature_name, 'categorical' as feature_type,
           cast(null as {{ double }}) as num_value,
           cast({{ column }} as {{ dbt.type_string() }}) as cat_value,
           count(*) as value_count,
           cast(null as {{ dbt.type_bigint() }}) as cell_index,
           cast(null as {{ double }}) as value_min,
           cast(null as {{ double }}) as value_max
    from {{ relation }}
    {% if where_sql %}where {{ where_sql }}{% endif %}
    group by {% if with_window %}{{ window_sql }}, {% endif %}cast({{ column }} as {{ dbt.type_string() }})
    {%- endif %}
    {%- endset -%}
    {%- do parts.append(part) -%}
  {%- endfor -%}
  {{ return(parts | join('\n    union all\n')) }}
{% endmacro %}

{#- A monitor's scan in its mode: profile_values with its reference's edges, or the exact
    feature_values. -#}
{% macro monitor_values_sql(monitor, relation, names, timestamp_sql, where_sql, with_window, reference_edges) %}
  {%- if monitor['distribution_statistics'] == 'profile' -%}
    {{ return(model_monitor.profile_values(monitor, relation, names, timestamp_sql, where_sql, with_window,
                                           model_monitor.profile_edges(monitor, reference_edges))) }}
  {%- else -%}
    {{ return(model_monitor.feature_values(monitor, relation, names, timestamp_sql, where_sql, with_window)) }}
  {%- endif -%}
{% endmacro %}

{#- The cell columns of a scanned relation: as scanned for profile monitors, NULL for exact ones. -#}
{% macro profile_columns(monitor) -%}
  {%- if monitor['distribution_statistics'] == 'profile' -%}
  cast(cell_index as {{ dbt.type_bigint() }}) as cell_index, value_min, value_max
  {%- else -%}
  cast(null as {{ dbt.type_bigint() }}) as cell_index,
  cast(null as {{ model_monitor.type_double() }}) as value_min,
  cast(null as {{ model_monitor.type_double() }}) as value_max
  {%- endif -%}
{%- endmacro %}
