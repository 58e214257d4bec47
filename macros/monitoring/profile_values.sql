{#- One scan of `relation` reduced to bounded profiles (distribution_statistics: profile):
    per numeric feature [and window], one row per cell that holds values, with its count,
    its clamped mean as num_value (inside the cell, so inside one bin), and its minimum and
    maximum; one row per distinct NULL, NaN, +inf or -inf (cell_index NULL); categorical
    features as distinct values. Cells are assigned with literal edges (profile_edges), so no
    value is ever grouped by itself. A UNION ALL of one aggregation per feature: on a columnar
    engine each reads two columns, and each computes only its own sums.
    Categorical features of a window scan (`reference_values` given) are capped: the reference's
    profile_categories most frequent categories and the top_k most frequent categories the
    reference never had keep their names; the rest of the reference's categories are one row
    (cell_index -1, cat_value NULL) and the rest of the unseen ones another (cell_index -2), so
    histograms, chi-square and the new-category rate stay exact with at most
    profile_categories + top_k + 3 rows per feature and window.
    Columns: [window_start,] feature_name, feature_type, num_value, cat_value, value_count,
    cell_index, value_min, value_max. -#}
{% macro profile_values(monitor, relation, names, timestamp_sql, where_sql, with_window, edges, reference_values=none) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set window_sql = model_monitor.window_trunc(monitor['window'], timestamp_sql) if with_window else none -%}
  {%- set parts = [] -%}
  {%- for f in monitor['features'] -%}
    {%- set column = model_monitor.feature_column_sql(monitor, names, f) -%}
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
        select {% if with_window %}located.window_start, {% endif %}located.v,
               case when located.interval_index is not null
                    then {{ model_monitor.profile_cell_from_interval('located.v', 'k') }} end as cell_index
        from (
          select {% if with_window %}window_start, {% endif %}v,
                 case when v is not null and {{ model_monitor.is_finite('v') }}
                      then {{ model_monitor.profile_interval_sql('v', edges.get(f['name'], [])) }} end as interval_index
          from (
            select {% if with_window %}{{ window_sql }} as window_start, {% endif -%}
                   cast({{ column }} as {{ double }}) as v
            from {{ relation }}
            {% if where_sql %}where {{ where_sql }}{% endif %}
          ) as typed
        ) as located
        left join ({{ model_monitor.profile_interval_table(edges.get(f['name'], [])) }}) as k
          on k.interval_index = located.interval_index
      ) as celled
    ) as keyed
    group by {% if with_window %}window_start, {% endif %}cell_index, special_value
    {%- elif with_window and reference_values is not none %}
    {{ model_monitor.capped_categories_sql(monitor, f, relation, column, window_sql, where_sql, reference_values) }}
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
{% macro monitor_values_sql(monitor, relation, names, timestamp_sql, where_sql, with_window, reference_edges, reference_values=none) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- if monitor['distribution_statistics'] == 'profile' -%}
    {{ return(model_monitor.profile_values(monitor, relation, names, timestamp_sql, where_sql, with_window,
                                           model_monitor.profile_edges(monitor, reference_edges), reference_values)) }}
  {%- else -%}
    {{ return(model_monitor.feature_values(monitor, relation, names, timestamp_sql, where_sql, with_window)) }}
  {%- endif -%}
{% endmacro %}

{#- One categorical feature's capped window rows (see profile_values): the window's categories
    ranked against the stored reference's (reference_values, the monitor's current fixed or
    relation reference), named or folded into the two rest rows. -#}
{% macro capped_categories_sql(monitor, f, relation, column, window_sql, where_sql, reference_values) -%}
  {%- set collate = model_monitor.collate_binary -%}
    select window_start, {{ model_monitor.string_literal(f['name']) }} as feature_name, 'categorical' as feature_type,
           cast(null as {{ model_monitor.type_double() }}) as num_value,
           case when keep then cat_value end as cat_value,
           sum(value_count) as value_count,
           cast(case when keep then null when known then -1 else -2 end as {{ dbt.type_bigint() }}) as cell_index,
           cast(null as {{ model_monitor.type_double() }}) as value_min,
           cast(null as {{ model_monitor.type_double() }}) as value_max
    from (
      select window_start, cat_value, value_count, known,
             cat_value is null
             or (known and reference_rank <= {{ monitor['profile_categories'] }})
             or (not known and unseen_rank <= {{ monitor['top_k'] }}) as keep
      from (
        select w.window_start, w.cat_value, w.value_count,
               r.reference_rank is not null as known, r.reference_rank,
               row_number() over (partition by w.window_start, r.reference_rank is null
                                  order by w.value_count desc, {{ collate('w.cat_value') }}) as unseen_rank
        from (
          select {{ window_sql }} as window_start, cast({{ column }} as {{ dbt.type_string() }}) as cat_value,
                 count(*) as value_count
          from {{ relation }}
          {% if where_sql %}where {{ where_sql }}{% endif %}
          group by 1, 2
        ) as w
        left join (
          select cat_value,
                 row_number() over (order by sum(value_count) desc, {{ collate('cat_value') }}) as reference_rank
          from {{ reference_values }}
          where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
            and feature_name = {{ model_monitor.string_literal(f['name']) }}
            and feature_type = 'categorical' and cat_value is not null
            and {{ model_monitor.reference_period_filter(monitor, 'reference_start', 'reference_end') }}
          group by cat_value
        ) as r on r.cat_value = w.cat_value
      ) as ranked
    ) as kept
    group by window_start, case when keep then cat_value end,
             case when keep then null when known then -1 else -2 end
{%- endmacro %}

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
