"""External sources that write into the landing folder (CONTRACT §1).

``sftp`` picks up 835 files from a clearinghouse SFTP server; ``sql`` extracts CSV sources
from a SQL database. Both only *land* files: validation and loading stay with the normal
ingest, so a pulled file is treated exactly like one delivered by hand.
"""
