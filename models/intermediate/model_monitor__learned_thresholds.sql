{#- Thresholds learned from each monitor's reference period (thresholds with method
    reference_variability): per monitor x feature x metric, the statistic's mean and standard
    deviation over the reference's whole windows, each against the rest of the period, and the
    warn/alert thresholds they give. Read from the stored histograms (no scan); a few rows per
    monitor, rebuilt every run. -#}
{{ config(materialized='table') }}

{{ model_monitor.for_each_monitor(model_monitor.learned_thresholds_ctes, ref('model_monitor__feature_histograms')) }}
