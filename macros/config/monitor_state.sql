{#- What a monitor's stored history depends on, as {key: text}: every configuration key whose
    change would leave windows computed two ways side by side in the incremental marts (the
    window, the reference, the features and their thresholds, bins, top_k, the profile keys,
    segments, outcomes, the decision threshold, the monitored columns, and whether the p-value
    UDFs are registered: windows built without them hold NULL p-values). Written once per run to
    model_monitor__monitor_state; compared by check_monitor_state_unchanged. -#}
{% macro monitor_state(monitor) %}
  {%- set reference = monitor['reference'] -%}
  {%- set state = {
        'window': monitor['window'],
        'reference': (reference['kind'] ~ ' ' ~ (reference.get('start') or '') ~ ' ' ~ (reference.get('end') or '')
                      ~ ' ' ~ (reference.get('windows') or '') ~ ' ' ~ (reference.get('relation') or '')) | trim
                     if reference.get('offsets', []) | length == (reference.get('windows') or 0)
                     else reference['setting'] ~ ': windows ' ~ reference['offsets'] | join(', ') ~ ' before',
        'features': monitor['features'] | map(attribute='name') | join(', '),
        'feature_types': monitor['features'] | map(attribute='type') | join(', '),
        'thresholds': monitor['features'] | map(attribute='thresholds') | list | tojson,
        'bins': monitor['bins'] | string, 'top_k': monitor['top_k'] | string,
        'distribution_statistics': monitor['distribution_statistics'],
        'profile_cells': monitor['profile_cells'] | string, 'profile_categories': monitor['profile_categories'] | string,
        'segments': monitor['segments'] | join(', '),
        'outcomes': 'none' if monitor['outcomes'] is none else (monitor['outcomes'] | dictsort | map('last') | map('string') | join(', ')),
        'decision_threshold': monitor['decision_threshold'] | string,
        'task': monitor['task'],
        'p_values': 'registered' if model_monitor.udfs_available() else 'not registered',
        'columns': [monitor['id_column'], monitor['timestamp_column'], monitor['score_column'],
                    monitor['model_version_column'], monitor['prediction_column']] | map('string') | join(', '),
  } -%}
  {#- recorded only when set (multiclass), so that histories built before it stay valid -#}
  {%- if monitor['classes'] -%}
    {%- set scored_by = 'the array ' ~ monitor['score_array_column'] if monitor['score_array_column']
                        else monitor['classes'] | map(attribute='score_column') | join(', ') -%}
    {%- do state.update({'classes': monitor['classes'] | map(attribute='label') | join(', ') ~ ' scored by ' ~ scored_by}) -%}
  {%- endif -%}
  {#- recorded only when set, so that a history built before drift_verdict existed stays valid -#}
  {%- if monitor['drift_verdict']['mode'] != 'any_rule' -%}
    {%- do state.update({'drift_verdict': monitor['drift_verdict']['mode'] ~ ' min_rows ' ~ monitor['drift_verdict']['min_rows']}) -%}
  {%- endif -%}
  {#- likewise: the versions expected and shadowing decide expected_version_share and version_role -#}
  {%- if monitor['expected_model_versions'] -%}
    {%- do state.update({'expected_model_version': monitor['expected_model_versions'] | join(', ')}) -%}
  {%- endif -%}
  {#- likewise: a calibration or an error model changes every est_* estimate -#}
  {%- if monitor['estimation']['calibration'] != 'none' -%}
    {%- do state.update({'estimation': monitor['estimation']['calibration'] ~ ' bins ' ~ monitor['estimation']['bins']}) -%}
  {%- elif monitor['estimation']['error_model'] != 'none' -%}
    {%- do state.update({'estimation': monitor['estimation']['error_model'] ~ ' bins ' ~ monitor['estimation']['bins']}) -%}
  {%- endif -%}
  {%- if monitor['shadow_model_versions'] -%}
    {%- do state.update({'shadow_model_versions': monitor['shadow_model_versions'] | join(', ')}) -%}
  {%- endif -%}
  {{ return(state) }}
{% endmacro %}

{#- In an incremental run: stop, naming the monitor, the keys that changed since the state
    model_monitor__monitor_state recorded (old -> new) and the command to rebuild, when a
    monitor's configuration changed, or a monitor was removed, since the last complete build.
    Nothing is recorded yet (first build, or state written before 0.2): no check. -#}
{% macro check_monitor_state_unchanged(monitors) %}
  {%- if not execute or not is_incremental() -%}{{ return('') }}{%- endif -%}
  {%- set stored = adapter.get_relation(database=this.database, schema=this.schema, identifier='model_monitor__monitor_state') -%}
  {%- if stored is none -%}{{ return('') }}{%- endif -%}
  {%- set previous = {} -%}
  {%- for row in run_query("select monitor_name, state_key, state_value from " ~ stored).rows -%}
    {%- do previous.setdefault(row[0], {}).update({row[1]: row[2]}) -%}
  {%- endfor -%}
  {%- set command = "Rebuild once with: dbt build --full-refresh --select package:model_monitor" -%}
  {%- for monitor in monitors if monitor['name'] in previous -%}
    {%- set current = model_monitor.monitor_state(monitor) -%}
    {%- set changed = [] -%}
    {%- for key, value in current | dictsort if previous[monitor['name']].get(key) != value -%}
      {%- set before = previous[monitor['name']].get(key) -%}
      {%- do changed.append(key ~ " (" ~ (before if before is not none else 'not recorded') ~ " -> " ~ value ~ ")") -%}
    {%- endfor -%}
    {%- for key, before in previous[monitor['name']] | dictsort if key not in current -%}
      {%- do changed.append(key ~ " (" ~ before ~ " -> not set)") -%}
    {%- endfor -%}
    {%- if changed -%}
      {{ model_monitor.config_error(monitor['name'], none, "changed since the last build: " ~ changed | join('; ')
           ~ ". An incremental run would keep windows computed before the change beside new ones. " ~ command) }}
    {%- endif -%}
  {%- endfor -%}
  {%- set names = monitors | map(attribute='name') | list -%}
  {%- for name in previous if name not in names -%}
    {{ model_monitor.config_error(name, none, "was removed from the model_monitor var, but the marts still hold its rows (drift, metrics, alerts). " ~ command) }}
  {%- endfor -%}
{% endmacro %}

{#- model_monitor__monitor_state's builder for for_each_monitor (a select): one monitor's recorded
    configuration, one literal row per key. -#}
{% macro monitor_state_select(p, monitor) %}
  {%- set rows = [] -%}
  {%- for key, value in model_monitor.monitor_state(monitor) | dictsort -%}
    {%- do rows.append("select " ~ model_monitor.string_literal(monitor['name']) ~ " as monitor_name, "
                       ~ model_monitor.string_literal(key) ~ " as state_key, "
                       ~ model_monitor.string_literal(value) ~ " as state_value") -%}
  {%- endfor -%}
  {{ return(rows | join('\nunion all\n') if rows else none) }}
{% endmacro %}
