{#- One monitor of the `model_monitor` var, validated and with defaults filled in. -#}
{% macro normalize_monitor(raw, position, resolve_relations) %}
  {%- set name = raw.get('name') if raw is mapping else none -%}
  {%- set label = name if name is not none else '#' ~ position -%}
  {%- set keys = model_monitor.monitor_keys() -%}
  {%- if raw is mapping -%}{{ model_monitor.check_distribution_statistics(raw, label) }}{%- endif -%}
  {{ model_monitor.check_keys(raw, keys['required'], keys['optional'], label, none) }}
  {%- if name is not string or not modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', name) -%}
    {{ model_monitor.config_error(label, 'name', "expected an identifier of letters, digits and underscores, got '" ~ name ~ "'") }}
  {%- endif -%}
  {%- set defaults = model_monitor.defaults() -%}

  {%- if raw['task'] not in ['binary_classification', 'regression', 'multiclass_classification'] -%}
    {{ model_monitor.config_error(name, 'task', "expected binary_classification, regression or multiclass_classification, got '" ~ raw['task'] ~ "'") }}
  {%- endif -%}
  {#- one score column, or (multiclass) one per class under `classes` -#}
  {%- if raw['task'] == 'multiclass_classification' and raw.get('score_column') is not none -%}
    {{ model_monitor.config_error(name, 'score_column', "task multiclass_classification takes one score column per class, under classes: [{label: ..., score_column: ...}], or one array of scores in score_array_column") }}
  {%- elif raw['task'] != 'multiclass_classification' and raw.get('score_array_column') is not none -%}
    {{ model_monitor.config_error(name, 'score_array_column', "is only read by task multiclass_classification; task " ~ raw['task'] ~ " takes score_column") }}
  {%- elif raw['task'] != 'multiclass_classification' and raw.get('score_column') is none -%}
    {{ model_monitor.config_error(name, 'score_column', "required key is missing") }}
  {%- endif -%}
  {%- if raw['window'] not in ['hour', 'day', 'week'] -%}
    {{ model_monitor.config_error(name, 'window', "expected hour, day or week, got '" ~ raw['window'] ~ "'") }}
  {%- endif -%}
  {%- for key in ['id_column', 'timestamp_column', 'score_column', 'score_array_column', 'model_version_column', 'prediction_column'] + model_monitor.operational_column_keys() -%}
    {%- if raw.get(key) is not none and (raw[key] is not string or raw[key] | trim == '') -%}
      {{ model_monitor.config_error(name, key, "expected a column name, got " ~ raw[key] | string) }}
    {%- endif -%}
  {%- endfor -%}
  {%- set settings = {} -%}
  {%- for key, minimum in [('bins', 2), ('top_k', 1), ('lookback_windows', 0), ('profile_cells', 16),
                           ('profile_categories', 1), ('outcome_lookback_days', 0)] -%}
    {%- set value = raw.get(key, defaults[key]) -%}
    {%- if value is not integer or value is sameas true or value is sameas false or value < minimum -%}
      {{ model_monitor.config_error(name, key, "expected a whole number >= " ~ minimum ~ ", got " ~ value | string) }}
    {%- endif -%}
    {%- do settings.update({key: value}) -%}
  {%- endfor -%}
  {%- if 'profile_categories' not in raw -%}
    {%- do settings.update({'profile_categories': [settings['profile_categories'], settings['top_k']] | max}) -%}
  {%- elif settings['profile_categories'] < settings['top_k'] -%}
    {{ model_monitor.config_error(name, 'profile_categories', "expected a whole number >= top_k (" ~ settings['top_k'] ~ "): the top_k categories of the histograms keep their names in every window, got " ~ settings['profile_categories']) }}
  {%- endif -%}
  {%- set decision_threshold = raw.get('decision_threshold', defaults['decision_threshold']) -%}
  {%- if decision_threshold is not number or decision_threshold is sameas true or decision_threshold is sameas false
        or decision_threshold < 0 or decision_threshold > 1 -%}
    {{ model_monitor.config_error(name, 'decision_threshold', "expected a number in [0, 1], got " ~ decision_threshold | string) }}
  {%- endif -%}
  {%- set segments = raw.get('segments') or [] -%}
  {%- if segments is string or segments is mapping or segments is not iterable -%}
    {{ model_monitor.config_error(name, 'segments', "expected a list of column names, got " ~ segments | string) }}
  {%- endif -%}

  {%- set thresholds = model_monitor.normalize_thresholds(raw.get('thresholds'), defaults['thresholds'], name, 'thresholds') -%}
  {%- set monitor = {
      'name': name,
      'relation': model_monitor.resolve_relation(raw['predictions'], name, 'predictions', resolve_relations),
      'id_column': raw['id_column'],
      'timestamp_column': raw['timestamp_column'],
      'model_version_column': raw.get('model_version_column'),
      'task': raw['task'],
      'score_column': raw.get('score_column'),
      'score_array_column': raw.get('score_array_column'),
      'classes': model_monitor.normalize_classes(raw.get('classes'), name, raw['task'], raw.get('score_array_column') is not none),
      'prediction_column': raw.get('prediction_column'),
      'features': model_monitor.normalize_features(raw['features'], thresholds, name),
      'segments': segments | list,
      'window': raw['window'],
      'reference': model_monitor.normalize_reference(raw['reference'], name, resolve_relations, raw['window']),
      'outcomes': model_monitor.normalize_outcomes(raw.get('outcomes'), name, resolve_relations),
      'thresholds': thresholds,
      'bins': settings['bins'],
      'top_k': settings['top_k'],
      'lookback_windows': settings['lookback_windows'],
      'distribution_statistics': model_monitor.distribution_statistics_mode(raw),
      'profile_cells': settings['profile_cells'],
      'profile_categories': settings['profile_categories'],
      'outcome_lookback_days': settings['outcome_lookback_days'],
      'decision_threshold': decision_threshold,
      'slos': model_monitor.normalize_slos(raw.get('slos'), name),
      'drift_verdict': model_monitor.normalize_drift_verdict(raw.get('drift_verdict'), name),
      'responses': model_monitor.rule_responses(raw.get('thresholds'), name, 'thresholds'),
  } -%}
  {%- do monitor.update({'estimation': model_monitor.normalize_estimation(raw.get('estimation'), name, monitor['task'], monitor['outcomes'], monitor['reference'])}) -%}
  {%- do monitor.update(model_monitor.normalize_responses(raw, name, none)) -%}
  {%- do monitor.update(model_monitor.normalize_model_versions(raw, name)) -%}
  {%- for key in model_monitor.operational_column_keys() -%}
    {%- do monitor.update({key: raw.get(key)}) -%}
  {%- endfor -%}
  {#- Prediction drift: the score is monitored like a numeric feature named __score__, except
      against a reference relation (a training set need not have scores). -#}
  {%- if monitor['reference']['kind'] != 'relation' -%}
    {%- if monitor['classes'] is none -%}
    {%- do monitor['features'].append({'name': '__score__', 'column': monitor['score_column'], 'type': 'numeric',
                                       'index': monitor['features'] | length, 'thresholds': thresholds, 'responses': {}, 'derived': true}) -%}
    {%- else -%}
    {#- multiclass: each class's score as __score__:<label>, and the predicted class (when a
        column holds it) as the categorical __predicted_class__ -#}
    {%- for class in monitor['classes'] -%}
      {%- do monitor['features'].append({'name': '__score__:' ~ class['label'], 'column': class['score_column'], 'type': 'numeric',
                                         'index': monitor['features'] | length, 'thresholds': thresholds, 'responses': {}, 'derived': true,
                                         'class': class}) -%}
    {%- endfor -%}
    {%- if monitor['prediction_column'] -%}
      {%- do monitor['features'].append({'name': '__predicted_class__', 'column': monitor['prediction_column'], 'type': 'categorical',
                                         'index': monitor['features'] | length, 'thresholds': thresholds, 'responses': {}, 'derived': true}) -%}
    {%- endif -%}
    {%- endif -%}
    {#- Output-length drift (LLM applications): the output token count, the same way. -#}
    {%- if monitor['output_tokens_column'] -%}
      {%- do monitor['features'].append({'name': '__output_tokens__', 'column': monitor['output_tokens_column'], 'type': 'numeric',
                                         'index': monitor['features'] | length, 'thresholds': thresholds, 'responses': {}, 'derived': true}) -%}
    {%- endif -%}
  {%- endif -%}
  {{ model_monitor.check_drift_verdict_thresholds(monitor) }}
  {{ model_monitor.check_learned_thresholds(monitor) }}
  {{ return(monitor) }}
{% endmacro %}
