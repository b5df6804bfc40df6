"""The publish steps, one module each, planned and applied in this order."""
