"""The web page and JSON API of stageplan (``stageplan serve``); see ``app.py``."""
