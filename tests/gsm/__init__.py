"""Tests of the GSM layer."""
