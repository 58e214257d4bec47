-- The fixture's histograms (windows and reference) equal the hand-computed seed.
{{ model_monitor_integration_tests.assert_same_rows(
    "select feature_name, window_start, window_end, is_reference, bin_index, row_count
     from " ~ ref('model_monitor__feature_histograms') ~ " where monitor_name = 'fixture_fixed' and feature_name <> '__score__'",
    "select feature_name, window_start, window_end, is_reference, bin_index, row_count
     from " ~ ref('expected_fixture_histograms')) }}
