{#- The monitor keys naming optional operational columns (latency, cost, LLM tokens, prompt version). -#}
{% macro operational_column_keys() %}
  {{ return(['latency_ms_column', 'cost_column', 'input_tokens_column', 'output_tokens_column',
             'prompt_version_column']) }}
{% endmacro %}

{#- The monitor's service level objectives: a list of {name, objective, period_windows,
    short_windows, long_windows, page_burn_rate, ticket_burn_rate, no_data, metrics}, validated, with the
    defaults of defaults()['slo'] filled in. Absent means no SLOs. -#}
{% macro normalize_slos(raw, monitor_name) %}
  {%- if raw is none -%}{{ return([]) }}{%- endif -%}
  {%- if raw is string or raw is mapping or raw is not iterable -%}
    {{ model_monitor.config_error(monitor_name, 'slos', "expected a list of {name, objective, ...}, got " ~ raw | string) }}
  {%- endif -%}
  {%- set defaults = model_monitor.defaults()['slo'] -%}
  {%- set slos = [] -%}
  {%- set names = [] -%}
  {%- for entry in raw -%}
    {%- set path = 'slos[' ~ loop.index0 ~ ']' -%}
    {{ model_monitor.check_keys(entry, ['name', 'objective'], (defaults.keys() | list) + ['metrics'], monitor_name, path) }}
    {%- set name = entry['name'] -%}
    {%- if name is not string or not modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', name) -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.name', "expected an identifier of letters, digits and underscores, got '" ~ name ~ "'") }}
    {%- endif -%}
    {%- if name in names -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.name', "two SLOs are named '" ~ name ~ "': SLO names must be unique per monitor") }}
    {%- endif -%}
    {%- do names.append(name) -%}
    {%- set objective = entry['objective'] -%}
    {%- if objective is not number or objective is sameas true or objective is sameas false
          or objective <= 0 or objective >= 1 -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.objective', "expected a number strictly between 0 and 1 (the share of windows that must be ok, e.g. 0.99), got " ~ objective | string) }}
    {%- endif -%}
    {%- set slo = {'name': name, 'objective': objective} -%}
    {%- for key in ['period_windows', 'short_windows', 'long_windows'] -%}
      {%- set value = entry.get(key, defaults[key]) -%}
      {%- if value is not integer or value is sameas true or value is sameas false or value < 1 -%}
        {{ model_monitor.config_error(monitor_name, path ~ '.' ~ key, "expected a whole number of windows >= 1, got " ~ value | string) }}
      {%- endif -%}
      {%- do slo.update({key: value}) -%}
    {%- endfor -%}
    {%- if not (slo['short_windows'] < slo['long_windows'] <= slo['period_windows']) -%}
      {{ model_monitor.config_error(monitor_name, path, "expected short_windows < long_windows <= period_windows, got " ~ slo['short_windows'] ~ ", " ~ slo['long_windows'] ~ ", " ~ slo['period_windows']) }}
    {%- endif -%}
    {%- for key in ['page_burn_rate', 'ticket_burn_rate'] -%}
      {%- set value = entry.get(key, defaults[key]) -%}
      {%- if value is not number or value is sameas true or value is sameas false or value <= 0 -%}
        {{ model_monitor.config_error(monitor_name, path ~ '.' ~ key, "expected a number > 0, got " ~ value | string) }}
      {%- endif -%}
      {%- do slo.update({key: value}) -%}
    {%- endfor -%}
    {%- if slo['ticket_burn_rate'] > slo['page_burn_rate'] -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.ticket_burn_rate', "ticket_burn_rate (" ~ slo['ticket_burn_rate'] ~ ") must not exceed page_burn_rate (" ~ slo['page_burn_rate'] ~ ")") }}
    {%- endif -%}
    {%- set no_data = entry.get('no_data', defaults['no_data']) -%}
    {%- if no_data not in ['bad', 'good', 'ignore'] -%}
      {{ model_monitor.config_error(monitor_name, path ~ '.no_data', "expected bad, good or ignore (how a window without data counts), got '" ~ no_data ~ "'") }}
    {%- endif -%}
    {%- do slo.update({'no_data': no_data, 'metrics': model_monitor.normalize_slo_metrics(entry.get('metrics'), monitor_name, path ~ '.metrics')}) -%}
    {%- do slos.append(slo) -%}
  {%- endfor -%}
  {{ return(slos) }}
{% endmacro %}

{#- The optional metric names an SLO looks at (none: every metric of the monitor); each must be a
    metric that can breach a threshold. -#}
{% macro normalize_slo_metrics(raw, monitor_name, path) %}
  {%- if raw is none -%}{{ return(none) }}{%- endif -%}
  {%- if raw is string or raw is mapping or raw is not iterable or raw | length == 0 -%}
    {{ model_monitor.config_error(monitor_name, path, "expected a non-empty list of metric names, got " ~ raw | string) }}
  {%- endif -%}
  {%- set known = model_monitor.drift_threshold_metrics() + model_monitor.operational_threshold_metrics()
                  + model_monitor.performance_threshold_metrics() + model_monitor.freshness_threshold_metrics() -%}
  {%- for name in raw if name not in known -%}
    {%- set suggestion = model_monitor.closest_match(name | string, known) -%}
    {%- set hint = " (did you mean '" ~ suggestion ~ "'?)" if suggestion else "" -%}
    {{ model_monitor.config_error(monitor_name, path, "metric '" ~ name ~ "' is not computed with thresholds" ~ hint ~ ". Metrics: " ~ known | join(", ")) }}
  {%- endfor -%}
  {{ return(raw | list) }}
{% endmacro %}
