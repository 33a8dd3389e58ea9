"""Pages of the matchmaking app."""
