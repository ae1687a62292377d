"""GSM modem layer: AT engine, SMS PDU codec, calls. Does not import Home Assistant."""
