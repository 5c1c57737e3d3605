"""The local web app (``facility-plan app``): projects, scenario form, run, what-if, compare, print.

FastAPI serves HTML pages (Jinja, autoescaped) made lively by the vendored htmx; the maps are
the package's offline folium/Leaflet maps. Solves run in a separate process with progress and
cancel (`facility_plan.app.jobs`); projects, scenarios and results live in the project folder
with a SQLite index (`facility_plan.app.store`), so the CLI and the app see the same things.
"""

from facility_plan.app.server import create_app, new_token, serve

__all__ = ["create_app", "new_token", "serve"]
