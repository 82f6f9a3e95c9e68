"""Operations support: the prometheus_client side of ``webio.metrics`` (imported only when enabled)."""
