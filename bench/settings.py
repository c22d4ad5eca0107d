"""Settings for `make bench` only: the production settings (from the environment, as `make serve`
reads them) with the reference routes of bench/urls.py added. Never used by the shipped app."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
