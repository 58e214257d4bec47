{#- One SLO of one monitor as CTEs ending in `<p>result`: per evaluation window, the good and
    counted windows of the trailing period, the error budget left and the short and long burn
    rates, and slo_status (page, ticket, ok, no_data). Definitions in docs/freshness-slos-alerts.md. -#}
{% macro slo_ctes(p, monitor, slo, metrics) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set double = model_monitor.type_double() -%}
  {#- the error budget, the share of windows allowed to be bad; the same float64 as Python's 1 - objective -#}
  {%- set budget = "cast(" ~ (1 - slo['objective']) ~ " as " ~ double ~ ")" -%}
  {%- set good = {'bad': '0', 'good': '1', 'ignore': 'null'}[slo['no_data']] -%}
  {%- set ctes -%}
    {{ p }}windows as (
      select window_start, window_end, window_status,
             case window_status when 'ok' then 1 when 'no_data' then {{ good }} else 0 end as is_good
      from ({{ model_monitor.slo_window_statuses_sql(metrics, monitor, slo['metrics']) }}) as statuses
    ),
    {{ p }}counts as (
      select e.window_start, e.window_end, e.window_status,
             {%- for name, n in [('period', slo['period_windows']), ('short', slo['short_windows']), ('long', slo['long_windows'])] %}
             {%- set inside = "v.window_start > " ~ model_monitor.add_windows(monitor['window'], -n, 'e.window_start') %}
             count(case when {{ inside }} then v.is_good end) as {{ name }}_total,
             sum(case when {{ inside }} then 1 - v.is_good end) as {{ name }}_bad{{ "," if not loop.last }}
             {%- endfor %}
      from {{ p }}windows as e
      join {{ p }}windows as v
        on v.window_start <= e.window_start
       and v.window_start > {{ model_monitor.add_windows(monitor['window'], -slo['period_windows'], 'e.window_start') }}
      group by 1, 2, 3
    ),
    {{ p }}rates as (
      select c.*,
             cast(short_bad as {{ double }}) / nullif(short_total, 0) / {{ budget }} as short_burn_rate,
             cast(long_bad as {{ double }}) / nullif(long_total, 0) / {{ budget }} as long_burn_rate
      from {{ p }}counts as c
    ),
    {{ p }}result as (
      select cast({{ model_monitor.string_literal(monitor['name']) }} as {{ dbt.type_string() }}) as monitor_name,
             cast({{ model_monitor.string_literal(slo['name']) }} as {{ dbt.type_string() }}) as slo_name,
             window_start, window_end,
             cast(window_status as {{ dbt.type_string() }}) as window_status,
             cast({{ slo['objective'] }} as {{ double }}) as objective,
             {%- for key in ['period_windows', 'short_windows', 'long_windows'] %}
             cast({{ slo[key] }} as {{ dbt.type_bigint() }}) as {{ key }},
             {%- endfor %}
             cast(period_total - period_bad as {{ dbt.type_bigint() }}) as good_windows,
             cast(period_total as {{ dbt.type_bigint() }}) as total_windows,
             cast(period_total - period_bad as {{ double }}) / nullif(period_total, 0) as sli,
             1 - cast(period_bad as {{ double }}) / nullif(period_total * {{ budget }}, 0) as error_budget_remaining,
             short_burn_rate, long_burn_rate,
             cast(case when short_burn_rate is null or long_burn_rate is null then 'no_data'
                       when short_burn_rate > {{ slo['page_burn_rate'] }} and long_burn_rate > {{ slo['page_burn_rate'] }} then 'page'
                       when short_burn_rate > {{ slo['ticket_burn_rate'] }} and long_burn_rate > {{ slo['ticket_burn_rate'] }} then 'ticket'
                       else 'ok' end as {{ dbt.type_string() }}) as slo_status
      from {{ p }}rates
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

