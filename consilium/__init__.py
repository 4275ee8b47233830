"""Consilium: a doctor-answered Q&A site that sums up what the doctors agree on."""
