"""Public registries of licensed clinicians that a moderator can check an applicant against."""
