{#- The categories a window has that its reference never had, by name: one row per monitor x
    categorical feature x window x new category, with its row count and rank (1 = most frequent).
    In the profile mode a window names its top_k most frequent new categories and counts the
    others in one row with category NULL (category_rank NULL); in the exact mode every new
    category is named. Their counts add up to the window's new_category_rate x row_count. A view
    over the bounded window values: nothing more is stored. -#}
{{ config(materialized='view') }}

{%- set blocks = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- set p = 'm' ~ loop.index0 ~ '_' -%}
  {%- set name = model_monitor.string_literal(monitor['name']) -%}
  {%- set trailing = monitor['reference']['kind'] == 'trailing_windows' -%}
  {%- set ctes -%}
    {{ p }}new_values as (
      select v.feature_name, v.window_start, v.cat_value as category, sum(v.value_count) as row_count
      from {{ ref('model_monitor__window_values') }} as v
      where v.monitor_name = {{ name }} and v.feature_type = 'categorical'
        and (v.cell_index = -2
             or (v.cell_index is null and v.cat_value is not null and not exists (
                   select 1 from {{ ref('model_monitor__reference_bins') }} as b
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
  {%- do blocks.append((p, ctes)) -%}
{%- endfor -%}
{{ model_monitor.union_monitor_results(blocks, model_monitor.yaml_empty_relation()) }}
