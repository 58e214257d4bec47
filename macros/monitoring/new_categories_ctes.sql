{#- One monitor's new categories (model_monitor__new_categories) as CTEs ending in `<p>result`,
    from the stored window values and the reference bins. -#}
{% macro new_categories_ctes(p, monitor, window_values, reference_bins) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set name = model_monitor.string_literal(monitor['name']) -%}
  {%- set trailing = monitor['reference']['kind'] == 'trailing_windows' -%}
  {%- set ctes -%}
    {{ p }}new_values as (
      select v.feature_name, v.window_start, v.cat_value as category, sum(v.value_count) as row_count
      from {{ window_values }} as v
      where v.monitor_name = {{ name }} and v.feature_type = 'categorical'
        and (v.cell_index = -2
             or (v.cell_index is null and v.cat_value is not null and not exists (
                   select 1 from {{ reference_bins }} as b
                   where b.monitor_name = {{ name }} and b.feature_name = v.feature_name
                     and b.category = v.cat_value
                     and {{ "b.reference_end = v.window_start" if trailing
                            else model_monitor.reference_period_filter(monitor, 'b.reference_start', 'b.reference_end') }})))
      group by 1, 2, 3
    ),
    {{ p }}result as (
      select {{ name }} as monitor_name, feature_name, window_start,
             cast({{ model_monitor.add_windows(monitor['window'], 1, 'window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
             category, cast(row_count as {{ dbt.type_bigint() }}) as row_count,
             case when category is not null then row_number() over (
                    partition by feature_name, window_start, category is null
                    order by row_count desc, {{ model_monitor.collate_binary('category') }}) end as category_rank
      from {{ p }}new_values
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}
