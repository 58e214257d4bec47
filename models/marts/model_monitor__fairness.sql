{#- Fairness by segment, one row per monitor x model_version x window x segment value x metric:
    the segment's value, the whole population's ('__all__'), their gap, and for the positive
    prediction rate the ratio to the best-served value of the segment (disparate impact). -#}
with performance as (
  select * from {{ ref('model_monitor__performance') }}
),
long_format as (
  {%- for metric in model_monitor.performance_metric_names() %}
  select s.monitor_name, s.model_version, s.window_start, s.window_end, s.segment_name, s.segment_value,
         '{{ metric }}' as metric_name,
         s.{{ metric }} as metric_value,
         overall.{{ metric }} as overall_value,
         s.{{ metric }} - overall.{{ metric }} as gap_to_overall
  from performance as s
  join performance as overall
    on overall.monitor_name = s.monitor_name and overall.model_version = s.model_version
   and overall.window_start = s.window_start and overall.segment_name = '__all__'
  where s.segment_name <> '__all__' and s.{{ metric }} is not null
  {% if not loop.last %}union all{% endif %}
  {%- endfor %}
)
select long_format.*,
       case when metric_name = 'positive_prediction_rate'
            then metric_value / nullif(max(metric_value) over (
                   partition by monitor_name, model_version, window_start, segment_name, metric_name), 0)
       end as ratio_to_best
from long_format
