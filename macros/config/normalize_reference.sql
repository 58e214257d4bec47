{#- The monitor's reference as {kind: period|relation|trailing_windows, ...}; exactly one kind.
    The moving references are all of kind trailing_windows, with `offsets`: the windows before
    each window whose values are summed into its reference (1 = the window just before), and
    `windows`, the largest offset (how far back a reference reaches):
      trailing_windows: N / previous_windows: N   offsets 1..N (the N windows just before)
      same_weekday_windows: N                     the same weekday in the N weeks before: day
                                                  windows 7, 14, .., 7N; hour windows 168, .., 168N
                                                  (same weekday and hour of day, UTC)
      same_hour_windows: N                        hour windows only: the same hour of day in the N
                                                  days before, 24, 48, .., 24N -#}
{% macro normalize_reference(raw, monitor_name, resolve_relations, window) %}
  {%- set moving = model_monitor.moving_reference_keys() -%}
  {{ model_monitor.check_keys(raw, [], ['start', 'end', 'relation'] + moving, monitor_name, 'reference') }}
  {%- set kinds = [] -%}
  {%- if 'start' in raw or 'end' in raw -%}{%- do kinds.append('start/end') -%}{%- endif -%}
  {%- if 'relation' in raw -%}{%- do kinds.append('relation') -%}{%- endif -%}
  {%- for key in moving if key in raw -%}{%- do kinds.append(key) -%}{%- endfor -%}
  {%- if kinds | length != 1 -%}
    {{ model_monitor.config_error(monitor_name, 'reference', "expected exactly one of start/end, relation, " ~ moving | join(', ') ~ ", got " ~ (kinds | join(' and ') if kinds else 'none')) }}
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
    {%- set key = kinds[0] -%}
    {%- set n = raw[key] -%}
    {%- if n is not integer or n is sameas true or n is sameas false or n < 1 -%}
      {{ model_monitor.config_error(monitor_name, 'reference.' ~ key, "expected a whole number of windows >= 1, got " ~ n | string) }}
    {%- endif -%}
    {%- set steps = {'trailing_windows': {'hour': 1, 'day': 1, 'week': 1},
                     'previous_windows': {'hour': 1, 'day': 1, 'week': 1},
                     'same_weekday_windows': {'hour': 168, 'day': 7},
                     'same_hour_windows': {'hour': 24}}[key] -%}
    {%- if window not in steps -%}
      {{ model_monitor.config_error(monitor_name, 'reference.' ~ key, "needs " ~ (steps.keys() | list | join(' or ')) ~ " windows; this monitor's window is " ~ window) }}
    {%- endif -%}
    {%- set step = steps[window] -%}
    {%- set offsets = [] -%}
    {%- for i in range(1, n + 1) -%}
      {%- if step == 1 -%}{%- do offsets.append(i) -%}{%- else -%}{%- do offsets.append(i * step) -%}{%- endif -%}
    {%- endfor -%}
    {{ return({'kind': 'trailing_windows', 'windows': offsets | max, 'offsets': offsets, 'setting': key}) }}
  {%- endif -%}
{% endmacro %}

{#- The keys of a reference that moves with every window (see normalize_reference). -#}
{% macro moving_reference_keys() %}
  {{ return(['trailing_windows', 'previous_windows', 'same_weekday_windows', 'same_hour_windows']) }}
{% endmacro %}

{#- SQL: the window starting at `value_sql` is in the moving reference of the window starting at
    `target_sql`: one of its offsets (a range when they are 1..N, else a list). -#}
{% macro moving_reference_match(monitor, value_sql, target_sql) -%}
  {%- set reference = monitor['reference'] -%}
  {%- if reference['offsets'] | length == reference['windows'] -%}
    {{ value_sql }} >= {{ model_monitor.add_windows(monitor['window'], -reference['windows'], target_sql) }}
    and {{ value_sql }} < {{ target_sql }}
  {%- else -%}
    {{ value_sql }} in ({% for k in reference['offsets'] %}{{ model_monitor.add_windows(monitor['window'], -k, target_sql) }}{{ ", " if not loop.last }}{% endfor %})
  {%- endif -%}
{%- endmacro %}
