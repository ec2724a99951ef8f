"""calendar-loader: check a content calendar and schedule its posts through the Ocoya API."""

__version__ = "0.1.0"
