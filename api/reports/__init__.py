"""Reports for heads of service and administrators: deadline compliance, the SAB quarterly
report, and a provider's risk picture; each as a table, CSV, XLSX and a chart."""
