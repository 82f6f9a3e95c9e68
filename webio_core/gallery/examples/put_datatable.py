from webio.output import put_datatable, toast

put_datatable([
    {"service": "web", "status": "running", "cpu": 12.5},
    {"service": "worker", "status": "stopped", "cpu": 0.0},
    {"service": "scheduler", "status": "running", "cpu": 3.1},
], onselect=lambda row_id: toast(f"row {row_id} selected"), height=200, instance_id="services")
