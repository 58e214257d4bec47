{#- One row per monitor x window that has at least one breach: how many thresholds were breached
    (alert_count + warn_count = breach_count), over how many subjects and metrics, and the worst
    severity. The breaches themselves are the model_monitor__alerts rows of the same monitor and
    window (`model-monitor notify` lists them in its message). A view over model_monitor__alerts
    (small), so it always agrees with it. Engine-neutral: counts only, no ordered string
    aggregation (Spark's listagg ignores an order by). owner and response are the monitor's own
    (each breach's, which a rule may override, are on its alerts row). -#}
{{ config(materialized='view') }}
{%- set monitors = model_monitor.get_monitors() %}

select monitor_name,
       window_start,
       max(window_end) as window_end,
       cast(count(*) as {{ dbt.type_bigint() }}) as breach_count,
       cast(sum(case when severity = 'alert' then 1 else 0 end) as {{ dbt.type_bigint() }}) as alert_count,
       cast(sum(case when severity = 'warn' then 1 else 0 end) as {{ dbt.type_bigint() }}) as warn_count,
       cast(count(distinct subject) as {{ dbt.type_bigint() }}) as subject_count,
       cast(count(distinct metric_name) as {{ dbt.type_bigint() }}) as metric_count,
       case when sum(case when severity = 'alert' then 1 else 0 end) > 0 then 'alert' else 'warn' end
           as worst_severity,
       {{ model_monitor.alert_response_sql(monitors, 'owner', rules=false) }} as owner,
       {{ model_monitor.alert_response_sql(monitors, 'response', rules=false) }} as response
from {{ ref('model_monitor__alerts') }}
group by monitor_name, window_start
