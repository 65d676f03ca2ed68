"""Tables in and files out: reading, checking and writing data."""
