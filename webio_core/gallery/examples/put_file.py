from webio.output import put_file

put_file("report.csv", b"name,score\nAda,10\n", label="Download the report")
