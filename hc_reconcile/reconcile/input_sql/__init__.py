"""As-of inputs of one run: each ``NN_<table>.sql`` is a SELECT materialised once per date
as ``TEMP TABLE <table>`` (name order), shared by every rule, KPI and feed."""
