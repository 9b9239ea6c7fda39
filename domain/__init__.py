"""The pure core of postmind: entities, value objects, rules and ports (stdlib only)."""
