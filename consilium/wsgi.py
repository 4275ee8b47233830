"""WSGI entry point for the production server."""

import os

# Web workers already share the cores between them: BLAS threads of their own (numpy's
# OpenBLAS starts one per core) only wait for one another when the machine is busy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consilium.settings")
application = get_wsgi_application()
