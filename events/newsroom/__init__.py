"""What the newsroom uses: the admin, article ingest and place mentions, review, duplicates, history, imports."""
