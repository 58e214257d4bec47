-- Counts, rates and statuses of the fixture monitors equal the hand-computed seed.
{{ model_monitor_integration_tests.assert_same_rows(
    "select monitor_name, feature_name, window_start, row_count, null_count, invalid_count,
            new_category_rate, drift_status, coalesce(drift_reason, '') as drift_reason
     from " ~ ref('model_monitor__feature_drift') ~ " where monitor_name like 'fixture%' and feature_name <> '__score__'",
    "select monitor_name, feature_name, window_start, row_count, null_count, invalid_count,
            new_category_rate, drift_status, coalesce(drift_reason, '') as drift_reason
     from " ~ ref('expected_fixture_drift')) }}
