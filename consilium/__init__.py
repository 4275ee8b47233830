"""Consilium: a doctor-answered Q&A site that sums up what the doctors agree on."""

import os

# The matrices we multiply (claims x words in one thread) are small: waking BLAS worker threads
# costs more than it saves, and each app process already has a core of its own.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
