"""Browser test: headless Chromium logs in to the demo and opens the device page."""
