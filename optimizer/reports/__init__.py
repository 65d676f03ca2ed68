"""What people read: terminal summaries, files, HTML and plots."""
