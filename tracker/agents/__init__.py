"""Work by many agents: claims and leases, retries, rollback, metrics, notifications,
the audit trail."""
