{#- The cells of a feature given its sorted edges m_0 < ... < m_K (a list of {value, text,
    subdivisions}, see profile_edges): cell 0 below m_0; for each interval [m_j, m_j+1) (the last
    one unbounded) a cell for the edge itself, so a value the reference holds often (an atom: a
    tie, a round amount, its maximum) keeps a cell of its own, then the open interval cut into
    `subdivisions` equal-width cells. A value finds its interval j with a binary search of nested
    CASEs over the edges (compared as exact double literals, profile_interval_sql), then its cell
    by arithmetic with interval j's row of a small literal table (profile_interval_table: edge,
    scale, first cell, open cells; clamped, so rounding never leaves the interval). Searching
    for j alone and joining the table costs a third of a search whose leaves hold the arithmetic.
    A feature without edges has one cell. -#}
{% macro profile_interval_sql(value, edges) %}
  {%- if not edges -%}{{ return('-1') }}{%- endif -%}
  {{ return(model_monitor.profile_interval_search(value, edges, -1, edges | length - 1)) }}
{% endmacro %}

{#- The search over intervals lo..hi (-1 is below m_0). -#}
{% macro profile_interval_search(value, edges, lo, hi) %}
  {%- if lo == hi -%}{{ return(lo | string) }}{%- endif -%}
  {%- set mid = (lo + hi + 1) // 2 -%}
  {{ return('case when ' ~ value ~ ' >= ' ~ model_monitor.double_literal(edges[mid]['text']) ~ ' then '
            ~ model_monitor.profile_interval_search(value, edges, mid, hi) ~ ' else '
            ~ model_monitor.profile_interval_search(value, edges, lo, mid - 1) ~ ' end') }}
{% endmacro %}

{#- One row per interval j = -1..K of a feature: interval_index, interval_edge, cell_scale (open
    cells per unit), first_cell (the edge's own cell), open_cells; as a relation for a join. -#}
{% macro profile_interval_table(edges) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set rows = ['select -1 as interval_index, cast(null as ' ~ double ~ ') as interval_edge, cast(null as ' ~ double
                  ~ ') as cell_scale, 0 as first_cell, 1 as open_cells'] -%}
  {%- set first = namespace(cell=1) -%}
  {%- for e in edges -%}
    {%- set j = loop.index0 -%}
    {%- set cells = model_monitor.profile_open_cells(edges, j) -%}
    {%- set scale = model_monitor.double_literal((cells / (edges[j + 1]['value'] - edges[j]['value'])) | string)
                    if cells > 1 else 'cast(null as ' ~ double ~ ')' -%}
    {%- do rows.append('select ' ~ j ~ ', ' ~ model_monitor.double_literal(e['text']) ~ ', ' ~ scale ~ ', '
                       ~ first.cell ~ ', ' ~ cells) -%}
    {%- set first.cell = first.cell + 1 + cells -%}
  {%- endfor -%}
  {{ return(rows | join(' union all ')) }}
{% endmacro %}

{#- The cell of `value` in interval row `k` (profile_interval_table) it was found in. -#}
{% macro profile_cell_from_interval(value, k) -%}
  case when {{ k }}.interval_index < 0 then 0
       when {{ value }} = {{ k }}.interval_edge then {{ k }}.first_cell
       when {{ k }}.open_cells = 1 then {{ k }}.first_cell + 1
       else {{ k }}.first_cell + 1 + cast(least(floor(({{ value }} - {{ k }}.interval_edge) * {{ k }}.cell_scale), {{ k }}.open_cells - 1) as {{ dbt.type_bigint() }})
  end
{%- endmacro %}

{#- The open cells of interval j: its subdivisions when the interval is bounded with a finite,
    positive width, else 1. -#}
{% macro profile_open_cells(edges, j) %}
  {%- if j + 1 >= edges | length or edges[j]['subdivisions'] <= 1 -%}{{ return(1) }}{%- endif -%}
  {%- set width = edges[j + 1]['value'] - edges[j]['value'] -%}
  {%- if not (width > 0 and width < 1e308) -%}{{ return(1) }}{%- endif -%}
  {{ return(edges[j]['subdivisions']) }}
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
