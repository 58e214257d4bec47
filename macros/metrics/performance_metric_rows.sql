{#- Performance per model version and segment slice, from model_monitor__performance. The subject
    is `version=<model_version>/segment=__all__` for the population and
    `version=<model_version>/segment=<segment_name>=<segment_value>` for a slice; the same three
    parts are also columns (model_version, segment_name, segment_value). -#}
{% macro performance_metric_rows(monitor, performance, start) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set names = model_monitor.monitor_performance_metrics(monitor) -%}
  {%- set entries = [] -%}
  {%- for name in names %}{% do entries.append((name, 'performance', 'any')) %}{% endfor -%}
  {%- set thresholds = monitor['thresholds'] -%}
  select p.monitor_name, p.window_start, p.window_end,
         {{ dbt.concat(["'version='", "coalesce(p.model_version, '__null__')", "'/segment='",
                        "case when p.segment_name = '__all__' then '__all__' else " ~ dbt.concat(["p.segment_name", "'='", "p.segment_value"]) ~ " end"]) }} as subject,
         m.metric_name, m.metric_group,
         case m.metric_name
           {%- for name in names %} when '{{ name }}' then cast(p.{{ name }} as {{ double }}){% endfor %}
         end as metric_value,
         {%- for level in ['warn', 'alert'] %}
         {%- set set_names = [] %}
         {%- for name in names if (thresholds.get(name) or {}).get(level) is not none %}{% do set_names.append(name) %}{% endfor %}
         {%- if set_names %}
         case m.metric_name
           {%- for name in set_names %} when '{{ name }}' then cast({{ thresholds[name][level] }} as {{ double }}){% endfor %}
         end as {{ level }}_threshold,
         {%- else %}
         cast(null as {{ double }}) as {{ level }}_threshold,
         {%- endif %}
         {%- endfor %}
         m.lower_is_worse,
         false as source_no_data, true as judged,
         cast(coalesce(p.model_version, '__null__') as {{ dbt.type_string() }}) as model_version,
         p.segment_name, p.segment_value
  from {{ performance }} as p
  cross join ({{ model_monitor.metric_list_sql(entries) }}) as m
  where p.monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  {%- if start is not none %} and p.window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
{%- endmacro %}
