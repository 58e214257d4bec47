{#- The monitor's reference as {kind: period|relation|trailing_windows, ...}; exactly one kind. -#}
{% macro normalize_reference(raw, monitor_name, resolve_relations) %}
  {{ model_monitor.check_keys(raw, [], ['start', 'end', 'relation', 'trailing_windows'], monitor_name, 'reference') }}
  {%- set kinds = [] -%}
  {%- if 'start' in raw or 'end' in raw -%}{%- do kinds.append('start/end') -%}{%- endif -%}
  {%- if 'relation' in raw -%}{%- do kinds.append('relation') -%}{%- endif -%}
  {%- if 'trailing_windows' in raw -%}{%- do kinds.append('trailing_windows') -%}{%- endif -%}
  {%- if kinds | length != 1 -%}
    {{ model_monitor.config_error(monitor_name, 'reference', "expected exactly one of start/end, relation or trailing_windows, got " ~ (kinds | join(' and ') if kinds else 'none')) }}
  {%- endif -%}
  {%- if kinds[0] == 'start/end' -%}
    {%- set bounds = {} -%}
    {%- for key in ['start', 'end'] -%}
      {%- if raw.get(key) is none -%}
        {{ model_monitor.config_error(monitor_name, 'reference.' ~ key, "required key is missing (a fixed reference period needs both start and end)") }}
      {%- endif -%}
      {%- do bounds.update({key: model_monitor.parse_utc_timestamp(raw[key], monitor_name, 'reference.' ~ key)}) -%}
    {%- endfor -%}
    {%- if bounds['start'] >= bounds['end'] -%}
      {{ model_monitor.config_error(monitor_name, 'reference', "start (" ~ bounds['start'] ~ ") must be before end (" ~ bounds['end'] ~ ")") }}
    {%- endif -%}
    {{ return({'kind': 'period', 'start': bounds['start'], 'end': bounds['end']}) }}
  {%- elif kinds[0] == 'relation' -%}
    {{ return({'kind': 'relation', 'relation': model_monitor.resolve_relation(raw['relation'], monitor_name, 'reference.relation', resolve_relations)}) }}
  {%- else -%}
    {%- set n = raw['trailing_windows'] -%}
    {%- if n is not integer or n is sameas true or n is sameas false or n < 1 -%}
      {{ model_monitor.config_error(monitor_name, 'reference.trailing_windows', "expected a whole number of windows >= 1, got " ~ n | string) }}
    {%- endif -%}
    {{ return({'kind': 'trailing_windows', 'windows': n}) }}
  {%- endif -%}
{% endmacro %}
