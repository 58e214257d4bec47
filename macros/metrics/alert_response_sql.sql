{#- A `case` expression giving each alert row (columns monitor_name, subject, metric_name) its
    `owner` or `response` (`field`): the feature's own rule (features[i].thresholds.<metric>) first,
    then the monitor's rule (thresholds.<metric>), then the monitor's own value; NULL when none is
    configured. With rules=false, only the monitor's own value (for rows without a metric, like the
    digest's). The texts are configuration values written as escaped string literals. -#}
{% macro alert_response_sql(monitors, field, rules=true) %}
  {%- set branches = [] -%}
  {%- for monitor in monitors -%}
    {%- set m = "monitor_name = " ~ model_monitor.string_literal(monitor['name']) -%}
    {%- for f in monitor['features'] if rules -%}
      {%- for metric, responses in f['responses'].items() if responses[field] is not none -%}
        {%- do branches.append("when " ~ m ~ " and subject = " ~ model_monitor.string_literal(f['name'])
                               ~ " and metric_name = " ~ model_monitor.string_literal(metric)
                               ~ " then " ~ model_monitor.string_literal(responses[field])) -%}
      {%- endfor -%}
    {%- endfor -%}
    {%- for metric, responses in monitor['responses'].items() if rules and responses[field] is not none -%}
      {%- do branches.append("when " ~ m ~ " and metric_name = " ~ model_monitor.string_literal(metric)
                             ~ " then " ~ model_monitor.string_literal(responses[field])) -%}
    {%- endfor -%}
    {%- if monitor[field] is not none -%}
      {%- do branches.append("when " ~ m ~ " then " ~ model_monitor.string_literal(monitor[field])) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if branches -%}
    {{- return("cast(case " ~ branches | join(" ") ~ " end as " ~ dbt.type_string() ~ ")") -}}
  {%- endif -%}
  {{- return("cast(null as " ~ dbt.type_string() ~ ")") -}}
{% endmacro %}
