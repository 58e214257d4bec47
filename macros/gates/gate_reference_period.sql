{#- The test's own `reference` argument, {start, end} (UTC, half-open), validated as the test's
    argument (not as a key of the monitor). -#}
{% macro gate_reference_period(test_name, reference) %}
  {%- if reference is not mapping or reference.keys() | list | sort != ['end', 'start'] -%}
    {{ model_monitor.gate_error(test_name, 'reference', "expected {start: 'YYYY-MM-DD[ HH:MM[:SS]]', end: ...}, got " ~ reference | string) }}
  {%- endif -%}
  {%- set bounds = {} -%}
  {%- for key in ['start', 'end'] -%}
    {%- set problem = model_monitor.utc_timestamp_problem(reference[key]) -%}
    {%- if problem -%}{{ model_monitor.gate_error(test_name, 'reference.' ~ key, problem) }}{%- endif -%}
    {%- do bounds.update({key: modules.datetime.datetime.fromisoformat((reference[key] | string).replace('T', ' '))}) -%}
  {%- endfor -%}
  {%- if bounds['start'] >= bounds['end'] -%}
    {{ model_monitor.gate_error(test_name, 'reference', "start (" ~ bounds['start'] ~ ") must be before end (" ~ bounds['end'] ~ ")") }}
  {%- endif -%}
  {{ return({'kind': 'period', 'start': bounds['start'], 'end': bounds['end']}) }}
{% endmacro %}
