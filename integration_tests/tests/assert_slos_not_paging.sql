{#- The SLO release gate, a singular test to copy into your project's tests/ folder: one failing
    row per SLO whose latest evaluation window in model_monitor__slos pages (or has no rows, or
    slo_status no_data: never a silent pass). `dbt test --select assert_slos_not_paging` then
    exits non-zero and stops the deploy. Add "or slo_status = 'ticket'" to gate on tickets too. -#}
{%- set configured = [] -%}
{%- for monitor in model_monitor.get_monitors() -%}
  {%- for slo in monitor['slos'] -%}
    {%- do configured.append((monitor['name'], slo['name'])) -%}
  {%- endfor -%}
{%- endfor -%}
with slos as (
  select * from {{ ref('model_monitor__slos') }}
),
configured as (
  {%- for monitor_name, slo_name in configured %}
  select {{ model_monitor.string_literal(monitor_name) }} as monitor_name, {{ model_monitor.string_literal(slo_name) }} as slo_name
  {% if not loop.last %}union all{% endif %}
  {%- else %}
  select monitor_name, slo_name from slos where 1 = 0
  {%- endfor %}
),
latest as (
  select monitor_name, slo_name, max(window_start) as window_start from slos group by 1, 2
),
checked as (
  select c.monitor_name, c.slo_name, l.window_start, coalesce(s.slo_status, 'no_data') as slo_status,
         s.short_burn_rate, s.long_burn_rate, s.error_budget_remaining
  from configured as c
  left join latest as l on l.monitor_name = c.monitor_name and l.slo_name = c.slo_name
  left join slos as s
    on s.monitor_name = l.monitor_name and s.slo_name = l.slo_name and s.window_start = l.window_start
)
select * from checked where slo_status in ('page', 'no_data')
