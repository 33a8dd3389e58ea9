"""Pages of the networks app."""
