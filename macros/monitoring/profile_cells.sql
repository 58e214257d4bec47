{#- The cell of a finite value `value` given a feature's sorted edges m_0 < ... < m_K (a list of
    {value, text, subdivisions}, see profile_edges): cell 0 below m_0; for each interval
    [m_j, m_j+1) (the last one unbounded) a cell for the edge itself, so a value the reference
    holds often (an atom: a tie, a round amount, its maximum) keeps a cell of its own, then the
    open interval cut into `subdivisions` equal-width cells. A binary search of nested CASEs over
    the edges, compared as exact double literals, then arithmetic inside the interval (clamped,
    so rounding never leaves it). A feature without edges has one cell. -#}
{% macro profile_cell_sql(value, edges) %}
  {%- if not edges -%}{{ return('0') }}{%- endif -%}
  {%- set offsets = [1] -%}
  {%- for e in edges -%}
    {%- do offsets.append(offsets[-1] + model_monitor.profile_interval_cells(edges, loop.index0)) -%}
  {%- endfor -%}
  {{ return(model_monitor.profile_cell_search(value, edges, offsets, -1, edges | length - 1)) }}
{% endmacro %}

{#- The cells of interval j: the edge's own cell, then its subdivisions when the interval is
    bounded with a finite, positive width, else 1. -#}
{% macro profile_interval_cells(edges, j) %}
  {{ return(1 + model_monitor.profile_open_cells(edges, j)) }}
{% endmacro %}

{% macro profile_open_cells(edges, j) %}
  {%- if j + 1 >= edges | length or edges[j]['subdivisions'] <= 1 -%}{{ return(1) }}{%- endif -%}
  {%- set width = edges[j + 1]['value'] - edges[j]['value'] -%}
  {%- if not (width > 0 and width < 1e308) -%}{{ return(1) }}{%- endif -%}
  {{ return(edges[j]['subdivisions']) }}
{% endmacro %}

{#- The search over intervals lo..hi (-1 is below m_0). -#}
{% macro profile_cell_search(value, edges, offsets, lo, hi) %}
  {%- if lo == hi -%}
    {{ return(model_monitor.profile_interval_cell(value, edges, offsets, lo)) }}
  {%- endif -%}
  {%- set mid = (lo + hi + 1) // 2 -%}
  {{ return('case when ' ~ value ~ ' >= ' ~ model_monitor.double_literal(edges[mid]['text']) ~ ' then '
            ~ model_monitor.profile_cell_search(value, edges, offsets, mid, hi) ~ ' else '
            ~ model_monitor.profile_cell_search(value, edges, offsets, lo, mid - 1) ~ ' end') }}
{% endmacro %}

{#- The cell of a value known to lie in interval j. -#}
{% macro profile_interval_cell(value, edges, offsets, j) %}
  {%- if j < 0 -%}{{ return('0') }}{%- endif -%}
  {%- set cells = model_monitor.profile_open_cells(edges, j) -%}
  {%- set edge = model_monitor.double_literal(edges[j]['text']) -%}
  {%- if cells == 1 -%}
    {%- set open = (offsets[j] + 1) | string -%}
  {%- else -%}
    {%- set scale = cells / (edges[j + 1]['value'] - edges[j]['value']) -%}
    {%- set open = (offsets[j] + 1) ~ ' + cast(least(floor((' ~ value ~ ' - ' ~ edge ~ ') * '
                   ~ model_monitor.double_literal(scale | string) ~ '), ' ~ (cells - 1) ~ ') as ' ~ dbt.type_bigint() ~ ')' -%}
  {%- endif -%}
  {{ return('case when ' ~ value ~ ' = ' ~ edge ~ ' then ' ~ offsets[j] ~ ' else ' ~ open ~ ' end') }}
{% endmacro %}

{#- A double constant from its decimal text, parsed by the engine (correctly rounded), never
    through a decimal type. -#}
{% macro double_literal(text) -%}
  cast('{{ text }}' as {{ model_monitor.type_double() }})
{%- endmacro %}

{#- The edges of each numeric feature of a profile monitor's reference, read from
    model_monitor__reference_edges when the model runs: {feature_name: [{value, text,
    subdivisions}, ...]} sorted by value. Empty at parse time. -#}
{% macro profile_edges(monitor, reference_edges) %}
  {%- set edges = {} -%}
  {%- if not execute or monitor['distribution_statistics'] != 'profile' -%}{{ return(edges) }}{%- endif -%}
  {#- `dbt compile` or `dbt docs generate` before the first build: no edges yet, one cell -#}
  {%- if adapter.get_relation(database=reference_edges.database, schema=reference_edges.schema,
                              identifier=reference_edges.identifier) is none -%}{{ return(edges) }}{%- endif -%}
  {%- set sql -%}
    select feature_name, edge_text, cell_subdivisions from {{ reference_edges }}
    where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
      and {{ model_monitor.reference_period_filter(monitor, 'reference_start', 'reference_end') }}
    order by feature_name, edge
  {%- endset -%}
  {%- for row in run_query(sql).rows -%}
    {%- do edges.setdefault(row[0], []).append({'value': row[1] | float, 'text': row[1], 'subdivisions': row[2] | int}) -%}
  {%- endfor -%}
  {{ return(edges) }}
{% endmacro %}
