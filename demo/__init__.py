"""The demo: a fictional region with two municipalities, their staff and about 300 children.

Outside the product: it imports `lots`, and `lots` never imports it. On a demo install
(`LOTS_DEMO=1`) it is an installed app, which gives `manage.py load_demo` and hands the sign-in
page its log-ins (`demo.apps`). The data are built by `demo.loader.build()`.
"""
