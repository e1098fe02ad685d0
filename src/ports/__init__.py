"""Mercato's shared vocabulary: protocols and the small value types they exchange.

Nothing here imports another package of Mercato or any framework.
"""
