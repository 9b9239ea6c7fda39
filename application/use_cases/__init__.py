"""One class per user intent; each takes a frozen request and returns a frozen result."""
