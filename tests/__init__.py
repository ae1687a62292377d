"""Tests of the iSocket integration, its lower layers and the simulator."""
