"""Shared fixtures.

``custom_components.isocket`` is imported here at module level on purpose:
pytest-homeassistant-custom-component ships its own ``custom_components``
package in its testing config, and HA only finds our integration when our
package was imported first (see ../shared/guide/toolchain-notes.md).
"""

from __future__ import annotations

import custom_components.isocket  # noqa: F401
