{#- The SQL of model_monitor__status, from the long metrics table and the SLO table.

    Subjects (subject_type): 'feature' (the drift and data_quality rows of a feature, the
    pseudo-features __score__ and __output_tokens__ included), 'performance' (one model version x
    segment slice, subject `version=<v>/segment=...`), 'freshness' (subject __monitor__),
    'operational' (the subjects of model_monitor__operational_metrics) and 'slo' (subject = the
    SLO's name: one metric, burn_rate = the smaller of the short and long burn rates, with the
    ticket and page burn rates as its warn and alert thresholds; page is alert, ticket is warn).

    A subject's status in a window is the worst status of its metrics there (alert > warn > ok;
    no_data only when every metric is no_data), as an SLO's window_status. The metric that set it
    is the first of the window's metrics with that status, preferring metrics with a threshold,
    then in the metric catalogue's order (the order drift_reason names breached rules in), then by
    name. The row shows the subject's latest window; status_since is the first window of the
    latest unbroken run of windows (among the subject's windows) with the latest status, and
    previous_status the status of the window before that run (NULL when the status never changed). -#}
{% macro status_sql(metrics, slos) -%}
  {%- set string = dbt.type_string() -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set slo_rows = [] -%}
  {%- for monitor in model_monitor.get_monitors() -%}
    {%- for slo in monitor['slos'] -%}{%- do slo_rows.append((monitor['name'], slo)) -%}{%- endfor -%}
  {%- endfor -%}
  {%- set order = model_monitor.metric_names() -%}
with status_metric_rows as (
  select monitor_name,
         cast(case when metric_group in ('drift', 'data_quality') then 'feature' else metric_group end as {{ string }}) as subject_type,
         subject, model_version, segment_name, segment_value, window_start, window_end,
         metric_name, metric_group, metric_value, warn_threshold, alert_threshold, status
  from {{ metrics }}
  {%- if slo_rows %}
  union all
  select monitor_name, cast('slo' as {{ string }}) as subject_type, slo_name as subject,
         cast(null as {{ string }}) as model_version, cast(null as {{ string }}) as segment_name,
         cast(null as {{ string }}) as segment_value, window_start, window_end,
         cast('burn_rate' as {{ string }}) as metric_name, cast('slo' as {{ string }}) as metric_group,
         case when short_burn_rate is null or long_burn_rate is null then null
              when short_burn_rate < long_burn_rate then short_burn_rate else long_burn_rate end as metric_value,
         {%- for level, setting in [('warn', 'ticket_burn_rate'), ('alert', 'page_burn_rate')] %}
         case
           {%- for monitor_name, slo in slo_rows %}
           when monitor_name = {{ model_monitor.string_literal(monitor_name) }} and slo_name = {{ model_monitor.string_literal(slo['name']) }} then cast({{ slo[setting] }} as {{ double }})
           {%- endfor %}
         end as {{ level }}_threshold,
         {%- endfor %}
         cast(case slo_status when 'page' then 'alert' when 'ticket' then 'warn' else slo_status end as {{ string }}) as status
  from {{ slos }}
  {%- endif %}
),
status_ranked as (
  select r.*,
         row_number() over (
           partition by monitor_name, subject_type, subject, window_start
           order by case status when 'alert' then 3 when 'warn' then 2 when 'ok' then 1 else 0 end desc,
                    case when warn_threshold is null and alert_threshold is null then 1 else 0 end,
                    case metric_name {%- for name in order %} when '{{ name }}' then {{ loop.index }}{% endfor %} else {{ order | length + 1 }} end,
                    metric_name) as metric_rank,
         sum(case when status in ('warn', 'alert') then 1 else 0 end) over (
           partition by monitor_name, subject_type, subject, window_start) as breached_metric_count
  from status_metric_rows as r
),
status_windows as (
  select s.*,
         row_number() over (partition by monitor_name, subject_type, subject order by window_start desc) as recency
  from status_ranked as s
  where metric_rank = 1
),
status_latest as (
  select * from status_windows where recency = 1
),
status_changes as (
  select l.monitor_name, l.subject_type, l.subject,
         max(case when w.status <> l.status then w.window_start end) as changed_before
  from status_latest as l
  join status_windows as w on {{ model_monitor.status_key_join('w', 'l') }}
  group by l.monitor_name, l.subject_type, l.subject
),
status_runs as (
  select c.monitor_name, c.subject_type, c.subject, c.changed_before,
         min(w.window_start) as status_since, count(*) as status_windows
  from status_changes as c
  join status_windows as w
    on {{ model_monitor.status_key_join('w', 'c') }} and (c.changed_before is null or w.window_start > c.changed_before)
  group by c.monitor_name, c.subject_type, c.subject, c.changed_before
)
select l.monitor_name, l.subject_type, l.subject, l.model_version, l.segment_name, l.segment_value,
       l.window_start, l.window_end, l.status, l.metric_name, l.metric_group, l.metric_value,
       case l.status when 'alert' then l.alert_threshold when 'warn' then l.warn_threshold end as threshold,
       l.warn_threshold, l.alert_threshold,
       cast(l.breached_metric_count as {{ dbt.type_bigint() }}) as breached_metric_count,
       r.status_since,
       cast(r.status_windows as {{ dbt.type_bigint() }}) as status_windows,
       p.status as previous_status
from status_latest as l
join status_runs as r on {{ model_monitor.status_key_join('r', 'l') }}
left join status_windows as p on {{ model_monitor.status_key_join('p', 'l') }} and p.window_start = r.changed_before
{%- endmacro %}

{#- The join of two relations of model_monitor__status's CTEs on the subject's key. -#}
{% macro status_key_join(left, right) -%}
  {%- for c in ['monitor_name', 'subject_type', 'subject'] %}{{ ' and ' if not loop.first }}{{ left }}.{{ c }} = {{ right }}.{{ c }}{% endfor -%}
{%- endmacro %}
