"""tension-timeline."""
