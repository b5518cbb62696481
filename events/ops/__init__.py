"""Operations: health, request logs, error reports, content security policy, backups."""
